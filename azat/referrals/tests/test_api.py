"""Providers and referrals over the JSON API: the provider reads packages only."""

import pytest

from azat.accounts.roles import Role
from azat.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_any_member_lists_providers_with_filters(shelter_profile, personas, api_for):
    client = api_for(personas[Role.OPERATOR])
    rows = client.get("/api/v1/providers/").json()
    assert [(r["organisation_name"], r["countries"]) for r in rows] == [("Umut Shelter", ["KG"])]
    assert client.get("/api/v1/providers/?service=legal_aid").json() == []
    detail = client.get(f"/api/v1/providers/{shelter_profile.pk}/").json()
    assert detail["services"] == ["shelter", "medical", "psychological"]


def test_provider_reads_only_the_package(sent, provider_user, api_for):
    client = api_for(provider_user)
    listing = client.get("/api/v1/referrals/").json()
    assert listing["sent"] == []
    assert [r["id"] for r in listing["received"]] == [sent.pk]
    data = client.get(f"/api/v1/referrals/{sent.pk}/").json()
    assert data["side"] == "receiver"
    assert "case" not in data and "package_fields" not in data
    assert data["package"]["first_name"] == "Жылдыз"
    assert "Ахметова" not in str(data)
    assert AuditEvent.objects.filter(action="referrals.referral.view").count() == 1


def test_sender_reads_its_referral_with_the_case_id(sent, caseworker, api_for):
    data = api_for(caseworker).get(f"/api/v1/referrals/{sent.pk}/").json()
    assert (data["side"], data["case"], data["state"]) == ("sender", sent.case_id, "sent")
    assert [s["step"] for s in data["steps"]] == ["send"]


def test_provider_never_sees_a_draft(draft, provider_user, api_for):
    client = api_for(provider_user)
    assert client.get(f"/api/v1/referrals/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/referrals/").json()["received"] == []


def test_another_organisations_caseworker_gets_not_found(sent, outsider, api_for):
    client = api_for(outsider)
    assert client.get(f"/api/v1/referrals/{sent.pk}/").status_code == 404
    assert client.get("/api/v1/referrals/").json() == {"sent": [], "received": []}


def test_provider_of_another_organisation_gets_not_found(sent, make_member, other_org, api_for):
    client = api_for(make_member(Role.PROVIDER, other_org))
    assert client.get(f"/api/v1/referrals/{sent.pk}/").status_code == 404


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ANALYST, Role.PROSECUTOR])
def test_roles_without_referral_work_get_not_found(sent, personas, role, api_for):
    client = api_for(personas[role])
    assert client.get("/api/v1/referrals/").status_code == 404
    assert client.get(f"/api/v1/referrals/{sent.pk}/").status_code == 404
