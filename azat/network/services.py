"""Writes for perpetrators recorded in a victim's case.

Only those who may edit the case (its organisation's caseworkers and supervisors) record, change
or remove a perpetrator. Names and identifiers are kept as typed, encrypted, each with a keyed
hash of its normalised form: names through the cross-script name hash, phones as E.164 (a number
that is not a valid phone is refused with a message naming it), the rest case- and script-folded.
Audit events carry ids, codes and counts, never a name, a number or a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from azat.accounts.models import Membership, User
from azat.cases.models import Case, TraffickingEvent
from azat.cases.selectors import CASE_ROLES
from azat.core.lookup import name_hash, value_hash
from azat.core.services import audit_record, versioned_save
from azat.core.translit import lookup_form
from azat.linkage.names import phone_e164
from azat.network.models import (
    Identifier,
    IdentifierKind,
    NameKind,
    Perpetrator,
    PerpetratorName,
    PerpetratorRole,
)

# Fields `perpetrator_update` may change besides names, identifiers and events.
DETAIL_FIELDS = ("sex", "estimated_age", "citizenship", "role", "relation", "notes")

# Form field of each identifier kind, for error messages that land on the right field.
IDENTIFIER_FIELDS = {
    IdentifierKind.PHONE: "phones",
    IdentifierKind.ADDRESS: "addresses",
    IdentifierKind.COMPANY: "companies",
    IdentifierKind.ONLINE: "online_accounts",
}


@dataclass
class PerpetratorInput:
    """What a caseworker records about one perpetrator; every list may be empty."""

    role: str
    name: str = ""
    aliases: Sequence[str] = ()
    sex: str = "NonSpecifiedUnknown"
    estimated_age: int | None = None
    citizenship: str = ""
    relation: str = ""
    phones: Sequence[str] = ()
    addresses: Sequence[str] = ()
    companies: Sequence[str] = ()
    online_accounts: Sequence[str] = ()
    events: Sequence[TraffickingEvent] = field(default_factory=list)
    notes: str = ""


def can_edit_case(user: User, case: Case) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, organisation_id=case.organisation_id, role__in=CASE_ROLES)
        .exists()
    )


def _require_case_editor(actor: User, case: Case) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied(_("You do not work on cases of this organisation."))


def _clean_list(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        value = " ".join((value or "").split())
        if value and value not in out:
            out.append(value)
    return out


def _identifier_hash(kind: str, value: str) -> str:
    if kind == IdentifierKind.PHONE:
        return value_hash(value, purpose="phone")
    if kind == IdentifierKind.ONLINE:
        return value_hash(value.removeprefix("@"), purpose="online")
    return value_hash(lookup_form(value) or value, purpose=kind)


def _identifiers(data: PerpetratorInput, region: str) -> list[tuple[str, str]]:
    """(kind, stored value) pairs; phones become E.164 or are refused."""
    out: list[tuple[str, str]] = []
    bad_phones = []
    for raw in _clean_list(data.phones):
        e164 = phone_e164(raw, region or None)
        if e164 is None:
            bad_phones.append(raw)
        elif (IdentifierKind.PHONE, e164) not in out:
            out.append((IdentifierKind.PHONE, e164))
    if bad_phones:
        raise ValidationError(
            {
                "phones": _(
                    "Not a phone number Azat can read: %(numbers)s. Write it with the country "
                    "code, e.g. +996 555 123 456."
                )
                % {"numbers": ", ".join(bad_phones)}
            }
        )
    for kind, values in (
        (IdentifierKind.ADDRESS, data.addresses),
        (IdentifierKind.COMPANY, data.companies),
        (IdentifierKind.ONLINE, data.online_accounts),
    ):
        out.extend((kind, value) for value in _clean_list(values))
    return out


def _check(case: Case, data: PerpetratorInput) -> None:
    errors: dict[str, Any] = {}
    if not data.name.strip() and not _clean_list(data.aliases):
        errors["name"] = _(
            "Give a name or an alias, even a description such as “the driver from Osh”."
        )
    if data.role not in PerpetratorRole.values:
        errors["role"] = _("Choose the perpetrator's role.")
    foreign = [e for e in data.events if e.case_id != case.pk]
    if foreign:
        errors["events"] = _("Only the trafficking events of this case can be chosen.")
    if errors:
        raise ValidationError(errors)


def _write_related(perpetrator: Perpetrator, data: PerpetratorInput) -> dict[str, int]:
    """Replace names, identifiers and events; return counts for the audit event."""
    region = str(perpetrator.case.organisation.country or "")
    identifiers = _identifiers(data, region)
    perpetrator.names.all().delete()
    perpetrator.identifiers.all().delete()
    names: list[tuple[str, str]] = []
    if data.name.strip():
        names.append((NameKind.NAME, " ".join(data.name.split())))
    names += [(NameKind.ALIAS, alias) for alias in _clean_list(data.aliases)]
    for kind, value in names:
        row = PerpetratorName(
            perpetrator=perpetrator, kind=kind, value=value, value_hash=name_hash(value)
        )
        row.full_clean()
        row.save()
    for kind, value in identifiers:
        identifier = Identifier(
            perpetrator=perpetrator,
            kind=kind,
            value=value,
            value_hash=_identifier_hash(kind, value),
        )
        identifier.full_clean()
        identifier.save()
    perpetrator.events.set(data.events)
    counts = {"names": len(names), "events": len(data.events)}
    for kind in IdentifierKind.values:
        counts[kind] = sum(1 for k, _v in identifiers if k == kind)
    return counts


@transaction.atomic
def perpetrator_record(*, actor: User, case: Case, data: PerpetratorInput) -> Perpetrator:
    _require_case_editor(actor, case)
    _check(case, data)
    perpetrator = Perpetrator(
        case=case,
        sex=data.sex,
        estimated_age=data.estimated_age,
        citizenship=data.citizenship,
        role=data.role,
        relation=data.relation,
        notes=data.notes.strip(),
        created_by=actor,
        updated_by=actor,
    )
    perpetrator.full_clean()
    perpetrator.save()
    counts = _write_related(perpetrator, data)
    audit_record(
        actor=actor,
        action="network.perpetrator.record",
        target=perpetrator,
        organisation=case.organisation,
        detail={"case_id": case.pk, "role": data.role, "relation": data.relation, **counts},
    )
    return perpetrator


@transaction.atomic
def perpetrator_update(
    *, actor: User, perpetrator: Perpetrator, expected_version: int, data: PerpetratorInput
) -> Perpetrator:
    case = perpetrator.case
    _require_case_editor(actor, case)
    _check(case, data)
    perpetrator.sex = data.sex
    perpetrator.estimated_age = data.estimated_age
    perpetrator.citizenship = data.citizenship
    perpetrator.role = data.role
    perpetrator.relation = data.relation
    perpetrator.notes = data.notes.strip()
    versioned_save(
        actor=actor,
        instance=perpetrator,
        expected_version=expected_version,
        fields=list(DETAIL_FIELDS),
    )
    counts = _write_related(perpetrator, data)
    audit_record(
        actor=actor,
        action="network.perpetrator.update",
        target=perpetrator,
        organisation=case.organisation,
        detail={"case_id": case.pk, "role": data.role, "relation": data.relation, **counts},
    )
    return perpetrator


@transaction.atomic
def perpetrator_remove(*, actor: User, perpetrator: Perpetrator, expected_version: int) -> None:
    """Remove a perpetrator recorded by mistake. A defendant of a criminal case linked to it
    keeps its own record; only the link goes."""
    case = perpetrator.case
    _require_case_editor(actor, case)
    current = Perpetrator.objects.filter(pk=perpetrator.pk).values_list("version", flat=True)
    if current.first() != expected_version:
        raise ValidationError(
            _("This perpetrator was changed after you opened the page. Reload and try again."),
            code="stale",
        )
    perpetrator_id = perpetrator.pk
    audit_record(
        actor=actor,
        action="network.perpetrator.remove",
        target=perpetrator,
        organisation=case.organisation,
        detail={"case_id": case.pk, "role": perpetrator.role},
    )
    perpetrator.delete()
    perpetrator.pk = perpetrator_id
