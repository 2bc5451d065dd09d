from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from azat.core.models import AuditEvent
from azat.core.services import StaleEdit
from azat.hotline import services
from azat.hotline.models import AlertedType, Call, CallStatus, EmergencyEscalation


def _event(action: str) -> AuditEvent:
    return AuditEvent.objects.get(action=action)


def test_call_start_opens_an_anonymous_call_and_audits_it(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline, channel="whatsapp")
    assert call.status == CallStatus.OPEN
    assert call.is_anonymous is True
    assert call.operator == operator
    event = _event("hotline.call.start")
    assert event.actor == operator
    assert event.organisation == hotline.organisation
    assert event.object_id == str(call.pk)
    assert event.detail == {"hotline": hotline.pk, "channel": "whatsapp", "fields": ["channel"]}


def test_call_start_refuses_an_operator_of_another_organisation(outsider, hotline):
    with pytest.raises(PermissionDenied):
        services.call_start(actor=outsider, hotline=hotline)
    assert not Call.objects.exists()
    assert not AuditEvent.objects.filter(action="hotline.call.start").exists()


def test_call_start_refuses_a_caseworker_of_the_same_organisation(caseworker, hotline):
    with pytest.raises(PermissionDenied):
        services.call_start(actor=caseworker, hotline=hotline)


def test_call_update_saves_changes_and_audits_field_names_only(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    services.call_update(
        actor=operator,
        call=call,
        expected_version=1,
        notes="He says the employer keeps his passport",
        topic="trafficking_report",
    )
    call.refresh_from_db()
    assert call.version == 2
    assert call.notes == "He says the employer keeps his passport"
    event = _event("hotline.call.update")
    assert event.detail == {"fields": ["notes", "topic"], "version": 2}
    assert "passport" not in str(event.detail)


def test_call_notes_are_stored_encrypted(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    services.call_update(actor=operator, call=call, expected_version=1, notes="secret words")
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM hotline_call WHERE id = %s", [call.pk])
        raw = cursor.fetchone()[0]
    assert "secret words" not in raw


def test_call_update_with_a_stale_version_is_refused(operator, supervisor, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    services.call_update(actor=supervisor, call=call, expected_version=1, topic="other")
    stale = Call.objects.get(pk=call.pk)
    with pytest.raises(StaleEdit):
        services.call_update(actor=operator, call=stale, expected_version=1, topic="help_request")
    assert Call.objects.get(pk=call.pk).topic == "other"
    assert AuditEvent.objects.filter(action="hotline.call.update").count() == 1


def test_name_of_an_anonymous_caller_is_refused(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    with pytest.raises(ValidationError) as exc:
        services.call_update(actor=operator, call=call, expected_version=1, caller_name="Asel")
    assert "is_anonymous" in exc.value.message_dict


def test_safe_contact_needs_callback_consent(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    with pytest.raises(ValidationError) as exc:
        services.call_update(
            actor=operator, call=call, expected_version=1, safe_contact="after 19:00"
        )
    assert "safe_contact" in exc.value.message_dict


def test_unknown_advice_id_is_refused(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    with pytest.raises(ValidationError) as exc:
        services.call_update(
            actor=operator, call=call, expected_version=1, advice_given=["ADV_NOPE"]
        )
    assert "advice_given" in exc.value.message_dict


def test_call_close_needs_an_outcome(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    with pytest.raises(ValidationError) as exc:
        services.call_close(actor=operator, call=call, expected_version=1)
    assert "outcome" in exc.value.message_dict
    assert Call.objects.get(pk=call.pk).status == CallStatus.OPEN


def test_call_close_records_duration_and_audits_outcome(operator, hotline):
    started = timezone.now() - dt.timedelta(minutes=7, seconds=5)
    call = services.call_start(actor=operator, hotline=hotline, started_at=started)
    ended = started + dt.timedelta(minutes=7, seconds=5)
    services.call_close(
        actor=operator, call=call, expected_version=1, ended_at=ended, outcome="advice_given"
    )
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    assert call.duration_seconds == 425
    assert call.ended_at == ended
    event = _event("hotline.call.close")
    assert event.detail == {
        "outcome": "advice_given",
        "duration_seconds": 425,
        "fields": ["outcome"],
    }


def test_call_cannot_be_closed_twice(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    services.call_close(actor=operator, call=call, expected_version=1, outcome="advice_given")
    with pytest.raises(ValidationError):
        services.call_close(actor=operator, call=call, expected_version=2)


def test_emergency_escalation_records_who_and_when_without_touching_the_call(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    at = timezone.now() - dt.timedelta(minutes=1)
    escalation = services.call_escalate_emergency(
        actor=operator,
        call=call,
        alerted_type=AlertedType.POLICE,
        alerted_who="Duty officer, 102",
        alerted_at=at,
    )
    escalation = EmergencyEscalation.objects.get(pk=escalation.pk)
    assert escalation.alerted_who == "Duty officer, 102"
    assert escalation.alerted_by == operator
    assert escalation.alerted_at == at
    assert Call.objects.get(pk=call.pk).version == 1
    event = _event("hotline.call.escalate_emergency")
    assert event.detail == {"escalation": escalation.pk, "alerted_type": "police"}
    assert event.object_id == str(call.pk)


def test_emergency_escalation_needs_a_known_service(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    with pytest.raises(ValidationError):
        services.call_escalate_emergency(actor=operator, call=call, alerted_type="neighbour")
    assert not EmergencyEscalation.objects.exists()


def test_emergency_escalation_refused_for_another_organisation(operator, outsider, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    with pytest.raises(PermissionDenied):
        services.call_escalate_emergency(actor=outsider, call=call, alerted_type="police")


def test_form_save_with_a_stale_version_records_no_escalation(operator, supervisor, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    services.call_update(actor=supervisor, call=call, expected_version=call.version, notes="x")
    with pytest.raises(StaleEdit):
        services.call_save_from_form(
            actor=operator,
            call=Call.objects.get(pk=call.pk),
            expected_version=1,
            action="emergency",
            changes={"notes": "in danger"},
            escalation={"alerted_type": AlertedType.POLICE, "alerted_who": "102"},
        )
    assert EmergencyEscalation.objects.count() == 0
    assert not AuditEvent.objects.filter(action="hotline.call.escalate_emergency").exists()


def test_form_emergency_saves_the_edits_and_the_escalation_together(operator, hotline):
    call = services.call_start(actor=operator, hotline=hotline)
    services.call_save_from_form(
        actor=operator,
        call=call,
        expected_version=call.version,
        action="emergency",
        changes={"notes": "in danger"},
        escalation={"alerted_type": AlertedType.POLICE, "alerted_who": "102"},
    )
    assert Call.objects.get(pk=call.pk).notes == "in danger"
    assert EmergencyEscalation.objects.filter(call=call).count() == 1
