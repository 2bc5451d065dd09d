"""Reads for the statistics pages: aggregates only, small cells suppressed, never a name.

Reporting reads through models and other apps' selectors and never imports a service (an
import-linter contract): statistics cannot change what they count.
"""

from __future__ import annotations

from django.db.models import Prefetch

from azat.accounts.models import Membership, User
from azat.accounts.roles import Role
from azat.cases.models import Case, Person
from azat.linkage import selectors as linkage_selectors
from azat.reporting import victims

STATISTICS_ROLES = frozenset({Role.ANALYST, Role.SUPERVISOR})


def person_facts() -> list[victims.PersonFacts]:
    """One row per person record: the owning organisation's country, the year of its first case,
    sex, forms of exploitation of its cases, and its cluster in the latest linkage run (a person
    added since the run is a cluster of its own)."""
    keys = linkage_selectors.cluster_keys()
    cases = Case.objects.only("person_id", "identified_on", "exploitation")
    persons = (
        Person.objects.select_related("organisation")
        .only("pk", "gender", "organisation__country")
        .prefetch_related(Prefetch("cases", queryset=cases))
    )
    facts = []
    for person in persons.iterator(chunk_size=2000):
        person_cases = list(person.cases.all())
        first = min((c.identified_on for c in person_cases), default=None)
        facts.append(
            victims.PersonFacts(
                cluster=keys.get(person.pk, f"p{person.pk}"),
                country=str(person.organisation.country),
                year=first.year if first else None,
                sex=person.gender,
                exploitation=tuple(sorted({code for c in person_cases for code in c.exploitation})),
            )
        )
    return facts


def victim_tables(*, user: User, membership: Membership) -> victims.Tables | None:
    if membership.role not in STATISTICS_ROLES:
        return None
    return victims.tables(person_facts(), suppress=True)
