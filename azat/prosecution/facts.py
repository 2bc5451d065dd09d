"""Pre-fill the facts of a legal qualification from what an assistance case already records.

Pure Python (no Django): the mapping from HTCDS values to the knowledge base's fact ids is a data
file (`data/case_facts.toml`, tagged as inferred), and this module only applies it. The result
is a starting point the user edits ("what if the victim was 17?"), never a finding.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class CaseEvent:
    kind: str  # HTCDS hte_Type: Recruitment, Transit, Exploitation
    country: str  # two letters, or "" when not known
    date_from: dt.date | None


@dataclass(frozen=True)
class Prefill:
    events: list[dict[str, str]]
    facts: dict[str, list[str]]
    victim_age: int | None
    skipped_events: int  # events without a country or a date cannot be qualified
    verification: str = "INF"
    unmapped: list[str] = field(default_factory=list)


@cache
def mapping() -> Mapping[str, Any]:
    text = resources.files("azat.prosecution").joinpath("data/case_facts.toml").read_text("utf-8")
    return tomllib.loads(text)


def _ids(table: Mapping[str, list[str]], values: Iterable[str], unmapped: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        ids = table.get(value)
        if ids is None:
            unmapped.append(value)
            continue
        out.extend(i for i in ids if i not in out)
    return sorted(out)


def prefill(
    *,
    events: Iterable[CaseEvent],
    exploitation: Iterable[str],
    means_of_control: Iterable[str],
    victim_age: int | None,
) -> Prefill:
    data = mapping()
    rows: list[dict[str, str]] = []
    skipped = 0
    for event in events:
        stage = data["stage"].get(event.kind)
        if stage is None or not event.country or event.date_from is None:
            skipped += 1
            continue
        rows.append({"country": event.country, "date": event.date_from.isoformat(), "stage": stage})
    unmapped: list[str] = []
    means = list(means_of_control)
    facts = {
        "purposes": _ids(data["purpose"], exploitation, unmapped),
        "means": _ids(data["means"], means, unmapped),
        "aggravating": _ids(data["aggravating"], means, []),
    }
    return Prefill(
        events=rows,
        facts=facts,
        victim_age=victim_age,
        skipped_events=skipped,
        verification=str(data["meta"]["verification"]),
        unmapped=sorted(set(unmapped)),
    )
