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
    id: int | None = None


@dataclass(frozen=True)
class FactSource:
    """Where in an assistance case a fact id comes from: a case field's value, an event, the
    person's age, or a perpetrator's role."""

    fact: str
    field: str  # means_of_control | exploitation | event | victim_age | perpetrator
    value: str  # the case's own code (HTCDS value, event kind, age, perpetrator role)
    ref: int | None = None  # event or perpetrator id
    date: dt.date | None = None


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
    perpetrator_roles: Iterable[str] = (),
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
    roles = list(perpetrator_roles)
    aggravating = _ids(data["aggravating"], means, [])
    aggravating = sorted({*aggravating, *_ids(data["perpetrator_role"], roles, [])})
    facts = {
        "purposes": _ids(data["purpose"], exploitation, unmapped),
        "means": _ids(data["means"], means, unmapped),
        "aggravating": aggravating,
    }
    return Prefill(
        events=rows,
        facts=facts,
        victim_age=victim_age,
        skipped_events=skipped,
        verification=str(data["meta"]["verification"]),
        unmapped=sorted(set(unmapped)),
    )


def fact_sources(
    *,
    events: Iterable[CaseEvent],
    exploitation: Iterable[str],
    means_of_control: Iterable[str],
    perpetrators: Iterable[tuple[int, str]] = (),
    stage_acts: Mapping[str, str],
) -> list[FactSource]:
    """Every fact id the case's records give, with the record it comes from, through the same
    table as `prefill` (events give the act of their stage; `stage_acts` maps a stage of the
    knowledge base to its ACT_ id)."""
    data = mapping()
    out: list[FactSource] = []
    for event in events:
        stage = data["stage"].get(event.kind)
        act = stage_acts.get(stage) if stage else None
        if act:
            out.append(FactSource(act, "event", event.kind, event.id, event.date_from))
    for value in exploitation:
        for fact in data["purpose"].get(value, []):
            out.append(FactSource(fact, "exploitation", value))
    for value in means_of_control:
        for fact in [*data["means"].get(value, []), *data["aggravating"].get(value, [])]:
            out.append(FactSource(fact, "means_of_control", value))
    for ref, role in perpetrators:
        for fact in data["perpetrator_role"].get(role, []):
            out.append(FactSource(fact, "perpetrator", role, ref))
    return out
