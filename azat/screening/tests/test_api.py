from __future__ import annotations

from azat.core.models import AuditEvent
from azat.hotline.tests.conftest import make_call
from azat.screening import services
from azat.screening.models import Screening

URL = "/api/v1/screenings/"


def test_caseworker_creates_a_screening_with_answers(caseworker, client_for):
    payload = {
        "age": 16,
        "profile": "labour",
        "acts": ["ACT_RECRUITMENT"],
        "indicators": {"EX01": True, "EX02": True, "DR01": None},
        "complete": True,
    }
    response = client_for(caseworker).post(URL, payload, "application/json")
    assert response.status_code == 201
    body = response.json()
    screening = Screening.objects.get()
    assert body["id"] == screening.pk
    assert body["status"] == "presumed_victim"
    assert body["result"]["rule"] == "CHILD_PALERMO_3C"
    assert body["answers"] == {"EX01": True, "EX02": True}
    assert screening.state == "complete"


def test_unknown_indicator_is_a_400_naming_it(caseworker, client_for):
    response = client_for(caseworker).post(URL, {"indicators": {"NOPE": True}}, "application/json")
    assert response.status_code == 400
    assert response.json() == {"answers": ["indicators.NOPE: unknown indicator id"]}
    assert not Screening.objects.exists()


def test_caseworker_cannot_link_a_call_through_the_api(caseworker, operator, hotline, client_for):
    call = make_call(hotline, operator)
    response = client_for(caseworker).post(URL, {"call": call.pk}, "application/json")
    assert response.status_code == 404
    assert not Screening.objects.exists()


def test_list_and_read_are_scoped_to_the_organisation(operator, outsider, hotline_org, client_for):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    mine = client_for(operator)
    assert [r["id"] for r in mine.get(URL).json()["results"]] == [screening.pk]
    detail = mine.get(f"{URL}{screening.pk}/")
    assert detail.status_code == 200
    assert detail.json()["result"]["label"]["en"].startswith("This is a screening")
    assert AuditEvent.objects.filter(action="screening.screening.view").count() == 1
    theirs = client_for(outsider)
    assert theirs.get(URL).json()["results"] == []
    assert theirs.get(f"{URL}{screening.pk}/").status_code == 404


def test_analyst_gets_not_found(analyst, client_for):
    assert client_for(analyst).get(URL).status_code == 404


def test_screening_endpoints_are_in_the_openapi_schema(operator, client_for):
    paths = (
        client_for(operator).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    )
    assert set(paths["/api/v1/screenings/"]) >= {"get", "post"}
    assert "get" in paths["/api/v1/screenings/{id}/"]
