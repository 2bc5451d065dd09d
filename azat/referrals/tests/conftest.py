"""Fixtures for referrals: a referring NGO (the `org` personas), a shelter with a provider
profile and a provider user, and a case with referral consent for the shelter."""

from __future__ import annotations

import datetime as dt

import pytest

from azat.accounts.roles import OrgType, Role
from azat.cases import services as case_services
from azat.cases.models import NameKind
from azat.referrals import services


@pytest.fixture
def caseworker(personas):
    return personas[Role.CASEWORKER]


@pytest.fixture
def shelter(make_org):
    return make_org(OrgType.SHELTER, "KG", name="Umut Shelter")


@pytest.fixture
def provider_user(make_member, shelter):
    return make_member(Role.PROVIDER, shelter)


@pytest.fixture
def shelter_profile(shelter, provider_user):
    return services.provider_profile_save(
        actor=provider_user,
        organisation=shelter,
        services=["shelter", "medical", "psychological"],
        countries=["KG"],
        regions=["Chuy"],
        languages=["kir", "rus"],
        capacity=10,
        opening_hours="24/7",
        phone="+996555000001",
    )


@pytest.fixture
def outsider(make_member, other_org):
    """A caseworker of another organisation."""
    return make_member(Role.CASEWORKER, other_org)


@pytest.fixture
def make_case(caseworker, org):
    def make(given="Жылдыз", family="Ахметова", **person_fields):
        person_fields.setdefault("gender", "Feminine")
        person_fields.setdefault("estimated_age", 24)
        person_fields.setdefault("age_estimated_on", dt.date.today())
        person_fields.setdefault("languages", ["kir", "rus"])
        person = case_services.person_create(
            actor=caseworker,
            organisation=org,
            names=[(NameKind.GIVEN, given), (NameKind.FAMILY, family)],
            **person_fields,
        )
        return case_services.case_open(
            actor=caseworker,
            person=person,
            identified_on=dt.date.today() - dt.timedelta(days=10),
            exploitation=["ForcedLabour"],
            notes="Passport taken by the employer in Moscow.",
        )

    return make


@pytest.fixture
def case(make_case):
    return make_case()


@pytest.fixture
def consented_case(case, caseworker, shelter):
    case_services.consent_record(
        actor=caseworker, case=case, purpose="referral", organisation=shelter
    )
    return case


@pytest.fixture
def make_referral(caseworker, shelter, shelter_profile):
    def make(case, **kwargs):
        kwargs.setdefault("services", ["shelter"])
        kwargs.setdefault("package_fields", ["first_name", "age", "sex", "needs", "safety_notes"])
        kwargs.setdefault("needs", "A safe place for two weeks.")
        kwargs.setdefault("safety_notes", "Never call the family.")
        kwargs.setdefault("due_on", dt.date.today() + dt.timedelta(days=3))
        return services.referral_create(
            actor=kwargs.pop("actor", caseworker),
            case=case,
            receiver=kwargs.pop("receiver", shelter),
            **kwargs,
        )

    return make


@pytest.fixture
def draft(make_referral, consented_case):
    return make_referral(consented_case)


@pytest.fixture
def sent(draft, caseworker):
    return services.referral_send(actor=caseworker, referral=draft)


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make
