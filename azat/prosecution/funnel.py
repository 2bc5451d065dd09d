"""The prosecution funnel: per country and year, how many registered cases reached court, were
dismissed or are still pending, and how many people were convicted.

Pure Python (no Django). The IOM analysis of Central Asian practice found most trafficking cases
dismissed or closed during the investigation for lack of evidence; the funnel makes that visible
per year instead of as a single national number.

Small numbers can single out a victim, so a reader without access to the files sees counts from
1 to 4 as "<5" (zero stays zero: it says nothing about a person). The three parts of a year add
up to the registered total, so when exactly one part is hidden it could be worked out by
subtraction; the smallest other non-zero part is then hidden too (secondary suppression).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from azat.prosecution.procedure import funnel_bucket

SMALL_CELL = 5
PARTS = ("court", "dismissed", "pending")


@dataclass(frozen=True)
class Record:
    """One criminal case as the funnel counts it."""

    country: str
    year: int
    status: str
    convicted: int = 0


@dataclass(frozen=True)
class Cell:
    """`count` is None when hidden; `mark` says why: "small" (1-4) or "hidden" (secondary)."""

    count: int | None
    mark: str = ""


@dataclass(frozen=True)
class Row:
    country: str
    year: int
    registered: Cell
    court: Cell
    dismissed: Cell
    pending: Cell
    convicted: Cell


def _primary(value: int, suppress: bool) -> Cell:
    if suppress and 0 < value < SMALL_CELL:
        return Cell(None, "small")
    return Cell(value)


def _row(country: str, year: int, counts: dict[str, int], suppress: bool) -> Row:
    cells = {name: _primary(value, suppress) for name, value in counts.items()}
    hidden = [name for name in PARTS if cells[name].count is None]
    if suppress and len(hidden) == 1 and cells["registered"].count is not None:
        candidates = [name for name in PARTS if name not in hidden and counts[name] > 0]
        smallest = min(candidates, key=lambda name: (counts[name], PARTS.index(name)))
        cells[smallest] = Cell(None, "hidden")
    return Row(country=country, year=year, **cells)


def funnel(records: Iterable[Record], *, suppress: bool) -> list[Row]:
    """Rows per (country, year), newest year first within each country."""
    totals: dict[tuple[str, int], dict[str, int]] = {}
    for record in records:
        counts = totals.setdefault(
            (record.country, record.year),
            {"registered": 0, "court": 0, "dismissed": 0, "pending": 0, "convicted": 0},
        )
        counts["registered"] += 1
        counts[funnel_bucket(record.status)] += 1
        counts["convicted"] += record.convicted
    return [
        _row(country, year, counts, suppress)
        for (country, year), counts in sorted(totals.items(), key=lambda kv: (kv[0][0], -kv[0][1]))
    ]
