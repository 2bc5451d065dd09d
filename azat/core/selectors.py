"""Reads of the audit trail: organisation administrators see their organisation's events,
system administrators see all. Events hold no protected values, so reading them is not audited."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from azat.accounts.models import Membership
from azat.accounts.roles import Role
from azat.core.models import AuditEvent


def audit_event_list(
    *,
    membership: Membership,
    action: str = "",
    object_type: str = "",
    actor_email: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    queryset = AuditEvent.objects.select_related("actor", "organisation")
    if membership.role == Role.ORG_ADMIN:
        queryset = queryset.filter(organisation_id=membership.organisation_id)
    elif membership.role != Role.SYS_ADMIN:
        return queryset.none()
    if action:
        queryset = queryset.filter(action__startswith=action)
    if object_type:
        queryset = queryset.filter(object_type=object_type)
    if actor_email:
        queryset = queryset.filter(actor__email__iexact=actor_email)
    if date_from:
        queryset = queryset.filter(occurred_at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(occurred_at__date__lte=date_to)
    return queryset
