from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from azat.core.models import AuditEvent
from azat.core.services import StaleEdit
from azat.hotline.tests.conftest import make_call
from azat.screening import services
from azat.screening.models import Screening, ScreeningState

# A 16-year-old recruited and exploited: two strong exploitation indicators for a child.
CHILD_EXPLOITED = {"EX01": True, "EX02": True}


def test_create_starts_an_empty_draft_and_audits_it(operator, hotline_org):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    assert screening.state == ScreeningState.DRAFT
    assert screening.status == "not_indicated"
    assert screening.rule == "NOT_INDICATED"
    event = AuditEvent.objects.get(action="screening.screening.create")
    assert event.actor == operator
    assert event.object_id == str(screening.pk)
    assert event.detail["status"] == "not_indicated"
    assert event.detail["answered"] == 0
    assert event.detail["call"] is None


def test_caseworker_may_screen_but_analyst_may_not(caseworker, analyst, hotline_org):
    assert services.screening_create(actor=caseworker, organisation=hotline_org).pk
    with pytest.raises(PermissionDenied):
        services.screening_create(actor=analyst, organisation=hotline_org)


def test_caseworker_cannot_link_a_call(caseworker, operator, hotline, hotline_org):
    call = make_call(hotline, operator)
    with pytest.raises(PermissionDenied):
        services.screening_create(actor=caseworker, organisation=hotline_org, call=call)


def test_operator_links_own_hotline_call(operator, hotline, hotline_org):
    call = make_call(hotline, operator)
    screening = services.screening_create(actor=operator, organisation=hotline_org, call=call)
    assert screening.call == call
    assert AuditEvent.objects.get(action="screening.screening.create").detail["call"] == call.pk


def test_save_runs_the_engine_and_caches_status_and_rule(operator, hotline_org):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    services.screening_save(
        actor=operator,
        screening=screening,
        expected_version=1,
        age=16,
        minor=None,
        profile="labour",
        acts=["ACT_RECRUITMENT"],
        answers={**CHILD_EXPLOITED, "DR01": None},
    )
    screening = Screening.objects.get(pk=screening.pk)
    assert screening.status == "presumed_victim"
    assert screening.rule == "CHILD_PALERMO_3C"
    assert screening.answers == CHILD_EXPLOITED  # unknown answers are not stored
    assert screening.acts == ["ACT_RECRUITMENT"]
    assert screening.state == ScreeningState.DRAFT
    event = AuditEvent.objects.get(action="screening.screening.save")
    assert event.detail == {
        "status": "presumed_victim",
        "rule": "CHILD_PALERMO_3C",
        "state": "draft",
        "answered": 2,
        "acts": 1,
        "consent_to_open_case": False,
        "consent_changed": False,
    }


def test_answers_are_stored_encrypted(operator, hotline_org):
    screening = services.screening_create(
        actor=operator, organisation=hotline_org, answers=CHILD_EXPLOITED
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM screening_screening WHERE id = %s", [screening.pk])
        raw = cursor.fetchone()[0]
    assert "EX01" not in raw


def test_complete_and_consent_are_recorded_with_who_and_when(operator, hotline_org):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    services.screening_save(
        actor=operator,
        screening=screening,
        expected_version=1,
        age=30,
        minor=None,
        profile="",
        acts=[],
        answers={},
        complete=True,
        consent_to_open_case=True,
    )
    screening = Screening.objects.get(pk=screening.pk)
    assert screening.state == ScreeningState.COMPLETE
    assert screening.consent_to_open_case is True
    assert screening.consent_recorded_by == operator
    assert screening.consent_recorded_at is not None
    event = AuditEvent.objects.get(action="screening.screening.complete")
    assert event.detail["consent_changed"] is True


def test_unknown_indicator_is_refused_naming_it(operator, hotline_org):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    with pytest.raises(ValidationError) as exc:
        services.screening_save(
            actor=operator,
            screening=screening,
            expected_version=1,
            age=None,
            minor=None,
            profile="",
            acts=[],
            answers={"XX99": True},
        )
    assert exc.value.message_dict == {"answers": ["indicators.XX99: unknown indicator id"]}
    assert not AuditEvent.objects.filter(action="screening.screening.save").exists()


def test_stale_screening_save_is_refused(operator, supervisor, hotline_org):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    args = {"age": None, "minor": None, "profile": "", "acts": [], "answers": {}}
    services.screening_save(actor=supervisor, screening=screening, expected_version=1, **args)
    old = Screening.objects.get(pk=screening.pk)
    with pytest.raises(StaleEdit):
        services.screening_save(actor=operator, screening=old, expected_version=1, **args)
