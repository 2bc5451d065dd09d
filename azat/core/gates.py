"""Access gates: one answer, "not found", for records that are missing and records that are
forbidden, so an outsider cannot learn that a record exists."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _


class NotFound(Http404):
    pass


def get_visible_or_404[M: models.Model](queryset: models.QuerySet[M], **lookup: object) -> M:
    """Fetch one object from an already-scoped queryset, or raise the same NotFound either way."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("Not found.")) from exc
