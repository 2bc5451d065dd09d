"""Authentication events into the audit trail (ASVS V16.3.1). Django and allauth announce sign-in,
sign-out and MFA changes only through signals, so this is the one place receivers are used."""

from __future__ import annotations

from typing import Any

from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from azat.accounts.models import Membership, User
from azat.core.services import audit_record


def _organisation_of(user: User | None) -> Any:
    if user is None:
        return None
    membership = Membership.objects.active().filter(user=user).order_by("pk").first()
    return membership.organisation if membership else None


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    with transaction.atomic():
        audit_record(
            actor=user, action="auth.login", target=user, organisation=_organisation_of(user)
        )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        with transaction.atomic():
            audit_record(
                actor=user, action="auth.logout", target=user, organisation=_organisation_of(user)
            )


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Nothing typed is recorded: a password is sometimes typed into the e-mail field.
    with transaction.atomic():
        audit_record(actor=None, action="auth.login_failed")


@receiver(authenticator_added)
def _mfa_added(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit_record(
            actor=user,
            action="auth.mfa_added",
            target=user,
            organisation=_organisation_of(user),
            detail={"type": authenticator.type},
        )


@receiver(authenticator_removed)
def _mfa_removed(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit_record(
            actor=user,
            action="auth.mfa_removed",
            target=user,
            organisation=_organisation_of(user),
            detail={"type": authenticator.type},
        )
