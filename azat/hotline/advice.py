"""Load the safe-migration consultation checklist that operators tick during a call.

The checklist is advice given to the public, so it lives in a data file with a source and a
verification tag per item, and the loader refuses a malformed file (naming the file, the row and
the problem) instead of silently showing an operator a half-broken list.

Pure core: standard library only, no Django.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_ADVICE_PATH = Path(__file__).resolve().parent / "data" / "advice.toml"
VERIFICATION_TAGS = frozenset({"V-P", "V-S", "R", "INF", "seed"})
_TEXT_FIELDS = ("id", "label_en", "label_ru", "source", "verification")


class AdviceError(ValueError):
    """The advice file is malformed; the message names the file, the row and the problem."""


@dataclass(frozen=True)
class AdviceItem:
    id: str
    order: int
    label_en: str
    label_ru: str
    source: str
    verification: str


def _ref(index: int, row: dict[str, Any]) -> str:
    row_id = row.get("id")
    if isinstance(row_id, str) and row_id:
        return f"items[{index}] (id {row_id!r})"
    return f"items[{index}]"


def load_advice(path: str | Path | None = None) -> list[AdviceItem]:
    """Return the checklist items sorted by their `order`."""
    file = Path(path) if path is not None else DEFAULT_ADVICE_PATH
    try:
        with file.open("rb") as handle:
            doc = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise AdviceError(f"{file}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise AdviceError(f"{file}: not valid TOML: {exc}") from exc

    rows = doc.get("items")
    if not isinstance(rows, list) or not rows:
        raise AdviceError(f"{file}: missing required table [[items]]")

    items: list[AdviceItem] = []
    ids: dict[str, str] = {}
    orders: dict[int, str] = {}
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise AdviceError(f"{file}: items[{index}]: must be a table")
        ref = _ref(index, row)
        for key in _TEXT_FIELDS:
            value = row.get(key)
            if value is None:
                raise AdviceError(f"{file}: {ref}: missing required field {key!r}")
            if not isinstance(value, str) or not value.strip():
                raise AdviceError(f"{file}: {ref}: field {key!r} must be a non-empty string")
        item_id = row["id"]
        if not item_id.startswith("ADV_"):
            raise AdviceError(f"{file}: {ref}: id {item_id!r} must start with 'ADV_'")
        if item_id in ids:
            raise AdviceError(f"{file}: {ref}: duplicate id {item_id!r} (first in {ids[item_id]})")
        ids[item_id] = ref
        if row["verification"] not in VERIFICATION_TAGS:
            known = ", ".join(sorted(VERIFICATION_TAGS))
            raise AdviceError(
                f"{file}: {ref}: unknown verification tag {row['verification']!r} (known: {known})"
            )
        order = row.get("order")
        if order is None:
            raise AdviceError(f"{file}: {ref}: missing required field 'order'")
        if isinstance(order, bool) or not isinstance(order, int):
            raise AdviceError(f"{file}: {ref}: field 'order' must be an integer")
        if order in orders:
            raise AdviceError(f"{file}: {ref}: duplicate order {order} (also {orders[order]})")
        orders[order] = ref
        items.append(
            AdviceItem(
                id=item_id,
                order=order,
                label_en=row["label_en"],
                label_ru=row["label_ru"],
                source=row["source"],
                verification=row["verification"],
            )
        )
    return sorted(items, key=lambda item: (item.order, item.id))
