"""JSON API: the same gates and consent rule as the pages."""

from __future__ import annotations

import pytest

from azat.accounts.roles import Role
from azat.cases import services as case_services
from azat.core.models import AuditEvent
from azat.prosecution import services

pytestmark = pytest.mark.django_db

LIST = "/api/v1/criminal-cases/"


def test_list_shows_own_agency_only(client_for, prosecutor, other_prosecutor, criminal_case):
    mine = client_for(prosecutor).get(LIST).json()
    theirs = client_for(other_prosecutor).get(LIST).json()
    assert [row["number"] for row in mine["results"]] == ["02-166-0001"]
    assert theirs["results"] == []


def test_retrieve_is_audited_and_shows_article_status(client_for, prosecutor, criminal_case):
    data = client_for(prosecutor).get(f"{LIST}{criminal_case.pk}/").json()
    assert data["status"] == "registered"
    assert data["articles"][0]["in_knowledge_base"] is True
    assert data["articles"][0]["status"] in ("verified", "unverified", "disputed")
    assert data["history"] == [
        {"from_status": "", "to_status": "registered", "on": "2026-01-05", "ground": ""}
    ]
    assert AuditEvent.objects.filter(action="prosecution.criminalcase.view").count() == 1


def test_retrieve_other_agency_is_not_found(client_for, other_prosecutor, criminal_case):
    assert client_for(other_prosecutor).get(f"{LIST}{criminal_case.pk}/").status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ANALYST])
def test_other_roles_get_not_found(client_for, make_member, agency, role):
    assert client_for(make_member(role, agency)).get(LIST).status_code == 404


def test_create_registers_through_the_service(client_for, prosecutor, kg_article):
    response = client_for(prosecutor).post(
        LIST,
        {
            "jurisdiction": "KG",
            "number": "API-1",
            "registered_on": "2026-02-01",
            "articles": [kg_article],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["articles"][0]["key"] == kg_article
    assert AuditEvent.objects.filter(action="prosecution.criminalcase.register").exists()


def test_create_with_unknown_article_is_400(client_for, prosecutor):
    response = client_for(prosecutor).post(
        LIST,
        {"jurisdiction": "KG", "number": "API-2", "registered_on": "2026-02-01", "articles": ["x"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "articles" in response.json()


def test_victim_name_in_api_follows_consent(
    client_for, prosecutor, criminal_case, ngo_case, law_consent, caseworker
):
    services.victim_add(actor=prosecutor, criminal_case=criminal_case, case=ngo_case)
    client = client_for(prosecutor)
    assert client.get(f"{LIST}{criminal_case.pk}/").json()["victims"][0]["name"] == (
        "Жылдыз Ахметова"
    )
    case_services.consent_withdraw(actor=caseworker, consent=law_consent)
    victim = client.get(f"{LIST}{criminal_case.pk}/").json()["victims"][0]
    assert victim["name"] is None and victim["case"] == ngo_case.pk


def test_schema_lists_the_endpoints(client_for, prosecutor):
    schema = client_for(prosecutor).get("/api/v1/schema/?format=json").json()
    assert "/api/v1/criminal-cases/" in schema["paths"]
    assert "/api/v1/criminal-cases/{id}/" in schema["paths"]
