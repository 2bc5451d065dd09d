"""Reads of criminal cases for one user, with one answer for missing and forbidden.

Only investigators and prosecutors of the owning agency see a criminal case; every read of one
is audited (`prosecution.criminalcase.view`). A victim's name is computed at read time from the
linked assistance case and shown only while the law-enforcement consent is active, so a
withdrawal hides it on the next page load without touching this app's data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import Role
from azat.cases import selectors as case_selectors
from azat.cases.models import Case
from azat.cases.services import consent_require
from azat.core.gates import NotFound, get_visible_or_404
from azat.core.services import audit_record
from azat.knowledge import presentation
from azat.knowledge.selectors import law_rows, reviews_by_key
from azat.prosecution import funnel as funnel_core
from azat.prosecution import procedure
from azat.prosecution.models import (
    CriminalCase,
    CriminalCaseQuerySet,
    Defendant,
    JointInvestigation,
    JointSide,
    VerdictOutcome,
    Victim,
)
from azat.prosecution.services import AGENCY_TYPES

PROSECUTION_ROLES = frozenset({Role.PROSECUTOR})
FUNNEL_ROLES = frozenset({Role.PROSECUTOR, Role.ANALYST})


def criminal_case_list(*, user: User, membership: Membership) -> CriminalCaseQuerySet:
    if membership.role not in PROSECUTION_ROLES:
        return CriminalCase.objects.none()
    return CriminalCase.objects.of_agency(membership.organisation_id).annotate(
        defendant_count=Count("defendants", distinct=True),
        victim_count=Count("victims", distinct=True),
    )


def criminal_case_get_for_user(*, user: User, membership: Membership, id: int) -> CriminalCase:
    queryset = CriminalCase.objects.none()
    if membership.role in PROSECUTION_ROLES:
        queryset = CriminalCase.objects.of_agency(membership.organisation_id).prefetch_related(
            Prefetch("defendants", queryset=Defendant.objects.order_by("id")),
            Prefetch("victims", queryset=Victim.objects.select_related("case").order_by("id")),
            "history__by",
        )
    criminal_case = get_visible_or_404(queryset.select_related("agency"), pk=id)
    audit_record(
        actor=user,
        action="prosecution.criminalcase.view",
        target=criminal_case,
        organisation=criminal_case.agency,
    )
    return criminal_case


# --- victims -----------------------------------------------------------------------------------


def victim_identity(victim: Victim) -> str | None:
    """The person's name while the law-enforcement consent stands, else None. Never stored."""
    if victim.case_id is None:
        return None
    case = victim.case
    assert case is not None
    try:
        consent_require(case, "law_enforcement")
    except ValidationError:
        return None
    return case.person.display_name or None


@dataclass(frozen=True)
class VictimView:
    victim: Victim
    label: str  # "Victim 1": how the page refers to a victim without a name
    name: str | None
    linked: bool

    @property
    def identity_hidden(self) -> bool:
        return self.linked and self.name is None


def victims_of(criminal_case: CriminalCase) -> list[VictimView]:
    out = []
    for index, victim in enumerate(criminal_case.victims.all(), start=1):
        out.append(
            VictimView(
                victim=victim,
                label=str(index),
                name=victim_identity(victim),
                linked=victim.case_id is not None,
            )
        )
    return out


def victim_get(criminal_case: CriminalCase, victim_id: int) -> Victim:
    return get_visible_or_404(criminal_case.victims.all(), pk=victim_id)


def defendant_get(criminal_case: CriminalCase, defendant_id: int) -> Defendant:
    return get_visible_or_404(criminal_case.defendants.all(), pk=defendant_id)


def linkable_case(reference: str) -> Case:
    """An assistance case by its reference (C-00012 or 12). The service decides whether the
    consent allows the link; a reference that names no case is "not found" like any other."""
    digits = reference.strip().upper().removeprefix("C-").lstrip("0") or "0"
    if not digits.isdigit():
        raise NotFound
    return get_visible_or_404(Case.objects.select_related("person"), pk=int(digits))


# --- articles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleView:
    key: str
    row: presentation.RowView | None  # None: the key is no longer in the knowledge base


def articles_of(keys: Iterable[str]) -> list[ArticleView]:
    keys = list(keys)
    rows = {row.key: row for row in law_rows()}
    reviews = reviews_by_key(keys)
    out = []
    for key in keys:
        row = rows.get(key)
        view = presentation.row_view(row.code, row.provision, reviews) if row else None
        out.append(ArticleView(key, view))
    return out


def article_choices(jurisdiction: str | None = None) -> list[tuple[str, str]]:
    """Rows that can be charged (the perpetrators' articles, not the victim's exposure)."""
    out = []
    for row in law_rows():
        if jurisdiction and row.code.country != jurisdiction:
            continue
        if row.provision.role not in ("trafficking", "child_trafficking", "related"):
            continue
        view = presentation.row_view(row.code, row.provision)
        status = presentation.badge(row.status).label
        label = f"{row.code.country} · {view.code_title} · {view.article_label} — {view.title}"
        out.append((row.key, f"{label} ({status})"))
    return out


# --- joint investigations ----------------------------------------------------------------------


@dataclass(frozen=True)
class SideView:
    side: JointSide
    own: bool
    country: str
    agency: str
    reference: str  # own case number; for partners only whether a case is attached


def joints_of(criminal_case: CriminalCase) -> list[JointInvestigation]:
    return list(
        JointInvestigation.objects.filter(sides__criminal_case=criminal_case).order_by("-pk")
    )


def joint_get_for_user(*, user: User, membership: Membership, id: int) -> JointInvestigation:
    queryset = JointInvestigation.objects.none()
    if membership.role in PROSECUTION_ROLES:
        queryset = JointInvestigation.objects.filter(sides__agency=membership.organisation_id)
    joint = get_visible_or_404(queryset.distinct(), pk=id)
    audit_record(
        actor=user,
        action="prosecution.joint.view",
        target=joint,
        organisation=membership.organisation,
    )
    return joint


def joint_sides(joint: JointInvestigation, membership: Membership) -> list[SideView]:
    out = []
    for side in joint.sides.select_related("agency", "criminal_case"):
        own = side.agency_id == membership.organisation_id
        attached = side.criminal_case
        out.append(
            SideView(
                side=side,
                own=own,
                country=presentation.country_name(str(side.agency.country)),
                agency=side.agency.name,
                reference=str(attached) if (own and attached) else "",
            )
        )
    return out


def joint_list_for_agency(membership: Membership) -> list[JointInvestigation]:
    if membership.role not in PROSECUTION_ROLES:
        return []
    return list(
        JointInvestigation.objects.filter(sides__agency=membership.organisation_id)
        .distinct()
        .order_by("-pk")
    )


def partner_agencies(exclude: Organisation) -> list[Organisation]:
    return list(
        Organisation.objects.filter(type__in=AGENCY_TYPES, is_active=True)
        .exclude(pk=exclude.pk)
        .order_by("country", "name")
    )


# --- funnel ------------------------------------------------------------------------------------


def _records(queryset: Any) -> list[funnel_core.Record]:
    rows = queryset.annotate(
        convicted=Count("defendants", filter=Q(defendants__verdict=VerdictOutcome.CONVICTED))
    ).values_list("jurisdiction", "registered_on", "status", "convicted")
    return [
        funnel_core.Record(country=c, year=d.year, status=s, convicted=n) for c, d, s, n in rows
    ]


@dataclass(frozen=True)
class Funnel:
    all_rows: list[funnel_core.Row]  # every agency; suppressed
    own_rows: list[funnel_core.Row]  # the reader's agency, exact (prosecutors only)
    own_cases: dict[tuple[str, int, str], list[CriminalCase]]
    years: list[int]


def funnel_for(*, user: User, membership: Membership, year: int | None = None) -> Funnel:
    """Analysts see counts of all agencies with small cells hidden; a prosecutor also sees
    their own agency's exact counts and the files behind them. The read is audited because the
    own-agency part lists files."""
    if membership.role not in FUNNEL_ROLES:
        raise NotFound
    base = CriminalCase.objects.all()
    years = sorted({d.year for d in base.values_list("registered_on", flat=True)}, reverse=True)
    if year is not None:
        base = base.filter(registered_on__year=year)
    all_rows = funnel_core.funnel(_records(base), suppress=True)
    own_rows: list[funnel_core.Row] = []
    own_cases: dict[tuple[str, int, str], list[CriminalCase]] = {}
    if membership.role in PROSECUTION_ROLES:
        own = base.filter(agency_id=membership.organisation_id)
        own_rows = funnel_core.funnel(_records(own), suppress=False)
        for criminal_case in own.order_by("-registered_on", "-pk"):
            bucket = procedure.funnel_bucket(criminal_case.status)
            key = (criminal_case.jurisdiction, criminal_case.registered_on.year, bucket)
            own_cases.setdefault(key, []).append(criminal_case)
    audit_record(
        actor=user,
        action="prosecution.funnel.view",
        organisation=membership.organisation,
        detail={"year": year, "own_agency": membership.role in PROSECUTION_ROLES},
    )
    return Funnel(all_rows=all_rows, own_rows=own_rows, own_cases=own_cases, years=years)


# --- qualification inside an assistance case ---------------------------------------------------


@dataclass(frozen=True)
class QualificationAccess:
    case: Case
    facts_shared: bool  # False: a prosecutor whose victim's law-enforcement consent is gone


def qualification_case_for_user(
    *, user: User, membership: Membership, id: int
) -> QualificationAccess:
    """The case's own caseworkers and supervisors (through the cases gate, audited there), and
    prosecutors whose agency has a criminal case with this person as a victim. A prosecutor gets
    the case's facts only while the law-enforcement consent stands."""
    if membership.role in case_selectors.CASE_ROLES:
        case = case_selectors.case_get_for_user(user=user, membership=membership, id=id)
        return QualificationAccess(case=case, facts_shared=True)
    if membership.role not in PROSECUTION_ROLES:
        raise NotFound
    linked = Case.objects.filter(
        pk__in=Victim.objects.filter(
            criminal_case__agency_id=membership.organisation_id, case__isnull=False
        ).values("case_id")
    ).select_related("person", "organisation")
    case = get_visible_or_404(linked, pk=id)
    try:
        consent_require(case, "law_enforcement")
        shared = True
    except ValidationError:
        shared = False
    audit_record(
        actor=user,
        action="prosecution.qualification.view",
        target=case,
        organisation=membership.organisation,
        detail={"case_id": case.pk, "facts_shared": shared},
    )
    return QualificationAccess(case=case, facts_shared=shared)
