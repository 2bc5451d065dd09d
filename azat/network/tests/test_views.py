"""Perpetrator pages: the case's caseworkers may; everybody else gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from azat.accounts.roles import Role
from azat.core.models import AuditEvent
from azat.network.models import Perpetrator

pytestmark = pytest.mark.django_db


def _new_url(case):
    return reverse("network:perpetrator_new", args=[case.pk])


def _form(case, **changes):
    data = {
        "name": "Марат Исаков",
        "aliases": "Uncle Marat\nМарат-ага",
        "role": "recruiter",
        "relation": "friend",
        "sex": "Masculine",
        "estimated_age": "45",
        "citizenship": "KG",
        "phones": "+996 555 010 203",
        "addresses": "",
        "companies": "",
        "online_accounts": "@marat_jobs",
        "events": [str(e.pk) for e in case.events.filter(kind="Recruitment")],
        "notes": "",
    }
    data.update(changes)
    return data


def test_caseworker_records_a_perpetrator_and_sees_it_on_the_case_page(
    client_for, caseworker, case
):
    client = client_for(caseworker)
    assert client.get(_new_url(case)).status_code == 200
    response = client.post(_new_url(case), _form(case))
    assert response.status_code == 302
    perpetrator = Perpetrator.objects.get()
    assert perpetrator.role == "recruiter" and perpetrator.estimated_age == 45
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Марат Исаков" in page
    assert "Uncle Marat" in page
    assert "+996555010203" in page
    assert reverse("network:perpetrator_edit", args=[case.pk, perpetrator.pk]) in page


def test_case_page_offers_to_record_the_first_perpetrator(client_for, caseworker, case):
    page = client_for(caseworker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="h-perpetrators"' in page
    assert _new_url(case) in page
    assert 'class="perpetrators"' not in page


def test_bad_phone_keeps_what_was_typed_and_names_the_problem(client_for, caseworker, case):
    response = client_for(caseworker).post(_new_url(case), _form(case, phones="12ab"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "12ab" in body and "Uncle Marat" in body
    assert not Perpetrator.objects.exists()


def test_edit_and_remove(client_for, caseworker, case, recruiter):
    client = client_for(caseworker)
    url = reverse("network:perpetrator_edit", args=[case.pk, recruiter.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Марат Исаков" in page.content.decode()
    response = client.post(url, _form(case, version="1", role="transporter"))
    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.role == "transporter"
    stale = client.post(url, _form(case, version="1"))
    assert stale.status_code == 200 and "errorlist" in stale.content.decode()
    remove = reverse("network:perpetrator_remove", args=[case.pk, recruiter.pk])
    assert client.get(remove).status_code == 200
    assert client.post(remove, {"version": "2"}).status_code == 302
    assert not Perpetrator.objects.exists()
    assert AuditEvent.objects.filter(action="network.perpetrator.remove").exists()


def test_supervisor_of_the_organisation_may_open_the_pages(client_for, personas, case, recruiter):
    client = client_for(personas[Role.SUPERVISOR])
    assert client.get(_new_url(case)).status_code == 200
    url = reverse("network:perpetrator_edit", args=[case.pk, recruiter.pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["other_caseworker", "provider", "analyst", "prosecutor"])
def test_pages_are_not_found_for_outsiders(request, client_for, personas, case, recruiter, who):
    user = (
        personas[Role.ANALYST]
        if who == "analyst"
        else personas[Role.PROSECUTOR]
        if who == "prosecutor"
        else request.getfixturevalue(who)
    )
    client = client_for(user)
    urls = [
        _new_url(case),
        reverse("network:perpetrator_edit", args=[case.pk, recruiter.pk]),
        reverse("network:perpetrator_remove", args=[case.pk, recruiter.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(urls[2], {"version": "1"}).status_code == 404
    assert client.post(urls[0], _form(case)).status_code == 404
    assert Perpetrator.objects.count() == 1


def test_perpetrator_of_another_case_is_not_found_under_this_case(
    client_for, caseworker, case, recruiter, org
):
    from azat.cases import services as case_services
    from azat.cases.models import NameKind

    person = case_services.person_create(
        actor=caseworker, organisation=org, names=[(NameKind.GIVEN, "Другой")]
    )
    other = case_services.case_open(actor=caseworker, person=person)
    url = reverse("network:perpetrator_edit", args=[other.pk, recruiter.pk])
    assert client_for(caseworker).get(url).status_code == 404
