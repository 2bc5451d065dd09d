"""Fixtures for the cases app: a caseworker's person and case, made through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from azat.accounts.roles import Role
from azat.cases import services
from azat.cases.models import NameKind
from azat.cases.services import DocumentInput


@pytest.fixture
def caseworker(personas):
    return personas[Role.CASEWORKER]


@pytest.fixture
def outsider(make_member, other_org):
    """A caseworker of another organisation."""
    return make_member(Role.CASEWORKER, other_org)


@pytest.fixture
def make_person(caseworker, org):
    def make(names=None, actor=None, organisation=None, documents=(), **fields):
        return services.person_create(
            actor=actor or caseworker,
            organisation=organisation or org,
            names=names or [(NameKind.GIVEN, "Жылдыз"), (NameKind.FAMILY, "Ахметова")],
            documents=documents,
            **fields,
        )

    return make


@pytest.fixture
def person(make_person):
    return make_person(
        documents=[DocumentInput(type="passport", number="AC 1234567", issuing_country="KG")],
        gender="Feminine",
        citizenships=["KG"],
        languages=["kir", "rus"],
    )


@pytest.fixture
def make_case(caseworker, make_person):
    def make(person=None, actor=None, **kwargs):
        kwargs.setdefault("identified_on", dt.date(2026, 1, 10))
        return services.case_open(
            actor=actor or caseworker, person=person or make_person(), **kwargs
        )

    return make


@pytest.fixture
def case(make_case, person):
    return make_case(person=person, exploitation=["ForcedLabour"])
