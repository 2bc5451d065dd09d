"""Loaders for the safety plan and the short page content of the public site.

These texts carry advice that people act on, so each row keeps its source and verification tag
and the files are checked as strictly as the job-check rules: a malformed row stops the load with
the file and row named, instead of a page that quietly loses an item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from azat.public.provenance import (
    DataFileError,
    RowReader,
    Status,
    read_toml,
    table_list,
    tag_status,
)

__all__ = [
    "CONTENT_PATH",
    "CONTENT_SECTIONS",
    "SAFETY_PLAN_PATH",
    "SAFETY_STAGES",
    "ContentItem",
    "PageDataFileError",
    "SafetyItem",
    "load_content",
    "load_safety_plan",
]

_DATA = Path(__file__).resolve().parent / "data"
SAFETY_PLAN_PATH = _DATA / "safety_plan.toml"
CONTENT_PATH = _DATA / "content.toml"

SAFETY_STAGES = ("before_leaving", "take_with_you", "while_away")
# Sections whose items need a title (a heading on the page) besides their text.
_TITLED = frozenset({"form", "return_service"})
CONTENT_SECTIONS = (
    "what_is",
    "form",
    "trouble_sign",
    "trouble_step",
    "in_danger_step",
    "return_service",
    "return_info",
)
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class PageDataFileError(DataFileError):
    """The safety plan or content file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class SafetyItem:
    id: str
    stage: str
    text: str
    source: str
    verification: str

    @property
    def status(self) -> Status:
        return tag_status(self.verification)


@dataclass(frozen=True, slots=True)
class ContentItem:
    id: str
    text: str
    title: str | None
    country: str | None
    source: str
    verification: str

    @property
    def status(self) -> Status:
        return tag_status(self.verification)


def load_safety_plan(path: Path | str | None = None) -> tuple[SafetyItem, ...]:
    """The checklist in file order (the order the page shows)."""
    file = Path(path) if path is not None else SAFETY_PLAN_PATH
    data = _read(file, frozenset({"schema", "item"}))
    items: list[SafetyItem] = []
    for number, row in enumerate(table_list(data, "item", file, PageDataFileError), start=1):
        reader = RowReader(
            file,
            _label("item", number, row),
            row,
            PageDataFileError,
            frozenset({"id", "stage", "text", "source", "verification"}),
        )
        item_id = reader.slug()
        if any(item.id == item_id for item in items):
            reader.fail(f"id {item_id!r} is used twice")
        stage = reader.text("stage")
        if stage not in SAFETY_STAGES:
            reader.fail(f"'stage' {stage!r} must be one of {', '.join(SAFETY_STAGES)}")
        items.append(
            SafetyItem(
                id=item_id,
                stage=stage,
                text=reader.text("text"),
                source=reader.text("source"),
                verification=reader.verification(),
            )
        )
    return tuple(items)


def load_content(path: Path | str | None = None) -> dict[str, tuple[ContentItem, ...]]:
    """Every section of ``content.toml`` by name, items in file order; all sections required."""
    file = Path(path) if path is not None else CONTENT_PATH
    data = _read(file, frozenset({"schema", *CONTENT_SECTIONS}))
    content: dict[str, tuple[ContentItem, ...]] = {}
    for section in CONTENT_SECTIONS:
        rows = table_list(data, section, file, PageDataFileError)
        items: list[ContentItem] = []
        keys = frozenset({"id", "text", "country", "source", "verification"})
        if section in _TITLED:
            keys |= {"title"}
        for number, row in enumerate(rows, start=1):
            reader = RowReader(file, _label(section, number, row), row, PageDataFileError, keys)
            item_id = reader.slug()
            if any(item.id == item_id for item in items):
                reader.fail(f"id {item_id!r} is used twice in [[{section}]]")
            country = reader.optional_text("country")
            if country is not None and not _COUNTRY.match(country):
                reader.fail(f"'country' {country!r} must be a two-letter ISO code in capitals")
            items.append(
                ContentItem(
                    id=item_id,
                    text=reader.text("text"),
                    title=reader.text("title") if section in _TITLED else None,
                    country=country,
                    source=reader.text("source"),
                    verification=reader.verification(),
                )
            )
        content[section] = tuple(items)
    return content


def _read(file: Path, allowed: frozenset[str]) -> dict[str, Any]:
    data = read_toml(file, PageDataFileError)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PageDataFileError(file, None, f"unknown top-level key(s) {', '.join(unknown)}")
    if data.get("schema") != 1:
        raise PageDataFileError(file, None, "'schema' must be 1")
    return data


def _label(kind: str, number: int, row: dict[str, Any]) -> str:
    value = row.get("id")
    return f"{kind} #{number}" + (f" ({value})" if isinstance(value, str) else "")
