"""The referral state machine: which step may follow which state, and who may take it.

draft ─send─▶ sent ─accept─▶ accepted ─start─▶ in progress ─complete─▶ completed
               └─decline (reason)─▶ declined
accepted / in progress ─not complete (reason)─▶ not completed
draft / sent / accepted / in progress ─withdraw─▶ withdrawn (a reason once the receiver knows)

Pure: no Django, so every pair of (state, step) is tested without a database; the services turn a
refusal into a sentence naming the current state and the attempted step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    WITHDRAWN = "withdrawn"


class Step(StrEnum):
    SEND = "send"
    ACCEPT = "accept"
    DECLINE = "decline"
    START = "start"
    COMPLETE = "complete"
    NOT_COMPLETE = "not_complete"
    WITHDRAW = "withdraw"


class Side(StrEnum):
    """Who takes a step: the organisation that refers, or the one that provides."""

    SENDER = "sender"
    RECEIVER = "receiver"


class Refusal(StrEnum):
    UNKNOWN_STATE = "unknown_state"
    UNKNOWN_STEP = "unknown_step"
    NOT_ALLOWED = "not_allowed"
    WRONG_SIDE = "wrong_side"
    REASON_REQUIRED = "reason_required"


@dataclass(frozen=True)
class Transition:
    step: Step
    sources: frozenset[State]
    target: State
    side: Side
    needs_reason: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Step.SEND, frozenset({State.DRAFT}), State.SENT, Side.SENDER),
    Transition(Step.ACCEPT, frozenset({State.SENT}), State.ACCEPTED, Side.RECEIVER),
    Transition(Step.DECLINE, frozenset({State.SENT}), State.DECLINED, Side.RECEIVER, True),
    Transition(Step.START, frozenset({State.ACCEPTED}), State.IN_PROGRESS, Side.RECEIVER),
    Transition(Step.COMPLETE, frozenset({State.IN_PROGRESS}), State.COMPLETED, Side.RECEIVER),
    Transition(
        Step.NOT_COMPLETE,
        frozenset({State.ACCEPTED, State.IN_PROGRESS}),
        State.NOT_COMPLETED,
        Side.RECEIVER,
        True,
    ),
    Transition(
        Step.WITHDRAW,
        frozenset({State.DRAFT, State.SENT, State.ACCEPTED, State.IN_PROGRESS}),
        State.WITHDRAWN,
        Side.SENDER,
    ),
)

TERMINAL = frozenset({State.DECLINED, State.COMPLETED, State.NOT_COMPLETED, State.WITHDRAWN})
# States in which the receiver still owes an answer or a service: the due date applies.
OPEN = frozenset({State.SENT, State.ACCEPTED, State.IN_PROGRESS})
# States in which services may be recorded against the referral.
SERVICE_STATES = frozenset({State.ACCEPTED, State.IN_PROGRESS, State.COMPLETED})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    target: State | None = None
    refusal: Refusal | None = None
    side: Side | None = None


def _as[E: StrEnum](kind: type[E], value: str | E) -> E | None:
    try:
        return kind(value)
    except ValueError:
        return None


def transition_for(step: Step) -> Transition:
    return next(t for t in TRANSITIONS if t.step is step)


def needs_reason(current: str | State, step: str | Step) -> bool:
    """Withdrawing a draft needs no reason (nobody else saw it); afterwards the receiver does."""
    state, the_step = _as(State, current), _as(Step, step)
    if the_step is None:
        return False
    if the_step is Step.WITHDRAW:
        return state is not None and state is not State.DRAFT
    return transition_for(the_step).needs_reason


def check(
    current: str | State, step: str | Step, *, side: Side | None = None, reason: str = ""
) -> Decision:
    """May ``side`` take ``step`` from ``current``? ``side=None`` checks the states only."""
    state, the_step = _as(State, current), _as(Step, step)
    if state is None:
        return Decision(False, refusal=Refusal.UNKNOWN_STATE)
    if the_step is None:
        return Decision(False, refusal=Refusal.UNKNOWN_STEP)
    transition = transition_for(the_step)
    if state not in transition.sources:
        return Decision(False, refusal=Refusal.NOT_ALLOWED, side=transition.side)
    if side is not None and side is not transition.side:
        return Decision(False, refusal=Refusal.WRONG_SIDE, side=transition.side)
    if needs_reason(state, the_step) and not reason.strip():
        return Decision(False, refusal=Refusal.REASON_REQUIRED, side=transition.side)
    return Decision(True, target=transition.target, side=transition.side)


def allowed_steps(current: str | State, side: Side | None = None) -> tuple[Step, ...]:
    """Steps possible from ``current`` (for ``side``), in the order of TRANSITIONS."""
    state = _as(State, current)
    if state is None:
        return ()
    return tuple(
        t.step for t in TRANSITIONS if state in t.sources and (side is None or t.side is side)
    )


def is_overdue(current: str | State, due_on: dt.date | None, today: dt.date) -> bool:
    """Past its due date while the receiver still owes an answer or the service."""
    state = _as(State, current)
    return due_on is not None and state in OPEN and due_on < today


def days_overdue(current: str | State, due_on: dt.date | None, today: dt.date) -> int:
    if not is_overdue(current, due_on, today):
        return 0
    assert due_on is not None
    return (today - due_on).days
