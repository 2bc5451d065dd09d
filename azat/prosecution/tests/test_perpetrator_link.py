"""Defendants linked to perpetrators recorded in victims' cases: only the agency's prosecutors
see the link, and only while the victim's consent to share with law enforcement stands."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from azat.cases import services as case_services
from azat.core.models import AuditEvent
from azat.network import services as network_services
from azat.prosecution import services
from azat.prosecution.models import Defendant

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(caseworker, ngo_case):
    return network_services.perpetrator_record(
        actor=caseworker,
        case=ngo_case,
        data=network_services.PerpetratorInput(
            role="official",
            aliases=["Officer at the border post"],
            relation="stranger",
            phones=["+996 555 010 203"],
        ),
    )


@pytest.fixture
def linked_victim(prosecutor, criminal_case, ngo_case, law_consent):
    return services.victim_add(actor=prosecutor, criminal_case=criminal_case, case=ngo_case)


def _detail(client, criminal_case):
    return client.get(reverse("prosecution:detail", args=[criminal_case.pk]))


def test_form_offers_the_perpetrator_and_choosing_it_takes_its_role(
    client_for, prosecutor, criminal_case, official, linked_victim, ngo_case
):
    client = client_for(prosecutor)
    page = _detail(client, criminal_case).content.decode()
    assert f'value="{official.pk}" data-role="official"' in page
    response = client.post(
        reverse("prosecution:defendant_add", args=[criminal_case.pk]),
        {"perpetrator": str(official.pk), "name": "A. Officer", "role": ""},
    )
    assert response.status_code == 302
    defendant = Defendant.objects.get()
    assert defendant.perpetrator == official and defendant.role == "official"
    event = AuditEvent.objects.get(action="prosecution.defendant.add")
    assert event.detail["perpetrator_id"] == official.pk
    page = _detail(client, criminal_case).content.decode()
    assert "“Officer at the border post”" in page
    assert ngo_case.reference in page
    assert "+996555010203" in page


def test_withdrawn_consent_hides_the_choice_and_the_linked_identity(
    client_for, prosecutor, caseworker, criminal_case, official, linked_victim, law_consent
):
    services.defendant_add(
        actor=prosecutor, criminal_case=criminal_case, name="A. Officer", perpetrator=official
    )
    case_services.consent_withdraw(actor=caseworker, consent=law_consent)
    client = client_for(prosecutor)
    page = _detail(client, criminal_case).content.decode()
    assert "Officer at the border post" not in page
    assert "+996555010203" not in page
    assert f'value="{official.pk}" data-role' not in page
    assert 'class="badge badge-warn"' in page  # the link is said to be hidden
    refused = client.post(
        reverse("prosecution:defendant_add", args=[criminal_case.pk]),
        {"perpetrator": str(official.pk), "name": "Second", "role": "official"},
    )
    assert refused.status_code == 400
    assert Defendant.objects.count() == 1
    api = client.get(f"/api/v1/criminal-cases/{criminal_case.pk}/").json()
    assert api["defendants"][0]["perpetrator"] is None
    assert api["defendants"][0]["perpetrator_hidden"] is True


def test_api_shows_the_link_while_consent_stands(
    client_for, prosecutor, criminal_case, official, linked_victim
):
    services.defendant_add(
        actor=prosecutor, criminal_case=criminal_case, name="A. Officer", perpetrator=official
    )
    api = client_for(prosecutor).get(f"/api/v1/criminal-cases/{criminal_case.pk}/").json()
    assert api["defendants"][0]["perpetrator"]["role"] == "official"
    assert api["defendants"][0]["perpetrator"]["name"] == "“Officer at the border post”"


def test_service_refuses_a_perpetrator_of_a_case_not_linked_here(
    prosecutor, criminal_case, official, law_consent
):
    with pytest.raises(ValidationError) as info:
        services.defendant_add(
            actor=prosecutor, criminal_case=criminal_case, name="X", perpetrator=official
        )
    assert "perpetrator" in info.value.message_dict


def test_link_and_unlink_an_existing_defendant(
    client_for, prosecutor, criminal_case, official, linked_victim
):
    defendant = services.defendant_add(
        actor=prosecutor, criminal_case=criminal_case, name="A. Officer", role="other"
    )
    client = client_for(prosecutor)
    url = reverse("prosecution:defendant_link", args=[criminal_case.pk, defendant.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"perpetrator": str(official.pk)}).status_code == 302
    defendant.refresh_from_db()
    assert defendant.perpetrator == official
    assert client.post(url, {"perpetrator": ""}).status_code == 302
    defendant.refresh_from_db()
    assert defendant.perpetrator is None
    events = AuditEvent.objects.filter(action="prosecution.defendant.link").order_by("id")
    assert [e.detail["perpetrator_id"] for e in events] == [official.pk, None]


def test_prosecutor_of_another_agency_never_sees_the_link(
    client_for, prosecutor, other_prosecutor, criminal_case, official, linked_victim
):
    defendant = services.defendant_add(
        actor=prosecutor, criminal_case=criminal_case, name="A. Officer", perpetrator=official
    )
    client = client_for(other_prosecutor)
    assert _detail(client, criminal_case).status_code == 404
    url = reverse("prosecution:defendant_link", args=[criminal_case.pk, defendant.pk])
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/criminal-cases/{criminal_case.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.defendant_link(actor=other_prosecutor, defendant=defendant, perpetrator=None)


def test_removing_the_perpetrator_keeps_the_defendant(
    prosecutor, caseworker, criminal_case, official, linked_victim
):
    defendant = services.defendant_add(
        actor=prosecutor, criminal_case=criminal_case, name="A. Officer", perpetrator=official
    )
    network_services.perpetrator_remove(actor=caseworker, perpetrator=official, expected_version=1)
    defendant.refresh_from_db()
    assert defendant.perpetrator is None and defendant.role == "official"
