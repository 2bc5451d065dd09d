"""Writes of the knowledge app: a legal reviewer marks a row of the law as verified.

Only a person holding the Django permission ``knowledge.review_law`` may do so (granted per user
with ``manage.py law_reviewer grant EMAIL``; see README.md of this app). The role alone is not
enough: reading the law is open to several roles, vouching for it is a legal judgement.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from azat.accounts.models import User
from azat.core.services import audit_record
from azat.knowledge import selectors
from azat.knowledge.models import RowReview

REVIEW_PERMISSION = "knowledge.review_law"


def can_review_law(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(REVIEW_PERMISSION))


@transaction.atomic
def knowledge_row_mark_verified(
    *,
    actor: User,
    row_key: str,
    source: str,
    reviewed_on: dt.date,
    note: str = "",
) -> RowReview:
    """Record that `actor` checked one data-file row against `source` on `reviewed_on`."""
    if not can_review_law(actor):
        raise PermissionDenied(_("Only a legal reviewer may mark rows of the law as verified."))
    row = selectors.law_row_get(row_key)
    if row is None:
        raise ValidationError({"row_key": _("No row of the knowledge base has this key.")})
    errors: dict[str, list[str]] = {}
    try:
        URLValidator(schemes=["http", "https"])(source)
    except ValidationError:
        errors["source"] = [_("Give the web address of the source you checked.")]
    if reviewed_on > timezone.localdate():
        errors["reviewed_on"] = [_("The date of the review cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    review = RowReview(
        row_key=row.key,
        row_digest=selectors.row_digest(row.provision),
        reviewed_by=actor,
        source=source,
        reviewed_on=reviewed_on,
        note=note.strip(),
    )
    review.full_clean()
    review.save()
    audit_record(
        actor=actor,
        action="knowledge.row.verify",
        target=review,
        detail={
            "row_key": row.key,
            "code": row.code.key,
            "article": row.provision.article,
            "file_status": row.status,
        },
    )
    return review
