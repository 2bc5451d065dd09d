"""Writes for criminal cases, their procedural steps, defendants, victims and joint investigations.

Each service takes the acting user first and checks that the actor is an investigator or
prosecutor of the agency that owns the file; audit events carry ids and codes only, never a
name, a sentence or a note.

Decisions the lead should know (also in the report):

* A victim row may link an assistance case only while that case holds an active consent to
  share with law enforcement (`consent_require(case, "law_enforcement")`); the prosecutor types
  the case reference the caseworker gave them. Without the consent the link is refused, so a
  reference cannot be used to learn anything about a case that was not shared.
* Articles charged are keys of rows of the legal knowledge base and must belong to the case's
  jurisdiction; the row's verification status is shown wherever the article is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import OrgType, Role
from azat.cases.models import Case
from azat.cases.services import consent_require
from azat.core.services import audit_record, versioned_save
from azat.knowledge.selectors import knowledge_base, law_rows
from azat.network.models import Perpetrator
from azat.prosecution import procedure, sharing
from azat.prosecution.models import (
    CriminalCase,
    Defendant,
    DefendantRole,
    Evidence,
    EvidenceKind,
    JointInvestigation,
    JointSide,
    ProceduralEvent,
    ProcedureStatus,
    ProtectionMeasure,
    VerdictOutcome,
    Victim,
    VictimStanding,
)

PROSECUTION_ROLES = (Role.PROSECUTOR,)
AGENCY_TYPES = (OrgType.PROSECUTOR, OrgType.POLICE)


def is_agency_member(user: User, organisation_id: int) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, organisation_id=organisation_id, role__in=PROSECUTION_ROLES)
        .exists()
    )


def _require_agency(actor: User, organisation_id: int) -> None:
    if not is_agency_member(actor, organisation_id):
        raise PermissionDenied(_("You are not an investigator or prosecutor of this agency."))


def _status_label(status: str) -> str:
    return str(dict(ProcedureStatus.choices).get(status, status))


def refusal_message(decision: procedure.Decision, *, current: str, target: str) -> str:
    """The sentence a prosecutor reads when the procedure refuses a step."""
    names = {"current": _status_label(current), "target": _status_label(target)}
    refusal = decision.refusal
    if refusal is procedure.Refusal.SAME_STATUS:
        return _("The case is already at “%(current)s”.") % names
    if refusal is procedure.Refusal.NOT_ALLOWED:
        allowed = ", ".join(_status_label(s) for s in procedure.next_statuses(current))
        return _(
            "A case at “%(current)s” cannot go to “%(target)s”. Possible next steps: %(allowed)s."
        ) % {**names, "allowed": allowed or "—"}
    if refusal is procedure.Refusal.GROUND_REQUIRED:
        return _("Choose the legal ground of the dismissal.")
    if refusal is procedure.Refusal.UNKNOWN_GROUND:
        return _("This ground is not one of the listed grounds.")
    if refusal is procedure.Refusal.GROUND_NOT_EXPECTED:
        return _("A legal ground is given only for a dismissal.")
    if refusal is procedure.Refusal.NOTE_REQUIRED:
        return _("Going from “%(current)s” to “%(target)s” needs a note saying why.") % names
    if refusal is procedure.Refusal.DATE_IN_FUTURE:
        return _("The date of the decision cannot be in the future.")
    if refusal is procedure.Refusal.DATE_BEFORE_LAST:
        return _("The date is before the previous step of the case.")
    return _("This step is not possible.")


# --- articles charged --------------------------------------------------------------------------


def clean_articles(keys: Iterable[str], jurisdiction: str) -> list[str]:
    """Keep the order typed, drop repeats; refuse keys the knowledge base does not hold for this
    jurisdiction (a row of another country's code is a mistake, not a charge)."""
    rows = {row.key: row for row in law_rows()}
    cleaned: list[str] = []
    for key in keys:
        key = key.strip()
        if not key or key in cleaned:
            continue
        row = rows.get(key)
        if row is None:
            raise ValidationError(
                {
                    "articles": _("“%(key)s” is not a row of the legal knowledge base.")
                    % {"key": key}
                }
            )
        if row.code.country != jurisdiction:
            raise ValidationError(
                {
                    "articles": _("“%(key)s” belongs to the law of %(country)s, not %(j)s.")
                    % {"key": key, "country": row.code.country, "j": jurisdiction}
                }
            )
        cleaned.append(key)
    return cleaned


# --- criminal cases ----------------------------------------------------------------------------


@transaction.atomic
def criminal_case_register(
    *,
    actor: User,
    agency: Organisation,
    jurisdiction: str,
    number: str,
    registered_on: dt.date,
    articles: Sequence[str] = (),
) -> CriminalCase:
    _require_agency(actor, agency.pk)
    number = number.strip()
    if registered_on > timezone.localdate():
        raise ValidationError(
            {"registered_on": _("The registration date cannot be in the future.")}
        )
    if CriminalCase.objects.filter(agency=agency, number=number).exists():
        raise ValidationError({"number": _("Your agency already has a case with this number.")})
    criminal_case = CriminalCase(
        agency=agency,
        jurisdiction=jurisdiction,
        number=number,
        registered_on=registered_on,
        articles=clean_articles(articles, jurisdiction),
        status=ProcedureStatus.REGISTERED,
        created_by=actor,
        updated_by=actor,
    )
    criminal_case.full_clean()
    criminal_case.save()
    ProceduralEvent.objects.create(
        criminal_case=criminal_case,
        from_status="",
        to_status=ProcedureStatus.REGISTERED,
        on=registered_on,
        by=actor,
    )
    audit_record(
        actor=actor,
        action="prosecution.criminalcase.register",
        target=criminal_case,
        organisation=agency,
        detail={"jurisdiction": jurisdiction, "articles": criminal_case.articles},
    )
    return criminal_case


@transaction.atomic
def criminal_case_charge(
    *, actor: User, criminal_case: CriminalCase, expected_version: int, articles: Sequence[str]
) -> CriminalCase:
    """Replace the articles charged (a re-qualification keeps its trace in the audit trail)."""
    _require_agency(actor, criminal_case.agency_id)
    before = list(criminal_case.articles)
    criminal_case.articles = clean_articles(articles, criminal_case.jurisdiction)
    versioned_save(
        actor=actor, instance=criminal_case, expected_version=expected_version, fields=["articles"]
    )
    audit_record(
        actor=actor,
        action="prosecution.criminalcase.charge",
        target=criminal_case,
        organisation=criminal_case.agency,
        detail={"before": before, "after": criminal_case.articles},
    )
    return criminal_case


@transaction.atomic
def criminal_case_step(
    *,
    actor: User,
    criminal_case: CriminalCase,
    expected_version: int,
    to_status: str,
    on: dt.date,
    ground: str = "",
    note: str = "",
) -> ProceduralEvent:
    _require_agency(actor, criminal_case.agency_id)
    last = criminal_case.history.order_by("-on", "-id").first()
    decision = procedure.check_step(
        current=criminal_case.status,
        target=to_status,
        on=on,
        today=timezone.localdate(),
        last_on=last.on if last else None,
        ground=ground,
        note=note,
    )
    if not decision.allowed:
        field = {
            procedure.Refusal.GROUND_REQUIRED: "ground",
            procedure.Refusal.UNKNOWN_GROUND: "ground",
            procedure.Refusal.GROUND_NOT_EXPECTED: "ground",
            procedure.Refusal.NOTE_REQUIRED: "note",
            procedure.Refusal.DATE_IN_FUTURE: "on",
            procedure.Refusal.DATE_BEFORE_LAST: "on",
        }.get(decision.refusal, "to_status")  # type: ignore[arg-type]
        message = refusal_message(decision, current=criminal_case.status, target=to_status)
        raise ValidationError({field: message}, code=str(decision.refusal))
    source = criminal_case.status
    criminal_case.status = to_status
    criminal_case.dismissal_ground = ground if to_status == ProcedureStatus.DISMISSED else ""
    versioned_save(
        actor=actor,
        instance=criminal_case,
        expected_version=expected_version,
        fields=["status", "dismissal_ground"],
    )
    event = ProceduralEvent(
        criminal_case=criminal_case,
        from_status=source,
        to_status=to_status,
        on=on,
        ground=ground,
        note=note.strip(),
        by=actor,
    )
    event.full_clean()
    event.save()
    audit_record(
        actor=actor,
        action="prosecution.criminalcase.step",
        target=criminal_case,
        organisation=criminal_case.agency,
        detail={"from": source, "to": to_status, "ground": ground, "on": on.isoformat()},
    )
    return event


# --- defendants --------------------------------------------------------------------------------


def _check_perpetrator(criminal_case: CriminalCase, perpetrator: Perpetrator | None) -> None:
    """A defendant may be linked only to a perpetrator recorded in an assistance case that is
    linked to this criminal case as a victim and still shared with law enforcement."""
    if perpetrator is None:
        return
    if perpetrator.case_id not in sharing.shared_case_ids(criminal_case):
        raise ValidationError(
            {
                "perpetrator": _(
                    "This perpetrator cannot be linked: they are not recorded in an assistance "
                    "case that is linked to this criminal case and shared with law enforcement."
                )
            },
            code="not_shared",
        )


@transaction.atomic
def defendant_add(
    *,
    actor: User,
    criminal_case: CriminalCase,
    name: str,
    role: str = "",
    perpetrator: Perpetrator | None = None,
) -> Defendant:
    """Add a defendant; linked to a perpetrator, the role defaults to the perpetrator's."""
    _require_agency(actor, criminal_case.agency_id)
    if not name.strip():
        raise ValidationError({"name": _("Write the defendant's name or alias.")})
    _check_perpetrator(criminal_case, perpetrator)
    if not role and perpetrator is not None:
        role = perpetrator.role
    if role not in DefendantRole.values:
        raise ValidationError({"role": _("Choose the defendant's role in the chain.")})
    defendant = Defendant(
        criminal_case=criminal_case, name=name.strip(), role=role, perpetrator=perpetrator
    )
    defendant.full_clean()
    defendant.save()
    audit_record(
        actor=actor,
        action="prosecution.defendant.add",
        target=defendant,
        organisation=criminal_case.agency,
        detail={
            "criminal_case_id": criminal_case.pk,
            "role": role,
            "perpetrator_id": perpetrator.pk if perpetrator else None,
        },
    )
    return defendant


@transaction.atomic
def defendant_link(
    *, actor: User, defendant: Defendant, perpetrator: Perpetrator | None
) -> Defendant:
    """Link a defendant to a perpetrator recorded in a shared assistance case, or unlink."""
    criminal_case = defendant.criminal_case
    _require_agency(actor, criminal_case.agency_id)
    _check_perpetrator(criminal_case, perpetrator)
    before = defendant.perpetrator_id
    defendant.perpetrator = perpetrator
    defendant.save(update_fields=["perpetrator"])
    audit_record(
        actor=actor,
        action="prosecution.defendant.link",
        target=defendant,
        organisation=criminal_case.agency,
        detail={
            "criminal_case_id": criminal_case.pk,
            "before": before,
            "perpetrator_id": perpetrator.pk if perpetrator else None,
        },
    )
    return defendant


@transaction.atomic
def defendant_verdict(
    *,
    actor: User,
    defendant: Defendant,
    verdict: str,
    verdict_on: dt.date,
    sentence: str = "",
    confiscation: bool = False,
) -> Defendant:
    criminal_case = defendant.criminal_case
    _require_agency(actor, criminal_case.agency_id)
    if criminal_case.status not in procedure.VERDICT_STATUSES:
        raise ValidationError(
            _("Record the court's verdict on the case first; then the verdict per defendant.")
        )
    if verdict not in VerdictOutcome.values:
        raise ValidationError({"verdict": _("Choose convicted or acquitted.")})
    if verdict_on > timezone.localdate():
        raise ValidationError({"verdict_on": _("The verdict date cannot be in the future.")})
    if verdict == VerdictOutcome.ACQUITTED and (sentence.strip() or confiscation):
        raise ValidationError(
            {"sentence": _("An acquitted defendant has no sentence and no confiscation.")}
        )
    if verdict == VerdictOutcome.CONVICTED and not sentence.strip():
        raise ValidationError({"sentence": _("Write the sentence the court gave.")})
    defendant.verdict = verdict
    defendant.verdict_on = verdict_on
    defendant.sentence = sentence.strip()
    defendant.confiscation = confiscation
    defendant.full_clean()
    defendant.save()
    audit_record(
        actor=actor,
        action="prosecution.defendant.verdict",
        target=defendant,
        organisation=criminal_case.agency,
        detail={
            "criminal_case_id": criminal_case.pk,
            "verdict": verdict,
            "confiscation": confiscation,
        },
    )
    return defendant


# --- victims -----------------------------------------------------------------------------------


def _check_victim_fields(
    protection: Sequence[str],
    claimed: Decimal | None,
    awarded: Decimal | None,
    currency: str,
) -> None:
    errors: dict[str, Any] = {}
    unknown = sorted(set(protection) - set(ProtectionMeasure.values))
    if unknown:
        errors["protection"] = _("Unknown protection measures: %(codes)s") % {
            "codes": ", ".join(unknown)
        }
    for name, value in (("compensation_claimed", claimed), ("compensation_awarded", awarded)):
        if value is not None and value < 0:
            errors[name] = _("An amount cannot be negative.")
    if (claimed is not None or awarded is not None) and not currency:
        errors["currency"] = _("Give the currency of the amounts.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def victim_add(
    *,
    actor: User,
    criminal_case: CriminalCase,
    case: Case | None = None,
    standing: str = VictimStanding.INJURED_PARTY,
    protection: Sequence[str] = (),
    compensation_claimed: Decimal | None = None,
    compensation_awarded: Decimal | None = None,
    currency: str = "",
) -> Victim:
    _require_agency(actor, criminal_case.agency_id)
    if case is not None:
        try:
            consent_require(case, "law_enforcement")
        except ValidationError as exc:
            raise ValidationError(
                {
                    "case": _(
                        "Case %(case)s cannot be linked: the person has not agreed to share it "
                        "with law enforcement."
                    )
                    % {"case": case.reference}
                },
                code="consent_missing",
            ) from exc
        if criminal_case.victims.filter(case=case).exists():
            raise ValidationError({"case": _("This case is already linked as a victim here.")})
    _check_victim_fields(protection, compensation_claimed, compensation_awarded, currency)
    victim = Victim(
        criminal_case=criminal_case,
        case=case,
        standing=standing,
        protection=list(dict.fromkeys(protection)),
        compensation_claimed=compensation_claimed,
        compensation_awarded=compensation_awarded,
        currency=currency,
    )
    victim.full_clean()
    victim.save()
    audit_record(
        actor=actor,
        action="prosecution.victim.add",
        target=victim,
        organisation=criminal_case.agency,
        detail={
            "criminal_case_id": criminal_case.pk,
            "case_id": case.pk if case else None,
            "standing": standing,
            "protection": victim.protection,
        },
    )
    return victim


@transaction.atomic
def victim_update(
    *,
    actor: User,
    victim: Victim,
    standing: str,
    protection: Sequence[str],
    compensation_claimed: Decimal | None,
    compensation_awarded: Decimal | None,
    currency: str,
) -> Victim:
    _require_agency(actor, victim.criminal_case.agency_id)
    _check_victim_fields(protection, compensation_claimed, compensation_awarded, currency)
    victim.standing = standing
    victim.protection = list(dict.fromkeys(protection))
    victim.compensation_claimed = compensation_claimed
    victim.compensation_awarded = compensation_awarded
    victim.currency = currency
    victim.full_clean()
    victim.save()
    audit_record(
        actor=actor,
        action="prosecution.victim.update",
        target=victim,
        organisation=victim.criminal_case.agency,
        detail={
            "criminal_case_id": victim.criminal_case_id,
            "standing": standing,
            "protection": victim.protection,
            "claimed": compensation_claimed is not None,
            "awarded": compensation_awarded is not None,
        },
    )
    return victim


# --- evidence ----------------------------------------------------------------------------------

# Fact groups of the knowledge base's vocabulary that evidence can go to prove: the elements of
# the perpetrators' offences (the victim's exposure is not proved against a defendant).
EVIDENCE_FACT_GROUPS = ("acts", "means", "purposes", "aggravating", "related")


def _clean_evidence(
    *, kind: str, description: str, obtained_on: dt.date | None, facts: Sequence[str]
) -> list[str]:
    errors: dict[str, Any] = {}
    if kind not in EvidenceKind.values:
        errors["kind"] = _("Choose the kind of evidence.")
    if not description.strip():
        errors["description"] = _("Describe the evidence: what it is and what it shows.")
    if obtained_on is not None and obtained_on > timezone.localdate():
        errors["obtained_on"] = _("The date obtained cannot be in the future.")
    ids = knowledge_base().ids
    unknown = [f for f in facts if ids.group_of(f) not in EVIDENCE_FACT_GROUPS]
    if unknown:
        errors["facts"] = _("Unknown facts: %(ids)s") % {"ids": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)
    return list(dict.fromkeys(facts))


@transaction.atomic
def evidence_record(
    *,
    actor: User,
    criminal_case: CriminalCase,
    kind: str,
    description: str,
    obtained_on: dt.date | None = None,
    held_by: str = "",
    facts: Sequence[str] = (),
) -> Evidence:
    _require_agency(actor, criminal_case.agency_id)
    cleaned = _clean_evidence(
        kind=kind, description=description, obtained_on=obtained_on, facts=facts
    )
    evidence = Evidence(
        criminal_case=criminal_case,
        kind=kind,
        description=description.strip(),
        obtained_on=obtained_on,
        held_by=held_by.strip(),
        facts=cleaned,
        created_by=actor,
        updated_by=actor,
    )
    evidence.full_clean()
    evidence.save()
    audit_record(
        actor=actor,
        action="prosecution.evidence.record",
        target=evidence,
        organisation=criminal_case.agency,
        detail={"criminal_case_id": criminal_case.pk, "kind": kind, "facts": cleaned},
    )
    return evidence


@transaction.atomic
def evidence_update(
    *,
    actor: User,
    evidence: Evidence,
    expected_version: int,
    kind: str,
    description: str,
    obtained_on: dt.date | None,
    held_by: str,
    facts: Sequence[str],
) -> Evidence:
    criminal_case = evidence.criminal_case
    _require_agency(actor, criminal_case.agency_id)
    before = list(evidence.facts)
    evidence.facts = _clean_evidence(
        kind=kind, description=description, obtained_on=obtained_on, facts=facts
    )
    evidence.kind = kind
    evidence.description = description.strip()
    evidence.obtained_on = obtained_on
    evidence.held_by = held_by.strip()
    versioned_save(
        actor=actor,
        instance=evidence,
        expected_version=expected_version,
        fields=["kind", "description", "obtained_on", "held_by", "facts"],
    )
    audit_record(
        actor=actor,
        action="prosecution.evidence.update",
        target=evidence,
        organisation=criminal_case.agency,
        detail={
            "criminal_case_id": criminal_case.pk,
            "kind": kind,
            "before": before,
            "facts": evidence.facts,
        },
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor: User, evidence: Evidence) -> None:
    criminal_case = evidence.criminal_case
    _require_agency(actor, criminal_case.agency_id)
    audit_record(
        actor=actor,
        action="prosecution.evidence.remove",
        target=evidence,
        organisation=criminal_case.agency,
        detail={"criminal_case_id": criminal_case.pk, "kind": evidence.kind},
    )
    evidence.delete()


# --- joint investigations ----------------------------------------------------------------------


def _check_partner(partner: Organisation, own: Organisation) -> None:
    if partner.pk == own.pk:
        raise ValidationError({"partners": _("Your own agency takes part already.")})
    if partner.type not in AGENCY_TYPES or not partner.is_active:
        raise ValidationError(
            {
                "partners": _("%(org)s is not an active police or prosecution agency.")
                % {"org": partner.name}
            }
        )


@transaction.atomic
def joint_open(
    *,
    actor: User,
    criminal_case: CriminalCase,
    title: str,
    summary: str,
    partners: Sequence[Organisation],
) -> JointInvestigation:
    """Open a joint investigation from one's own case and invite the partner agencies; each of
    them attaches its own case when it has one."""
    _require_agency(actor, criminal_case.agency_id)
    if not title.strip():
        raise ValidationError({"title": _("Give the joint investigation a title.")})
    if not partners:
        raise ValidationError({"partners": _("Invite at least one partner agency.")})
    for partner in partners:
        _check_partner(partner, criminal_case.agency)
    joint = JointInvestigation(
        title=title.strip(),
        summary=summary.strip(),
        opened_by=criminal_case.agency,
        updated_by=actor,
    )
    joint.full_clean()
    joint.save()
    JointSide.objects.create(joint=joint, agency=criminal_case.agency, criminal_case=criminal_case)
    for partner in dict.fromkeys(partners):
        JointSide.objects.create(joint=joint, agency=partner)
    audit_record(
        actor=actor,
        action="prosecution.joint.open",
        target=joint,
        organisation=criminal_case.agency,
        detail={
            "criminal_case_id": criminal_case.pk,
            "partner_ids": sorted(p.pk for p in partners),
        },
    )
    return joint


@transaction.atomic
def joint_attach(
    *, actor: User, joint: JointInvestigation, criminal_case: CriminalCase
) -> JointSide:
    """A partner agency attaches its own criminal case to the investigation it was invited to."""
    _require_agency(actor, criminal_case.agency_id)
    side = joint.sides.filter(agency_id=criminal_case.agency_id).first()
    if side is None:
        raise PermissionDenied(_("Your agency is not part of this joint investigation."))
    if side.criminal_case_id is not None:
        raise ValidationError(_("Your agency has already attached a case to this investigation."))
    side.criminal_case = criminal_case
    side.save(update_fields=["criminal_case"])
    audit_record(
        actor=actor,
        action="prosecution.joint.attach",
        target=joint,
        organisation=criminal_case.agency,
        detail={"criminal_case_id": criminal_case.pk, "side_id": side.pk},
    )
    return side


@transaction.atomic
def joint_summary_update(
    *, actor: User, joint: JointInvestigation, expected_version: int, summary: str, agency_id: int
) -> JointInvestigation:
    """Any side may edit the shared summary; the optimistic lock stops two agencies overwriting
    each other."""
    _require_agency(actor, agency_id)
    if not joint.sides.filter(agency_id=agency_id).exists():
        raise PermissionDenied(_("Your agency is not part of this joint investigation."))
    joint.summary = summary.strip()
    versioned_save(
        actor=actor, instance=joint, expected_version=expected_version, fields=["summary"]
    )
    audit_record(
        actor=actor,
        action="prosecution.joint.summary",
        target=joint,
        organisation=Organisation.objects.get(pk=agency_id),
        detail={"agency_id": agency_id},
    )
    return joint
