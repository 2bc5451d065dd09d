"""Fixtures: two agencies with a prosecutor each, an NGO case with and without consent."""

from __future__ import annotations

import datetime as dt

import pytest

from azat.accounts.roles import OrgType, Role
from azat.cases import services as case_services
from azat.cases.models import NameKind
from azat.knowledge.selectors import law_rows
from azat.prosecution import services


@pytest.fixture
def agency(make_org):
    return make_org(OrgType.PROSECUTOR, "KG", name="Bishkek Prosecutor")


@pytest.fixture
def other_agency(make_org):
    return make_org(OrgType.POLICE, "UZ", name="Tashkent Police")


@pytest.fixture
def prosecutor(make_member, agency):
    return make_member(Role.PROSECUTOR, agency)


@pytest.fixture
def other_prosecutor(make_member, other_agency):
    return make_member(Role.PROSECUTOR, other_agency)


@pytest.fixture
def kg_article():
    row = next(
        r
        for r in law_rows()
        if r.code.country == "KG" and r.code.valid_to is None and r.provision.role == "trafficking"
    )
    return row.key


@pytest.fixture
def criminal_case(prosecutor, agency, kg_article):
    return services.criminal_case_register(
        actor=prosecutor,
        agency=agency,
        jurisdiction="KG",
        number="02-166-0001",
        registered_on=dt.date(2026, 1, 5),
        articles=[kg_article],
    )


@pytest.fixture
def caseworker(personas):
    return personas[Role.CASEWORKER]


@pytest.fixture
def ngo_case(caseworker, org):
    person = case_services.person_create(
        actor=caseworker,
        organisation=org,
        names=[(NameKind.GIVEN, "Жылдыз"), (NameKind.FAMILY, "Ахметова")],
        birth_date=dt.date(2000, 3, 1),
    )
    case = case_services.case_open(
        actor=caseworker,
        person=person,
        identified_on=dt.date(2026, 1, 10),
        exploitation=["ForcedLabour"],
        means_of_control=["WithholdsDocuments", "FalsePromises"],
    )
    case_services.event_add(
        actor=caseworker, case=case, kind="Recruitment", country="KG", date_from=dt.date(2025, 5, 1)
    )
    case_services.event_add(
        actor=caseworker,
        case=case,
        kind="Exploitation",
        country="RU",
        date_from=dt.date(2025, 6, 1),
    )
    return case


@pytest.fixture
def law_consent(caseworker, ngo_case):
    return case_services.consent_record(actor=caseworker, case=ngo_case, purpose="law_enforcement")
