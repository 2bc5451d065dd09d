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
from django.utils.translation import gettext as _

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import Role
from azat.cases import selectors as case_selectors
from azat.cases.models import Case
from azat.cases.services import consent_require
from azat.core.gates import NotFound, get_visible_or_404
from azat.core.services import audit_record
from azat.knowledge import presentation
from azat.knowledge.forms import FACT_FIELDS
from azat.knowledge.presentation import fact_label
from azat.knowledge.selectors import knowledge_base, law_rows, reviews_by_key
from azat.network import selectors as network_selectors
from azat.network.models import Perpetrator
from azat.prosecution import facts as case_facts
from azat.prosecution import funnel as funnel_core
from azat.prosecution import procedure, sharing
from azat.prosecution.models import (
    CriminalCase,
    CriminalCaseQuerySet,
    Defendant,
    Evidence,
    JointInvestigation,
    JointSide,
    VerdictOutcome,
    Victim,
)
from azat.prosecution.services import AGENCY_TYPES, EVIDENCE_FACT_GROUPS

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


# --- defendants and the perpetrators recorded in assistance cases -------------------------------


def perpetrator_choices(criminal_case: CriminalCase) -> list[Perpetrator]:
    """Perpetrators recorded in the assistance cases linked to this file as victims, only of the
    cases whose law-enforcement consent stands now."""
    return list(network_selectors.perpetrators_of_cases(sharing.shared_case_ids(criminal_case)))


def perpetrator_label(perpetrator: Perpetrator) -> str:
    return f"{perpetrator.display_name} — {perpetrator.get_role_display()} ({perpetrator.case})"


@dataclass(frozen=True)
class PerpetratorLink:
    shown: bool  # False: linked, but the victim's consent to share is gone, so nothing shows
    perpetrator: Perpetrator | None


def defendant_links(criminal_case: CriminalCase) -> dict[int, PerpetratorLink]:
    """What each linked defendant's perpetrator record shows, read from the assistance case on
    every call and only while that case is shared with law enforcement."""
    linked = {d.pk: d.perpetrator_id for d in criminal_case.defendants.all() if d.perpetrator_id}
    if not linked:
        return {}
    visible = {
        p.pk: p
        for p in network_selectors.perpetrators_of_cases(
            sharing.shared_case_ids(criminal_case)
        ).filter(pk__in=linked.values())
    }
    return {
        defendant_id: PerpetratorLink(shown=pk in visible, perpetrator=visible.get(pk))
        for defendant_id, pk in linked.items()
    }


def shared_perpetrator_roles(case: Case) -> list[tuple[int, str]]:
    """(id, role) of the perpetrators a case records, for the qualification pre-fill."""
    return [(p.pk, p.role) for p in network_selectors.perpetrators_of_cases([case.pk])]


# --- evidence ----------------------------------------------------------------------------------


def evidence_of(criminal_case: CriminalCase) -> list[Evidence]:
    return list(criminal_case.evidence.order_by("obtained_on", "id"))


def evidence_get(criminal_case: CriminalCase, evidence_id: int) -> Evidence:
    return get_visible_or_404(criminal_case.evidence.all(), pk=evidence_id)


def evidence_fact_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The facts evidence can go to prove, grouped as on the qualification form."""
    kb = knowledge_base()
    out = []
    for _name, (group, heading, _help) in FACT_FIELDS.items():
        if group not in EVIDENCE_FACT_GROUPS:
            continue
        choices = sorted(
            ((e.id, fact_label(kb, e.id)) for e in kb.ids.group(group)),
            key=lambda choice: choice[1].casefold(),
        )
        out.append((str(heading), choices))
    return out


def fact_labels(fact_ids: Iterable[str]) -> list[str]:
    kb = knowledge_base()
    return [fact_label(kb, f) for f in fact_ids]


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


# --- evidence for the printable memo -----------------------------------------------------------


@dataclass(frozen=True)
class EvidenceLine:
    text: str  # what the evidence or the record is
    where: str  # which file holds it, and when it was recorded
    from_case_record: bool  # True: a record of the assistance case, not an item of evidence
    via: str = ""  # the fact it proves, when this fact is derived from that one


@dataclass
class MemoEvidence:
    by_fact: dict[str, list[EvidenceLine]]
    criminal_cases: list[CriminalCase]
    cases: list[Case]  # assistance cases whose records were read (consent to share stands)

    def lines(self, fact_id: str) -> list[EvidenceLine]:
        return self.by_fact.get(fact_id, [])


def _date(value: Any) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _evidence_line(item: Evidence, criminal_case: CriminalCase) -> EvidenceLine:
    text = f"{item.get_kind_display()}: {item.description}"
    parts = [_("criminal case %(number)s") % {"number": criminal_case.number}]
    if item.obtained_on:
        parts.append(_("obtained %(date)s") % {"date": _date(item.obtained_on)})
    if item.held_by:
        parts.append(_("held by %(who)s") % {"who": item.held_by})
    return EvidenceLine(text=text, where=", ".join(parts), from_case_record=False)


def _case_record_lines(case: Case) -> list[tuple[str, EvidenceLine]]:
    """(fact id, line) for every fact the case's own records give, as `facts.prefill` reads
    them: its events, forms of exploitation, means of control and recorded perpetrators."""
    kb = knowledge_base()
    events = {e.pk: e for e in case.events.all()}
    perpetrators = {p.pk: p for p in network_selectors.perpetrators_of_cases([case.pk])}
    sources = case_facts.fact_sources(
        events=[
            case_facts.CaseEvent(e.kind, str(e.country or ""), e.date_from, e.pk)
            for e in events.values()
        ],
        exploitation=case.exploitation,
        means_of_control=case.means_of_control,
        perpetrators=[(p.pk, p.role) for p in perpetrators.values()],
        stage_acts={s.id: s.act for s in kb.ids.stages.values()},
    )
    changed = _date(case.updated_at)
    record = _("assistance case %(ref)s, record last changed %(date)s") % {
        "ref": case.reference,
        "date": changed,
    }
    out: list[tuple[str, EvidenceLine]] = []
    for source in sources:
        if source.field == "event" and source.ref in events:
            event = events[source.ref]
            text = _("Trafficking event: %(kind)s") % {"kind": event.get_kind_display()}
            if event.country:
                text += f" · {event.country.name}"  # type: ignore[attr-defined]
            if event.date_from:
                text += " · " + _("from %(date)s") % {"date": _date(event.date_from)}
            where = _("assistance case %(ref)s, recorded %(date)s") % {
                "ref": case.reference,
                "date": _date(event.created_at),
            }
        elif source.field == "perpetrator" and source.ref in perpetrators:
            perpetrator = perpetrators[source.ref]
            text = _("Perpetrator recorded: %(name)s, %(role)s") % {
                "name": perpetrator.display_name,
                "role": perpetrator.get_role_display(),
            }
            where = _("assistance case %(ref)s, recorded %(date)s") % {
                "ref": case.reference,
                "date": _date(perpetrator.created_at),
            }
        elif source.field in ("means_of_control", "exploitation"):
            label = dict(zip(case.means_of_control, case.labels("means_of_control"), strict=True))
            label |= dict(zip(case.exploitation, case.labels("exploitation"), strict=True))
            heading = (
                _("Means of control")
                if source.field == "means_of_control"
                else _("Form of exploitation")
            )
            text = f"{heading}: {label.get(source.value, source.value)}"
            where = record
        else:
            continue
        out.append((source.fact, EvidenceLine(text=text, where=where, from_case_record=True)))
    # Circumstances the engine derives from the person and the places, not from a single field.
    dated = sorted(e.date_from for e in events.values() if e.date_from)
    first = dated[0] if dated else case.identified_on
    age = case.person.age_on(first)
    countries = sorted({str(e.country) for e in events.values() if e.country})
    for entry in kb.ids.entries.values():
        if entry.age_below is not None and age is not None and age < entry.age_below:
            text = _("Victim's age: %(age)s at the first event (%(date)s)") % {
                "age": age,
                "date": _date(first),
            }
            out.append((entry.id, EvidenceLine(text=text, where=record, from_case_record=True)))
        if entry.multiple_countries and len(countries) > 1:
            names = ", ".join(presentation.country_name(c) for c in countries)
            text = _("Trafficking events recorded in %(countries)s") % {"countries": names}
            out.append((entry.id, EvidenceLine(text=text, where=record, from_case_record=True)))
    return out


def memo_evidence(
    *,
    user: User,
    membership: Membership,
    criminal_case_id: int | None = None,
    case_id: int | None = None,
) -> MemoEvidence:
    """The evidence for a memo: the items recorded in the reader's agency's criminal cases about
    this victim (or in the one criminal case named), and the records of the assistance cases
    behind them that are still shared with law enforcement. Each fact also gets what proves the
    facts it is derived from (use of force → violence). Audited with ids only."""
    if membership.role not in PROSECUTION_ROLES:
        raise NotFound
    criminal_cases: list[CriminalCase] = []
    cases: list[Case] = []
    if criminal_case_id is not None:
        criminal_cases.append(
            criminal_case_get_for_user(user=user, membership=membership, id=criminal_case_id)
        )
    if case_id is not None:
        access = qualification_case_for_user(user=user, membership=membership, id=case_id)
        linked = (
            CriminalCase.objects.of_agency(membership.organisation_id)
            .filter(victims__case_id=case_id)
            .distinct()
            .order_by("registered_on", "pk")
        )
        criminal_cases += [c for c in linked if c not in criminal_cases]
        if access.facts_shared:
            cases.append(access.case)
    for criminal_case in criminal_cases:
        cases += [c for c in sharing.shared_cases(criminal_case) if c not in cases]
    by_fact: dict[str, list[EvidenceLine]] = {}
    for criminal_case in criminal_cases:
        for item in criminal_case.evidence.order_by("obtained_on", "id"):
            for fact in item.facts:
                by_fact.setdefault(fact, []).append(_evidence_line(item, criminal_case))
    for case in cases:
        for fact, line in _case_record_lines(case):
            by_fact.setdefault(fact, []).append(line)
    kb = knowledge_base()
    derived: dict[str, list[EvidenceLine]] = {}
    for entry in kb.ids.entries.values():
        for source_id in entry.derived_from:
            for line in by_fact.get(source_id, []):
                via = fact_label(kb, source_id)
                derived.setdefault(entry.id, []).append(
                    EvidenceLine(line.text, line.where, line.from_case_record, via)
                )
    for fact, lines in derived.items():
        by_fact.setdefault(fact, []).extend(lines)
    audit_record(
        actor=user,
        action="prosecution.memo.evidence",
        organisation=membership.organisation,
        detail={
            "criminal_case_ids": [c.pk for c in criminal_cases],
            "case_ids": [c.pk for c in cases],
        },
    )
    return MemoEvidence(by_fact=by_fact, criminal_cases=criminal_cases, cases=cases)
