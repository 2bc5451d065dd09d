from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from azat.accounts.roles import Role
from azat.core.models import AuditEvent
from azat.hotline import services
from azat.hotline.models import Hotline

LIST = "/en/work/hotline/lines/"
NEW = "/en/work/hotline/lines/new/"
EDIT = "/en/work/hotline/lines/{}/edit/"


@pytest.fixture
def org_admin(make_member, hotline_org):
    return make_member(Role.ORG_ADMIN, hotline_org)


def _data(**extra):
    data = {
        "name": "Safe travel line",
        "country": "KG",
        "numbers": "+996 312 123456\n0 312 654321",
        "channels": ["phone", "telegram"],
        "languages": ["ru", "ky"],
        "hours": "Mon-Fri 9-18",
        "is_active": "on",
    }
    data.update(extra)
    return data


def test_hotline_create_stores_numbers_in_e164_and_audits(org_admin, hotline_org):
    hotline = services.hotline_create(
        actor=org_admin,
        organisation=hotline_org,
        name="Line",
        country="KG",
        numbers=["+996 312 123456", "0312 654321", "+996312123456"],
        channels=["phone"],
        languages=["ru"],
    )
    assert hotline.numbers == ["+996312123456", "+996312654321"]
    event = AuditEvent.objects.get(action="hotline.hotline.create")
    assert event.actor == org_admin
    assert event.organisation == hotline_org
    assert event.object_id == str(hotline.pk)
    assert event.detail == {
        "fields": ["channels", "country", "languages", "name", "numbers"],
        "is_active": True,
    }


def test_hotline_create_names_the_bad_number(supervisor, hotline_org):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.hotline_create(
            actor=supervisor,
            organisation=hotline_org,
            name="Line",
            country="KG",
            numbers=["+996 312 123456", "12ab"],
        )
    assert exc.value.message_dict["numbers"] == [
        "Not a valid phone number: 12ab. Write it with the country code, e.g. +996 312 123456."
    ]
    assert not Hotline.objects.exists()
    assert not AuditEvent.objects.filter(action="hotline.hotline.create").exists()


def test_hotline_create_refuses_an_operator(operator, hotline_org):
    with pytest.raises(PermissionDenied):
        services.hotline_create(actor=operator, organisation=hotline_org, name="X", country="KG")
    assert not Hotline.objects.exists()


def test_hotline_update_refuses_an_administrator_of_another_organisation(
    make_member, other_hotline_org, hotline
):
    stranger = make_member(Role.ORG_ADMIN, other_hotline_org)
    with pytest.raises(PermissionDenied):
        services.hotline_update(actor=stranger, hotline=hotline, name="Taken over")
    hotline.refresh_from_db()
    assert hotline.name == "Line 1"


def test_hotline_update_audits_the_changed_fields(supervisor, hotline):
    services.hotline_update(
        actor=supervisor, hotline=hotline, hours="9-18", numbers=["+77172123456"]
    )
    hotline.refresh_from_db()
    assert hotline.numbers == ["+77172123456"]
    event = AuditEvent.objects.get(action="hotline.hotline.update")
    assert event.actor == supervisor
    assert event.detail == {"fields": ["hours", "numbers"], "is_active": True}


def test_deactivated_hotline_takes_no_new_call(org_admin, operator, hotline):
    services.hotline_update(actor=org_admin, hotline=hotline, is_active=False)
    event = AuditEvent.objects.get(action="hotline.hotline.deactivate")
    assert event.detail == {"fields": ["is_active"], "is_active": False}
    with pytest.raises(ValidationError):
        services.call_start(actor=operator, hotline=hotline)


def test_administrator_sees_own_hotlines_including_inactive_ones(
    org_admin, hotline, other_hotline, client_for
):
    Hotline.objects.filter(pk=hotline.pk).update(is_active=False)
    response = client_for(org_admin).get(LIST)
    assert response.status_code == 200
    assert "Line 1" in response.text
    assert "inactive: no new calls" in response.text
    assert "Other line" not in response.text
    assert EDIT.format(other_hotline.pk) not in response.text


def test_supervisor_adds_a_hotline_through_the_form(supervisor, hotline_org, client_for):
    response = client_for(supervisor).post(NEW, _data())
    assert response.status_code == 302
    assert response["Location"] == LIST
    hotline = Hotline.objects.get(name="Safe travel line")
    assert hotline.organisation == hotline_org
    assert hotline.numbers == ["+996312123456", "+996312654321"]
    assert hotline.channels == ["phone", "telegram"]
    assert hotline.languages == ["ru", "ky"]
    assert AuditEvent.objects.filter(action="hotline.hotline.create").count() == 1


def test_bad_number_is_named_and_what_was_typed_is_kept(org_admin, client_for):
    typed = "+996 312 123456\n+996 12"
    response = client_for(org_admin).post(NEW, _data(numbers=typed))
    assert response.status_code == 200
    assert "Not a valid phone number: +996 12." in response.text
    assert response.context["form"]["numbers"].value() == typed
    assert not Hotline.objects.exists()


def test_administrator_deactivates_a_hotline_through_the_form(org_admin, hotline, client_for):
    data = _data(name="Line 1", numbers="+996 312 123456")
    del data["is_active"]
    response = client_for(org_admin).post(EDIT.format(hotline.pk), data)
    assert response.status_code == 302
    hotline.refresh_from_db()
    assert hotline.is_active is False
    assert AuditEvent.objects.filter(action="hotline.hotline.deactivate").count() == 1


def test_edit_form_shows_stored_numbers_one_per_line(org_admin, hotline, client_for):
    Hotline.objects.filter(pk=hotline.pk).update(numbers=["+996312123456", "+996312654321"])
    response = client_for(org_admin).get(EDIT.format(hotline.pk))
    assert response.status_code == 200
    assert response.context["form"]["numbers"].value() == "+996312123456\n+996312654321"


def test_other_organisations_hotline_is_not_found(org_admin, other_hotline, client_for):
    client = client_for(org_admin)
    assert client.get(EDIT.format(other_hotline.pk)).status_code == 404
    assert client.post(EDIT.format(other_hotline.pk), _data()).status_code == 404
    other_hotline.refresh_from_db()
    assert other_hotline.name == "Other line"


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.CASEWORKER, Role.ANALYST])
def test_other_roles_get_not_found(role, make_member, hotline_org, hotline, client_for):
    client = client_for(make_member(role, hotline_org))
    assert client.get(LIST).status_code == 404
    assert client.get(NEW).status_code == 404
    assert client.get(EDIT.format(hotline.pk)).status_code == 404
