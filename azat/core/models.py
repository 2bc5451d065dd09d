"""Audit events and the base model every editable record inherits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# (field, language) → {value: label}. Django's own get_FOO_display rebuilds the choices dict, and
# translates every label in it, on each call; a list of 50 cases makes hundreds of such calls.
_CHOICE_LABELS: dict[tuple[int, str | None], dict[Any, str]] = {}


class ChoiceLabelsMixin:
    """``get_FOO_display`` from a per-language table built once per field, not on every call."""

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        key = (id(field), get_language())
        labels = _CHOICE_LABELS.get(key)
        if labels is None:
            labels = {
                make_hashable(value): force_str(label, strings_only=True)
                for value, label in field.flatchoices
            }
            _CHOICE_LABELS[key] = labels
        value = getattr(self, field.attname)
        return labels.get(make_hashable(value), value)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_organisation(self, organisation_id: int) -> AuditEventQuerySet:
        return self.filter(organisation_id=organisation_id)


class AuditEvent(models.Model):
    """Who did what to which record, when and from where. Never the protected values themselves:
    ``detail`` holds ids, field names and codes only (docs/adr/0003-audit-content.md)."""

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=36, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["organisation", "-occurred_at"])]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Audit events are append-only.")


class VersionedModel(ChoiceLabelsMixin, models.Model):
    """Optimistic locking: every save of an edit must name the version it started from."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True
