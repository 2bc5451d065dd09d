"""Changing a person's basic fields and a document's status after the person was recorded:
optimistic locking, audit without protected values, pages and the API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from rest_framework.test import APIClient

from azat.accounts.roles import Role
from azat.cases import selectors, services
from azat.cases.models import Case, IdentityDocument, Person
from azat.core.models import AuditEvent
from azat.core.services import StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def supervisor(personas):
    return personas[Role.SUPERVISOR]


def _audit(action):
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


# --- services ----------------------------------------------------------------------------------


def test_person_update_saves_changed_fields_bumps_version_and_audits_names_only(person, caseworker):
    assert person.version == 1
    services.person_update(
        actor=caseworker,
        person=person,
        expected_version=1,
        birth_date=dt.date(2001, 5, 3),
        marital_status="Married",
        children_count=2,
        education="UpperSecondaryEducation",
        citizenships=["KG", "KZ"],
        languages=["kir"],
        safe_contact="  Only through the shelter  ",
    )
    stored = Person.objects.get(pk=person.pk)
    assert (stored.version, stored.updated_by) == (2, caseworker)
    assert stored.birth_date == dt.date(2001, 5, 3)
    assert (stored.marital_status, stored.children_count) == ("Married", 2)
    assert [str(c) for c in stored.citizenships] == ["KG", "KZ"]
    assert (stored.languages, stored.safe_contact) == (["kir"], "Only through the shelter")
    event = _audit("cases.person.update")
    assert event.object_id == str(person.pk)
    assert event.detail == {
        "fields": [
            "birth_date",
            "children_count",
            "citizenships",
            "education",
            "languages",
            "marital_status",
            "safe_contact",
        ],
        "version": 2,
    }
    assert "2001" not in str(event.detail) and "shelter" not in str(event.detail)


def test_estimated_age_remembers_the_day_it_was_estimated(person, caseworker):
    services.person_update(actor=caseworker, person=person, expected_version=1, estimated_age=30)
    stored = Person.objects.get(pk=person.pk)
    assert (stored.estimated_age, stored.age_estimated_on) == (30, timezone.localdate())
    assert _audit("cases.person.update").detail["fields"] == ["estimated_age"]


def test_person_update_refuses_birth_date_and_estimated_age_together(person, caseworker):
    services.person_update(
        actor=caseworker, person=person, expected_version=1, birth_date=dt.date(2000, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.person_update(
            actor=caseworker, person=person, expected_version=2, estimated_age=25
        )
    assert "estimated_age" in exc.value.message_dict
    assert Person.objects.get(pk=person.pk).version == 2


def test_person_update_from_an_old_version_is_refused_naming_who_saved(
    person, caseworker, supervisor
):
    services.person_update(actor=supervisor, person=person, expected_version=1, gender="Masculine")
    stale_copy = Person.objects.get(pk=person.pk)
    with pytest.raises(StaleEdit) as exc:
        services.person_update(
            actor=caseworker, person=stale_copy, expected_version=1, gender="Feminine"
        )
    assert exc.value.changed_by == str(supervisor)
    assert f"changed by {supervisor} at" in str(exc.value)
    stored = Person.objects.get(pk=person.pk)
    assert (stored.gender, stored.version) == ("Masculine", 2)
    assert AuditEvent.objects.filter(action="cases.person.update").count() == 1


def test_person_update_by_another_organisation_is_refused(person, outsider):
    with pytest.raises(PermissionDenied):
        services.person_update(
            actor=outsider, person=person, expected_version=1, gender="Masculine"
        )


def test_person_update_refuses_fields_that_have_their_own_service(person, caseworker):
    with pytest.raises(ValueError, match="Unknown person fields"):
        services.person_update(
            actor=caseworker, person=person, expected_version=1, full_name_hash="x"
        )


def test_document_status_changes_with_version_and_audit_without_the_number(person, caseworker):
    document = person.documents.get()
    services.document_update(
        actor=caseworker, document=document, expected_version=1, status="confiscated"
    )
    stored = IdentityDocument.objects.get(pk=document.pk)
    assert (stored.status, stored.version, stored.updated_by) == ("confiscated", 2, caseworker)
    event = _audit("cases.person.document_update")
    assert event.object_id == str(person.pk)
    assert event.detail == {
        "document_id": document.pk,
        "from": "held",
        "to": "confiscated",
        "version": 2,
    }
    assert "1234567" not in str(event.detail)


def test_document_status_from_an_old_version_is_refused(person, caseworker, supervisor):
    document = person.documents.get()
    services.document_update(actor=supervisor, document=document, expected_version=1, status="lost")
    stale_copy = IdentityDocument.objects.get(pk=document.pk)
    with pytest.raises(StaleEdit):
        services.document_update(
            actor=caseworker, document=stale_copy, expected_version=1, status="reissued"
        )
    assert IdentityDocument.objects.get(pk=document.pk).status == "lost"


def test_document_status_must_be_a_listed_one(person, caseworker):
    with pytest.raises(ValidationError):
        services.document_update(
            actor=caseworker, document=person.documents.get(), expected_version=1, status="burnt"
        )


# --- pages -------------------------------------------------------------------------------------


def _person_form(person, **overrides):
    data = {
        "version": str(person.version),
        "gender": person.gender,
        "birth_date": "",
        "estimated_age": "",
        "citizenships": [str(c) for c in person.citizenships],
        "languages": list(person.languages),
        "education": "",
        "marital_status": "",
        "children_count": "",
        "safe_contact": "",
    }
    data.update(overrides)
    return data


def test_person_page_shows_the_details_and_links_to_the_edits(person, caseworker, client_for):
    body = client_for(caseworker).get(f"/en/work/cases/persons/{person.pk}/").content.decode()
    assert f'href="/en/work/cases/persons/{person.pk}/edit/"' in body
    document = person.documents.get()
    assert f'href="/en/work/cases/persons/{person.pk}/documents/{document.pk}/edit/"' in body
    assert "Marital status" in body


def test_caseworker_changes_the_person_through_the_page(person, caseworker, client_for):
    client = client_for(caseworker)
    url = f"/en/work/cases/persons/{person.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, _person_form(person, marital_status="Widowed", children_count="3"))
    assert response.status_code == 302
    assert response["Location"] == f"/en/work/cases/persons/{person.pk}/"
    stored = Person.objects.get(pk=person.pk)
    assert (stored.marital_status, stored.children_count, stored.version) == ("Widowed", 3, 2)
    assert _audit("cases.person.update").detail["fields"] == ["children_count", "marital_status"]


def test_person_form_names_the_problem_and_keeps_the_input(person, caseworker, client_for):
    response = client_for(caseworker).post(
        f"/en/work/cases/persons/{person.pk}/edit/",
        _person_form(person, birth_date="2000-02-02", estimated_age="30", safe_contact="Via aunt"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Give either the date of birth or an estimated age, not both." in body
    assert "Via aunt" in body
    assert Person.objects.get(pk=person.pk).version == 1


def test_second_person_editor_is_told_who_saved_first_and_keeps_their_input(
    person, caseworker, supervisor, client_for
):
    services.person_update(actor=supervisor, person=person, expected_version=1, children_count=1)
    response = client_for(caseworker).post(
        f"/en/work/cases/persons/{person.pk}/edit/",
        _person_form(person, version="1", safe_contact="Only via the shelter phone"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Not saved: {supervisor} changed this at" in body
    assert "Only via the shelter phone" in body
    assert 'name="version" value="2"' in body
    assert "Changed meanwhile to: 1" in body  # the field the supervisor changed is marked
    assert body.count("Changed meanwhile to:") == 1
    assert Person.objects.get(pk=person.pk).safe_contact == ""


def test_caseworker_changes_a_document_status_through_the_page(person, caseworker, client_for):
    document = person.documents.get()
    url = f"/en/work/cases/persons/{person.pk}/documents/{document.pk}/edit/"
    client = client_for(caseworker)
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": "1", "status": "reissued"}, follow=True)
    assert "Document status saved: Reissued." in response.content.decode()
    assert IdentityDocument.objects.get(pk=document.pk).status == "reissued"


def test_second_document_editor_is_told_who_saved_first(person, caseworker, supervisor, client_for):
    document = person.documents.get()
    services.document_update(actor=supervisor, document=document, expected_version=1, status="lost")
    response = client_for(caseworker).post(
        f"/en/work/cases/persons/{person.pk}/documents/{document.pk}/edit/",
        {"version": "1", "status": "confiscated"},
    )
    body = response.content.decode()
    assert f"Not saved: {supervisor} changed this at" in body
    assert 'value="confiscated" selected' in body or 'value="confiscated" selected' in body.replace(
        "  ", " "
    )
    assert IdentityDocument.objects.get(pk=document.pk).status == "lost"


@pytest.mark.parametrize("path", ["edit/", "documents/{doc}/edit/"])
def test_outsider_gets_not_found_for_the_person_edits(person, outsider, client_for, path):
    url = f"/en/work/cases/persons/{person.pk}/" + path.format(doc=person.documents.get().pk)
    client = client_for(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": "1", "status": "lost"}).status_code == 404
    assert Person.objects.get(pk=person.pk).version == 1


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.ANALYST, Role.OPERATOR, Role.PROSECUTOR])
def test_other_roles_get_not_found_for_the_person_edit(person, personas, client_for, role):
    url = f"/en/work/cases/persons/{person.pk}/edit/"
    assert client_for(personas[role]).get(url).status_code == 404


def test_document_of_another_person_is_not_found(person, make_person, caseworker, client_for):
    other = make_person()
    url = f"/en/work/cases/persons/{other.pk}/documents/{person.documents.get().pk}/edit/"
    assert client_for(caseworker).get(url).status_code == 404


# --- API ---------------------------------------------------------------------------------------


def test_patch_person_over_the_api_with_the_version_read(person, caseworker, api_for):
    client = api_for(caseworker)
    read = client.get(f"/api/v1/persons/{person.pk}/").json()
    assert read["version"] == 1
    response = client.patch(
        f"/api/v1/persons/{person.pk}/",
        {"version": 1, "marital_status": "Single", "languages": ["rus"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["version"], response.json()["languages"]) == (2, ["rus"])
    assert _audit("cases.person.update").detail == {
        "fields": ["languages", "marital_status"],
        "version": 2,
    }


def test_patch_person_from_an_old_version_gets_409_naming_who(
    person, caseworker, supervisor, api_for
):
    services.person_update(actor=supervisor, person=person, expected_version=1, gender="Masculine")
    response = api_for(caseworker).patch(
        f"/api/v1/persons/{person.pk}/", {"version": 1, "gender": "Feminine"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["changed_by"] == str(supervisor)
    assert Person.objects.get(pk=person.pk).gender == "Masculine"


def test_patch_person_needs_the_version_and_valid_values(person, caseworker, api_for):
    client = api_for(caseworker)
    url = f"/api/v1/persons/{person.pk}/"
    assert "version" in client.patch(url, {"gender": "Feminine"}, format="json").json()
    bad = client.patch(url, {"version": 1, "birth_date": "2000-01-01", "estimated_age": 5})
    assert bad.status_code == 400
    assert "estimated_age" in bad.json()


def test_patch_person_by_outsider_is_not_found(person, outsider, api_for):
    response = api_for(outsider).patch(
        f"/api/v1/persons/{person.pk}/", {"version": 1, "gender": "Masculine"}, format="json"
    )
    assert response.status_code == 404
    assert Person.objects.get(pk=person.pk).version == 1


def test_stale_case_edit_marks_the_fields_someone_else_changed(
    case, caseworker, supervisor, client_for
):
    services.case_update(actor=supervisor, case=case, expected_version=1, notes="Supervisor")
    response = client_for(caseworker).post(
        f"/en/work/cases/{case.pk}/edit/",
        {
            "version": "1",
            "caseworker": str(caseworker.pk),
            "identified_on": case.identified_on.isoformat(),
            "trafficking_status": case.trafficking_status,
            "exploitation": ["ForcedLabour", "Servitude"],
            "notes": "",
        },
    )
    body = response.content.decode()
    assert body.count("Changed meanwhile: compare with the current case.") == 1
    assert Case.objects.get(pk=case.pk).exploitation == ["ForcedLabour"]


def test_fields_changed_since_reads_the_audit_trail(person, caseworker, supervisor):
    services.person_update(actor=supervisor, person=person, expected_version=1, children_count=1)
    services.person_update(actor=supervisor, person=person, expected_version=2, gender="Masculine")
    assert selectors.fields_changed_since(
        target=person, action="cases.person.update", version=1
    ) == {"children_count", "gender"}
    assert selectors.fields_changed_since(
        target=person, action="cases.person.update", version=2
    ) == {"gender"}
    assert (
        selectors.fields_changed_since(target=person, action="cases.person.update", version=3)
        == set()
    )
