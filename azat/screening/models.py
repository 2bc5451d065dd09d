"""A screening: one interview's answers to the trafficking indicators, and the engine's verdict.

The answers tell a person's story, so they are encrypted; the status and rule are kept in clear
because they are codes that supervisors and statistics need without reading the answers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from azat.core.fields import EncryptedJSONField
from azat.core.models import VersionedModel


class ScreeningState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETE = "complete", _("Complete")


class ScreeningStatus(models.TextChoices):
    PRESUMED = "presumed_victim", _("Presumed victim")
    POSSIBLE = "possible_victim", _("Possible victim: refer for full identification")
    NOT_INDICATED = "not_indicated", _("No trafficking indicated so far")


class Form(models.TextChoices):
    LABOUR = "labour", _("Labour exploitation")
    SEXUAL = "sexual", _("Sexual exploitation")


class Screening(VersionedModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="screenings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    call = models.ForeignKey(
        "hotline.Call",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="screenings",
    )
    age = models.PositiveSmallIntegerField(
        _("age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    minor = models.BooleanField(_("under 18"), null=True, blank=True)
    profile = models.CharField(
        _("form of exploitation"), max_length=16, choices=Form.choices, blank=True
    )
    acts = EncryptedJSONField(_("acts"), default=list, blank=True)
    answers = EncryptedJSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("result"), max_length=32, choices=ScreeningStatus.choices, blank=True
    )
    rule = models.CharField(_("rule applied"), max_length=64, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ScreeningState.choices, default=ScreeningState.DRAFT
    )
    consent_to_open_case = models.BooleanField(_("consent to open a case"), default=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    # Link point for case management: the case opened from this screening, once that app exists.
    case_id = models.PositiveBigIntegerField(_("case"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_state_display()}"
