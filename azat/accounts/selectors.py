"""Reads for administration screens, scoped to what the acting user administers."""

from __future__ import annotations

from django.db.models import QuerySet

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import Role
from azat.core.gates import get_visible_or_404


def organisation_list(*, user: User, membership: Membership) -> QuerySet[Organisation]:
    if membership.role == Role.SYS_ADMIN:
        return Organisation.objects.all()
    if membership.role == Role.ORG_ADMIN:
        return Organisation.objects.filter(pk=membership.organisation_id)
    return Organisation.objects.none()


def organisation_get_for_user(*, user: User, membership: Membership, id: int) -> Organisation:
    return get_visible_or_404(organisation_list(user=user, membership=membership), pk=id)


def membership_list(*, user: User, membership: Membership) -> QuerySet[Membership]:
    queryset = Membership.objects.select_related("user", "organisation")
    if membership.role == Role.SYS_ADMIN:
        return queryset
    if membership.role == Role.ORG_ADMIN:
        return queryset.filter(organisation_id=membership.organisation_id)
    return queryset.none()


def membership_get_for_user(*, user: User, membership: Membership, id: int) -> Membership:
    return get_visible_or_404(membership_list(user=user, membership=membership), pk=id)
