"""Persons and cases over the JSON API: same gates, same services, audited reads."""

import pytest
from rest_framework.test import APIClient

from azat.accounts.roles import Role
from azat.cases.models import Case, Person
from azat.core.models import AuditEvent
from azat.screening import services as screening_services


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def test_caseworker_lists_and_reads_cases_with_an_audit_event(case, caseworker, api_for):
    client = api_for(caseworker)
    listing = client.get("/api/v1/cases/")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [case.pk]
    detail = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert (detail["reference"], detail["stage"], detail["status"]) == (
        case.reference,
        "identification",
        "Active",
    )
    assert detail["consents"][0]["purpose"] == "assistance"
    assert AuditEvent.objects.filter(action="cases.case.view", object_id=str(case.pk)).count() == 1


def test_caseworker_reads_the_person_with_every_name(person, caseworker, api_for):
    data = api_for(caseworker).get(f"/api/v1/persons/{person.pk}/").json()
    assert data["names"] == [
        {"kind": "given", "value": "Жылдыз"},
        {"kind": "family", "value": "Ахметова"},
    ]
    assert data["documents"][0]["status"] == "held"
    assert data["citizenships"] == ["KG"]
    assert AuditEvent.objects.filter(action="cases.person.view").count() == 1


def test_outsider_gets_not_found_for_case_person_and_lists_are_empty(case, outsider, api_for):
    client = api_for(outsider)
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/v1/persons/{case.person_id}/").status_code == 404
    assert client.get("/api/v1/cases/").json()["results"] == []
    assert client.get("/api/v1/persons/").json()["results"] == []
    response = client.post("/api/v1/cases/", {"person": case.person_id}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.ANALYST, Role.OPERATOR, Role.PROVIDER, Role.PROSECUTOR])
def test_other_roles_get_not_found_from_every_endpoint(case, personas, api_for, role):
    client = api_for(personas[role])
    for url in [
        "/api/v1/cases/",
        f"/api/v1/cases/{case.pk}/",
        "/api/v1/persons/",
        f"/api/v1/persons/{case.person_id}/",
    ]:
        assert client.get(url).status_code == 404, (role, url)


def test_create_person_then_open_case_over_the_api(caseworker, api_for, org):
    client = api_for(caseworker)
    created = client.post(
        "/api/v1/persons/",
        {
            "names": [{"kind": "given", "value": "Farrukh"}, {"kind": "family", "value": "Saidov"}],
            "gender": "Masculine",
            "estimated_age": 30,
            "citizenships": ["TJ"],
            "documents": [{"type": "passport", "number": "400123", "status": "confiscated"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    person = Person.objects.get(pk=created.json()["id"])
    assert person.organisation == org and person.display_name == "Farrukh Saidov"
    screening = screening_services.screening_create(actor=caseworker, organisation=org)
    opened = client.post(
        "/api/v1/cases/",
        {"person": person.pk, "screening_id": screening.pk, "exploitation": ["ForcedLabour"]},
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    case = Case.objects.get(pk=opened.json()["id"])
    assert (case.screening_id, case.consents.get().purpose) == (screening.pk, "assistance")
    assert AuditEvent.objects.filter(action="cases.case.open").count() == 1


def test_case_open_without_basis_explanation_is_a_400_naming_the_field(person, caseworker, api_for):
    response = api_for(caseworker).post(
        "/api/v1/cases/",
        {"person": person.pk, "legal_basis": "vital_interests"},
        format="json",
    )
    assert response.status_code == 400
    assert "legal_basis_note" in response.json()


def test_cases_endpoints_are_in_the_schema(personas, client_for):
    schema = client_for(personas[Role.CASEWORKER]).get("/api/v1/schema/")
    assert schema.status_code == 200
    for path in (
        b"/api/v1/cases/",
        b"/api/v1/cases/{id}/",
        b"/api/v1/persons/",
        b"/api/v1/persons/{id}/",
    ):
        assert path in schema.content


# --- consents ----------------------------------------------------------------------------------


def test_caseworker_lists_a_cases_consents(case, caseworker, api_for):
    response = api_for(caseworker).get(f"/api/v1/cases/{case.pk}/consents/")
    assert response.status_code == 200
    rows = response.json()
    assert [(row["purpose"], row["given_by"], row["withdrawn_at"]) for row in rows] == [
        ("assistance", "person", None)
    ]


def test_caseworker_records_a_referral_consent_with_audit(case, caseworker, api_for, other_org):
    response = api_for(caseworker).post(
        f"/api/v1/cases/{case.pk}/consents/",
        {"purpose": "referral", "organisation": other_org.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["purpose"], response.json()["organisation"]) == (
        "referral",
        other_org.pk,
    )
    event = AuditEvent.objects.get(action="cases.consent.record", detail__purpose="referral")
    assert event.detail["organisation_id"] == other_org.pk


def test_referral_consent_without_organisation_is_a_400_naming_the_field(case, caseworker, api_for):
    response = api_for(caseworker).post(
        f"/api/v1/cases/{case.pk}/consents/", {"purpose": "referral"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["organisation"]


def test_caseworker_withdraws_a_consent_once(case, caseworker, api_for):
    consent = case.consents.get()
    client = api_for(caseworker)
    url = f"/api/v1/cases/{case.pk}/consents/{consent.pk}/withdraw/"
    response = client.post(url)
    assert response.status_code == 200
    assert response.json()["withdrawn_at"] is not None
    assert AuditEvent.objects.filter(action="cases.consent.withdraw").count() == 1
    again = client.post(url)
    assert again.status_code == 400
    assert AuditEvent.objects.filter(action="cases.consent.withdraw").count() == 1


def test_consent_of_another_case_is_not_found(case, make_case, caseworker, api_for):
    other = make_case()
    consent = other.consents.get()
    url = f"/api/v1/cases/{case.pk}/consents/{consent.pk}/withdraw/"
    assert api_for(caseworker).post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_outsider_gets_not_found_from_the_consent_endpoints(case, outsider, api_for):
    client = api_for(outsider)
    consent = case.consents.get()
    assert client.get(f"/api/v1/cases/{case.pk}/consents/").status_code == 404
    assert (
        client.post(
            f"/api/v1/cases/{case.pk}/consents/", {"purpose": "statistics"}, format="json"
        ).status_code
        == 404
    )
    assert (
        client.post(f"/api/v1/cases/{case.pk}/consents/{consent.pk}/withdraw/").status_code == 404
    )
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert case.consents.count() == 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.OPERATOR, Role.PROVIDER, Role.ORG_ADMIN])
def test_other_roles_get_not_found_from_the_consent_endpoints(case, personas, api_for, role):
    client = api_for(personas[role])
    assert client.get(f"/api/v1/cases/{case.pk}/consents/").status_code == 404
    assert (
        client.post(
            f"/api/v1/cases/{case.pk}/consents/", {"purpose": "statistics"}, format="json"
        ).status_code
        == 404
    )


def test_consent_endpoints_are_in_the_schema(personas, client_for):
    schema = client_for(personas[Role.CASEWORKER]).get("/api/v1/schema/")
    assert b"/api/v1/cases/{id}/consents/" in schema.content
    assert b"/api/v1/cases/{id}/consents/{consent_pk}/withdraw/" in schema.content


def test_case_open_with_an_unknown_screening_is_a_400_naming_the_field(person, caseworker, api_for):
    response = api_for(caseworker).post(
        "/api/v1/cases/", {"person": person.pk, "screening_id": 424242}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["screening_id"]
    assert not Case.objects.exists()
