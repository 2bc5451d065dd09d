"""The procedural path, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from azat.prosecution.procedure import Refusal, check_step, funnel_bucket, next_statuses

TODAY = dt.date(2026, 3, 1)


def step(current, target, *, on=dt.date(2026, 2, 1), last_on=dt.date(2026, 1, 1), **kw):
    return check_step(current=current, target=target, on=on, today=TODAY, last_on=last_on, **kw)


def test_registered_case_may_be_investigated_or_dismissed_only():
    assert [s.value for s in next_statuses("registered")] == ["investigation", "dismissed"]


def test_investigation_may_go_to_court():
    assert step("investigation", "court").allowed


def test_registered_case_cannot_jump_to_a_verdict():
    assert step("registered", "verdict").refusal is Refusal.NOT_ALLOWED


def test_same_status_is_refused():
    assert step("court", "court").refusal is Refusal.SAME_STATUS


def test_dismissal_needs_a_ground():
    assert step("investigation", "dismissed").refusal is Refusal.GROUND_REQUIRED
    assert step("investigation", "dismissed", ground="no_crime").allowed


def test_unknown_ground_is_refused():
    assert step("investigation", "dismissed", ground="bribe").refusal is Refusal.UNKNOWN_GROUND


def test_ground_outside_a_dismissal_is_refused():
    assert step("investigation", "court", ground="no_crime").refusal is Refusal.GROUND_NOT_EXPECTED


def test_return_from_court_needs_a_note():
    assert step("court", "returned").refusal is Refusal.NOTE_REQUIRED
    assert step("court", "returned", note="Expert report missing").allowed


def test_reopening_a_dismissed_case_needs_a_note():
    assert step("dismissed", "investigation", note=" ").refusal is Refusal.NOTE_REQUIRED


def test_verdict_may_be_appealed_and_appeal_decided():
    assert step("verdict", "appeal").allowed
    assert step("appeal", "verdict").allowed


def test_verdict_cannot_be_dismissed():
    assert step("verdict", "dismissed", ground="no_crime").refusal is Refusal.NOT_ALLOWED


def test_step_in_the_future_is_refused():
    assert step("registered", "investigation", on=dt.date(2026, 3, 2)).refusal is (
        Refusal.DATE_IN_FUTURE
    )


def test_step_before_the_previous_one_is_refused():
    refusal = step("registered", "investigation", on=dt.date(2025, 12, 31)).refusal
    assert refusal is Refusal.DATE_BEFORE_LAST


def test_step_on_the_same_day_as_the_previous_is_allowed():
    assert step("registered", "investigation", on=dt.date(2026, 1, 1)).allowed


@pytest.mark.parametrize(
    ("status", "bucket"),
    [
        ("registered", "pending"),
        ("investigation", "pending"),
        ("suspended", "pending"),
        ("returned", "pending"),
        ("court", "court"),
        ("verdict", "court"),
        ("appeal", "court"),
        ("dismissed", "dismissed"),
    ],
)
def test_every_status_falls_in_one_part_of_the_funnel(status, bucket):
    assert funnel_bucket(status) == bucket
