"""The referral state machine, without a database: every (state, step) pair."""

import datetime as dt

import pytest

from azat.referrals.workflow import (
    TERMINAL,
    Refusal,
    Side,
    State,
    Step,
    allowed_steps,
    check,
    days_overdue,
    is_overdue,
    needs_reason,
)

# Every allowed (state, step) → target; anything not listed must be refused.
ALLOWED = {
    (State.DRAFT, Step.SEND): State.SENT,
    (State.DRAFT, Step.WITHDRAW): State.WITHDRAWN,
    (State.SENT, Step.ACCEPT): State.ACCEPTED,
    (State.SENT, Step.DECLINE): State.DECLINED,
    (State.SENT, Step.WITHDRAW): State.WITHDRAWN,
    (State.ACCEPTED, Step.START): State.IN_PROGRESS,
    (State.ACCEPTED, Step.NOT_COMPLETE): State.NOT_COMPLETED,
    (State.ACCEPTED, Step.WITHDRAW): State.WITHDRAWN,
    (State.IN_PROGRESS, Step.COMPLETE): State.COMPLETED,
    (State.IN_PROGRESS, Step.NOT_COMPLETE): State.NOT_COMPLETED,
    (State.IN_PROGRESS, Step.WITHDRAW): State.WITHDRAWN,
}


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("step", list(Step))
def test_every_pair_is_either_the_listed_move_or_refused(state, step):
    decision = check(state, step, reason="a reason")
    if (state, step) in ALLOWED:
        assert (decision.allowed, decision.target) == (True, ALLOWED[(state, step)])
    else:
        assert (decision.allowed, decision.target, decision.refusal) == (
            False,
            None,
            Refusal.NOT_ALLOWED,
        )


def test_finished_referrals_allow_no_step():
    assert {State.DECLINED, State.COMPLETED, State.NOT_COMPLETED, State.WITHDRAWN} == TERMINAL
    for state in TERMINAL:
        assert allowed_steps(state) == ()


def test_receiver_cannot_send_or_withdraw_and_sender_cannot_accept():
    assert check(State.DRAFT, Step.SEND, side=Side.RECEIVER).refusal is Refusal.WRONG_SIDE
    assert check(State.SENT, Step.WITHDRAW, side=Side.RECEIVER, reason="x").refusal is (
        Refusal.WRONG_SIDE
    )
    refused = check(State.SENT, Step.ACCEPT, side=Side.SENDER)
    assert (refused.refusal, refused.side) == (Refusal.WRONG_SIDE, Side.RECEIVER)


def test_steps_offered_to_each_side():
    assert allowed_steps(State.SENT, Side.RECEIVER) == (Step.ACCEPT, Step.DECLINE)
    assert allowed_steps(State.SENT, Side.SENDER) == (Step.WITHDRAW,)
    assert allowed_steps(State.ACCEPTED, Side.RECEIVER) == (Step.START, Step.NOT_COMPLETE)
    assert allowed_steps(State.DRAFT, Side.SENDER) == (Step.SEND, Step.WITHDRAW)


def test_declining_and_not_completing_need_a_reason():
    assert check(State.SENT, Step.DECLINE, reason="  ").refusal is Refusal.REASON_REQUIRED
    assert check(State.IN_PROGRESS, Step.NOT_COMPLETE).refusal is Refusal.REASON_REQUIRED
    assert check(State.SENT, Step.DECLINE, reason="No places").allowed is True


def test_withdrawing_needs_a_reason_only_once_the_receiver_knows():
    assert needs_reason(State.DRAFT, Step.WITHDRAW) is False
    assert check(State.DRAFT, Step.WITHDRAW).allowed is True
    assert needs_reason(State.SENT, Step.WITHDRAW) is True
    assert check(State.SENT, Step.WITHDRAW).refusal is Refusal.REASON_REQUIRED


def test_unknown_state_and_step_are_refused():
    assert check("lost", Step.SEND).refusal is Refusal.UNKNOWN_STATE
    assert check(State.DRAFT, "teleport").refusal is Refusal.UNKNOWN_STEP
    assert allowed_steps("lost") == ()


def test_overdue_only_while_the_receiver_still_owes_something():
    today = dt.date(2026, 3, 10)
    due = dt.date(2026, 3, 7)
    assert is_overdue(State.SENT, due, today) is True
    assert days_overdue(State.IN_PROGRESS, due, today) == 3
    assert is_overdue(State.SENT, today, today) is False
    assert is_overdue(State.DRAFT, due, today) is False
    assert is_overdue(State.COMPLETED, due, today) is False
    assert is_overdue(State.SENT, None, today) is False
    assert days_overdue(State.DECLINED, due, today) == 0
