"""Reads for screenings: operators, caseworkers and supervisors see their organisation's
screenings; everybody else sees none. Opening one is an audit event (the answers tell a story)."""

from __future__ import annotations

from django.db.models import QuerySet

from azat.accounts.models import Membership, User
from azat.accounts.roles import Role
from azat.core.gates import get_visible_or_404
from azat.core.services import audit_record
from azat.screening.models import Screening

SCREENING_READERS = frozenset({Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR})


def screening_list(*, user: User, membership: Membership) -> QuerySet[Screening]:
    if membership.role not in SCREENING_READERS:
        return Screening.objects.none()
    return Screening.objects.select_related("created_by", "call").filter(
        organisation_id=membership.organisation_id
    )


def screening_get_for_user(*, user: User, membership: Membership, id: int) -> Screening:
    screening = get_visible_or_404(screening_list(user=user, membership=membership), pk=id)
    audit_record(
        actor=user,
        action="screening.screening.view",
        target=screening,
        organisation=screening.organisation,
    )
    return screening
