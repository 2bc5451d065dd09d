from __future__ import annotations

import datetime as dt

from django.utils import timezone

from azat.core.models import AuditEvent
from azat.hotline.models import Call, CallStatus, EmergencyEscalation
from azat.hotline.tests.conftest import make_call, make_hotline

EDIT = "/en/work/hotline/calls/{}/"
LIST = "/en/work/hotline/"
STATS = "/en/work/hotline/statistics/"


def _post_data(call, **extra):
    data = {
        "version": call.version,
        "channel": "phone",
        "caller_type": "migrant_abroad",
        "topic": "help_request",
        "language": "ru",
        "caller_country": "KG",
        "person_country": "RU",
        "notes": "",
        "is_anonymous": "on",
        "caller_name": "",
        "caller_contact": "",
        "safe_contact": "",
        "follow_up_due": "",
        "outcome": "",
        "action": "save",
    }
    data.update(extra)
    return data


def test_operator_sees_only_own_hotline_calls_in_work_list(
    operator, hotline, other_hotline, client_for, make_member
):
    mine = make_call(hotline, operator, topic="safe_migration")
    theirs = make_call(other_hotline, operator)
    response = client_for(operator).get(LIST)
    assert response.status_code == 200
    assert f"#{mine.pk}" in response.text
    assert EDIT.format(theirs.pk) not in response.text


def test_operator_opens_own_call_and_the_read_is_audited(operator, hotline, client_for):
    call = make_call(hotline, operator)
    response = client_for(operator).get(EDIT.format(call.pk))
    assert response.status_code == 200
    assert "Emergency: person in danger now" in response.text
    assert AuditEvent.objects.filter(action="hotline.call.view", object_id=str(call.pk)).exists()


def test_supervisor_of_the_organisation_sees_the_call(operator, supervisor, hotline, client_for):
    call = make_call(hotline, operator)
    assert client_for(supervisor).get(EDIT.format(call.pk)).status_code == 200


def test_caseworker_gets_not_found_for_a_call(operator, caseworker, hotline, client_for):
    call = make_call(hotline, operator)
    assert client_for(caseworker).get(EDIT.format(call.pk)).status_code == 404
    assert client_for(caseworker).get(LIST).status_code == 404


def test_operator_of_another_organisation_gets_not_found(operator, outsider, hotline, client_for):
    call = make_call(hotline, operator)
    response = client_for(outsider).get(EDIT.format(call.pk))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="hotline.call.view").exists()


def test_analyst_gets_counts_but_no_call(operator, analyst, hotline, client_for):
    call = make_call(hotline, operator, topic="trafficking_report", notes="very private")
    client = client_for(analyst)
    assert client.get(EDIT.format(call.pk)).status_code == 404
    assert client.get(LIST).status_code == 404
    response = client.get(STATS)
    assert response.status_code == 200
    assert "very private" not in response.text
    assert EDIT.format(call.pk) not in response.text


def test_analyst_counts_hide_small_cells(operator, analyst, hotline, client_for):
    for _ in range(2):
        make_call(hotline, operator, topic="trafficking_report")
    for _ in range(6):
        make_call(hotline, operator, topic="safe_migration")
    response = client_for(analyst).get(STATS)
    stats = response.context["stats"]
    by_topic = {cell.key: cell.count for cell in stats.by_topic}
    assert by_topic["safe_migration"] == 6
    assert by_topic["trafficking_report"] is None
    assert by_topic["missing_person"] == 0
    assert stats.total == 8


def test_supervisor_counts_own_organisation_by_day_topic_and_outcome(
    operator, supervisor, hotline, other_hotline, client_for
):
    yesterday = timezone.now() - dt.timedelta(days=1)
    make_call(hotline, operator, topic="help_request", outcome="advice_given")
    make_call(hotline, operator, topic="help_request", started_at=yesterday)
    make_call(other_hotline, operator, topic="help_request")
    response = client_for(supervisor).get(STATS)
    stats = response.context["stats"]
    assert stats.total == 2
    assert {c.key: c.count for c in stats.by_topic}["help_request"] == 2
    assert {c.key: c.count for c in stats.by_outcome}["advice_given"] == 1
    assert [c.count for c in stats.by_day[-2:]] == [1, 1]


def test_operator_cannot_see_statistics(operator, client_for, hotline):
    assert client_for(operator).get(STATS).status_code == 404


def test_start_call_creates_a_call_and_opens_the_form(operator, hotline, client_for):
    response = client_for(operator).post("/en/work/hotline/calls/start/")
    call = Call.objects.get()
    assert response.status_code == 302
    assert response["Location"] == EDIT.format(call.pk)
    assert call.hotline == hotline


def test_start_call_without_a_hotline_explains_and_creates_nothing(
    make_member, make_org, client_for
):
    lonely = make_member("operator", make_org("hotline", "KG", name="No line yet"))
    response = client_for(lonely).post("/en/work/hotline/calls/start/", follow=True)
    assert not Call.objects.exists()
    assert response.status_code == 200


def test_saving_the_call_form_updates_the_call(operator, hotline, client_for):
    call = make_call(hotline, operator)
    data = _post_data(call, notes="Lost contact with her sister", advice_given=["ADV_HOTLINE"])
    response = client_for(operator).post(EDIT.format(call.pk), data)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.notes == "Lost contact with her sister"
    assert call.advice_given == ["ADV_HOTLINE"]
    assert call.topic == "help_request"
    assert call.version == 2


def test_form_keeps_what_was_typed_when_the_service_refuses(operator, hotline, client_for):
    call = make_call(hotline, operator)
    data = _post_data(call, caller_name="Asel", notes="typed notes")
    response = client_for(operator).post(EDIT.format(call.pk), data)
    assert response.status_code == 200
    assert "typed notes" in response.text
    assert "untick" in response.text
    assert Call.objects.get(pk=call.pk).version == 1


def test_stale_form_shows_who_changed_it(operator, supervisor, hotline, client_for):
    call = make_call(hotline, operator)
    client_for(supervisor).post(EDIT.format(call.pk), _post_data(call, notes="first"))
    response = client_for(operator).post(EDIT.format(call.pk), _post_data(call, notes="second"))
    assert response.status_code == 200
    assert "was changed by" in response.text
    assert Call.objects.get(pk=call.pk).notes == "first"


def test_ending_the_call_needs_an_outcome_then_closes_it(operator, hotline, client_for):
    call = make_call(hotline, operator)
    client = client_for(operator)
    response = client.post(EDIT.format(call.pk), _post_data(call, action="close"))
    assert response.status_code == 200
    assert Call.objects.get(pk=call.pk).status == CallStatus.OPEN
    response = client.post(
        EDIT.format(call.pk), _post_data(call, action="close", outcome="referral_suggested")
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    assert call.outcome == "referral_suggested"


def test_emergency_action_saves_the_call_and_records_the_escalation(operator, hotline, client_for):
    call = make_call(hotline, operator)
    data = _post_data(
        call,
        action="emergency",
        notes="She is locked in",
        **{"em-alerted_type": "police", "em-alerted_who": "Duty officer 102"},
    )
    response = client_for(operator).post(EDIT.format(call.pk), data)
    assert response.status_code == 302
    escalation = EmergencyEscalation.objects.get()
    assert escalation.alerted_type == "police"
    assert escalation.alerted_who == "Duty officer 102"
    assert Call.objects.get(pk=call.pk).notes == "She is locked in"


def test_emergency_without_a_service_is_refused_and_keeps_the_notes(operator, hotline, client_for):
    call = make_call(hotline, operator)
    data = _post_data(call, action="emergency", notes="keep me")
    response = client_for(operator).post(EDIT.format(call.pk), data)
    assert response.status_code == 200
    assert "keep me" in response.text
    assert not EmergencyEscalation.objects.exists()


def test_work_list_shows_emergencies_and_follow_ups(operator, hotline, client_for):
    call = make_call(hotline, operator, follow_up_due=timezone.localdate())
    EmergencyEscalation.objects.create(call=call, alerted_type="ambulance", alerted_by=operator)
    other = make_hotline(hotline.organisation, name="Line 2")
    make_call(other, operator, follow_up_due=timezone.localdate(), follow_up_done=True)
    response = client_for(operator).get(LIST)
    lists = response.context["lists"]
    assert [c.pk for c in lists.follow_ups] == [call.pk]
    assert [e.call_id for e in lists.emergencies] == [call.pk]
    assert "Ambulance" in response.text
