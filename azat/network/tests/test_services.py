from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from azat.accounts.roles import Role
from azat.core.lookup import name_hash, value_hash
from azat.core.models import AuditEvent
from azat.core.services import StaleEdit
from azat.network import services
from azat.network.models import Identifier, Perpetrator, PerpetratorName, PerpetratorRole
from azat.prosecution.models import DefendantRole

pytestmark = pytest.mark.django_db


def _input(**changes):
    data = {"role": "recruiter", "name": "Марат Исаков"}
    data.update(changes)
    return services.PerpetratorInput(**data)


def test_roles_are_the_defendant_roles():
    assert PerpetratorRole.values == DefendantRole.values


def test_record_stores_names_and_phone_hashed_and_audits(recruiter, case, caseworker):
    assert recruiter.case == case
    assert recruiter.display_name == "Марат Исаков"
    assert recruiter.other_names == ["Uncle Marat"]
    # The phone was typed in national form; the organisation is in KG, so it is read as +996.
    phone = recruiter.identifiers.get(kind="phone")
    assert phone.value == "+996555010203"
    assert phone.value_hash == value_hash("+996555010203", purpose="phone")
    # The same name typed in Latin script meets the Cyrillic one on the hash.
    assert PerpetratorName.objects.filter(value_hash=name_hash("Marat Isakov")).exists()
    assert [e.kind for e in recruiter.events.all()] == ["Recruitment"]
    event = AuditEvent.objects.get(action="network.perpetrator.record")
    assert event.actor == caseworker
    assert event.object_id == str(recruiter.pk)
    assert event.detail["case_id"] == case.pk
    assert event.detail["phone"] == 1 and event.detail["names"] == 2
    assert "Марат" not in str(event.detail) and "555" not in str(event.detail)


def test_values_are_encrypted_at_rest(recruiter):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM network_identifier")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all("555" not in value and "marat" not in value for value in stored)


def test_refuses_an_unreadable_phone_naming_it(case, caseworker):
    with pytest.raises(ValidationError) as info:
        services.perpetrator_record(actor=caseworker, case=case, data=_input(phones=["12ab"]))
    assert "12ab" in info.value.message_dict["phones"][0]
    assert not Perpetrator.objects.exists()


def test_refuses_a_perpetrator_without_name_or_alias(case, caseworker):
    with pytest.raises(ValidationError) as info:
        services.perpetrator_record(actor=caseworker, case=case, data=_input(name=" "))
    assert "name" in info.value.message_dict


def test_refuses_events_of_another_case(case, caseworker, org):
    from azat.cases import services as case_services
    from azat.cases.models import NameKind

    person = case_services.person_create(
        actor=caseworker, organisation=org, names=[(NameKind.GIVEN, "Другой")]
    )
    other = case_services.case_open(actor=caseworker, person=person)
    foreign = case_services.event_add(actor=caseworker, case=other, kind="Transit")
    with pytest.raises(ValidationError) as info:
        services.perpetrator_record(actor=caseworker, case=case, data=_input(events=[foreign]))
    assert "events" in info.value.message_dict


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.ANALYST, Role.PROSECUTOR, Role.OPERATOR])
def test_only_case_editors_may_record(case, personas, role):
    with pytest.raises(PermissionDenied):
        services.perpetrator_record(actor=personas[role], case=case, data=_input())


def test_caseworker_of_another_organisation_may_not_record(case, other_caseworker):
    with pytest.raises(PermissionDenied):
        services.perpetrator_record(actor=other_caseworker, case=case, data=_input())


def test_supervisor_may_update_and_the_update_replaces_identifiers(recruiter, personas, case):
    supervisor = personas[Role.SUPERVISOR]
    services.perpetrator_update(
        actor=supervisor,
        perpetrator=recruiter,
        expected_version=recruiter.version,
        data=_input(role="exploiter", phones=["+7 701 000 1122"], companies=["StroiInvest"]),
    )
    recruiter.refresh_from_db()
    assert recruiter.role == "exploiter"
    assert recruiter.version == 2
    assert sorted(Identifier.objects.values_list("kind", flat=True)) == ["company", "phone"]
    assert recruiter.values_of("phone") == ["+77010001122"]
    event = AuditEvent.objects.get(action="network.perpetrator.update")
    assert event.actor == supervisor and event.detail["company"] == 1


def test_update_with_an_old_version_is_refused(recruiter, caseworker):
    services.perpetrator_update(
        actor=caseworker, perpetrator=recruiter, expected_version=1, data=_input(role="other")
    )
    with pytest.raises(StaleEdit):
        services.perpetrator_update(
            actor=caseworker, perpetrator=recruiter, expected_version=1, data=_input()
        )


def test_remove_deletes_and_audits(recruiter, caseworker, case):
    pk = recruiter.pk
    services.perpetrator_remove(actor=caseworker, perpetrator=recruiter, expected_version=1)
    assert not Perpetrator.objects.filter(pk=pk).exists()
    assert not Identifier.objects.exists()
    event = AuditEvent.objects.get(action="network.perpetrator.remove")
    assert event.object_id == str(pk) and event.detail == {"case_id": case.pk, "role": "recruiter"}


def test_remove_with_an_old_version_is_refused(recruiter, caseworker):
    with pytest.raises(ValidationError):
        services.perpetrator_remove(actor=caseworker, perpetrator=recruiter, expected_version=7)
    assert Perpetrator.objects.filter(pk=recruiter.pk).exists()


def test_remove_by_an_outsider_is_refused(recruiter, other_caseworker):
    with pytest.raises(PermissionDenied):
        services.perpetrator_remove(
            actor=other_caseworker, perpetrator=recruiter, expected_version=1
        )
