from __future__ import annotations

import pytest

from azat.accounts.roles import OrgType, Role
from azat.hotline.models import Call, Hotline


def make_hotline(organisation, name: str = "Line 1") -> Hotline:
    return Hotline.objects.create(
        organisation=organisation,
        name=name,
        country=organisation.country,
        numbers=["1899"],
        channels=["phone", "whatsapp"],
        languages=["ru", "ky"],
        hours="24/7",
    )


def make_call(hotline: Hotline, operator, **fields) -> Call:
    return Call.objects.create(hotline=hotline, operator=operator, **fields)


@pytest.fixture
def hotline_org(make_org):
    return make_org(OrgType.HOTLINE, "KG", name="Home Hotline")


@pytest.fixture
def other_hotline_org(make_org):
    return make_org(OrgType.HOTLINE, "KZ", name="Other Hotline")


@pytest.fixture
def hotline(hotline_org):
    return make_hotline(hotline_org)


@pytest.fixture
def other_hotline(other_hotline_org):
    return make_hotline(other_hotline_org, name="Other line")


@pytest.fixture
def operator(make_member, hotline_org):
    return make_member(Role.OPERATOR, hotline_org)


@pytest.fixture
def supervisor(make_member, hotline_org):
    return make_member(Role.SUPERVISOR, hotline_org)


@pytest.fixture
def caseworker(make_member, hotline_org):
    return make_member(Role.CASEWORKER, hotline_org)


@pytest.fixture
def analyst(make_member, hotline_org):
    return make_member(Role.ANALYST, hotline_org)


@pytest.fixture
def outsider(make_member, other_hotline_org):
    return make_member(Role.OPERATOR, other_hotline_org)
