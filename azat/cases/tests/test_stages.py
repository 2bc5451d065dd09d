"""The NRM stage rules, without a database."""

import datetime as dt

import pytest

from azat.cases import stages
from azat.cases.stages import MoveKind, Outcome, Refusal, Stage, TargetState

D = dt.date


def test_forward_moves_follow_the_nrm_order():
    assert stages.check_move("identification", "protection_assistance").allowed
    assert stages.check_move("protection_assistance", "return").allowed
    assert stages.check_move("return", "reintegration").allowed


def test_return_may_be_skipped_when_nobody_travels():
    decision = stages.check_move("protection_assistance", "reintegration")
    assert decision.allowed
    assert decision.move is not None and decision.move.kind is MoveKind.FORWARD


def test_skipping_protection_is_refused():
    assert stages.check_move("identification", "return") == stages.Decision(
        False, Refusal.NOT_ALLOWED
    )
    assert stages.check_move("identification", "reintegration").refusal is Refusal.NOT_ALLOWED


def test_back_move_needs_a_note():
    refused = stages.check_move("return", "protection_assistance")
    assert refused.allowed is False and refused.refusal is Refusal.NOTE_REQUIRED
    allowed = stages.check_move("return", "protection_assistance", note="flight cancelled")
    assert allowed.allowed and allowed.move is not None and allowed.move.kind is MoveKind.BACK


def test_blank_note_counts_as_no_note():
    assert stages.check_move("reintegration", "protection_assistance", note="  ").refusal is (
        Refusal.NOTE_REQUIRED
    )


def test_reopening_a_closed_case_goes_to_protection_with_a_note():
    assert stages.check_move("closed", "protection_assistance", note="came back").allowed
    assert stages.check_move("closed", "protection_assistance").refusal is Refusal.NOTE_REQUIRED
    assert stages.check_move("closed", "reintegration", note="x").refusal is Refusal.NOT_ALLOWED
    assert stages.check_move("closed", "identification", note="x").refusal is Refusal.NOT_ALLOWED


def test_moving_into_closed_must_go_through_closing():
    assert stages.check_move("reintegration", "closed").refusal is Refusal.CLOSE_INSTEAD


def test_same_stage_and_unknown_stage_are_refused():
    assert stages.check_move("return", "return").refusal is Refusal.SAME_STAGE
    assert stages.check_move("return", "limbo").refusal is Refusal.UNKNOWN_STAGE
    assert stages.check_move("limbo", "return").refusal is Refusal.UNKNOWN_STAGE


ALL_PAIRS = [(a, b) for a in Stage for b in Stage]
ALLOWED = {
    ("identification", "protection_assistance"),
    ("protection_assistance", "return"),
    ("protection_assistance", "reintegration"),
    ("protection_assistance", "identification"),
    ("return", "reintegration"),
    ("return", "protection_assistance"),
    ("reintegration", "protection_assistance"),
    ("closed", "protection_assistance"),
}


@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
def test_exactly_the_documented_moves_are_allowed(source, target):
    decision = stages.check_move(source, target, note="because")
    assert decision.allowed is ((source.value, target.value) in ALLOWED)
    if not decision.allowed:
        assert decision.refusal is not None


def test_allowed_moves_lists_targets_in_file_order():
    targets = [m.target_stage for m in stages.allowed_moves("protection_assistance")]
    assert targets == [Stage.RETURN, Stage.REINTEGRATION, Stage.IDENTIFICATION]
    assert stages.allowed_moves("nowhere") == ()


def test_closing_needs_outcome_then_reason():
    assert stages.check_close("return", outcome="", reason="").refusal is (Refusal.OUTCOME_REQUIRED)
    assert stages.check_close("return", outcome="lost_contact", reason=" ").refusal is (
        Refusal.REASON_REQUIRED
    )
    assert stages.check_close("return", outcome="happy", reason="x").refusal is (
        Refusal.UNKNOWN_OUTCOME
    )
    assert stages.check_close("return", outcome="lost_contact", reason="phone off").allowed


def test_closed_case_cannot_be_closed_again():
    decision = stages.check_close("closed", outcome="reintegrated", reason="x")
    assert decision.refusal is Refusal.ALREADY_CLOSED


@pytest.mark.parametrize("stage", [s for s in Stage if s is not Stage.CLOSED])
def test_any_open_stage_can_close(stage):
    assert stages.check_close(stage, outcome="declined_help", reason="said no").allowed


def test_htcds_status_follows_stage_and_outcome():
    assert stages.htcds_status("identification") == "Active"
    assert stages.htcds_status("return") == "Active"
    assert stages.htcds_status("reintegration") == "FollowUp"
    assert stages.htcds_status("closed", "transferred") == "ClosedReferred"
    assert stages.htcds_status("closed", "deceased") == "Closed"


def test_every_outcome_has_an_htcds_status():
    assert set(stages.rules().outcome_status) == set(Outcome)


def test_default_target_is_ninety_days_to_reintegration_from_the_seed_text():
    (target,) = stages.rules().targets
    assert (target.id, target.goal, target.days) == ("adaptation", Stage.REINTEGRATION, 90)
    assert target.provenance.verification == "seed"
    assert target.provenance.pending_review is False


def test_design_moves_are_marked_pending_review():
    move = stages.allowed_moves("closed")[0]
    assert move.provenance.verification == "INF"
    assert move.provenance.pending_review is True


def _status(current, entered, today, identified=None):
    (status,) = stages.target_statuses(
        identified_on=identified or D(2026, 1, 1), current=current, entered=entered, today=today
    )
    return status


def test_case_still_in_protection_after_ninety_days_is_past_target():
    status = _status("protection_assistance", {"identification": D(2026, 1, 1)}, D(2026, 4, 10))
    assert status.due_on == D(2026, 4, 1)
    assert status.state is TargetState.OVERDUE and status.days_over == 9
    assert status.past_target


def test_due_day_itself_is_not_past_target():
    status = _status("return", {}, D(2026, 4, 1))
    assert status.state is TargetState.RUNNING and not status.past_target


def test_reaching_reintegration_in_time_meets_the_target_even_after_a_back_move():
    entered = {"identification": D(2026, 1, 1), "reintegration": D(2026, 3, 1)}
    status = _status("protection_assistance", entered, D(2026, 9, 1))
    assert status.state is TargetState.MET and status.reached_on == D(2026, 3, 1)


def test_late_reintegration_is_missed_not_overdue():
    status = _status("reintegration", {"reintegration": D(2026, 4, 6)}, D(2026, 9, 1))
    assert (status.state, status.days_over, status.past_target) == (TargetState.MISSED, 5, False)


def test_closed_before_the_goal_is_stopped_not_overdue():
    status = _status("closed", {"closed": D(2026, 2, 1)}, D(2026, 9, 1))
    assert status.state is TargetState.STOPPED and not status.past_target


def test_is_past_target_summarises_the_statuses():
    assert stages.is_past_target(
        identified_on=D(2026, 1, 1), current="identification", entered={}, today=D(2026, 6, 1)
    )
    assert not stages.is_past_target(
        identified_on=D(2026, 1, 1), current="identification", entered={}, today=D(2026, 2, 1)
    )


def test_overdue_candidates_give_the_database_prefilter():
    (candidate,) = stages.overdue_candidates(D(2026, 4, 10))
    assert candidate.stages == frozenset(
        {Stage.IDENTIFICATION, Stage.PROTECTION_ASSISTANCE, Stage.RETURN}
    )
    assert candidate.identified_before == D(2026, 1, 10)
