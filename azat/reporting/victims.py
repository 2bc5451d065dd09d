"""Victim statistics that count persons, not records.

One person known to three organisations is three person records but one cluster after record
linkage. Every breakdown shows both: records (what the organisations registered) and persons
(clusters, each counted once). A cluster whose records disagree counts once under each value its
records hold (two countries, or two forms of exploitation), so the persons of a breakdown may add
up to more than the total; the year is the year the person was first identified by anyone, so
each person counts in exactly one year. A sex recorded as not known counts only when no record
of the cluster says more.

Pure Python (no Django); no name or other identifying value enters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from azat.reporting.suppression import Cell, breakdown, primary

UNKNOWN_SEX = "NonSpecifiedUnknown"
NO_YEAR = ""


@dataclass(frozen=True)
class PersonFacts:
    """What the statistics count of one person record."""

    cluster: str
    country: str
    year: int | None
    sex: str
    exploitation: Sequence[str]


@dataclass(frozen=True)
class Row:
    key: str
    persons: Cell
    records: Cell


@dataclass(frozen=True)
class Tables:
    total: Row
    by_country: list[Row]
    by_year: list[Row]
    by_sex: list[Row]
    by_exploitation: list[Row]


def _rows(
    persons: dict[str, set[str]], records: dict[str, int], order: list[str], suppress: bool
) -> list[Row]:
    person_cells = breakdown({k: len(persons.get(k, ())) for k in order}, suppress=suppress)
    record_cells = breakdown({k: records.get(k, 0) for k in order}, suppress=suppress)
    return [Row(k, person_cells[k], record_cells[k]) for k in order]


def tables(facts: Iterable[PersonFacts], *, suppress: bool = True) -> Tables:
    rows = list(facts)
    clusters: dict[str, list[PersonFacts]] = defaultdict(list)
    for fact in rows:
        clusters[fact.cluster].append(fact)

    country_p: dict[str, set[str]] = defaultdict(set)
    year_p: dict[str, set[str]] = defaultdict(set)
    sex_p: dict[str, set[str]] = defaultdict(set)
    form_p: dict[str, set[str]] = defaultdict(set)
    for key, members in clusters.items():
        for country in {m.country for m in members}:
            country_p[country].add(key)
        years = [m.year for m in members if m.year is not None]
        year_p[str(min(years)) if years else NO_YEAR].add(key)
        sexes = {m.sex for m in members} - {UNKNOWN_SEX, ""}
        for sex in sexes or {UNKNOWN_SEX}:
            sex_p[sex].add(key)
        for form in {code for m in members for code in m.exploitation}:
            form_p[form].add(key)

    country_r: dict[str, int] = defaultdict(int)
    year_r: dict[str, int] = defaultdict(int)
    sex_r: dict[str, int] = defaultdict(int)
    form_r: dict[str, int] = defaultdict(int)
    for fact in rows:
        country_r[fact.country] += 1
        year_r[str(fact.year) if fact.year is not None else NO_YEAR] += 1
        sex_r[fact.sex or UNKNOWN_SEX] += 1
        for form in set(fact.exploitation):
            form_r[form] += 1

    def order(*parts: Iterable[str], reverse: bool = False) -> list[str]:
        keys = sorted(set().union(*parts), reverse=reverse)
        return keys

    return Tables(
        total=Row(
            "total",
            primary(len(clusters), suppress=suppress),
            primary(len(rows), suppress=suppress),
        ),
        by_country=_rows(country_p, country_r, order(country_p, country_r), suppress),
        by_year=_rows(year_p, year_r, order(year_p, year_r, reverse=True), suppress),
        by_sex=_rows(sex_p, sex_r, order(sex_p, sex_r), suppress),
        by_exploitation=_rows(form_p, form_r, order(form_p, form_r), suppress),
    )
