"""Writes for organisations, people and their roles. Each checks the actor's right, records an audit
event in the same transaction, and ends sessions when a person's access shrinks."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import Role
from azat.core.services import audit_record


def is_system_admin(user: User) -> bool:
    return Membership.objects.active().filter(user=user, role=Role.SYS_ADMIN).exists()


def can_administer(actor: User, organisation: Organisation) -> bool:
    if is_system_admin(actor):
        return True
    return (
        Membership.objects.active()
        .filter(user=actor, organisation=organisation, role=Role.ORG_ADMIN)
        .exists()
    )


def _require_admin(actor: User, organisation: Organisation) -> None:
    if not can_administer(actor, organisation):
        raise PermissionDenied(_("You do not administer this organisation."))


def _end_sessions(user: User) -> int:
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    name: str,
    type: str,
    country: str,
    region: str = "",
    languages: list[str] | None = None,
) -> Organisation:
    if not is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator creates organisations."))
    organisation = Organisation(
        name=name, type=type, country=country, region=region, languages=languages or []
    )
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor, action="organisation.create", target=organisation, organisation=organisation
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, **changes: object
) -> Organisation:
    _require_admin(actor, organisation)
    allowed = {"name", "type", "country", "region", "languages", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Unknown organisation fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor,
        action="organisation.update",
        target=organisation,
        organisation=organisation,
        detail={"fields": sorted(changes)},
    )
    if changes.get("is_active") is False:
        # Suspending an organisation ends its people's sessions at once (contingency plan, H11).
        for membership in organisation.memberships.select_related("user"):
            _end_sessions(membership.user)
    return organisation


@transaction.atomic
def member_invite(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    role: str,
    full_name: str = "",
    base_url: str = "",
) -> Membership:
    """Add a person to an organisation in a role; a new person gets a single-use link to choose a
    password (no administrator ever sets or sees it)."""
    _require_admin(actor, organisation)
    if role == Role.SYS_ADMIN and not is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator can appoint another."))
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name)
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError({"email": _("This person already has this role here.")})
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="membership.invite",
        target=membership,
        organisation=organisation,
        detail={"role": role, "new_user": created, "user_id": user.pk},
    )
    if created:
        link = base_url + reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": default_token_generator.make_token(user),
            },
        )
        transaction.on_commit(
            lambda: send_mail(
                _("You have been invited to Azat"),
                _(
                    "%(org)s invited you to Azat. Choose your password with this link; it works "
                    "once and expires in three days:\n\n%(link)s\n\nYou will then set up "
                    "two-factor authentication."
                )
                % {"org": organisation.name, "link": link},
                None,
                [email],
            )
        )
    return membership


@transaction.atomic
def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    _require_admin(actor, membership.organisation)
    if Role.SYS_ADMIN in (role, membership.role) and not is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator can change this role."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    previous = membership.role
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="membership.change_role",
        target=membership,
        organisation=membership.organisation,
        detail={"from": previous, "to": role, "user_id": membership.user_id},
    )
    _end_sessions(membership.user)
    return membership


@transaction.atomic
def membership_deactivate(*, actor: User, membership: Membership) -> Membership:
    """End a person's role here; with no active role left the account is disabled. Either way
    their sessions end at once."""
    _require_admin(actor, membership.organisation)
    if membership.role == Role.SYS_ADMIN and not is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator can change this role."))
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot deactivate your own membership."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    user = membership.user
    if not Membership.objects.active().filter(user=user).exists():
        user.is_active = False
        user.deactivated_at = timezone.now()
        user.save(update_fields=["is_active", "deactivated_at"])
    ended = _end_sessions(user)
    audit_record(
        actor=actor,
        action="membership.deactivate",
        target=membership,
        organisation=membership.organisation,
        detail={
            "user_id": user.pk,
            "sessions_ended": ended,
            "account_disabled": not user.is_active,
        },
    )
    return membership


@transaction.atomic
def user_sign_out_everywhere(*, actor: User) -> int:
    ended = _end_sessions(actor)
    audit_record(
        actor=actor, action="user.sign_out_everywhere", target=actor, detail={"sessions": ended}
    )
    return ended
