"""Writes for screenings: start one, save the answers (half-done or complete), record consent.

The engine runs on every save so the cached status and rule always match the stored answers.
Audit details carry the result codes and how many questions were answered, never the answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import Role
from azat.core.services import audit_record, versioned_save
from azat.hotline.models import Call
from azat.screening import engine
from azat.screening.models import Screening, ScreeningState
from azat.screening.rules import ScreeningInputError, ScreeningResult

SCREENING_ROLES = (Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR)
CALL_LINK_ROLES = (Role.OPERATOR, Role.SUPERVISOR)


def _require_screener(actor: User, organisation_id: int, roles: Iterable[str]) -> None:
    allowed = (
        Membership.objects.active()
        .filter(user=actor, organisation_id=organisation_id, role__in=list(roles))
        .exists()
    )
    if not allowed:
        raise PermissionDenied(_("You do not screen for this organisation."))


def _evaluate(
    *,
    age: int | None,
    minor: bool | None,
    profile: str,
    acts: Iterable[str],
    answers: Mapping[str, bool | None],
) -> tuple[ScreeningResult, list[str], dict[str, bool]]:
    """Run the engine; a bad id or value becomes a ValidationError on the field it names."""
    data = engine.request_data(age=age, minor=minor, profile=profile, acts=acts, answers=answers)
    try:
        result = engine.run(data)
    except ScreeningInputError as exc:
        field = exc.key.split(".")[0].split("[")[0]
        field = {"indicators": "answers"}.get(field, field)
        raise ValidationError({field: f"{exc.key}: {exc.message}"}) from exc
    # Unknown is not stored: a missing id already means "not asked or not known".
    stored = {key: value for key, value in sorted(answers.items()) if value is not None}
    return result, list(result.acts), stored


def _apply(
    screening: Screening,
    *,
    actor: User,
    age: int | None,
    minor: bool | None,
    profile: str,
    acts: Iterable[str],
    answers: Mapping[str, bool | None],
    complete: bool,
    consent_to_open_case: bool | None,
) -> tuple[ScreeningResult, bool]:
    result, checked_acts, stored = _evaluate(
        age=age, minor=minor, profile=profile, acts=acts, answers=answers
    )
    screening.age = age
    screening.minor = minor
    screening.profile = profile or ""
    screening.acts = checked_acts
    screening.answers = stored
    screening.status = result.status
    screening.rule = result.rule
    if complete:
        screening.state = ScreeningState.COMPLETE
    consent_changed = (
        consent_to_open_case is not None and consent_to_open_case != screening.consent_to_open_case
    )
    if consent_changed:
        screening.consent_to_open_case = bool(consent_to_open_case)
        screening.consent_recorded_by = actor
        screening.consent_recorded_at = timezone.now()
    return result, consent_changed


def _detail(screening: Screening, consent_changed: bool) -> dict[str, Any]:
    return {
        "status": screening.status,
        "rule": screening.rule,
        "state": screening.state,
        "answered": len(screening.answers),
        "acts": len(screening.acts),
        "consent_to_open_case": screening.consent_to_open_case,
        "consent_changed": consent_changed,
    }


@transaction.atomic
def screening_create(
    *,
    actor: User,
    organisation: Organisation,
    call: Call | None = None,
    age: int | None = None,
    minor: bool | None = None,
    profile: str = "",
    acts: Iterable[str] = (),
    answers: Mapping[str, bool | None] | None = None,
    complete: bool = False,
    consent_to_open_case: bool | None = None,
) -> Screening:
    """Start a screening, from a call or on its own; answers may come all at once (API)."""
    _require_screener(actor, organisation.pk, SCREENING_ROLES)
    if call is not None:
        # Only people who may read the call may tie a screening to it.
        _require_screener(actor, call.hotline.organisation_id, CALL_LINK_ROLES)
        if call.hotline.organisation_id != organisation.pk:
            raise ValidationError({"call": _("The call belongs to another organisation.")})
    screening = Screening(organisation=organisation, created_by=actor, call=call, updated_by=actor)
    _result, consent_changed = _apply(
        screening,
        actor=actor,
        age=age,
        minor=minor,
        profile=profile,
        acts=acts,
        answers=answers or {},
        complete=complete,
        consent_to_open_case=consent_to_open_case,
    )
    screening.full_clean()
    screening.save()
    audit_record(
        actor=actor,
        action="screening.screening.create",
        target=screening,
        organisation=organisation,
        detail={**_detail(screening, consent_changed), "call": call.pk if call else None},
    )
    return screening


@transaction.atomic
def screening_save(
    *,
    actor: User,
    screening: Screening,
    expected_version: int,
    age: int | None,
    minor: bool | None,
    profile: str,
    acts: Iterable[str],
    answers: Mapping[str, bool | None],
    complete: bool = False,
    consent_to_open_case: bool | None = None,
) -> Screening:
    """Save the answers so far; `complete` marks the interview finished. StaleEdit if someone
    saved in between."""
    _require_screener(actor, screening.organisation_id, SCREENING_ROLES)
    was_complete = screening.state == ScreeningState.COMPLETE
    _result, consent_changed = _apply(
        screening,
        actor=actor,
        age=age,
        minor=minor,
        profile=profile,
        acts=acts,
        answers=answers,
        complete=complete,
        consent_to_open_case=consent_to_open_case,
    )
    fields = ["age", "minor", "profile", "acts", "answers", "status", "rule", "state"]
    if consent_changed:
        fields += ["consent_to_open_case", "consent_recorded_by", "consent_recorded_at"]
    versioned_save(
        actor=actor, instance=screening, expected_version=expected_version, fields=fields
    )
    completing = complete and not was_complete
    audit_record(
        actor=actor,
        action="screening.screening.complete" if completing else "screening.screening.save",
        target=screening,
        organisation=screening.organisation,
        detail=_detail(screening, consent_changed),
    )
    return screening


@transaction.atomic
def screening_link_case(
    *, actor: User, screening: Screening, case_id: int, organisation_id: int
) -> Screening:
    """Record that a case was opened from this screening (called by the case app's case_open).

    A screening leads to at most one case, in its own organisation."""
    _require_screener(actor, screening.organisation_id, (Role.CASEWORKER, Role.SUPERVISOR))
    if organisation_id != screening.organisation_id:
        raise ValidationError(
            {"screening_id": _("This screening belongs to another organisation.")}
        )
    if screening.case_id is not None and screening.case_id != case_id:
        raise ValidationError({"screening_id": _("A case was already opened from this screening.")})
    Screening.objects.filter(pk=screening.pk).update(case_id=case_id)
    screening.case_id = case_id
    audit_record(
        actor=actor,
        action="screening.screening.link_case",
        target=screening,
        organisation=screening.organisation,
        detail={"case_id": case_id},
    )
    return screening
