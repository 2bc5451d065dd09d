"""Perpetrator API: the same gate as the pages."""

from __future__ import annotations

import pytest

from azat.accounts.roles import Role
from azat.core.models import AuditEvent
from azat.network.models import Perpetrator

pytestmark = pytest.mark.django_db


def _url(case, perpetrator=None):
    base = f"/api/v1/cases/{case.pk}/perpetrators/"
    return f"{base}{perpetrator.pk}/" if perpetrator else base


def test_caseworker_lists_records_updates_and_removes(client_for, caseworker, case, recruiter):
    client = client_for(caseworker)
    listed = client.get(_url(case)).json()
    assert [p["name"] for p in listed] == ["Марат Исаков"]
    assert {"kind": "phone", "value": "+996555010203"} in listed[0]["identifiers"]
    assert {"kind": "online", "value": "@marat_jobs"} in listed[0]["identifiers"]
    event_id = case.events.get(kind="Exploitation").pk
    created = client.post(
        _url(case),
        {
            "role": "exploiter",
            "aliases": ["Foreman Serik"],
            "phones": ["+7 701 000 1122"],
            "events": [event_id],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["aliases"] == ["Foreman Serik"] and body["events"] == [event_id]
    perpetrator = Perpetrator.objects.get(pk=body["id"])
    updated = client.put(
        _url(case, perpetrator),
        {"version": 1, "role": "transporter", "aliases": ["Serik"]},
        content_type="application/json",
    )
    assert updated.status_code == 200 and updated.json()["role"] == "transporter"
    stale = client.put(
        _url(case, perpetrator),
        {"version": 1, "role": "other", "aliases": ["Serik"]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert client.delete(_url(case, perpetrator) + "?version=2").status_code == 204
    assert AuditEvent.objects.filter(action="network.perpetrator.remove").count() == 1


def test_bad_phone_is_a_400_naming_it(client_for, caseworker, case):
    response = client_for(caseworker).post(
        _url(case),
        {"role": "recruiter", "name": "X", "phones": ["12ab"]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "12ab" in response.json()["phones"][0]


def test_events_of_another_case_are_refused(client_for, caseworker, case):
    response = client_for(caseworker).post(
        _url(case),
        {"role": "recruiter", "name": "X", "events": [999999]},
        content_type="application/json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["other_caseworker", "provider", Role.ANALYST, Role.PROSECUTOR])
def test_not_found_for_outsiders(request, client_for, personas, case, recruiter, who):
    user = personas[who] if who in Role.values else request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(_url(case)).status_code == 404
    assert client.get(_url(case, recruiter)).status_code == 404
    assert client.delete(_url(case, recruiter)).status_code == 404
    posted = client.post(
        _url(case), {"role": "recruiter", "name": "X"}, content_type="application/json"
    )
    assert posted.status_code == 404
    assert Perpetrator.objects.count() == 1
