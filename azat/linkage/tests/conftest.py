"""Persons of two organisations, some of them one person written differently."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from azat.accounts.models import Organisation, User
from azat.accounts.roles import OrgType, Role
from azat.cases import services as case_services
from azat.cases.models import Gender, NameKind, Person
from azat.cases.services import DocumentInput


@pytest.fixture
def org_kz(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org(OrgType.IOM, "KZ", name="IOM Almaty")


@pytest.fixture
def people(make_member: Callable[..., User], org: Organisation, org_kz: Organisation) -> dict:
    return {
        "caseworker": make_member(Role.CASEWORKER, org),
        "supervisor": make_member(Role.SUPERVISOR, org),
        "kz_caseworker": make_member(Role.CASEWORKER, org_kz),
        "kz_supervisor": make_member(Role.SUPERVISOR, org_kz, email="kz.supervisor@iom.example"),
        "sysadmin": make_member(Role.SYS_ADMIN, org_kz),
        "analyst": make_member(Role.ANALYST, org),
    }


@pytest.fixture
def make_person() -> Callable[..., Person]:
    def make(
        actor: User,
        organisation: Organisation,
        given: str,
        family: str,
        *,
        patronymic: str = "",
        birth: dt.date | None = None,
        gender: str = Gender.UNKNOWN,
        document: str = "",
        extra: tuple[tuple[str, str], ...] = (),
        open_case: bool = True,
        **case: Any,
    ) -> Person:
        names = [
            (kind, value)
            for kind, value in ((NameKind.GIVEN, given), (NameKind.FAMILY, family))
            if value
        ]
        if patronymic:
            names.append((NameKind.PATRONYMIC, patronymic))
        names.extend(extra)
        documents = [DocumentInput("passport", document, "KG")] if document else []
        person = case_services.person_create(
            actor=actor,
            organisation=organisation,
            names=names,
            documents=documents,
            gender=gender,
            birth_date=birth,
        )
        if open_case:
            case_services.case_open(actor=actor, person=person, **case)
        return person

    return make


@pytest.fixture
def same_person(people: dict, org: Organisation, org_kz: Organisation, make_person) -> tuple:
    """Жылдыз Ахметова in the Kyrgyz NGO and Zhyldyz Akhmetova at IOM Almaty."""
    born = dt.date(1995, 3, 14)
    kg = make_person(
        people["caseworker"],
        org,
        "Жылдыз",
        "Ахметова",
        birth=born,
        gender=Gender.FEMININE,
        document="AC1234567",
    )
    kz = make_person(
        people["kz_caseworker"],
        org_kz,
        "Zhyldyz",
        "Akhmetova",
        birth=born,
        gender=Gender.FEMININE,
        document="АС1234567",
    )
    return kg, kz


@pytest.fixture(autouse=True)
def _english():
    """Pages in English (/en/...), so assertions read the source strings."""
    from django.utils import translation

    with translation.override("en"):
        yield
