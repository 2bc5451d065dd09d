"""Reads of perpetrators, with one answer for missing and forbidden.

The case is the gate: a perpetrator is visible to whoever may open its case through the cases
app's own selector (`case_get_for_user`, which audits the read); everybody else gets "not found".
`perpetrators_of_cases` serves another app's gate (prosecution checks the victim's consent to
share with law enforcement before it asks), so it takes case ids and applies no user check.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from azat.accounts.models import Membership, User
from azat.cases import selectors as case_selectors
from azat.cases.models import Case, TraffickingEvent
from azat.core.gates import get_visible_or_404
from azat.core.reads import ReadById
from azat.core.services import audit_record
from azat.network.models import Identifier, Perpetrator, PerpetratorName


def _with_related(queryset: QuerySet[Perpetrator]) -> QuerySet[Perpetrator]:
    return queryset.prefetch_related(
        Prefetch("names", queryset=PerpetratorName.objects.order_by("id")),
        Prefetch("identifiers", queryset=Identifier.objects.order_by("kind", "id")),
        Prefetch("events", queryset=TraffickingEvent.objects.all()),
    )


def _may_read(membership: Membership, case: Case) -> bool:
    return (
        membership.role in case_selectors.CASE_ROLES
        and membership.organisation_id == case.organisation_id
    )


def perpetrator_list(*, user: User, membership: Membership, case: Case) -> QuerySet[Perpetrator]:
    """The perpetrators of a case the caller already opened through the cases gate."""
    if not _may_read(membership, case):
        return Perpetrator.objects.none()
    return _with_related(Perpetrator.objects.of_case(case.pk))


def case_perpetrators(*, user: User, membership: Membership, case: Case) -> list[Perpetrator]:
    """`perpetrator_list` as the case page shows it, with their names, identifiers and events;
    its SQL built once (`azat.core.reads`)."""
    if not _may_read(membership, case):
        return []
    return _perpetrators_of_case(case.pk)


_perpetrators_of_case = ReadById(lambda pk: _with_related(Perpetrator.objects.of_case(pk)))


def case_for_perpetrators(*, user: User, membership: Membership, case_id: int) -> Case:
    """The case, through the cases app's gate (404 for outsiders; the read is audited there)."""
    return case_selectors.case_get_for_user(user=user, membership=membership, id=case_id)


def perpetrator_get_for_user(
    *, user: User, membership: Membership, case: Case, id: int
) -> Perpetrator:
    perpetrator = get_visible_or_404(
        perpetrator_list(user=user, membership=membership, case=case).select_related(
            "case__organisation"
        ),
        pk=id,
    )
    audit_record(
        actor=user,
        action="network.perpetrator.view",
        target=perpetrator,
        organisation=case.organisation,
        detail={"case_id": case.pk},
    )
    return perpetrator


def perpetrators_of_cases(case_ids: Iterable[int]) -> QuerySet[Perpetrator]:
    """For another app's gate that has already decided these cases may be read."""
    return _with_related(
        Perpetrator.objects.filter(case_id__in=list(case_ids)).select_related("case")
    )


def event_choices(case: Case) -> list[TraffickingEvent]:
    return list(case.events.all())
