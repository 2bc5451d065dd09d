"""Screen one set of answers from a JSON file (or stdin) and print the engine's result as JSON.

For scripts and for checking the rules by hand: the same engine the pages use, nothing stored.
Bad input exits with status 2 and one line on stderr naming the offending key; stdout stays empty
so a pipeline never mistakes an error for a result.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from azat.screening import engine
from azat.screening.catalogue import CatalogueError
from azat.screening.rules import ScreeningInputError

USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        'Screen answers given as JSON, e.g. {"age": 16, "profile": "labour", '
        '"acts": ["ACT_RECRUITMENT"], "indicators": {"DR01": true}}. FILE or - for stdin.'
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="JSON file with the answers, or - to read stdin")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(f"file: cannot read {file}: {exc.strerror}", returncode=2) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"request: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                returncode=USAGE_ERROR,
            ) from exc
        try:
            result = engine.run(data)
        except ScreeningInputError as exc:
            raise CommandError(f"{exc.key}: {exc.message}", returncode=USAGE_ERROR) from exc
        except CatalogueError as exc:
            raise CommandError(f"catalogue: {exc}", returncode=1) from exc
        self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
