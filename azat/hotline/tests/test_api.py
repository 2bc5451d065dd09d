from __future__ import annotations

from azat.core.models import AuditEvent
from azat.hotline.models import Call
from azat.hotline.tests.conftest import make_call

CALLS = "/api/v1/calls/"


def test_operator_lists_only_own_organisation_calls(operator, hotline, other_hotline, client_for):
    mine = make_call(hotline, operator, notes="private")
    make_call(other_hotline, operator)
    response = client_for(operator).get(CALLS)
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert "notes" not in body["results"][0]


def test_operator_starts_a_call_through_the_api(operator, hotline, client_for):
    response = client_for(operator).post(
        CALLS,
        {"hotline": hotline.pk, "channel": "telegram", "topic": "safe_migration"},
        "application/json",
    )
    assert response.status_code == 201
    call = Call.objects.get()
    assert response.json()["id"] == call.pk
    assert call.channel == "telegram"
    assert AuditEvent.objects.filter(action="hotline.call.start").count() == 1


def test_starting_a_call_on_another_organisations_hotline_is_refused(outsider, hotline, client_for):
    response = client_for(outsider).post(CALLS, {"hotline": hotline.pk}, "application/json")
    assert response.status_code == 400
    assert not Call.objects.exists()


def test_operator_reads_a_call_with_its_notes(operator, hotline, client_for):
    call = make_call(hotline, operator, notes="private")
    response = client_for(operator).get(f"{CALLS}{call.pk}/")
    assert response.status_code == 200
    assert response.json()["notes"] == "private"
    assert AuditEvent.objects.filter(action="hotline.call.view").count() == 1


def test_other_organisation_gets_not_found_for_a_call(operator, outsider, hotline, client_for):
    call = make_call(hotline, operator)
    assert client_for(outsider).get(f"{CALLS}{call.pk}/").status_code == 404


def test_caseworker_and_analyst_get_not_found(operator, caseworker, analyst, hotline, client_for):
    call = make_call(hotline, operator)
    for user in (caseworker, analyst):
        client = client_for(user)
        assert client.get(CALLS).status_code == 404
        assert client.get(f"{CALLS}{call.pk}/").status_code == 404


def test_call_endpoints_are_in_the_openapi_schema(operator, client_for):
    response = client_for(operator).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/calls/" in paths
    assert set(paths["/api/v1/calls/"]) >= {"get", "post"}
    assert "/api/v1/calls/{id}/" in paths
