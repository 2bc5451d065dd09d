"""``manage.py qualify FILE``: candidate articles per country for case facts given as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from azat.knowledge import selectors
from azat.knowledge.qualify import QualificationInputError, list_ids

USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        "Read case facts (JSON; FILE or - for stdin) and print the candidate articles per "
        "country as JSON. --list-ids prints the ids the facts may use."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="JSON file with the case facts, or - for stdin")
        parser.add_argument(
            "--list-ids",
            dest="show_ids",
            action="store_true",
            help="print the accepted ids and stop",
        )

    def handle(self, *args: Any, file: str | None, show_ids: bool, **options: Any) -> None:
        kb = selectors.knowledge_base()
        if show_ids:
            self._print(list_ids(kb))
            return
        if file is None:
            raise CommandError("file: give a JSON file or - for stdin", returncode=USAGE_ERROR)
        data = _read(file)
        try:
            document = selectors.qualification_document(data, kb)
        except QualificationInputError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        self._print(document)

    def _print(self, document: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))


def _read(file: str) -> Any:
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"file: cannot read {file}: {error.strerror}", returncode=2) from None
    except UnicodeDecodeError:
        raise CommandError(f"file: {file} is not UTF-8 text", returncode=2) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"(root): not valid JSON at line {error.lineno} column {error.colno}: {error.msg}",
            returncode=USAGE_ERROR,
        ) from None
