"""Reads for calls. Operators and supervisors see their own organisation's calls; caseworkers see
no call at all (a case will link one later); analysts see counts only, never a call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from azat.accounts.models import Membership, User
from azat.accounts.roles import Role
from azat.core.gates import get_visible_or_404
from azat.core.services import audit_record
from azat.hotline.models import Call, EmergencyEscalation, Hotline, Outcome, Topic

CALL_READERS = frozenset({Role.OPERATOR, Role.SUPERVISOR})
STATS_READERS = frozenset({Role.SUPERVISOR, Role.ANALYST})
# Analysts see every organisation's counts; cells this small could point at one caller.
SMALL_CELL = 5
HOTLINE_MANAGERS = frozenset({Role.ORG_ADMIN, Role.SUPERVISOR})


def hotline_list(*, user: User, membership: Membership) -> QuerySet[Hotline]:
    if membership.role not in CALL_READERS:
        return Hotline.objects.none()
    return Hotline.objects.filter(organisation_id=membership.organisation_id, is_active=True)


def hotline_manage_list(*, user: User, membership: Membership) -> QuerySet[Hotline]:
    """Every hotline of the organisation, inactive ones too, for those who set them up."""
    if membership.role not in HOTLINE_MANAGERS:
        return Hotline.objects.none()
    return Hotline.objects.filter(organisation_id=membership.organisation_id).order_by(
        "-is_active", "name", "pk"
    )


def hotline_get_for_user(*, user: User, membership: Membership, id: int) -> Hotline:
    """A hotline is a public service, not a protected record, so reading it is not audited."""
    return get_visible_or_404(hotline_manage_list(user=user, membership=membership), pk=id)


def call_list(*, user: User, membership: Membership) -> QuerySet[Call]:
    if membership.role not in CALL_READERS:
        return Call.objects.none()
    return Call.objects.select_related("hotline", "operator").filter(
        hotline__organisation_id=membership.organisation_id
    )


def call_get_for_user(*, user: User, membership: Membership, id: int) -> Call:
    """The gate for one call; reading it is an audit event, since notes may name a person."""
    call = get_visible_or_404(call_list(user=user, membership=membership), pk=id)
    audit_record(
        actor=user,
        action="hotline.call.view",
        target=call,
        organisation=call.hotline.organisation,
    )
    return call


def escalation_list(*, user: User, membership: Membership) -> QuerySet[EmergencyEscalation]:
    if membership.role not in CALL_READERS:
        return EmergencyEscalation.objects.none()
    return EmergencyEscalation.objects.select_related("call", "alerted_by").filter(
        call__hotline__organisation_id=membership.organisation_id
    )


@dataclass(frozen=True)
class WorkList:
    today: list[Call]
    follow_ups: list[Call]
    emergencies: list[EmergencyEscalation]


def work_list(*, user: User, membership: Membership, now: dt.datetime | None = None) -> WorkList:
    moment = timezone.localtime(now or timezone.now())
    start_of_day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    calls = call_list(user=user, membership=membership)
    return WorkList(
        today=list(calls.filter(started_at__gte=start_of_day)),
        follow_ups=list(
            calls.filter(follow_up_due__isnull=False, follow_up_done=False).order_by(
                "follow_up_due", "pk"
            )
        ),
        emergencies=list(
            escalation_list(user=user, membership=membership).filter(
                alerted_at__gte=moment - dt.timedelta(days=7)
            )
        ),
    )


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int | None  # None: suppressed (fewer than SMALL_CELL, but not zero)


@dataclass(frozen=True)
class CallStats:
    days: int
    total: int | None
    by_day: list[Cell]
    by_topic: list[Cell]
    by_outcome: list[Cell]
    suppressed: bool
    scope_all: bool


def _cell(key: str, label: str, count: int, suppress: bool) -> Cell:
    hidden = suppress and 0 < count < SMALL_CELL
    return Cell(key, label, None if hidden else count)


def call_stats(
    *, user: User, membership: Membership, days: int = 14, today: dt.date | None = None
) -> CallStats:
    """Counts of calls by day, topic and outcome: no call, no operator, no free text.

    Supervisors count their own organisation; analysts count every hotline, with small cells
    suppressed because they are not entitled to anything that could single out a caller."""
    if membership.role not in STATS_READERS:
        calls = Call.objects.none()
    elif membership.role == Role.ANALYST:
        calls = Call.objects.all()
    else:
        calls = Call.objects.filter(hotline__organisation_id=membership.organisation_id)
    suppress = membership.role == Role.ANALYST
    last = today or timezone.localdate()
    first = last - dt.timedelta(days=days - 1)
    window = calls.filter(started_at__date__gte=first, started_at__date__lte=last)
    per_day = {
        row["day"]: row["n"]
        for row in window.annotate(day=TruncDate("started_at"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    }
    per_topic = {
        row["topic"]: row["n"] for row in window.values("topic").annotate(n=Count("id")).order_by()
    }
    per_outcome = {
        row["outcome"]: row["n"]
        for row in window.values("outcome").annotate(n=Count("id")).order_by()
    }
    by_day = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        by_day.append(_cell(day.isoformat(), day.isoformat(), per_day.get(day, 0), suppress))
    by_topic = [
        _cell(value, str(label), per_topic.get(value, 0), suppress)
        for value, label in Topic.choices
    ]
    by_topic.append(_cell("", "—", per_topic.get("", 0), suppress))
    by_outcome = [
        _cell(value, str(label), per_outcome.get(value, 0), suppress)
        for value, label in Outcome.choices
    ]
    by_outcome.append(_cell("", "—", per_outcome.get("", 0), suppress))
    total = sum(per_day.values())
    return CallStats(
        days=days,
        total=_cell("total", "total", total, suppress).count,
        by_day=by_day,
        by_topic=by_topic,
        by_outcome=by_outcome,
        suppressed=suppress,
        scope_all=membership.role == Role.ANALYST,
    )
