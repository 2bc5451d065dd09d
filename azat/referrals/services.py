"""Writes for provider profiles, referrals and services delivered.

Each service takes the acting user first, checks the actor's membership on the right side of
the referral, validates, saves and writes its audit event in the same transaction (detail: ids
and codes only, never the package).

Decisions the lead should know:

* A referral moves by compare-and-set on its state (``UPDATE ... WHERE state = <seen>``), so two
  people answering the same referral at once cannot both win; the loser reads a message naming
  the state the referral is now in.
* ``referral_send`` asks the cases app (`consent_require`) for an active referral consent for the
  receiving organisation, then copies the chosen package fields from the case into an encrypted
  snapshot. Consent in Azat is per purpose and organisation, not per field: the ceiling is the
  minimum data set in ``PackageField``; the sender picks a subset of it.
* The receiving side is any provider, caseworker or supervisor of the receiving organisation;
  they read the package only. The referring side is the case's caseworkers and supervisors.
* Recording the first service on an accepted referral starts it (accepted → in progress), with
  its own step and audit event, so nobody has to press "start" before writing what they did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import Role
from azat.cases.models import Case, NameKind
from azat.cases.services import consent_require
from azat.core.services import StaleEdit, audit_record, versioned_save
from azat.referrals import workflow
from azat.referrals.models import (
    PackageField,
    Provider,
    Referral,
    ReferralEvent,
    ReferralState,
    ReferralStep,
    ServiceDelivery,
    service_labels,
)

SENDER_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)
RECEIVER_ROLES = (Role.PROVIDER, Role.CASEWORKER, Role.SUPERVISOR)
PROFILE_ROLES = (Role.PROVIDER, Role.ORG_ADMIN)

PROVIDER_FIELDS = frozenset(
    {
        "services",
        "countries",
        "regions",
        "languages",
        "capacity",
        "opening_hours",
        "phone",
        "email",
        "address",
        "description",
        "is_active",
    }
)


def _is_member(actor: User, organisation_id: int, roles: tuple[Role, ...]) -> bool:
    return (
        Membership.objects.active()
        .filter(user=actor, organisation_id=organisation_id, role__in=roles)
        .exists()
    )


def side_of(actor: User, referral: Referral) -> workflow.Side | None:
    """Which side of the referral the actor works on, if any (sender wins for a dual member)."""
    if _is_member(actor, referral.sender_id, SENDER_ROLES):
        return workflow.Side.SENDER
    if referral.state != ReferralState.DRAFT and _is_member(
        actor, referral.receiver_id, RECEIVER_ROLES
    ):
        return workflow.Side.RECEIVER
    return None


def state_label(state: str) -> str:
    return str(dict(ReferralState.choices).get(state, state))


def step_label(step: str) -> str:
    return str(dict(ReferralStep.choices).get(step, step))


def refusal_message(decision: workflow.Decision, *, referral: Referral, step: str) -> str:
    """The sentence a person reads when the workflow refuses a step: it names the state the
    referral is in and the step that was tried."""
    names = {
        "ref": referral.reference,
        "state": state_label(referral.state),
        "step": step_label(step),
    }
    refusal = decision.refusal
    if refusal is workflow.Refusal.NOT_ALLOWED:
        possible = ", ".join(step_label(s) for s in workflow.allowed_steps(referral.state))
        return _(
            "Referral %(ref)s is “%(state)s”: the step “%(step)s” is not possible from there. "
            "Possible steps: %(possible)s."
        ) % {**names, "possible": possible or _("none, the referral has ended")}
    if refusal is workflow.Refusal.WRONG_SIDE:
        if decision.side is workflow.Side.RECEIVER:
            return (
                _(
                    "Referral %(ref)s is “%(state)s”: only the receiving organisation takes "
                    "the step “%(step)s”."
                )
                % names
            )
        return (
            _(
                "Referral %(ref)s is “%(state)s”: only the referring organisation takes the "
                "step “%(step)s”."
            )
            % names
        )
    if refusal is workflow.Refusal.REASON_REQUIRED:
        return _("Referral %(ref)s is “%(state)s”: the step “%(step)s” needs a reason.") % names
    return _("Referral %(ref)s is “%(state)s”: “%(step)s” is not a known step.") % names


# --- providers ---------------------------------------------------------------------------------


@transaction.atomic
def provider_profile_save(
    *,
    actor: User,
    organisation: Organisation,
    expected_version: int | None = None,
    **fields: Any,
) -> Provider:
    """Create or update the organisation's provider profile (its own providers and admins).

    ``expected_version`` is the version the form showed; ``None`` means the form saw no profile.
    An update saves only if nobody saved the profile since (else StaleEdit, naming who and
    when); a profile created by someone else meanwhile is a stale edit too."""
    if not _is_member(actor, organisation.pk, PROFILE_ROLES):
        raise PermissionDenied(_("You do not manage the profile of this organisation."))
    unknown = set(fields) - PROVIDER_FIELDS
    if unknown:
        raise ValueError(f"Unknown provider fields: {sorted(unknown)}")
    provider = (
        Provider.objects.select_related("updated_by").filter(organisation=organisation).first()
    )
    created = provider is None
    if provider is None:
        provider = Provider(organisation=organisation)
        for name, value in fields.items():
            setattr(provider, name, value)
        provider.updated_by = actor
        provider.full_clean()
        provider.save()
    else:
        if expected_version is None:
            who = str(provider.updated_by) if provider.updated_by else _("another user")
            raise StaleEdit(changed_by=who, changed_at=provider.updated_at)
        for name, value in fields.items():
            setattr(provider, name, value)
        provider.full_clean()
        versioned_save(
            actor=actor, instance=provider, expected_version=expected_version, fields=list(fields)
        )
    audit_record(
        actor=actor,
        action="referrals.provider.save",
        target=provider,
        organisation=organisation,
        detail={"created": created, "fields": sorted(fields), "version": provider.version},
    )
    return provider


# --- referrals ---------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    actor: User,
    case: Case,
    receiver: Organisation,
    services: list[str],
    urgency: str = "routine",
    due_on: dt.date | None = None,
    package_fields: list[str] | tuple[str, ...] = (),
    alias: str = "",
    needs: str = "",
    safety_notes: str = "",
) -> Referral:
    """A draft: nothing leaves the organisation until `referral_send`."""
    if not _is_member(actor, case.organisation_id, SENDER_ROLES):
        raise PermissionDenied(_("You do not work on cases of this organisation."))
    if case.is_closed:
        raise ValidationError(_("The case is closed; reopen it before referring the person."))
    provider = Provider.objects.active().filter(organisation=receiver).first()
    if provider is None:
        raise ValidationError(
            {
                "receiver": _(
                    "This organisation does not take referrals in Azat (no provider profile)."
                )
            }
        )
    not_offered = [code for code in services if code not in provider.services]
    if not_offered:
        raise ValidationError(
            {
                "services": _("%(org)s does not offer: %(services)s.")
                % {"org": receiver.name, "services": ", ".join(service_labels(not_offered))}
            }
        )
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date is in the past.")})
    referral = Referral(
        case=case,
        sender_id=case.organisation_id,
        receiver=receiver,
        services=list(services),
        urgency=urgency,
        due_on=due_on,
        package_fields=list(package_fields),
        alias=alias.strip(),
        needs=needs.strip(),
        safety_notes=safety_notes.strip(),
        created_by=actor,
    )
    referral.full_clean()
    referral.save()
    audit_record(
        actor=actor,
        action="referrals.referral.create",
        target=referral,
        organisation=referral.sender,
        detail={
            "case_id": case.pk,
            "receiver_id": receiver.pk,
            "services": list(services),
            "fields": list(package_fields),
        },
    )
    return referral


def build_package(referral: Referral, *, today: dt.date | None = None) -> dict[str, Any]:
    """The snapshot the receiving organisation will see: only the chosen fields, copied now."""
    person = referral.case.person
    chosen = set(referral.package_fields)
    package: dict[str, Any] = {
        "services": list(referral.services),
        "urgency": referral.urgency,
        "due_on": referral.due_on.isoformat() if referral.due_on else None,
    }
    if PackageField.FIRST_NAME in chosen:
        given = person.names_of(NameKind.GIVEN)
        package["first_name"] = given[0] if given else ""
    if PackageField.ALIAS in chosen:
        package["alias"] = referral.alias
    if PackageField.AGE in chosen:
        package["age"] = person.age_on(today or timezone.localdate())
        package["age_estimated"] = person.birth_date is None
    if PackageField.SEX in chosen:
        package["sex"] = person.gender
    if PackageField.LANGUAGES in chosen:
        package["languages"] = list(person.languages)
    if PackageField.NEEDS in chosen:
        package["needs"] = referral.needs
    if PackageField.SAFETY_NOTES in chosen:
        package["safety_notes"] = referral.safety_notes
    return package


def _move(
    *,
    actor: User,
    referral: Referral,
    step: workflow.Step,
    side: workflow.Side,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> Referral:
    """Check the step, then move by compare-and-set on the state seen, with event and audit."""
    current = referral.state
    decision = workflow.check(current, step, side=side, reason=reason)
    if not decision.allowed:
        raise ValidationError(
            refusal_message(decision, referral=referral, step=step), code=str(decision.refusal)
        )
    assert decision.target is not None
    now = timezone.now()
    values: dict[str, Any] = {"state": decision.target.value, "updated_at": now, **(extra or {})}
    if step in (workflow.Step.ACCEPT, workflow.Step.DECLINE):
        values["answered_at"] = now
    if decision.target in workflow.TERMINAL:
        values["ended_at"] = now
    if reason.strip():
        values["state_reason"] = reason.strip()
    # The encrypted fields must go through the model to be encrypted: set them, save by pk.
    updated = Referral.objects.filter(pk=referral.pk, state=current).update(
        **{k: v for k, v in values.items() if k not in ("state_reason", "package")}
    )
    if updated != 1:
        referral.refresh_from_db()
        stale = workflow.Decision(False, refusal=workflow.Refusal.NOT_ALLOWED, side=side)
        raise ValidationError(refusal_message(stale, referral=referral, step=step), code="stale")
    for name, value in values.items():
        setattr(referral, name, value)
    encrypted = [k for k in ("state_reason", "package") if k in values]
    if encrypted:
        referral.save(update_fields=encrypted)
    organisation_id = referral.sender_id if side is workflow.Side.SENDER else referral.receiver_id
    ReferralEvent.objects.create(
        referral=referral,
        step=step.value,
        from_state=current,
        to_state=decision.target.value,
        by=actor,
        organisation_id=organisation_id,
        note=reason.strip(),
    )
    audit_record(
        actor=actor,
        action=f"referrals.referral.{step.value}",
        target=referral,
        organisation=Organisation.objects.get(pk=organisation_id),
        detail={"case_id": referral.case_id, "from": current, "to": decision.target.value},
    )
    return referral


def _require_side(actor: User, referral: Referral, side: workflow.Side, step: str) -> None:
    actual = side_of(actor, referral)
    if actual is None:
        raise PermissionDenied(_("You do not work on this referral."))
    if actual is not side:
        decision = workflow.Decision(False, refusal=workflow.Refusal.WRONG_SIDE, side=side)
        raise ValidationError(
            refusal_message(decision, referral=referral, step=step), code="wrong_side"
        )


@transaction.atomic
def referral_send(*, actor: User, referral: Referral) -> Referral:
    """Refused unless the person consented to a referral to this very organisation."""
    _require_side(actor, referral, workflow.Side.SENDER, workflow.Step.SEND)
    decision = workflow.check(referral.state, workflow.Step.SEND, side=workflow.Side.SENDER)
    if not decision.allowed:
        raise ValidationError(
            refusal_message(decision, referral=referral, step=workflow.Step.SEND),
            code=str(decision.refusal),
        )
    case = referral.case
    consent = consent_require(case, "referral", organisation=referral.receiver)
    if case.is_closed:
        raise ValidationError(_("The case is closed; reopen it before referring the person."))
    package = build_package(referral)
    referral = _move(
        actor=actor,
        referral=referral,
        step=workflow.Step.SEND,
        side=workflow.Side.SENDER,
        extra={"package": package, "sent_at": timezone.now()},
    )
    audit_record(
        actor=actor,
        action="referrals.referral.package",
        target=referral,
        organisation=referral.sender,
        detail={
            "consent_id": consent.pk if consent else None,
            "fields": sorted(set(package) - {"services", "urgency", "due_on"}),
            "receiver_id": referral.receiver_id,
        },
    )
    return referral


def _receiver_step(
    actor: User, referral: Referral, step: workflow.Step, reason: str = ""
) -> Referral:
    _require_side(actor, referral, workflow.Side.RECEIVER, step)
    return _move(
        actor=actor, referral=referral, step=step, side=workflow.Side.RECEIVER, reason=reason
    )


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral) -> Referral:
    return _receiver_step(actor, referral, workflow.Step.ACCEPT)


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    return _receiver_step(actor, referral, workflow.Step.DECLINE, reason)


@transaction.atomic
def referral_start(*, actor: User, referral: Referral) -> Referral:
    return _receiver_step(actor, referral, workflow.Step.START)


@transaction.atomic
def referral_complete(*, actor: User, referral: Referral) -> Referral:
    return _receiver_step(actor, referral, workflow.Step.COMPLETE)


@transaction.atomic
def referral_not_complete(*, actor: User, referral: Referral, reason: str) -> Referral:
    return _receiver_step(actor, referral, workflow.Step.NOT_COMPLETE, reason)


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral, reason: str = "") -> Referral:
    _require_side(actor, referral, workflow.Side.SENDER, workflow.Step.WITHDRAW)
    return _move(
        actor=actor,
        referral=referral,
        step=workflow.Step.WITHDRAW,
        side=workflow.Side.SENDER,
        reason=reason,
    )


@transaction.atomic
def referrals_recall_for_consent(
    *, actor: User, case: Case, organisation_id: int, consent_id: int, at: dt.datetime
) -> list[Referral]:
    """The person withdrew consent to referrals to this organisation: withdraw every open
    referral of the case to it (reason "consent withdrawn"), erase the package the receiver
    held, and mark it recalled at ``at`` (the consent's withdrawal time) so the receiving
    organisation no longer finds it. Called by ``cases.services.consent_withdraw`` inside its
    transaction; drafts stay with the sender (sending them is refused without consent)."""
    if not _is_member(actor, case.organisation_id, SENDER_ROLES):
        raise PermissionDenied(_("You do not work on cases of this organisation."))
    open_referrals = (
        Referral.objects.select_for_update()
        .filter(case=case, receiver_id=organisation_id, state__in=[s.value for s in workflow.OPEN])
        .order_by("id")
    )
    recalled = []
    for referral in open_referrals:
        _move(
            actor=actor,
            referral=referral,
            step=workflow.Step.WITHDRAW,
            side=workflow.Side.SENDER,
            reason=_("Consent withdrawn"),
            extra={"package": None, "recalled_at": at},
        )
        audit_record(
            actor=actor,
            action="referrals.referral.recall",
            target=referral,
            organisation=referral.sender,
            detail={
                "case_id": case.pk,
                "consent_id": consent_id,
                "receiver_id": organisation_id,
            },
        )
        recalled.append(referral)
    return recalled


STEP_SERVICES: dict[workflow.Step, Callable[..., Referral]] = {
    workflow.Step.ACCEPT: referral_accept,
    workflow.Step.START: referral_start,
    workflow.Step.COMPLETE: referral_complete,
}
REASONED_STEP_SERVICES: dict[workflow.Step, Callable[..., Referral]] = {
    workflow.Step.DECLINE: referral_decline,
    workflow.Step.NOT_COMPLETE: referral_not_complete,
    workflow.Step.WITHDRAW: referral_withdraw,
}


def referral_step(*, actor: User, referral: Referral, step: str, reason: str = "") -> Referral:
    """One entry point for the pages: dispatch a step name to its service."""
    try:
        the_step = workflow.Step(step)
    except ValueError:
        decision = workflow.Decision(False, refusal=workflow.Refusal.UNKNOWN_STEP)
        raise ValidationError(refusal_message(decision, referral=referral, step=step)) from None
    if the_step is workflow.Step.SEND:
        return referral_send(actor=actor, referral=referral)
    if the_step in STEP_SERVICES:
        return STEP_SERVICES[the_step](actor=actor, referral=referral)
    return REASONED_STEP_SERVICES[the_step](actor=actor, referral=referral, reason=reason)


# --- services delivered ------------------------------------------------------------------------


@transaction.atomic
def service_record(
    *,
    actor: User,
    case: Case,
    service: str,
    delivered_on: dt.date,
    referral: Referral | None = None,
    provider: Organisation | None = None,
    cost: Decimal | None = None,
    currency: str = "",
    funding_source: str = "",
    note: str = "",
) -> ServiceDelivery:
    """On a referral: by the receiving side once accepted (the provider is the receiver), or by
    the referring caseworker. Without a referral: by the case's caseworkers, for what they saw
    done (provider defaults to their own organisation)."""
    if referral is not None:
        if referral.case_id != case.pk:
            raise ValueError("The referral belongs to another case.")
        if side_of(actor, referral) is None:
            raise PermissionDenied(_("You do not work on this referral."))
        if referral.state not in workflow.SERVICE_STATES:
            raise ValidationError(
                _("Referral %(ref)s is “%(state)s”: services are recorded once it is accepted.")
                % {"ref": referral.reference, "state": state_label(referral.state)}
            )
        provider = referral.receiver
    else:
        if not _is_member(actor, case.organisation_id, SENDER_ROLES):
            raise PermissionDenied(_("You do not work on cases of this organisation."))
        provider = provider or Organisation.objects.get(pk=case.organisation_id)
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("The date is in the future.")})
    delivery = ServiceDelivery(
        case=case,
        referral=referral,
        provider=provider,
        service=service,
        delivered_on=delivered_on,
        cost=cost,
        currency=currency,
        funding_source=funding_source,
        note=note.strip(),
        recorded_by=actor,
    )
    delivery.full_clean()
    delivery.save()
    audit_record(
        actor=actor,
        action="referrals.service.record",
        target=delivery,
        organisation=provider,
        detail={
            "case_id": case.pk,
            "referral_id": referral.pk if referral else None,
            "service": service,
            "funding_source": funding_source,
        },
    )
    if (
        referral is not None
        and referral.state == ReferralState.ACCEPTED
        and side_of(actor, referral) is workflow.Side.RECEIVER
    ):
        _move(actor=actor, referral=referral, step=workflow.Step.START, side=workflow.Side.RECEIVER)
    return delivery
