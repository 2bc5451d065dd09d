"""The procedural path of a criminal case: which step may follow which, and what each step needs.

Pure Python (no Django), so the rules are read and tested on their own and the services, the
pages and the API refuse the same steps for the same reasons.

The stages are the ones the five codes of criminal procedure share in substance (their names
and article numbers differ): a case is registered, investigated, possibly suspended (the
suspect cannot be found, the victim is abroad), and then either dismissed on a legal ground or
sent to court. A court may send it back for further investigation; a verdict may be appealed,
and the appeal court may decide itself or send the case back. These are design decisions,
not legal facts of one country: the exact ground of a dismissal is recorded as a code plus the
article cited in the note.

Three steps need a note, because the history must explain them: reopening a dismissed case (a
prosecutor quashed the dismissal), and a return for further investigation by the court or the
appeal court (the court's reasons say what is still to be investigated).

Refusals are codes; the Django side turns them into translated sentences.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    REGISTERED = "registered"
    INVESTIGATION = "investigation"
    SUSPENDED = "suspended"
    COURT = "court"
    DISMISSED = "dismissed"
    RETURNED = "returned"
    VERDICT = "verdict"
    APPEAL = "appeal"


class Ground(StrEnum):
    """Why a case was dismissed: the categories the procedure codes share."""

    NO_EVENT = "no_event"  # the event of a crime did not happen
    NO_CRIME = "no_crime"  # absence of a crime (corpus delicti) in the act
    NOT_PROVEN = "not_proven"  # the suspect's part in the crime is not proven
    LIMITATION = "limitation"  # the limitation period has expired
    DEATH = "death"  # the suspect died
    AMNESTY = "amnesty"  # an act of amnesty
    RECONCILIATION = "reconciliation"  # reconciliation with the victim, where the law allows it
    OTHER = "other"


class Refusal(StrEnum):
    SAME_STATUS = "same_status"
    NOT_ALLOWED = "not_allowed"
    GROUND_REQUIRED = "ground_required"
    GROUND_NOT_EXPECTED = "ground_not_expected"
    UNKNOWN_GROUND = "unknown_ground"
    NOTE_REQUIRED = "note_required"
    DATE_IN_FUTURE = "date_in_future"
    DATE_BEFORE_LAST = "date_before_last"


# Which statuses may follow each status. The first status of every case is REGISTERED.
TRANSITIONS: dict[Status, tuple[Status, ...]] = {
    Status.REGISTERED: (Status.INVESTIGATION, Status.DISMISSED),
    Status.INVESTIGATION: (Status.SUSPENDED, Status.COURT, Status.DISMISSED),
    Status.SUSPENDED: (Status.INVESTIGATION, Status.DISMISSED),
    Status.COURT: (Status.VERDICT, Status.RETURNED),
    Status.RETURNED: (Status.INVESTIGATION, Status.COURT, Status.DISMISSED),
    Status.VERDICT: (Status.APPEAL,),
    Status.APPEAL: (Status.VERDICT, Status.RETURNED),
    Status.DISMISSED: (Status.INVESTIGATION,),
}

# Steps whose reasons the history must keep.
NOTE_REQUIRED: frozenset[tuple[Status, Status]] = frozenset(
    {
        (Status.DISMISSED, Status.INVESTIGATION),  # a dismissal quashed
        (Status.COURT, Status.RETURNED),
        (Status.APPEAL, Status.RETURNED),
    }
)

# Where a case stands in the funnel: sent to court (or beyond), dismissed, or still pending.
AT_COURT = frozenset({Status.COURT, Status.VERDICT, Status.APPEAL})
PENDING = frozenset({Status.REGISTERED, Status.INVESTIGATION, Status.SUSPENDED, Status.RETURNED})
# Per-defendant verdicts are recorded only once the court has decided.
VERDICT_STATUSES = frozenset({Status.VERDICT, Status.APPEAL})


@dataclass(frozen=True)
class Decision:
    refusal: Refusal | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def next_statuses(current: str) -> tuple[Status, ...]:
    return TRANSITIONS.get(Status(current), ())


def check_step(
    *,
    current: str,
    target: str,
    on: dt.date,
    today: dt.date,
    last_on: dt.date | None,
    ground: str = "",
    note: str = "",
) -> Decision:
    """May a case at `current` (last step dated `last_on`) move to `target` on the day `on`?"""
    source, goal = Status(current), Status(target)
    if source is goal:
        return Decision(Refusal.SAME_STATUS)
    if goal not in TRANSITIONS[source]:
        return Decision(Refusal.NOT_ALLOWED)
    if on > today:
        return Decision(Refusal.DATE_IN_FUTURE)
    if last_on is not None and on < last_on:
        return Decision(Refusal.DATE_BEFORE_LAST)
    if goal is Status.DISMISSED and not ground:
        return Decision(Refusal.GROUND_REQUIRED)
    if goal is not Status.DISMISSED and ground:
        return Decision(Refusal.GROUND_NOT_EXPECTED)
    if ground and ground not in {g.value for g in Ground}:
        return Decision(Refusal.UNKNOWN_GROUND)
    if (source, goal) in NOTE_REQUIRED and not note.strip():
        return Decision(Refusal.NOTE_REQUIRED)
    return Decision()


def funnel_bucket(status: str) -> str:
    """`court`, `dismissed` or `pending`: the three parts a year's registered cases split into."""
    current = Status(status)
    if current in AT_COURT:
        return "court"
    if current is Status.DISMISSED:
        return "dismissed"
    return "pending"
