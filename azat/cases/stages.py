"""NRM stages of a case: which moves are allowed, what closing needs, and the target times.

Pure Python (no Django), so the rules can be read and tested on their own and the services,
the pages and the API all refuse the same things for the same reasons. The facts (stages, moves,
outcomes, targets, with their sources) live in ``data/stages.toml``; this module only applies
them.

Decisions, documented here and in the data file:

* Forward moves follow the seed text's order (identification → protection & assistance → return
  → reintegration), and return may be skipped when nobody needs to travel home.
* Back moves exist where real cases go back: identification reopened after new facts, a return
  that failed, a crisis during reintegration. They, and reopening a closed case, need a note, so
  the history explains itself.
* Closing is its own step (never a plain move): it needs a reason and an outcome, from any open
  stage, because people leave help at any point.
* Targets are counted from the identification date and are met when the case first reaches the
  goal stage. A case closed before reaching it is "stopped", not overdue: closing is an answer.

Refusals are codes, not sentences: the Django side turns them into translated messages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

_DATA_FILE = "stages.toml"


class Stage(StrEnum):
    IDENTIFICATION = "identification"
    PROTECTION_ASSISTANCE = "protection_assistance"
    RETURN = "return"
    REINTEGRATION = "reintegration"
    CLOSED = "closed"


class Outcome(StrEnum):
    REINTEGRATED = "reintegrated"
    RETURNED_HOME = "returned_home"
    TRANSFERRED = "transferred"
    LOST_CONTACT = "lost_contact"
    DECLINED_HELP = "declined_help"
    RE_TRAFFICKED = "re_trafficked"
    DECEASED = "deceased"


class MoveKind(StrEnum):
    FORWARD = "forward"
    BACK = "back"
    REOPEN = "reopen"


class Refusal(StrEnum):
    UNKNOWN_STAGE = "unknown_stage"
    SAME_STAGE = "same_stage"
    NOT_ALLOWED = "not_allowed"
    CLOSE_INSTEAD = "close_instead"
    NOTE_REQUIRED = "note_required"
    ALREADY_CLOSED = "already_closed"
    REASON_REQUIRED = "reason_required"
    OUTCOME_REQUIRED = "outcome_required"
    UNKNOWN_OUTCOME = "unknown_outcome"


class TargetState(StrEnum):
    RUNNING = "running"  # goal not reached yet, still in time
    MET = "met"  # goal reached on or before the due date
    MISSED = "missed"  # goal reached, but after the due date
    OVERDUE = "overdue"  # goal not reached and the due date has passed: "past target"
    STOPPED = "stopped"  # case closed before reaching the goal


VERIFIED_TAGS = frozenset({"V-P", "V-S", "seed"})


@dataclass(frozen=True)
class Provenance:
    source: str
    verification: str

    @property
    def pending_review(self) -> bool:
        """Design decisions and recalled facts are shown as pending review, never as fact."""
        return self.verification not in VERIFIED_TAGS


@dataclass(frozen=True)
class Move:
    source_stage: Stage
    target_stage: Stage
    kind: MoveKind
    why: str
    provenance: Provenance

    @property
    def needs_note(self) -> bool:
        return self.kind is not MoveKind.FORWARD


@dataclass(frozen=True)
class Target:
    id: str
    goal: Stage
    days: int
    provenance: Provenance
    # True when the organisation set its own number of days instead of the data file's.
    own: bool = False


@dataclass(frozen=True)
class Rules:
    order: Mapping[Stage, int]
    stage_provenance: Mapping[Stage, Provenance]
    moves: tuple[Move, ...]
    outcome_status: Mapping[Outcome, str]
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class Decision:
    """The answer to "may this case go there?"; `refusal` says why not."""

    allowed: bool
    refusal: Refusal | None = None
    move: Move | None = None


@dataclass(frozen=True)
class TargetStatus:
    target: Target
    due_on: dt.date
    reached_on: dt.date | None
    state: TargetState
    days_over: int

    @property
    def past_target(self) -> bool:
        return self.state is TargetState.OVERDUE


@dataclass(frozen=True)
class OverdueCandidates:
    """A database pre-filter for one target: open cases still before ``goal``, identified before
    ``identified_before``. The final word is still `target_statuses` on each case's history."""

    target: Target
    stages: frozenset[Stage]
    identified_before: dt.date


def _provenance(row: Mapping[str, Any]) -> Provenance:
    return Provenance(source=str(row["source"]), verification=str(row["verification"]))


@cache
def rules() -> Rules:
    raw = tomllib.loads(
        resources.files("azat.cases").joinpath("data", _DATA_FILE).read_text(encoding="utf-8")
    )
    source_keys = {row["key"] for row in raw["source"]}
    for section in ("stage", "move", "outcome", "target"):
        for row in raw[section]:
            if row["source"] not in source_keys:
                raise ValueError(f"{_DATA_FILE}: unknown source {row['source']!r} in [{section}]")
    order = {Stage(row["id"]): int(row["order"]) for row in raw["stage"]}
    if set(order) != set(Stage):
        raise ValueError(f"{_DATA_FILE}: stages differ from the Stage enum")
    moves = tuple(
        Move(
            source_stage=Stage(row["from"]),
            target_stage=Stage(row["to"]),
            kind=MoveKind(row["kind"]),
            why=str(row["why"]),
            provenance=_provenance(row),
        )
        for row in raw["move"]
    )
    outcome_status = {Outcome(row["id"]): str(row["htcds"]) for row in raw["outcome"]}
    if set(outcome_status) != set(Outcome):
        raise ValueError(f"{_DATA_FILE}: outcomes differ from the Outcome enum")
    targets = tuple(
        Target(
            id=str(row["id"]),
            goal=Stage(row["goal"]),
            days=int(row["days"]),
            provenance=_provenance(row),
        )
        for row in raw["target"]
    )
    return Rules(
        order=order,
        stage_provenance={Stage(row["id"]): _provenance(row) for row in raw["stage"]},
        moves=moves,
        outcome_status=outcome_status,
        targets=targets,
    )


def _as_stage(value: str) -> Stage | None:
    try:
        return Stage(value)
    except ValueError:
        return None


def allowed_moves(current: str) -> tuple[Move, ...]:
    """The stages a case may move to from ``current`` (closing is separate: `check_close`)."""
    stage = _as_stage(current)
    return tuple(move for move in rules().moves if move.source_stage is stage)


def check_move(current: str, target: str, *, note: str = "") -> Decision:
    source_stage, target_stage = _as_stage(current), _as_stage(target)
    if source_stage is None or target_stage is None:
        return Decision(False, Refusal.UNKNOWN_STAGE)
    if source_stage is target_stage:
        return Decision(False, Refusal.SAME_STAGE)
    if target_stage is Stage.CLOSED:
        return Decision(False, Refusal.CLOSE_INSTEAD)
    move = next((m for m in allowed_moves(source_stage) if m.target_stage is target_stage), None)
    if move is None:
        return Decision(False, Refusal.NOT_ALLOWED)
    if move.needs_note and not note.strip():
        return Decision(False, Refusal.NOTE_REQUIRED, move)
    return Decision(True, None, move)


def check_close(current: str, *, outcome: str, reason: str) -> Decision:
    stage = _as_stage(current)
    if stage is None:
        return Decision(False, Refusal.UNKNOWN_STAGE)
    if stage is Stage.CLOSED:
        return Decision(False, Refusal.ALREADY_CLOSED)
    if not outcome:
        return Decision(False, Refusal.OUTCOME_REQUIRED)
    if outcome not in set(Outcome):
        return Decision(False, Refusal.UNKNOWN_OUTCOME)
    if not reason.strip():
        return Decision(False, Refusal.REASON_REQUIRED)
    return Decision(True)


def htcds_status(stage: str, outcome: str = "") -> str:
    """HTCDS cas_Status for a case: open stages are Active, reintegration is the follow-up
    period (FollowUp), and a closed case exports as its outcome says."""
    current = Stage(stage)
    if current is Stage.CLOSED:
        return rules().outcome_status[Outcome(outcome)]
    if current is Stage.REINTEGRATION:
        return "FollowUp"
    return "Active"


def _goal_reached_on(goal: Stage, entered: Mapping[str, dt.date]) -> dt.date | None:
    order = rules().order
    dates = [
        day
        for name, day in entered.items()
        if (stage := _as_stage(name)) is not None
        and stage is not Stage.CLOSED
        and order[stage] >= order[goal]
    ]
    return min(dates) if dates else None


def default_reintegration_days() -> int:
    """The data file's days for identification → reintegration (used when an organisation has
    not set its own)."""
    return next(t.days for t in rules().targets if t.goal is Stage.REINTEGRATION)


def targets_for(reintegration_days: int | None) -> tuple[Target, ...]:
    """The targets with the organisation's own days for reaching reintegration, if it set any.

    The organisation decides how fast it means to work; the data file only gives the default."""
    if reintegration_days is None:
        return rules().targets
    return tuple(
        dataclasses.replace(t, days=reintegration_days, own=True)
        if t.goal is Stage.REINTEGRATION
        else t
        for t in rules().targets
    )


def target_statuses(
    *,
    identified_on: dt.date,
    current: str,
    entered: Mapping[str, dt.date],
    today: dt.date,
    targets: Sequence[Target] | None = None,
) -> tuple[TargetStatus, ...]:
    """Where the case stands against each target (the data file's unless ``targets`` is given).

    ``entered`` maps a stage to the first day the case entered it (from the stage history).
    """
    stage = Stage(current)
    statuses = []
    for target in rules().targets if targets is None else targets:
        due = identified_on + dt.timedelta(days=target.days)
        reached = _goal_reached_on(target.goal, entered)
        if reached is not None:
            state = TargetState.MET if reached <= due else TargetState.MISSED
            over = max(0, (reached - due).days)
        elif stage is Stage.CLOSED:
            state, over = TargetState.STOPPED, 0
        elif today > due:
            state, over = TargetState.OVERDUE, (today - due).days
        else:
            state, over = TargetState.RUNNING, 0
        statuses.append(TargetStatus(target, due, reached, state, over))
    return tuple(statuses)


def is_past_target(
    *,
    identified_on: dt.date,
    current: str,
    entered: Mapping[str, dt.date],
    today: dt.date,
    targets: Sequence[Target] | None = None,
) -> bool:
    return any(
        status.past_target
        for status in target_statuses(
            identified_on=identified_on,
            current=current,
            entered=entered,
            today=today,
            targets=targets,
        )
    )


def overdue_candidates(
    today: dt.date, targets: Sequence[Target] | None = None
) -> tuple[OverdueCandidates, ...]:
    order = rules().order
    return tuple(
        OverdueCandidates(
            target=target,
            stages=frozenset(
                s for s in Stage if s is not Stage.CLOSED and order[s] < order[target.goal]
            ),
            identified_before=today - dt.timedelta(days=target.days),
        )
        for target in (rules().targets if targets is None else targets)
    )
