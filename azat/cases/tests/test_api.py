"""Persons and cases over the JSON API: same gates, same services, audited reads."""

import pytest
from rest_framework.test import APIClient

from azat.accounts.roles import Role
from azat.cases.models import Case, Person
from azat.core.models import AuditEvent


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
    opened = client.post(
        "/api/v1/cases/",
        {"person": person.pk, "screening_id": 9, "exploitation": ["ForcedLabour"]},
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    case = Case.objects.get(pk=opened.json()["id"])
    assert (case.screening_id, case.consents.get().purpose) == (9, "assistance")
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
