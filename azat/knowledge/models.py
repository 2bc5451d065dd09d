"""Legal reviews of knowledge-base rows.

The data files stay the source of truth for the law; a `RowReview` is an overlay that records that
a legal reviewer checked one row against a source on a given day, so the product can show
"verified by <who> on <date> from <source>" beside the file's own tag until the file itself is
corrected. Reviews are kept as a history (never edited); the newest one for a row counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from azat.core.fields import EncryptedTextField


class RowReview(models.Model):
    row_key = models.CharField(_("row"), max_length=200, db_index=True)
    row_digest = models.CharField(
        _("row fingerprint"),
        max_length=32,
        help_text=_("Fingerprint of the row as it was reviewed; a later edit of the file shows."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    source = models.URLField(_("source address"), max_length=500)
    reviewed_on = models.DateField(_("date of the review"))
    note = EncryptedTextField(_("note"), blank=True, default="")

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        verbose_name = _("legal review of a row")
        verbose_name_plural = _("legal reviews of rows")
        permissions = [("review_law", _("Can mark rows of the legal knowledge base as verified"))]

    def __str__(self) -> str:
        return f"{self.row_key} ({self.reviewed_on:%Y-%m-%d})"
