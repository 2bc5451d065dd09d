"""Reads for screenings: operators, caseworkers and supervisors see their organisation's
screenings; everybody else sees none. Opening one is an audit event (the answers tell a story)."""

from __future__ import annotations

from django.db.models import QuerySet

from azat.accounts.models import Membership, User
from azat.accounts.roles import Role
from azat.core.gates import get_visible_or_404
from azat.core.reads import ReadById
from azat.core.services import audit_record
from azat.screening.models import Screening

SCREENING_READERS = frozenset({Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR})


def screening_list(*, user: User, membership: Membership) -> QuerySet[Screening]:
    if membership.role not in SCREENING_READERS:
        return Screening.objects.none()
    return Screening.objects.select_related("created_by", "call").filter(
        organisation_id=membership.organisation_id
    )


def screenings_of_case(
    *, organisation_id: int, case_id: int, screening_id: int | None
) -> list[Screening]:
    """The screenings behind a case, for its timeline: the one it was opened from and any later
    ones linked to it, of the case's own organisation. The caller has passed the case gate.

    Opening a case from a screening links the screening to it, so the one it was opened from is
    read apart only when it is not among the linked ones. Both reads have their SQL built once
    (`azat.core.reads`); the organisation is checked here, on the rows."""
    found = _screenings_of_case(case_id)
    if screening_id and all(screening.pk != screening_id for screening in found):
        found += _screening_by_id(screening_id)
    return sorted(
        (screening for screening in found if screening.organisation_id == organisation_id),
        key=lambda screening: (screening.created_at, screening.pk),
    )


def _for_timeline(queryset: QuerySet[Screening]) -> QuerySet[Screening]:
    return queryset.select_related("created_by").defer("answers", "acts")


_screenings_of_case = ReadById(
    lambda pk: _for_timeline(Screening.objects.filter(case_id=pk)).order_by("created_at", "pk")
)
_screening_by_id = ReadById(lambda pk: _for_timeline(Screening.objects.filter(pk=pk)))


def screening_get_for_user(*, user: User, membership: Membership, id: int) -> Screening:
    screening = get_visible_or_404(screening_list(user=user, membership=membership), pk=id)
    audit_record(
        actor=user,
        action="screening.screening.view",
        target=screening,
        organisation=screening.organisation,
    )
    return screening
