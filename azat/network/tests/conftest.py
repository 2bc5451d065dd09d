"""Fixtures: an NGO case with two events, its caseworker, and people who must not see it."""

from __future__ import annotations

import datetime as dt

import pytest

from azat.accounts.roles import OrgType, Role
from azat.cases import services as case_services
from azat.cases.models import NameKind
from azat.network import services


@pytest.fixture
def caseworker(personas):
    return personas[Role.CASEWORKER]


@pytest.fixture
def case(caseworker, org):
    person = case_services.person_create(
        actor=caseworker,
        organisation=org,
        names=[(NameKind.GIVEN, "Бакыт"), (NameKind.FAMILY, "Осмонов")],
        estimated_age=31,
    )
    case = case_services.case_open(
        actor=caseworker, person=person, identified_on=dt.date(2026, 1, 10)
    )
    case_services.event_add(
        actor=caseworker, case=case, kind="Recruitment", country="KG", date_from=dt.date(2025, 5, 1)
    )
    case_services.event_add(
        actor=caseworker,
        case=case,
        kind="Exploitation",
        country="KZ",
        date_from=dt.date(2025, 6, 1),
    )
    return case


@pytest.fixture
def other_caseworker(make_member, other_org):
    return make_member(Role.CASEWORKER, other_org)


@pytest.fixture
def provider(make_member, make_org):
    return make_member(Role.PROVIDER, make_org(OrgType.SHELTER, "KG"))


@pytest.fixture
def recruiter(caseworker, case):
    return services.perpetrator_record(
        actor=caseworker,
        case=case,
        data=services.PerpetratorInput(
            role="recruiter",
            name="Марат Исаков",
            aliases=["Uncle Marat"],
            relation="friend",
            phones=["0555 010 203"],
            online_accounts=["@marat_jobs"],
            events=list(case.events.filter(kind="Recruitment")),
        ),
    )
