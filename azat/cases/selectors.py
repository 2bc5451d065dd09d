"""Reads of persons and cases for one user, with one answer for missing and forbidden.

Caseworkers and supervisors see the cases and persons of their own organisation (the case list
defaults caseworkers to their own cases, but they may open any case of the organisation, as the
NRM's shift work needs). Every other role sees nothing here: analysts work on aggregates,
providers on referral packages and prosecutors on criminal cases, which later apps serve.
Reading a case or a person writes an audit event.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.db import models
from django.db.models import Prefetch, Q, QuerySet

from azat.accounts.models import Membership, User
from azat.accounts.roles import Role
from azat.cases import stages
from azat.cases.models import (
    Case,
    CaseNote,
    CasePlanItem,
    CaseQuerySet,
    Consent,
    IdentityDocument,
    NeedsAssessment,
    Person,
    PersonName,
    StageChange,
    StageTarget,
    TraffickingEvent,
)
from azat.core.gates import get_visible_or_404
from azat.core.lookup import document_hash, name_hash
from azat.core.models import AuditEvent
from azat.core.reads import ReadById
from azat.core.related import attach_related
from azat.core.services import audit_record
from azat.screening import selectors as screening_selectors

CASE_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})


def _in_case_role(membership: Membership) -> bool:
    return membership.role in CASE_ROLES


def case_list(*, user: User, membership: Membership, mine: bool = False) -> CaseQuerySet:
    if not _in_case_role(membership):
        return Case.objects.none()
    queryset = (
        Case.objects.of_organisation(membership.organisation_id)
        .select_related("person", "caseworker")
        .prefetch_related(
            Prefetch("person__names", queryset=PersonName.objects.order_by("id")),
            # Targets need the history; the case page names who moved each stage
            # (`case_page`, with the other people it names, in one read).
            Prefetch("stage_changes", queryset=StageChange.objects.order_by("at", "id")),
        )
    )
    if mine:
        queryset = queryset.filter(caseworker=user)
    return queryset


def case_list_columns(cases: CaseQuerySet) -> CaseQuerySet:
    """Only what a list row shows (reference, name, stage, status, dates, caseworker, target):
    a case row has some forty columns and JSON lists, and building all of them for 50 rows
    costs more than the query. Nothing narrative or identifying beyond the name is read.
    Names and stage history come with `case_list_rows`, for the page shown only."""
    return cases.only(
        "id",
        "organisation_id",
        "caseworker_id",
        "person_id",
        "stage",
        "status",
        "trafficking_status",
        "identified_on",
        "person__id",
        "person__organisation_id",
        "caseworker__id",
        "caseworker__full_name",
        "caseworker__email",
    ).prefetch_related(None)


class ListedName(NamedTuple):
    kind: str
    value: str


class ListedStageChange(NamedTuple):
    to_stage: str
    at: dt.datetime


def case_list_rows(cases: Iterable[Case]) -> list[Case]:
    """The cases of one list page, each with its person's names and its stage history as
    plain values (one read each): model instances, and Django's prefetch machinery, cost more
    than the reads for fifty rows."""
    rows = list(cases)
    names: dict[int, list[ListedName]] = defaultdict(list)
    spelled = PersonName.objects.filter(person_id__in={case.person_id for case in rows})
    for person_id, kind, value in spelled.order_by("id").values_list("person_id", "kind", "value"):
        names[person_id].append(ListedName(kind, value))
    history: dict[int, list[ListedStageChange]] = defaultdict(list)
    moves = StageChange.objects.filter(case_id__in=[case.pk for case in rows])
    for case_id, to_stage, at in moves.order_by("at", "id").values_list(
        "case_id", "to_stage", "at"
    ):
        history[case_id].append(ListedStageChange(to_stage, at))
    for case in rows:
        setattr(case.person, Person.LISTED_NAMES, names[case.person_id])
        setattr(case, Case.LISTED_STAGE_CHANGES, history[case.pk])
    return rows


def case_get_for_user(*, user: User, membership: Membership, id: int) -> Case:
    return _open_case(
        case_list(user=user, membership=membership), user=user, membership=membership, id=id
    )


def case_get_for_page(*, user: User, membership: Membership, id: int) -> Case:
    """`case_get_for_user` for the case page: the same gate and the same audit event. The
    person's names and the stage history are read by id with SQL built once (`ReadById`)
    rather than through Django's prefetching, which cost more than the two reads on the
    benchmark's page, and kept where lists keep theirs (`Person.LISTED_NAMES`,
    `Case.LISTED_STAGE_CHANGES`), here as the rows themselves."""
    gate = case_list(user=user, membership=membership).prefetch_related(None)
    case = _open_case(gate, user=user, membership=membership, id=id)
    setattr(case.person, Person.LISTED_NAMES, _names_of_person(case.person_id))
    setattr(case, Case.LISTED_STAGE_CHANGES, _history_of_case(case.pk))
    return case


_names_of_person = ReadById(lambda pk: PersonName.objects.filter(person_id=pk).order_by("id"))
_history_of_case = ReadById(lambda pk: StageChange.objects.filter(case_id=pk).order_by("at", "id"))


def stage_history(case: Case) -> list[StageChange]:
    """The case's stage changes, oldest first: as `case_get_for_page` read them, or through
    the gate's prefetch."""
    listed = getattr(case, Case.LISTED_STAGE_CHANGES, None)
    return list(case.stage_changes.all()) if listed is None else listed


def _open_case(queryset: CaseQuerySet, *, user: User, membership: Membership, id: int) -> Case:
    case = get_visible_or_404(queryset, pk=id)
    # The gate only lets through cases of the membership's organisation, which is loaded.
    organisation = (
        membership.organisation
        if case.organisation_id == membership.organisation_id
        else case.organisation
    )
    audit_record(actor=user, action="cases.case.view", target=case, organisation=organisation)
    return case


def person_list(*, user: User, membership: Membership) -> QuerySet[Person]:
    if not _in_case_role(membership):
        return Person.objects.none()
    return Person.objects.of_organisation(membership.organisation_id).prefetch_related(
        Prefetch("names", queryset=PersonName.objects.order_by("id")), "documents", "cases"
    )


def person_get_for_user(*, user: User, membership: Membership, id: int) -> Person:
    person = get_visible_or_404(person_list(user=user, membership=membership), pk=id)
    audit_record(
        actor=user, action="cases.person.view", target=person, organisation=person.organisation
    )
    return person


def person_lookup(
    *, user: User, membership: Membership, name: str = "", document: str = ""
) -> list[Person]:
    """Exact lookups through the keyed hashes: any script, any usual romanisation, any word
    order. Audited without the searched values (only which kinds of value and the count).

    The results show names only: documents and cases are not read, and neither are the
    encrypted columns no result shows."""
    queryset = (
        person_list(user=user, membership=membership)
        .prefetch_related(None)
        .prefetch_related(Prefetch("names", queryset=PersonName.objects.order_by("id")))
        .defer("birth_date", "safe_contact")
    )
    organisation_id = membership.organisation_id
    condition = Q()
    # Names and documents are matched first, as person ids: an OR holding a subquery cannot use
    # the hash indexes, so PostgreSQL would read every person of the organisation instead.
    if name.strip():
        key = name_hash(name)
        spelled = PersonName.objects.filter(value_hash=key, person__organisation_id=organisation_id)
        condition |= (
            Q(full_name_hash=key)
            | Q(short_name_hash=key)
            | Q(pk__in=set(spelled.values_list("person_id", flat=True)))
        )
    if document.strip():
        numbers = IdentityDocument.objects.filter(
            number_hash=document_hash(document), person__organisation_id=organisation_id
        )
        condition |= Q(pk__in=set(numbers.values_list("person_id", flat=True)))
    if not condition:
        return []
    found = list(queryset.filter(condition).order_by("-created_at", "-id")[:50])
    audit_record(
        actor=user,
        action="cases.person.lookup",
        organisation=membership.organisation,
        detail={
            "by_name": bool(name.strip()),
            "by_document": bool(document.strip()),
            "results": len(found),
        },
    )
    return found


# --- targets and the timeline ------------------------------------------------------------------


def stage_entered(case: Case) -> dict[str, dt.date]:
    """First day the case entered each stage, from its history (prefetched where possible)."""
    entered: dict[str, dt.date] = {stages.Stage.IDENTIFICATION.value: case.identified_on}
    changes = getattr(case, Case.LISTED_STAGE_CHANGES, None)
    for change in case.stage_changes.all() if changes is None else changes:
        day = change.at.date()
        if change.to_stage != stages.Stage.IDENTIFICATION and change.to_stage not in entered:
            entered[change.to_stage] = day
    return entered


def stage_target_days(organisation_id: int) -> int | None:
    """The organisation's own days for identification → reintegration, or None (default)."""
    target = _target_of_organisation(organisation_id)
    return target[0].days if target else None


_target_of_organisation = ReadById(
    lambda pk: StageTarget.objects.filter(organisation_id=pk).only("id", "days").order_by("id")[:1]
)


def stage_target_version(organisation_id: int) -> int:
    """The version of the organisation's own target (0: it has none), for the edit form."""
    return (
        StageTarget.objects.filter(organisation_id=organisation_id)
        .values_list("version", flat=True)
        .first()
        or 0
    )


def org_targets(organisation_id: int) -> tuple[stages.Target, ...]:
    return stages.targets_for(stage_target_days(organisation_id))


def case_targets(
    case: Case, *, today: dt.date, targets: Sequence[stages.Target] | None = None
) -> tuple[stages.TargetStatus, ...]:
    """Pass ``targets`` (from `org_targets`) when checking many cases of one organisation."""
    return stages.target_statuses(
        identified_on=case.identified_on,
        current=case.stage,
        entered=stage_entered(case),
        today=today,
        targets=org_targets(case.organisation_id) if targets is None else targets,
    )


def case_is_past_target(
    case: Case, *, today: dt.date, targets: Sequence[stages.Target] | None = None
) -> bool:
    return any(status.past_target for status in case_targets(case, today=today, targets=targets))


@dataclass(frozen=True)
class Overdue:
    case: Case
    status: stages.TargetStatus


def case_overdue_list(*, user: User, membership: Membership, today: dt.date) -> list[Overdue]:
    """Supervisors' list of open cases past a stage target, most overdue first."""
    if membership.role != Role.SUPERVISOR:
        return []
    base = case_list(user=user, membership=membership)
    targets = org_targets(membership.organisation_id)
    rows: dict[int, Overdue] = {}
    for candidate in stages.overdue_candidates(today, targets):
        queryset = base.filter(
            stage__in=[s.value for s in candidate.stages],
            identified_on__lt=candidate.identified_before,
        )
        for case in queryset:
            for status in case_targets(case, today=today, targets=targets):
                if status.past_target and status.target == candidate.target:
                    rows.setdefault(case.pk, Overdue(case, status))
    return sorted(rows.values(), key=lambda row: (-row.status.days_over, row.case.pk))


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # stage | consent_given | consent_withdrawn | event | note | needs | plan | screening
    obj: object


@dataclass(frozen=True)
class CasePage:
    """What the case page lists besides the case itself, each read once: the sections and the
    timeline show the same rows."""

    case: Case
    consents: list[Consent]
    events: list[TraffickingEvent]
    notes: list[CaseNote]
    assessments: list[NeedsAssessment]
    plan_items: list[CasePlanItem]


# Who is named on the page: what a user's name shows (`User.__str__`), nothing else.
PEOPLE_COLUMNS = ("id", "full_name", "email")

# The case page's lists, each one case's rows in the models' own order; SQL built once
# (`azat.core.reads`). The caller has opened the case through the gate.
_consents_of_case = ReadById(
    lambda pk: Consent.objects.filter(case_id=pk).select_related("organisation")
)
_events_of_case = ReadById(lambda pk: TraffickingEvent.objects.filter(case_id=pk))
_notes_of_case = ReadById(lambda pk: CaseNote.objects.filter(case_id=pk))
_assessments_of_case = ReadById(lambda pk: NeedsAssessment.objects.filter(case_id=pk))
_plan_of_case = ReadById(lambda pk: CasePlanItem.objects.filter(case_id=pk))


def case_page(case: Case, *, also_naming: Iterable[tuple[models.Model, str]] = ()) -> CasePage:
    """The case page's lists for a case read through the gate (`case_get_for_page`, or
    `case_get_for_user`, either of which brought the stage history). The users they name, and
    those of ``also_naming`` (the referral steps and services on the same page), are read once
    for all rows (`attach_related`) instead of joined in each list's query."""
    page = CasePage(
        case=case,
        consents=_consents_of_case(case.pk),
        events=_events_of_case(case.pk),
        notes=_notes_of_case(case.pk),
        assessments=_assessments_of_case(case.pk),
        plan_items=_plan_of_case(case.pk),
    )
    people: list[tuple[models.Model, str]] = [(change, "by") for change in stage_history(case)]
    for consent in page.consents:
        people += [(consent, "recorded_by"), (consent, "withdrawn_by")]
    people += [(event, "created_by") for event in page.events]
    people += [(note, "by") for note in page.notes]
    people += [(assessment, "assessed_by") for assessment in page.assessments]
    people += [(item, "created_by") for item in page.plan_items]
    people += also_naming
    attach_related(people, User.objects.only(*PEOPLE_COLUMNS))
    return page


def case_timeline(page: CasePage) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    case = page.case
    for change in stage_history(case):
        entries.append(TimelineEntry(change.at, "stage", change))
    for consent in page.consents:
        entries.append(TimelineEntry(consent.given_at, "consent_given", consent))
        if consent.withdrawn_at is not None:
            entries.append(TimelineEntry(consent.withdrawn_at, "consent_withdrawn", consent))
    for event in page.events:
        entries.append(TimelineEntry(event.created_at, "event", event))
    for note in page.notes:
        entries.append(TimelineEntry(note.at, "note", note))
    for assessment in page.assessments:
        entries.append(TimelineEntry(assessment.created_at, "needs", assessment))
    for item in page.plan_items:
        entries.append(TimelineEntry(item.created_at, "plan", item))
    for screening in screening_selectors.screenings_of_case(
        organisation_id=case.organisation_id, case_id=case.pk, screening_id=case.screening_id
    ):
        entries.append(TimelineEntry(screening.created_at, "screening", screening))
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def caseworkers_of(membership: Membership) -> Iterable[User]:
    return (
        User.objects.filter(
            memberships__organisation_id=membership.organisation_id,
            memberships__role__in=CASE_ROLES,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def fields_changed_since(*, target: Person | Case, action: str, version: int) -> set[str]:
    """Names of the fields others saved after ``version`` (from the audit trail, which records
    the changed field names and the version each save made). An edit form refused as stale
    marks these fields, so the person merges instead of overwriting unseen changes."""
    events = AuditEvent.objects.filter(
        action=action, object_type=target._meta.label_lower, object_id=str(target.pk)
    ).order_by("-id")
    changed: set[str] = set()
    for detail in events.values_list("detail", flat=True)[:100]:
        if int(detail.get("version") or 0) <= version:
            break
        changed.update(detail.get("fields") or [])
    return changed
