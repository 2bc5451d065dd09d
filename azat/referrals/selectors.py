"""Reads for one user: the provider directory, referrals on each side, queues, the package.

The referring organisation (the case's caseworkers and supervisors) sees its referrals in full
and reaches the case from them. The receiving organisation sees only referrals sent to it, and
of those only the package snapshot and the steps; the case, the person and every other
organisation's referral answer "not found". Reading a referral writes an audit event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import Role
from azat.cases.models import Case, Consent, Gender, Language
from azat.cases.selectors import TimelineEntry
from azat.core.gates import NotFound, get_visible_or_404
from azat.core.reads import ReadById
from azat.core.related import attach_related
from azat.core.services import audit_record
from azat.referrals import workflow
from azat.referrals.catalogue import catalogue
from azat.referrals.models import (
    Provider,
    Referral,
    ReferralEvent,
    ReferralQuerySet,
    ServiceDelivery,
    Urgency,
)

SENDER_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})
RECEIVER_ROLES = frozenset({Role.PROVIDER, Role.CASEWORKER, Role.SUPERVISOR})


# --- provider directory ------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilter:
    service: str = ""
    country: str = ""
    region: str = ""
    language: str = ""
    q: str = ""


def provider_directory(filters: DirectoryFilter | None = None) -> list[Provider]:
    """Active providers matching every filter given. No personal data here, so plain GET
    filters are fine; lists, regions and languages are matched in Python (a directory holds
    hundreds of rows, not millions)."""
    filters = filters or DirectoryFilter()
    queryset = Provider.objects.active().select_related("organisation")
    if filters.country:
        queryset = queryset.filter(countries__contains=filters.country.upper())
    found = []
    region = filters.region.strip().casefold()
    text = filters.q.strip().casefold()
    for provider in queryset:
        if filters.service and filters.service not in provider.services:
            continue
        if filters.language and filters.language not in provider.languages:
            continue
        if region and not any(region in r.casefold() for r in provider.regions):
            continue
        if text and text not in provider.organisation.name.casefold():
            continue
        if filters.country and filters.country.upper() not in [str(c) for c in provider.countries]:
            continue
        found.append(provider)
    return found


def provider_get(*, id: int) -> Provider:
    return get_visible_or_404(Provider.objects.active().select_related("organisation"), pk=id)


def provider_of(membership: Membership) -> Provider | None:
    return Provider.objects.filter(organisation_id=membership.organisation_id).first()


# --- referrals ---------------------------------------------------------------------------------


def _base() -> ReferralQuerySet:
    return Referral.objects.select_related("sender", "receiver", "created_by")


def referral_sent_list(
    *, user: User, membership: Membership, mine: bool = False
) -> ReferralQuerySet:
    """Referrals made by the member's organisation (the referring side)."""
    if membership.role not in SENDER_ROLES:
        return Referral.objects.none()
    queryset = _base().filter(sender_id=membership.organisation_id)
    if mine:
        queryset = queryset.filter(created_by=user)
    return queryset


def referral_received_list(*, user: User, membership: Membership) -> ReferralQuerySet:
    """Referrals sent to the member's organisation; drafts never leave the sender, and a
    referral recalled because the person withdrew consent is gone from the receiver's sight."""
    if membership.role not in RECEIVER_ROLES:
        return Referral.objects.none()
    return (
        _base()
        .filter(receiver_id=membership.organisation_id, recalled_at__isnull=True)
        .exclude(state=workflow.State.DRAFT.value)
    )


def referral_get_for_user(
    *, user: User, membership: Membership, id: int
) -> tuple[Referral, workflow.Side]:
    """The referral and the side the member reads it from; the same NotFound otherwise."""
    side = workflow.Side.SENDER
    try:
        referral = get_visible_or_404(
            referral_sent_list(user=user, membership=membership).select_related("case"), pk=id
        )
    except NotFound:
        side = workflow.Side.RECEIVER
        referral = get_visible_or_404(
            referral_received_list(user=user, membership=membership), pk=id
        )
    audit_record(
        actor=user,
        action="referrals.referral.view",
        target=referral,
        organisation=membership.organisation,
        detail={"side": side.value},
    )
    return referral, side


@dataclass(frozen=True)
class QueueSlice:
    """The first rows of a work queue and how many there are in all: a queue page stays fast
    however many referrals an organisation has (the full lists are paginated)."""

    rows: list[Referral] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


QUEUE_LIMIT = 20
# Queue rows show no protected text, so it is neither fetched nor decrypted.
_PROTECTED = ("alias", "needs", "safety_notes", "package", "state_reason")


# What a queue row shows: reference, both organisations and their countries, services,
# urgency, due date, state. Building the other columns for every row cost more than the reads.
_ROW_COLUMNS = ("id", "state", "due_on", "urgency", "services", "sender_id", "receiver_id")
# The organisations are read once for all queues (`_name_organisations`), not joined in each.
_ORGANISATION_COLUMNS = ("id", "name", "country")


def _rows(queryset: QuerySet[Referral]) -> list[Referral]:
    return list(queryset.select_related(None).only(*_ROW_COLUMNS)[:QUEUE_LIMIT])


def _name_organisations(rows: list[Referral]) -> None:
    attach_related(
        [(r, name) for r in rows for name in ("sender", "receiver")],
        Organisation.objects.only(*_ORGANISATION_COLUMNS),
    )


@dataclass(frozen=True)
class Queues:
    awaiting: QueueSlice = field(default_factory=QueueSlice)
    in_work: QueueSlice = field(default_factory=QueueSlice)
    overdue: QueueSlice = field(default_factory=QueueSlice)
    sent: QueueSlice = field(default_factory=QueueSlice)


def referral_queues(
    *, user: User, membership: Membership, today: dt.date, mine: bool = True
) -> Queues:
    """Awaiting my organisation's answer; accepted and in progress here; overdue either way;
    referrals I (or my organisation) sent that are not finished.

    Each side's totals are counted in one pass over its open referrals rather than one count
    per queue: an organisation with thousands of referrals would otherwise read them thrice."""
    received = referral_received_list(user=user, membership=membership)
    sent = referral_sent_list(user=user, membership=membership, mine=mine)
    open_states = [s.value for s in workflow.OPEN]
    in_work_states = [workflow.State.ACCEPTED.value, workflow.State.IN_PROGRESS.value]
    late = Q(state__in=open_states, due_on__lt=today)
    received_totals = received.open().aggregate(
        awaiting=Count("pk", filter=Q(state=workflow.State.SENT.value)),
        in_work=Count("pk", filter=Q(state__in=in_work_states)),
        # Every row counted here is open already.
        late=Count("pk", filter=Q(due_on__lt=today)),
    )
    late_rows = _rows(received.open().filter(due_on__lt=today).order_by("due_on", "id"))
    sent_rows: list[Referral] = []
    sent_totals = {"all": 0, "late": 0}
    # A member who cannot send (a provider) has no sent side: nothing to count or read.
    if not sent.query.is_empty():
        unfinished = sent.exclude(state__in=[s.value for s in workflow.TERMINAL])
        sent_totals = unfinished.aggregate(all=Count("pk"), late=Count("pk", filter=late))
        late_rows += _rows(sent.open().filter(due_on__lt=today).order_by("due_on", "id"))
        sent_rows = _rows(unfinished.order_by("-id"))
    late_rows = [r for r in late_rows if r.is_overdue(today)]
    awaiting = _rows(received.filter(state=workflow.State.SENT.value).order_by("due_on", "id"))
    in_work = _rows(received.filter(state__in=in_work_states).order_by("due_on", "id"))
    _name_organisations(late_rows + awaiting + in_work + sent_rows)
    return Queues(
        awaiting=QueueSlice(rows=awaiting, total=received_totals["awaiting"]),
        in_work=QueueSlice(rows=in_work, total=received_totals["in_work"]),
        overdue=QueueSlice(
            rows=sorted(late_rows, key=lambda r: (r.due_on, r.pk))[:QUEUE_LIMIT],
            total=received_totals["late"] + sent_totals["late"],
        ),
        sent=QueueSlice(rows=sent_rows, total=sent_totals["all"]),
    )


# --- the package as the receiver reads it ------------------------------------------------------


@dataclass(frozen=True)
class PackageView:
    """Labels for the snapshot, so templates never touch the case."""

    name: str
    name_is_alias: bool
    age: int | None
    age_estimated: bool
    sex: str
    languages: list[str]
    needs: str
    safety_notes: str
    services: list[str]
    urgency: str
    due_on: str | None
    shared: frozenset[str]


def package_view(package: dict[str, Any] | None) -> PackageView | None:
    if package is None:
        return None
    language = get_language() or "ru"
    languages = dict(Language.choices)
    genders = dict(Gender.choices)
    return PackageView(
        name=package.get("alias") or package.get("first_name") or "",
        name_is_alias="alias" in package,
        age=package.get("age"),
        age_estimated=bool(package.get("age_estimated")),
        sex=str(genders.get(package["sex"], package["sex"])) if "sex" in package else "",
        languages=[str(languages.get(code, code)) for code in package.get("languages", [])],
        needs=package.get("needs", ""),
        safety_notes=package.get("safety_notes", ""),
        services=[catalogue().label(code, language) for code in package.get("services", [])],
        urgency=str(dict(Urgency.choices).get(package.get("urgency", ""), "")),
        due_on=package.get("due_on"),
        shared=frozenset(package),
    )


# --- the case page -----------------------------------------------------------------------------


def referrals_recalled_by_consent(consent: Consent) -> list[Referral]:
    """The referrals a referral-consent withdrawal recalled (they carry its withdrawal time)."""
    if consent.withdrawn_at is None or consent.organisation_id is None:
        return []
    return list(
        Referral.objects.filter(
            case_id=consent.case_id,
            receiver_id=consent.organisation_id,
            recalled_at=consent.withdrawn_at,
        ).order_by("id")
    )


def case_referrals(case: Case) -> list[Referral]:
    """For the case page and the closing form (already through the cases gate). They
    name the receiver and the state; the protected text is neither read nor decrypted."""
    return _referrals_of_case(case.pk)


# SQL built once (`azat.core.reads`); the callers have opened the case through the gate.
_referrals_of_case = ReadById(
    lambda pk: (
        Referral.objects.filter(case_id=pk)
        .select_related("receiver")
        .defer(*_PROTECTED)
        .order_by("-created_at")
    )
)
_referral_steps_of_case = ReadById(lambda pk: ReferralEvent.objects.filter(referral__case_id=pk))
_services_of_case = ReadById(
    lambda pk: ServiceDelivery.objects.filter(case_id=pk).select_related("provider")
)


@dataclass(frozen=True)
class CaseReferrals:
    """The case page's referrals, the steps of each (as the timeline shows them) and the
    services delivered."""

    referrals: list[Referral]
    steps: list[ReferralEvent]
    services: list[ServiceDelivery]

    def people(self) -> list[tuple[models.Model, str]]:
        """(row, foreign key) for every user these rows name, for the case page to read."""
        return [(step, "by") for step in self.steps] + [(d, "recorded_by") for d in self.services]

    def timeline_entries(self) -> list[TimelineEntry]:
        """Referral steps, referral by referral as listed, then services delivered."""
        entries = [TimelineEntry(step.at, "referral", step) for step in self.steps]
        entries += [TimelineEntry(d.created_at, "service", d) for d in self.services]
        return entries


def case_page_referrals(case: Case) -> CaseReferrals:
    """Everything of the referrals app the case page shows, for a case read through the gate.
    The users named are left to the case page's one read of them (`CaseReferrals.people`)."""
    referrals = case_referrals(case)
    by_referral: dict[int, list[ReferralEvent]] = {referral.pk: [] for referral in referrals}
    if referrals:
        for step in _referral_steps_of_case(case.pk):
            # A referral made since the referrals were read has steps too: shown next time.
            if step.referral_id in by_referral:
                by_referral[step.referral_id].append(step)
    steps = []
    for referral in referrals:
        for step in by_referral[referral.pk]:
            step.referral = referral  # the timeline names its reference and its receiver
            steps.append(step)
    services = _services_of_case(case.pk)
    return CaseReferrals(referrals=referrals, steps=steps, services=services)
