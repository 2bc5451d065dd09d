"""``manage.py check_knowledge``: load every data file of the law and refuse a malformed one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from azat.knowledge.codes import KnowledgeFileError, load_knowledge


class Command(BaseCommand):
    help = (
        "Load every file of the legal knowledge base; exit 2 naming the file, row and problem "
        "of the first malformed one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir", dest="directory", default=None, help="data directory (default: shipped data)"
        )

    def handle(self, *args: Any, directory: str | None, **options: Any) -> None:
        try:
            kb = load_knowledge(directory)
        except KnowledgeFileError as error:
            raise CommandError(str(error), returncode=2) from None
        rows = sum(len(code.provisions) for code in kb.codes)
        self.stdout.write(
            f"OK: {len(kb.codes)} code files, {rows} rows, "
            f"{len(kb.ids.entries)} fact ids, countries {', '.join(kb.countries())}"
        )
