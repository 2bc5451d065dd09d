"""``manage.py link INPUT.csv --output OUTPUT.csv``: which records of a file are the same person.

For data hubs: reads a record file (``azat.linkage.records.read_csv``), links it with the engine
and writes ``record_id,cluster_id``, one row per input record. The output is written to a
temporary file beside it and renamed into place only when complete, so a failed run leaves any
earlier output as it was. A malformed input is refused with the line and column on standard error
and exit code 2. Nothing from the records is printed or logged.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from azat.linkage import engine
from azat.linkage.records import RecordFileError, read_csv

# Share of the progress bar each phase of the engine takes (roughly its share of the time).
PHASE_WEIGHTS = {"prepare": 15, "block": 10, "train": 30, "predict": 35, "cluster": 10}


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise ValueError(f"{text} is not a probability between 0 (excluded) and 1")
    return value


def _write_atomically(path: Path, write: Any) -> None:
    """Write through ``write(stream)`` to a temporary file, then rename it to ``path``."""
    directory = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = (
        "Link a CSV of person records (record_id, given_name, family_name, patronymic, "
        "birth_date, sex, phone, document_number, place; optionally address) and write "
        "record_id,cluster_id. "
        "Exit 2 naming the line and column of a malformed file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="record file (UTF-8 CSV with a header), or - for stdin")
        parser.add_argument("--output", required=True, help="where to write record_id,cluster_id")
        parser.add_argument(
            "--threshold",
            type=_probability,
            default=engine.AUTO_JOIN_THRESHOLD,
            help=f"match probability at which records join (default {engine.AUTO_JOIN_THRESHOLD})",
        )
        parser.add_argument("--backend", choices=engine.BACKENDS, default="duckdb")
        parser.add_argument(
            "--explain",
            metavar="LINKS.csv",
            default=None,
            help="also write the scored pairs (left,right,probability,drivers) to this file",
        )
        parser.add_argument(
            "--memory-limit", default=None, help='DuckDB memory limit, e.g. "6GB" (default 80%%)'
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        explain = Path(options["explain"]) if options["explain"] else None
        for target in (output, explain):
            if target is not None and not target.parent.is_dir():
                raise CommandError(f"{target}: the directory does not exist", returncode=2)
        source = options["input"]
        try:
            with self._open(source) as stream:
                records = read_csv(stream)
        except RecordFileError as error:
            raise CommandError(f"{source}: {error}", returncode=2) from None
        except OSError as error:
            raise CommandError(f"{source}: {error.strerror}", returncode=2) from None

        with self._progress(options["no_progress"]) as progress:
            result = engine.link(
                records,
                backend=options["backend"],
                threshold=options["threshold"],
                min_probability=min(engine.REVIEW_THRESHOLD, options["threshold"]),
                progress=progress,
                explain=explain is not None,
                memory_limit=options["memory_limit"],
            )

        def write_clusters(stream: IO[str]) -> None:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(("record_id", "cluster_id"))
            for record in records:
                writer.writerow((record.record_id, result.clusters[record.record_id]))

        def write_links(stream: IO[str]) -> None:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(("left", "right", "probability", "match_weight", "drivers"))
            for link in result.links:
                drivers = "; ".join(
                    f"{name}={level} ({weight:+.1f})" for name, level, weight in link.drivers
                )
                writer.writerow(
                    (link.left, link.right, link.probability, link.match_weight, drivers)
                )

        _write_atomically(output, write_clusters)
        if explain is not None:
            _write_atomically(explain, write_links)
        stats = result.stats
        self.stderr.write(
            f"{stats['records']} records, {stats['clusters']} persons, "
            f"{stats['links_at_threshold']} links at p >= {options['threshold']}; "
            f"model: {stats.get('model', '-')}; {stats['seconds_total']} s"
        )

    @contextmanager
    def _open(self, source: str) -> Iterator[IO[bytes]]:
        if source == "-":
            yield sys.stdin.buffer
            return
        with open(source, "rb") as stream:
            yield stream

    @contextmanager
    def _progress(self, disabled: bool) -> Iterator[engine.Progress]:
        from tqdm import tqdm

        bar = tqdm(
            total=sum(PHASE_WEIGHTS.values()),
            file=sys.stderr,
            disable=disabled,
            unit="%",
            bar_format="{desc:<8} {percentage:3.0f}%|{bar}| {elapsed}",
        )
        done_before = {}
        running = 0
        for phase, weight in PHASE_WEIGHTS.items():
            done_before[phase] = running
            running += weight

        def report(phase: str, fraction: float) -> None:
            target = done_before.get(phase, 0) + PHASE_WEIGHTS.get(phase, 0) * fraction
            bar.set_description_str(phase)
            if target > bar.n:
                bar.update(target - bar.n)

        try:
            yield report
        finally:
            bar.close()
