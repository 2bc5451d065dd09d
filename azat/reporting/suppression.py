"""Small-cell suppression for published counts.

A count from 1 to 4 can single out a victim, so it is shown as "<5" (zero stays zero: it says
nothing about a person). When exactly one cell of a breakdown is hidden and the total is shown,
it could be worked out by subtraction, so the smallest other non-zero cell is hidden too
(secondary suppression), as in ``azat/prosecution/funnel.py``.

Pure Python (no Django).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SMALL_CELL = 5


@dataclass(frozen=True)
class Cell:
    """``count`` is None when hidden; ``mark`` says why: "small" (1-4) or "hidden" (secondary)."""

    count: int | None
    mark: str = ""

    @property
    def hidden(self) -> bool:
        return self.count is None


def primary(value: int, *, suppress: bool = True) -> Cell:
    if suppress and 0 < value < SMALL_CELL:
        return Cell(None, "small")
    return Cell(value)


def breakdown(counts: Mapping[str, int], *, suppress: bool = True) -> dict[str, Cell]:
    """Suppress the cells of one breakdown whose total is published beside it."""
    cells = {key: primary(value, suppress=suppress) for key, value in counts.items()}
    hidden = [key for key, cell in cells.items() if cell.hidden]
    if suppress and len(hidden) == 1:
        others = [key for key, value in counts.items() if key not in hidden and value > 0]
        if others:
            smallest = min(others, key=lambda key: (counts[key], key))
            cells[smallest] = Cell(None, "hidden")
    return cells
