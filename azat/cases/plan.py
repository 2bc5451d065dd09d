"""Support-plan types and assessable needs, read from ``data/support_plan.toml``.

Pure Python (no Django): the facts and their provenance live in the data file so a reviewer can
check them without reading code. Labels come in English and Russian from the file itself rather
than through gettext, because they are data that an NRM coordinator may correct.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from azat.cases.stages import Provenance

_DATA_FILE = "support_plan.toml"


@dataclass(frozen=True)
class Entry:
    code: str
    en: str
    ru: str
    provenance: Provenance

    def label(self, language: str) -> str:
        """Russian for any ``ru*`` language code, English otherwise."""
        return self.ru if language.lower().startswith("ru") else self.en


@dataclass(frozen=True)
class Catalogue:
    types: tuple[Entry, ...]
    needs: tuple[Entry, ...]

    def type_codes(self) -> frozenset[str]:
        return frozenset(entry.code for entry in self.types)

    def need_codes(self) -> frozenset[str]:
        return frozenset(entry.code for entry in self.needs)


def _entries(raw: Mapping[str, Any], section: str, sources: set[str]) -> tuple[Entry, ...]:
    entries = []
    for row in raw[section]:
        if row["source"] not in sources:
            raise ValueError(f"{_DATA_FILE}: unknown source {row['source']!r} in [{section}]")
        entries.append(
            Entry(
                code=str(row["code"]),
                en=str(row["en"]),
                ru=str(row["ru"]),
                provenance=Provenance(str(row["source"]), str(row["verification"])),
            )
        )
    codes = [entry.code for entry in entries]
    if len(set(codes)) != len(codes):
        raise ValueError(f"{_DATA_FILE}: duplicate codes in [{section}]")
    return tuple(entries)


@cache
def catalogue() -> Catalogue:
    raw = tomllib.loads(
        resources.files("azat.cases").joinpath("data", _DATA_FILE).read_text(encoding="utf-8")
    )
    sources = {row["key"] for row in raw["source"]}
    return Catalogue(types=_entries(raw, "type", sources), needs=_entries(raw, "need", sources))


def type_choices(language: str) -> list[tuple[str, str]]:
    return [(entry.code, entry.label(language)) for entry in catalogue().types]


def need_choices(language: str) -> list[tuple[str, str]]:
    return [(entry.code, entry.label(language)) for entry in catalogue().needs]


def type_label(code: str, language: str) -> str:
    entry = next((e for e in catalogue().types if e.code == code), None)
    return entry.label(language) if entry else code


def need_labels(codes: list[str], language: str) -> list[str]:
    by_code = {entry.code: entry for entry in catalogue().needs}
    return [by_code[code].label(language) if code in by_code else code for code in codes]
