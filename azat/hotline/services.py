"""Writes for hotlines and calls: set up a hotline; start, edit, end a call, escalate an emergency.

Each checks that the actor works the hotline's organisation in a role allowed to do it, saves, and
writes its audit event in the same transaction. Audit details carry field names and codes only,
never what the caller said.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import Role
from azat.core.services import audit_record, versioned_save
from azat.hotline.models import (
    AlertedType,
    Call,
    CallStatus,
    EmergencyEscalation,
    Hotline,
)

CALL_ROLES = (Role.OPERATOR, Role.SUPERVISOR)
HOTLINE_MANAGERS = (Role.ORG_ADMIN, Role.SUPERVISOR)

# Fields an administrator or supervisor may set on a hotline.
HOTLINE_FIELDS = frozenset(
    {"name", "country", "numbers", "channels", "languages", "hours", "is_active"}
)

# Fields an operator may set while the call is going on; the rest belong to the services.
EDITABLE_FIELDS = frozenset(
    {
        "channel",
        "caller_type",
        "language",
        "caller_country",
        "person_country",
        "topic",
        "is_anonymous",
        "caller_name",
        "caller_contact",
        "notes",
        "advice_given",
        "outcome",
        "callback_consent",
        "safe_contact",
        "follow_up_due",
        "follow_up_done",
    }
)


def can_work_calls(user: User, organisation_id: int) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, organisation_id=organisation_id, role__in=CALL_ROLES)
        .exists()
    )


def _require_call_staff(actor: User, hotline: Hotline) -> None:
    if not can_work_calls(actor, hotline.organisation_id):
        raise PermissionDenied(_("You do not work on this hotline."))


def _check_fields(changes: dict[str, Any]) -> None:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Unknown call fields: {sorted(unknown)}")


@transaction.atomic
def call_start(
    *, actor: User, hotline: Hotline, started_at: dt.datetime | None = None, **fields: Any
) -> Call:
    """Open a call the moment the operator picks up, so the start time is the real one."""
    _require_call_staff(actor, hotline)
    if not hotline.is_active:
        raise ValidationError({"hotline": _("This hotline is not active.")})
    _check_fields(fields)
    call = Call(
        hotline=hotline,
        operator=actor,
        started_at=started_at or timezone.now(),
        updated_by=actor,
        **fields,
    )
    call.full_clean()
    call.save()
    audit_record(
        actor=actor,
        action="hotline.call.start",
        target=call,
        organisation=hotline.organisation,
        detail={"hotline": hotline.pk, "channel": call.channel, "fields": sorted(fields)},
    )
    return call


@transaction.atomic
def call_update(*, actor: User, call: Call, expected_version: int, **changes: Any) -> Call:
    """Save what the operator changed; raises StaleEdit if someone saved in between."""
    _require_call_staff(actor, call.hotline)
    _check_fields(changes)
    for name, value in changes.items():
        setattr(call, name, value)
    versioned_save(
        actor=actor, instance=call, expected_version=expected_version, fields=sorted(changes)
    )
    audit_record(
        actor=actor,
        action="hotline.call.update",
        target=call,
        organisation=call.hotline.organisation,
        detail={"fields": sorted(changes), "version": call.version},
    )
    return call


@transaction.atomic
def call_close(
    *,
    actor: User,
    call: Call,
    expected_version: int,
    ended_at: dt.datetime | None = None,
    **changes: Any,
) -> Call:
    """End the call: it needs an outcome, and the duration is taken from the real times."""
    _require_call_staff(actor, call.hotline)
    _check_fields(changes)
    if call.status == CallStatus.CLOSED:
        raise ValidationError(_("This call has already ended."))
    for name, value in changes.items():
        setattr(call, name, value)
    end = ended_at or timezone.now()
    call.ended_at = end
    call.duration_seconds = max(0, int((end - call.started_at).total_seconds()))
    call.status = CallStatus.CLOSED
    fields = sorted({*changes, "ended_at", "duration_seconds", "status"})
    versioned_save(actor=actor, instance=call, expected_version=expected_version, fields=fields)
    audit_record(
        actor=actor,
        action="hotline.call.close",
        target=call,
        organisation=call.hotline.organisation,
        detail={
            "outcome": call.outcome,
            "duration_seconds": call.duration_seconds,
            "fields": sorted(changes),
        },
    )
    return call


@transaction.atomic
def call_save_from_form(
    *,
    actor: User,
    call: Call,
    expected_version: int,
    action: str,
    changes: dict[str, Any],
    escalation: dict[str, Any] | None = None,
) -> Call:
    """What the call form's buttons do, as one transaction: save the edits (or save and end the
    call), and with the emergency button also record the escalation, so a refused edit records no
    escalation and an escalation never goes without what the operator typed."""
    if action == "close":
        call_close(actor=actor, call=call, expected_version=expected_version, **changes)
    elif changes:
        call_update(actor=actor, call=call, expected_version=expected_version, **changes)
    if action == "emergency":
        if escalation is None:
            raise ValueError("The emergency action needs the escalation's fields.")
        call_escalate_emergency(actor=actor, call=call, **escalation)
    return call


@transaction.atomic
def call_escalate_emergency(
    *,
    actor: User,
    call: Call,
    alerted_type: str,
    alerted_who: str = "",
    alerted_at: dt.datetime | None = None,
) -> EmergencyEscalation:
    """Record that someone was alerted because a person is in danger now.

    It does not touch the call row, so an operator's unsaved edits to the call cannot become
    stale because of the escalation."""
    _require_call_staff(actor, call.hotline)
    if alerted_type not in AlertedType.values:
        raise ValidationError({"alerted_type": _("Choose who was alerted.")})
    escalation = EmergencyEscalation(
        call=call,
        alerted_type=alerted_type,
        alerted_who=alerted_who,
        alerted_at=alerted_at or timezone.now(),
        alerted_by=actor,
    )
    escalation.full_clean()
    escalation.save()
    audit_record(
        actor=actor,
        action="hotline.call.escalate_emergency",
        target=call,
        organisation=call.hotline.organisation,
        detail={"escalation": escalation.pk, "alerted_type": alerted_type},
    )
    return escalation


def can_manage_hotlines(user: User, organisation_id: int) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, organisation_id=organisation_id, role__in=HOTLINE_MANAGERS)
        .exists()
    )


def normalise_numbers(numbers: list[str], country: str) -> list[str]:
    """Every number in E.164, so callers, the directory and linkage all compare the same string.

    A number without a leading + is read as a national number of the hotline's country. Bad
    numbers are named in the message, so the person sees which line to fix."""
    result: list[str] = []
    bad: list[str] = []
    for raw in numbers:
        text = raw.strip()
        if not text:
            continue
        try:
            parsed = phonenumbers.parse(text, country or None)
        except phonenumbers.NumberParseException:
            bad.append(text)
            continue
        if not phonenumbers.is_valid_number(parsed):
            bad.append(text)
            continue
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if e164 not in result:
            result.append(e164)
    if bad:
        raise ValidationError(
            {
                "numbers": _(
                    "Not a valid phone number: %(numbers)s. Write it with the country code, "
                    "e.g. +996 312 123456."
                )
                % {"numbers": ", ".join(bad)}
            }
        )
    return result


def _check_hotline_fields(changes: dict[str, Any]) -> None:
    unknown = set(changes) - HOTLINE_FIELDS
    if unknown:
        raise ValueError(f"Unknown hotline fields: {sorted(unknown)}")


@transaction.atomic
def hotline_create(*, actor: User, organisation: Organisation, **fields: Any) -> Hotline:
    """Add a hotline to the organisation; numbers are stored in E.164."""
    if not can_manage_hotlines(actor, organisation.pk):
        raise PermissionDenied(_("You cannot manage this organisation's hotlines."))
    _check_hotline_fields(fields)
    hotline = Hotline(organisation=organisation, **fields)
    hotline.numbers = normalise_numbers(list(hotline.numbers or []), str(hotline.country))
    hotline.full_clean()
    hotline.save()
    audit_record(
        actor=actor,
        action="hotline.hotline.create",
        target=hotline,
        organisation=organisation,
        detail={"fields": sorted(fields), "is_active": hotline.is_active},
    )
    return hotline


@transaction.atomic
def hotline_update(*, actor: User, hotline: Hotline, **changes: Any) -> Hotline:
    """Change a hotline. Setting is_active to False stops new calls on it; past calls stay."""
    if not can_manage_hotlines(actor, hotline.organisation_id):
        raise PermissionDenied(_("You cannot manage this organisation's hotlines."))
    _check_hotline_fields(changes)
    # From the row, not the instance: a ModelForm may already have set the new value on it.
    was_active = (
        Hotline.objects.select_for_update().values_list("is_active", flat=True).get(pk=hotline.pk)
    )
    for name, value in changes.items():
        setattr(hotline, name, value)
    if "numbers" in changes or "country" in changes:
        hotline.numbers = normalise_numbers(list(hotline.numbers or []), str(hotline.country))
    hotline.full_clean()
    hotline.save()
    detail: dict[str, Any] = {"fields": sorted(changes), "is_active": hotline.is_active}
    if was_active and not hotline.is_active:
        action = "hotline.hotline.deactivate"
    elif not was_active and hotline.is_active:
        action = "hotline.hotline.reactivate"
    else:
        action = "hotline.hotline.update"
    audit_record(
        actor=actor,
        action=action,
        target=hotline,
        organisation=hotline.organisation,
        detail=detail,
    )
    return hotline
