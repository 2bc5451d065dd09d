"""Writes of the core: the audit trail and optimistic-lock saves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from azat.core import context
from azat.core.models import AuditEvent, VersionedModel

if TYPE_CHECKING:
    from azat.accounts.models import Organisation, User

_FORBIDDEN_DETAIL_TYPES = (bytes,)


class StaleEdit(Exception):
    """Someone else saved the record after this edit started."""

    def __init__(self, *, changed_by: str, changed_at: Any) -> None:
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(
            _("This record was changed by %(who)s at %(when)s after you opened it.")
            % {"who": changed_by, "when": timezone.localtime(changed_at).strftime("%Y-%m-%d %H:%M")}
        )


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    organisation: Organisation | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. Callers pass ids and codes in ``detail``, never protected values;
    it must run inside the caller's transaction so the event and the change commit together."""
    ctx = context.current.get()
    event = AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        ip_address=ctx.ip_address,
        request_id=ctx.request_id,
        detail=detail or {},
    )
    event.save()
    return event


@transaction.atomic
def versioned_save(
    *, actor: User, instance: VersionedModel, expected_version: int, fields: list[str]
) -> VersionedModel:
    """Save ``fields`` only if nobody saved since ``expected_version``; else raise StaleEdit.

    The version check and the update are one conditional UPDATE, so two concurrent saves cannot
    both win, on SQLite or PostgreSQL."""
    model = type(instance)
    instance.full_clean(exclude=[f.name for f in model._meta.fields if f.name not in fields])
    values = {name: getattr(instance, name) for name in fields}
    now = timezone.now()
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **values, version=expected_version + 1, updated_at=now, updated_by=actor
    )
    if updated != 1:
        current = model._default_manager.select_related("updated_by").get(pk=instance.pk)
        who = str(current.updated_by) if current.updated_by else _("another user")
        raise StaleEdit(changed_by=who, changed_at=current.updated_at)
    instance.version = expected_version + 1
    instance.updated_at = now
    instance.updated_by = actor
    return instance
