"""The service catalogue, read from ``data/services.toml``.

Service types change with programmes and donors, so they are data with a source and a
verification tag per row, not constants. Pure: imports no Django, so it is tested without a
database and any part of the system (forms, API, exports) reads the same list.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA_FILE = "services.toml"
VERIFIED_TAGS = frozenset({"V-P", "V-S", "seed"})
GROUPS = ("assistance", "return", "reintegration", "other")
HTCDS_SUPPORT_PLAN_TYPES = frozenset(
    {
        "",
        "Education",
        "Financial",
        "Health",
        "LabourExploitationRehabilitation",
        "Legal",
        "Livelihood",
        "RightsBasedTraining",
        "SexualExploitationRehabilitation",
        "SocialCare",
    }
)


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    where: str
    verification: str


@dataclass(frozen=True)
class ServiceType:
    id: str
    group: str
    label_en: str
    label_ru: str
    htcds: str
    source: str
    verification: str
    note: str = ""

    @property
    def pending_review(self) -> bool:
        """Rows we decided ourselves (INF) or recalled (R) are shown as awaiting review."""
        return self.verification not in VERIFIED_TAGS

    def label(self, language: str) -> str:
        return self.label_ru if language.startswith("ru") else self.label_en


@dataclass(frozen=True)
class Catalogue:
    sources: Mapping[str, Source]
    services: tuple[ServiceType, ...]

    def get(self, service_id: str) -> ServiceType | None:
        return next((s for s in self.services if s.id == service_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.services)

    def choices(self, language: str) -> list[tuple[str, str]]:
        return [(s.id, s.label(language)) for s in self.services]

    def label(self, service_id: str, language: str) -> str:
        found = self.get(service_id)
        return found.label(language) if found else service_id

    def unknown(self, service_ids: Any) -> list[str]:
        return sorted(set(service_ids) - set(self.ids))


def parse(text: str) -> Catalogue:
    """Check every row (unique id, known group, known source, HTCDS type, both labels)."""
    raw = tomllib.loads(text)
    sources = {
        row["key"]: Source(
            key=row["key"],
            title=row["title"],
            where=row["where"],
            verification=row["verification"],
        )
        for row in raw.get("source", [])
    }
    seen: set[str] = set()
    services = []
    for row in raw.get("service", []):
        service_id = row["id"]
        if service_id in seen:
            raise ValueError(f"{_DATA_FILE}: service {service_id!r} appears twice")
        seen.add(service_id)
        if row["group"] not in GROUPS:
            raise ValueError(f"{_DATA_FILE}: unknown group {row['group']!r} for {service_id!r}")
        if row["source"] not in sources:
            raise ValueError(f"{_DATA_FILE}: unknown source {row['source']!r} for {service_id!r}")
        if row.get("htcds", "") not in HTCDS_SUPPORT_PLAN_TYPES:
            raise ValueError(f"{_DATA_FILE}: unknown HTCDS type {row['htcds']!r}")
        if not row.get("label_en") or not row.get("label_ru"):
            raise ValueError(
                f"{_DATA_FILE}: {service_id!r} needs both an English and Russian label"
            )
        if not row.get("verification"):
            raise ValueError(f"{_DATA_FILE}: {service_id!r} has no verification tag")
        services.append(
            ServiceType(
                id=service_id,
                group=row["group"],
                label_en=row["label_en"],
                label_ru=row["label_ru"],
                htcds=row.get("htcds", ""),
                source=row["source"],
                verification=row["verification"],
                note=row.get("note", ""),
            )
        )
    return Catalogue(sources=sources, services=tuple(services))


@cache
def catalogue() -> Catalogue:
    text = resources.files("azat.referrals").joinpath("data", _DATA_FILE).read_text("utf-8")
    return parse(text)
