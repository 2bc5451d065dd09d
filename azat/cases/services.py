"""Writes for persons, cases, consents, stages and events.

Each service takes the acting user first, checks that the actor works on cases in the owning
organisation, validates, saves, and writes its audit event in the same transaction (audit detail:
ids and codes only).

Decisions the lead should know (also in the report):

* ``case_open`` needs a lawful basis before anything is stored about the case. The usual one is
  the person's (or guardian's) consent to assistance, recorded as a Consent in the same
  transaction. Two other bases are accepted when consent cannot be asked first: child protection
  (best interests of a child, no guardian reachable) and vital interests (life or safety at
  immediate risk); both need a written explanation, and `consent_require(case, "assistance")`
  accepts them. Every other purpose (referral, law enforcement, statistics) always needs consent.
* Withdrawing the assistance consent does not delete or close the case: what was done stays on
  record, the case page warns, and later sharing is refused by `consent_require`.
* Stage moves and closing go through the pure rules in ``stages.py`` and through
  ``versioned_save``, so they also bump the version an open edit form holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import Role
from azat.cases import stages
from azat.cases.models import (
    Case,
    CaseNote,
    CasePlanItem,
    Consent,
    ConsentGiver,
    ConsentPurpose,
    IdentityDocument,
    LegalBasis,
    NameKind,
    NeedsAssessment,
    Person,
    PersonName,
    PlanStatus,
    StageChange,
    StageChoice,
    StageTarget,
    TraffickingEvent,
    TraffickingStatus,
)
from azat.core.lookup import document_hash, name_hash
from azat.core.services import StaleEdit, audit_record, versioned_save
from azat.core.translit import detect_script
from azat.screening import selectors as screening_selectors
from azat.screening import services as screening_services

CASE_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)

# Fields of a case an edit form may change; stage, status and closing have their own services.
EDITABLE_CASE_FIELDS = frozenset(
    {
        "caseworker",
        "identified_on",
        "trafficking_status",
        "status_decided_by",
        "status_decided_on",
        "exploitation",
        "means_of_control",
        "recruitment_methods",
        "recruitment_platforms",
        "recruiter_relation",
        "vulnerabilities",
        "notes",
    }
)


# Fields of a person an edit form may change; names and documents have their own services.
EDITABLE_PERSON_FIELDS = frozenset(
    {
        "gender",
        "birth_date",
        "estimated_age",
        "citizenships",
        "languages",
        "education",
        "marital_status",
        "children_count",
        "safe_contact",
    }
)
# A document's number and type are what was read off the paper; only its status changes.
EDITABLE_DOCUMENT_FIELDS = frozenset({"status"})


@dataclass(frozen=True)
class DocumentInput:
    type: str
    number: str = ""
    issuing_country: str = ""
    status: str = "held"


def _require_case_worker(actor: User, organisation: Organisation | int) -> None:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    allowed = (
        Membership.objects.active()
        .filter(user=actor, organisation_id=org_id, role__in=CASE_ROLES)
        .exists()
    )
    if not allowed:
        raise PermissionDenied(_("You do not work on cases of this organisation."))


def _stage_label(stage: str) -> str:
    return str(dict(StageChoice.choices).get(stage, stage))


def refusal_message(decision: stages.Decision, *, current: str, target: str = "") -> str:
    """The sentence a person reads when the rules refuse a move or a closing."""
    refusal = decision.refusal
    names = {"current": _stage_label(current), "target": _stage_label(target)}
    if refusal is stages.Refusal.SAME_STAGE:
        return _("The case is already at the stage “%(current)s”.") % names
    if refusal is stages.Refusal.CLOSE_INSTEAD:
        return _("To close a case use “Close the case”: it asks for a reason and an outcome.")
    if refusal is stages.Refusal.NOT_ALLOWED:
        allowed = ", ".join(_stage_label(m.target_stage) for m in stages.allowed_moves(current))
        return _(
            "A case at “%(current)s” cannot move to “%(target)s”. Possible next stages: "
            "%(allowed)s."
        ) % {**names, "allowed": allowed or "—"}
    if refusal is stages.Refusal.NOTE_REQUIRED:
        return _("Moving from “%(current)s” back to “%(target)s” needs a note saying why.") % names
    if refusal is stages.Refusal.ALREADY_CLOSED:
        return _("The case is already closed.")
    if refusal is stages.Refusal.OUTCOME_REQUIRED:
        return _("Choose the outcome: closing a case needs one.")
    if refusal is stages.Refusal.UNKNOWN_OUTCOME:
        return _("This outcome is not one of the listed outcomes.")
    if refusal is stages.Refusal.REASON_REQUIRED:
        return _("Write the reason for closing: closing a case needs one.")
    return _("Unknown stage.")


# --- persons -----------------------------------------------------------------------------------


def _name_hashes(names: Sequence[tuple[str, str]]) -> tuple[str, str]:
    first: dict[str, str] = {}
    for kind, value in names:
        first.setdefault(kind, value)
    full = " ".join(
        first[k] for k in (NameKind.GIVEN, NameKind.PATRONYMIC, NameKind.FAMILY) if k in first
    )
    short = ""
    if NameKind.GIVEN in first and NameKind.FAMILY in first:
        short = name_hash(f"{first[NameKind.GIVEN]} {first[NameKind.FAMILY]}")
    return name_hash(full) if full else "", short


def _add_name(person: Person, kind: str, value: str) -> PersonName:
    name = PersonName(
        person=person,
        kind=kind,
        value=value.strip(),
        value_hash=name_hash(value),
        script=detect_script(value),
    )
    name.full_clean()
    name.save()
    return name


def _add_document(person: Person, document: DocumentInput, actor: User) -> IdentityDocument:
    row = IdentityDocument(
        person=person,
        type=document.type,
        number=document.number.strip(),
        number_hash=document_hash(document.number),
        issuing_country=document.issuing_country,
        status=document.status,
        updated_by=actor,
    )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def person_create(
    *,
    actor: User,
    organisation: Organisation,
    names: Sequence[tuple[str, str]],
    documents: Sequence[DocumentInput] = (),
    **fields: Any,
) -> Person:
    """Record a person with every name variant as typed. The whole-name and given+family hashes
    make "Жылдыз Ахметова" and "Zhyldyz Akhmetova" the same lookup key."""
    _require_case_worker(actor, organisation)
    cleaned = [(kind, value.strip()) for kind, value in names if value and value.strip()]
    if not cleaned:
        raise ValidationError({"names": _("Give at least one name, alias or nickname.")})
    full_hash, short_hash = _name_hashes(cleaned)
    person = Person(
        organisation=organisation,
        created_by=actor,
        updated_by=actor,
        full_name_hash=full_hash,
        short_name_hash=short_hash,
        **fields,
    )
    person.full_clean()
    person.save()
    for kind, value in cleaned:
        _add_name(person, kind, value)
    for document in documents:
        _add_document(person, document, actor)
    audit_record(
        actor=actor,
        action="cases.person.create",
        target=person,
        organisation=organisation,
        detail={"names": len(cleaned), "documents": len(documents)},
    )
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, expected_version: int, **changes: Any) -> Person:
    """Save an edit of the person's basic fields only if nobody saved the person since the form
    was opened (else StaleEdit naming who and when). The audit event names the changed fields,
    never their values (a date of birth or a safe contact is itself identifying)."""
    _require_case_worker(actor, person.organisation_id)
    unknown = set(changes) - EDITABLE_PERSON_FIELDS
    if unknown:
        raise ValueError(f"Unknown person fields: {sorted(unknown)}")
    if "safe_contact" in changes:
        changes["safe_contact"] = (changes["safe_contact"] or "").strip()
    if "estimated_age" in changes:
        # An estimate ages with the person: remember the day it was made (or forget it).
        changes["age_estimated_on"] = (
            timezone.localdate() if changes["estimated_age"] is not None else None
        )
    for name, value in changes.items():
        setattr(person, name, value)
    # versioned_save runs Person.clean(), which checks date of birth against estimated age.
    versioned_save(
        actor=actor, instance=person, expected_version=expected_version, fields=list(changes)
    )
    audit_record(
        actor=actor,
        action="cases.person.update",
        target=person,
        organisation=person.organisation,
        detail={
            "fields": sorted(set(changes) - {"age_estimated_on"}),
            "version": person.version,
        },
    )
    return person


@transaction.atomic
def document_update(
    *, actor: User, document: IdentityDocument, expected_version: int, status: str
) -> IdentityDocument:
    """A document's status moves with its story (held → confiscated → reissued), with
    optimistic locking; the audit event carries the status codes, never the number."""
    person = document.person
    _require_case_worker(actor, person.organisation_id)
    previous = document.status
    document.status = status
    versioned_save(
        actor=actor, instance=document, expected_version=expected_version, fields=["status"]
    )
    audit_record(
        actor=actor,
        action="cases.person.document_update",
        target=person,
        organisation=person.organisation,
        detail={
            "document_id": document.pk,
            "from": previous,
            "to": status,
            "version": document.version,
        },
    )
    return document


@transaction.atomic
def person_name_add(*, actor: User, person: Person, kind: str, value: str) -> PersonName:
    """Another spelling, alias or document name: kept beside the others, never replacing them."""
    _require_case_worker(actor, person.organisation_id)
    if not value.strip():
        raise ValidationError({"value": _("Write the name.")})
    name = _add_name(person, kind, value)
    audit_record(
        actor=actor,
        action="cases.person.name_add",
        target=person,
        organisation=person.organisation,
        detail={"kind": kind, "name_id": name.pk},
    )
    return name


@transaction.atomic
def document_add(*, actor: User, person: Person, document: DocumentInput) -> IdentityDocument:
    _require_case_worker(actor, person.organisation_id)
    row = _add_document(person, document, actor)
    audit_record(
        actor=actor,
        action="cases.person.document_add",
        target=person,
        organisation=person.organisation,
        detail={"type": row.type, "status": row.status, "document_id": row.pk},
    )
    return row


# --- consent -----------------------------------------------------------------------------------


def _consent_description(purpose: str, organisation: Organisation | None) -> str:
    label = str(dict(ConsentPurpose.choices).get(purpose, purpose))
    if organisation is not None:
        return _("%(purpose)s (%(organisation)s)") % {
            "purpose": label,
            "organisation": organisation.name,
        }
    return label


def consent_require(
    case: Case, purpose: str, organisation: Organisation | None = None
) -> Consent | None:
    """Raise a ValidationError naming the missing consent; other apps call this before sharing.

    Returns the active consent found, or None when the case's recorded legal basis (child
    protection, vital interests) stands in for an assistance consent."""
    found = case.consents.active().filter(purpose=purpose)
    if purpose == ConsentPurpose.REFERRAL:
        if organisation is None:
            raise ValueError("A referral consent is checked for a named organisation.")
        found = found.filter(organisation=organisation)
    consent = found.order_by("-given_at").first()
    if consent is not None:
        return consent
    if purpose == ConsentPurpose.ASSISTANCE and case.legal_basis != LegalBasis.CONSENT:
        return None
    raise ValidationError(
        _("Case %(case)s has no active consent for: %(what)s.")
        % {"case": case.reference, "what": _consent_description(purpose, organisation)},
        code="consent_missing",
    )


def _consent_build(
    *,
    actor: User,
    case: Case,
    purpose: str,
    organisation: Organisation | None,
    given_by: str,
    guardian_name: str,
    given_at: dt.datetime | None,
) -> Consent:
    duplicate = case.consents.active().filter(purpose=purpose, organisation=organisation)
    if duplicate.exists():
        raise ValidationError(
            {"purpose": _("This consent is already recorded and has not been withdrawn.")}
        )
    consent = Consent(
        case=case,
        purpose=purpose,
        organisation=organisation,
        given_by=given_by,
        guardian_name=guardian_name.strip() if given_by != ConsentGiver.PERSON else "",
        given_at=given_at or timezone.now(),
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        action="cases.consent.record",
        target=consent,
        organisation=case.organisation,
        detail={
            "case_id": case.pk,
            "purpose": purpose,
            "organisation_id": organisation.pk if organisation else None,
            "given_by": given_by,
        },
    )
    return consent


@transaction.atomic
def consent_record(
    *,
    actor: User,
    case: Case,
    purpose: str,
    organisation: Organisation | None = None,
    given_by: str = ConsentGiver.PERSON,
    guardian_name: str = "",
    given_at: dt.datetime | None = None,
) -> Consent:
    _require_case_worker(actor, case.organisation_id)
    return _consent_build(
        actor=actor,
        case=case,
        purpose=purpose,
        organisation=organisation,
        given_by=given_by,
        guardian_name=guardian_name,
        given_at=given_at,
    )


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent) -> Consent:
    """The record stays (who agreed to what, and when it ended); only future use is refused.

    Withdrawing a referral consent also recalls, in the same transaction, every open referral
    of the case to that organisation (referrals app): the package leaves the receiver's sight
    at once. The recalled referrals carry the consent's withdrawal time (`recalled_at`)."""
    _require_case_worker(actor, consent.case.organisation_id)
    now = timezone.now()
    # Compare-and-set, so two people withdrawing at once record one withdrawal.
    updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=actor
    )
    if updated != 1:
        raise ValidationError(_("This consent was already withdrawn."))
    consent.withdrawn_at = now
    consent.withdrawn_by = actor
    detail: dict[str, Any] = {"case_id": consent.case_id, "purpose": consent.purpose}
    if consent.purpose == ConsentPurpose.REFERRAL and consent.organisation_id is not None:
        # Imported here: the referrals app builds on this module (consent_require).
        from azat.referrals.services import referrals_recall_for_consent

        detail["recalled_referrals"] = [
            referral.pk
            for referral in referrals_recall_for_consent(
                actor=actor,
                case=consent.case,
                organisation_id=consent.organisation_id,
                consent_id=consent.pk,
                at=now,
            )
        ]
    audit_record(
        actor=actor,
        action="cases.consent.withdraw",
        target=consent,
        organisation=consent.case.organisation,
        detail=detail,
    )
    return consent


# --- cases -------------------------------------------------------------------------------------


def _check_caseworker(caseworker: User | None, organisation_id: int) -> None:
    if caseworker is None:
        return
    works_here = (
        Membership.objects.active()
        .filter(user=caseworker, organisation_id=organisation_id, role__in=CASE_ROLES)
        .exists()
    )
    if not works_here:
        raise ValidationError(
            {"caseworker": _("The caseworker must work on cases in this organisation.")}
        )


def _check_screening(actor: User, organisation: Organisation, screening_id: int) -> Any:
    """The screening must exist and be one the actor may read in the case's organisation (the
    screening app's own gate), so a case cannot claim another organisation's screening."""
    membership = (
        Membership.objects.active()
        .filter(user=actor, organisation=organisation, role__in=CASE_ROLES)
        .select_related("organisation")
        .first()
    )
    screening = None
    if membership is not None:
        screening = (
            screening_selectors.screening_list(user=actor, membership=membership)
            .filter(pk=screening_id)
            .first()
        )
    if screening is None:
        raise ValidationError(
            {"screening_id": _("This screening was not found in your organisation.")}
        )
    if screening.case_id is not None:
        raise ValidationError({"screening_id": _("A case was already opened from this screening.")})
    return screening


@transaction.atomic
def case_open(
    *,
    actor: User,
    person: Person,
    identified_on: dt.date | None = None,
    caseworker: User | None = None,
    screening_id: int | None = None,
    trafficking_status: str = TraffickingStatus.POSSIBLE,
    legal_basis: str = LegalBasis.CONSENT,
    legal_basis_note: str = "",
    consent_given_by: str = ConsentGiver.PERSON,
    guardian_name: str = "",
    **details: Any,
) -> Case:
    """Open a case for a person of the actor's organisation, from scratch or from a screening.

    With the consent basis an assistance consent is recorded in the same transaction; with the
    other bases the explanation is required instead (see the module docstring)."""
    organisation = person.organisation
    _require_case_worker(actor, organisation)
    unknown = set(details) - EDITABLE_CASE_FIELDS
    if unknown:
        raise ValueError(f"Unknown case fields: {sorted(unknown)}")
    if legal_basis not in LegalBasis.values:
        raise ValidationError({"legal_basis": _("Choose a legal basis.")})
    if legal_basis != LegalBasis.CONSENT and not legal_basis_note.strip():
        raise ValidationError(
            {"legal_basis_note": _("Explain why help starts without the person's consent.")}
        )
    screening = None
    if screening_id is not None:
        screening = _check_screening(actor, organisation, screening_id)
    caseworker = caseworker or actor
    _check_caseworker(caseworker, organisation.pk)
    case = Case(
        organisation=organisation,
        person=person,
        caseworker=caseworker,
        identified_on=identified_on or timezone.localdate(),
        screening_id=screening_id,
        trafficking_status=trafficking_status,
        legal_basis=legal_basis,
        legal_basis_note=legal_basis_note.strip(),
        stage=stages.Stage.IDENTIFICATION.value,
        status=stages.htcds_status(stages.Stage.IDENTIFICATION),
        created_by=actor,
        updated_by=actor,
        **details,
    )
    case.full_clean()
    case.save()
    StageChange.objects.create(case=case, from_stage="", to_stage=case.stage, by=actor)
    if screening is not None:
        screening_services.screening_link_case(
            actor=actor, screening=screening, case_id=case.pk, organisation_id=organisation.pk
        )
    consent_id = None
    if legal_basis == LegalBasis.CONSENT:
        consent = _consent_build(
            actor=actor,
            case=case,
            purpose=ConsentPurpose.ASSISTANCE,
            organisation=None,
            given_by=consent_given_by,
            guardian_name=guardian_name,
            given_at=None,
        )
        consent_id = consent.pk
    audit_record(
        actor=actor,
        action="cases.case.open",
        target=case,
        organisation=organisation,
        detail={
            "person_id": person.pk,
            "screening_id": screening_id,
            "legal_basis": legal_basis,
            "consent_id": consent_id,
        },
    )
    return case


@transaction.atomic
def case_open_for_new_person(
    *,
    actor: User,
    organisation: Organisation,
    names: Sequence[tuple[str, str]],
    documents: Sequence[DocumentInput] = (),
    person_fields: dict[str, Any] | None = None,
    **case_kwargs: Any,
) -> Case:
    """The "new case" page: person and case together, so a refused case leaves no person."""
    fields = dict(person_fields or {})
    if fields.get("estimated_age") is not None:
        fields.setdefault("age_estimated_on", timezone.localdate())
    person = person_create(
        actor=actor, organisation=organisation, names=names, documents=documents, **fields
    )
    return case_open(actor=actor, person=person, **case_kwargs)


@transaction.atomic
def case_update(*, actor: User, case: Case, expected_version: int, **changes: Any) -> Case:
    """Save an edit only if nobody saved the case since the form was opened (else StaleEdit,
    naming who changed it and when)."""
    _require_case_worker(actor, case.organisation_id)
    unknown = set(changes) - EDITABLE_CASE_FIELDS
    if unknown:
        raise ValueError(f"Unknown case fields: {sorted(unknown)}")
    if "caseworker" in changes:
        _check_caseworker(changes["caseworker"], case.organisation_id)
    for name, value in changes.items():
        setattr(case, name, value)
    versioned_save(
        actor=actor, instance=case, expected_version=expected_version, fields=list(changes)
    )
    audit_record(
        actor=actor,
        action="cases.case.update",
        target=case,
        organisation=case.organisation,
        detail={"fields": sorted(changes), "version": case.version},
    )
    return case


@transaction.atomic
def case_move_stage(
    *,
    actor: User,
    case: Case,
    to_stage: str,
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    _require_case_worker(actor, case.organisation_id)
    current = case.stage
    decision = stages.check_move(current, to_stage, note=note)
    if not decision.allowed:
        raise ValidationError(
            {"to_stage": refusal_message(decision, current=current, target=to_stage)},
            code=str(decision.refusal),
        )
    assert decision.move is not None
    fields = ["stage", "status"]
    case.stage = to_stage
    case.status = stages.htcds_status(to_stage)
    if decision.move.kind is stages.MoveKind.REOPEN:
        case.closing_outcome, case.closing_reason, case.closed_at = "", "", None
        fields += ["closing_outcome", "closing_reason", "closed_at"]
    versioned_save(
        actor=actor,
        instance=case,
        expected_version=case.version if expected_version is None else expected_version,
        fields=fields,
    )
    StageChange.objects.create(
        case=case, from_stage=current, to_stage=to_stage, by=actor, note=note.strip()
    )
    audit_record(
        actor=actor,
        action="cases.case.move_stage",
        target=case,
        organisation=case.organisation,
        detail={"from": current, "to": to_stage, "kind": str(decision.move.kind)},
    )
    return case


@transaction.atomic
def case_close(
    *,
    actor: User,
    case: Case,
    outcome: str,
    reason: str,
    expected_version: int | None = None,
) -> Case:
    _require_case_worker(actor, case.organisation_id)
    current = case.stage
    decision = stages.check_close(current, outcome=outcome, reason=reason)
    if not decision.allowed:
        field = "reason" if decision.refusal is stages.Refusal.REASON_REQUIRED else "outcome"
        raise ValidationError(
            {field: refusal_message(decision, current=current)}, code=str(decision.refusal)
        )
    case.stage = stages.Stage.CLOSED.value
    case.status = stages.htcds_status(stages.Stage.CLOSED, outcome)
    case.closing_outcome = outcome
    case.closing_reason = reason.strip()
    case.closed_at = timezone.now()
    versioned_save(
        actor=actor,
        instance=case,
        expected_version=case.version if expected_version is None else expected_version,
        fields=["stage", "status", "closing_outcome", "closing_reason", "closed_at"],
    )
    StageChange.objects.create(
        case=case, from_stage=current, to_stage=case.stage, by=actor, note=reason.strip()
    )
    audit_record(
        actor=actor,
        action="cases.case.close",
        target=case,
        organisation=case.organisation,
        detail={"from": current, "outcome": outcome, "status": case.status},
    )
    return case


@transaction.atomic
def event_add(
    *,
    actor: User,
    case: Case,
    kind: str,
    country: str = "",
    place: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    description: str = "",
) -> TraffickingEvent:
    _require_case_worker(actor, case.organisation_id)
    event = TraffickingEvent(
        case=case,
        kind=kind,
        country=country,
        place=place.strip(),
        date_from=date_from,
        date_to=date_to,
        description=description.strip(),
        created_by=actor,
    )
    event.full_clean()
    event.save()
    audit_record(
        actor=actor,
        action="cases.event.add",
        target=event,
        organisation=case.organisation,
        detail={"case_id": case.pk, "kind": kind, "country": str(country)},
    )
    return event


@transaction.atomic
def note_add(*, actor: User, case: Case, text: str) -> CaseNote:
    """A dated case comment (HTCDS cco_CaseComment) for the timeline."""
    _require_case_worker(actor, case.organisation_id)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    note = CaseNote(case=case, text=text.strip(), by=actor)
    note.full_clean()
    note.save()
    audit_record(
        actor=actor,
        action="cases.note.add",
        target=note,
        organisation=case.organisation,
        detail={"case_id": case.pk},
    )
    return note


# --- needs and support plan --------------------------------------------------------------------

# Fields of a plan item an edit may change.
EDITABLE_PLAN_FIELDS = frozenset(
    {
        "type",
        "objective",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "status",
    }
)


@transaction.atomic
def needs_assess(
    *,
    actor: User,
    case: Case,
    needs: Sequence[str],
    assessed_on: dt.date | None = None,
    notes: str = "",
) -> NeedsAssessment:
    """Record what the person needs on a given day; earlier assessments stay as they were."""
    _require_case_worker(actor, case.organisation_id)
    assessment = NeedsAssessment(
        case=case,
        assessed_on=assessed_on or timezone.localdate(),
        needs=list(dict.fromkeys(needs)),
        notes=notes.strip(),
        assessed_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor,
        action="cases.needs.assess",
        target=assessment,
        organisation=case.organisation,
        detail={"case_id": case.pk, "needs": list(assessment.needs)},
    )
    return assessment


@transaction.atomic
def plan_item_add(
    *,
    actor: User,
    case: Case,
    type: str,
    objective: str = "",
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
    actual_start: dt.date | None = None,
    actual_end: dt.date | None = None,
    status: str = PlanStatus.PLANNED,
) -> CasePlanItem:
    _require_case_worker(actor, case.organisation_id)
    item = CasePlanItem(
        case=case,
        type=type,
        objective=objective.strip(),
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
        status=status,
        created_by=actor,
        updated_by=actor,
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="cases.plan.add",
        target=item,
        organisation=case.organisation,
        detail={"case_id": case.pk, "type": type, "status": status},
    )
    return item


@transaction.atomic
def plan_item_update(
    *, actor: User, item: CasePlanItem, expected_version: int, **changes: Any
) -> CasePlanItem:
    """Save only if nobody changed the item since the form was opened (else StaleEdit)."""
    _require_case_worker(actor, item.case.organisation_id)
    unknown = set(changes) - EDITABLE_PLAN_FIELDS
    if unknown:
        raise ValueError(f"Unknown plan fields: {sorted(unknown)}")
    if "objective" in changes:
        changes["objective"] = (changes["objective"] or "").strip()
    for name, value in changes.items():
        setattr(item, name, value)
    # The date rules involve pairs of fields, so check the whole item, not only the changed ones.
    item.full_clean()
    versioned_save(
        actor=actor, instance=item, expected_version=expected_version, fields=list(changes)
    )
    audit_record(
        actor=actor,
        action="cases.plan.update",
        target=item,
        organisation=item.case.organisation,
        detail={
            "case_id": item.case_id,
            "fields": sorted(changes),
            "status": item.status,
            "version": item.version,
        },
    )
    return item


# --- organisation targets ----------------------------------------------------------------------

TARGET_SETTERS = (Role.SUPERVISOR, Role.ORG_ADMIN)
TARGET_DAYS_RANGE = (7, 730)


@transaction.atomic
def stage_target_set(
    *, actor: User, organisation: Organisation, days: int, expected_version: int | None = None
) -> StageTarget:
    """The organisation's supervisor or administrator sets how many days it aims to take from
    identification to reintegration; every case's target and the overdue list follow it.

    ``expected_version`` is the version the form showed (0: there was no target yet); a save
    after someone else's is refused with StaleEdit. ``None`` sets without the check."""
    allowed = (
        Membership.objects.active()
        .filter(user=actor, organisation=organisation, role__in=TARGET_SETTERS)
        .exists()
    )
    if not allowed:
        raise PermissionDenied(_("Only a supervisor or administrator of the organisation may."))
    low, high = TARGET_DAYS_RANGE
    if not low <= days <= high:
        raise ValidationError(
            {"days": _("Choose between %(low)d and %(high)d days.") % {"low": low, "high": high}}
        )
    target = (
        StageTarget.objects.select_related("updated_by").filter(organisation=organisation).first()
    )
    previous = target.days if target else None
    if target is None:
        if expected_version:
            raise ValueError("No stage target to update.")
        target = StageTarget(organisation=organisation, days=days, updated_by=actor)
        target.full_clean()
        target.save()
    else:
        if expected_version == 0:
            who = str(target.updated_by) if target.updated_by else _("another user")
            raise StaleEdit(changed_by=who, changed_at=target.updated_at)
        target.days = days
        versioned_save(
            actor=actor,
            instance=target,
            expected_version=target.version if expected_version is None else expected_version,
            fields=["days"],
        )
    audit_record(
        actor=actor,
        action="cases.stage_target.set",
        target=target,
        organisation=organisation,
        detail={"days": days, "previous": previous, "version": target.version},
    )
    return target


def names_from(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keep the typed names that are not blank, in the order given."""
    return [(kind, value) for kind, value in pairs if value and value.strip()]
