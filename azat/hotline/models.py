"""Hotlines, the calls they take and the emergencies operators escalate during a call.

A call is anonymous by default: everything that could identify the caller or the person concerned
(name, contact, free-text notes, how it is safe to call back) sits in encrypted columns, and only
coded fields (channel, caller type, topic, outcome, countries) stay in clear so that the hotline
can be counted without reading anyone's story.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from azat.core.fields import EncryptedTextField
from azat.core.models import VersionedModel
from azat.hotline.advice import load_advice


@cache
def advice_ids() -> frozenset[str]:
    """The checklist is immutable at run time, so one parse serves every validation."""
    return frozenset(item.id for item in load_advice())


class Channel(models.TextChoices):
    PHONE = "phone", pgettext_lazy("call channel", "Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    VIBER = "viber", _("Viber")
    WALK_IN = "walk_in", _("Walk-in")
    EMAIL = "email", _("E-mail")


class CallerType(models.TextChoices):
    PROSPECTIVE_MIGRANT = "prospective_migrant", _("Prospective migrant")
    MIGRANT_ABROAD = "migrant_abroad", _("Migrant abroad")
    POSSIBLE_VICTIM = "possible_victim", _("Possible victim")
    RELATIVE = "relative", _("Relative")
    THIRD_PARTY = "third_party", _("Third party")
    PROFESSIONAL = "professional", _("Professional")


class Topic(models.TextChoices):
    SAFE_MIGRATION = "safe_migration", _("Safe-migration consultation")
    TRAFFICKING_REPORT = "trafficking_report", _("Report of possible trafficking")
    HELP_REQUEST = "help_request", _("Request for help")
    MISSING_PERSON = "missing_person", _("Missing person")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    ADVICE_GIVEN = "advice_given", _("Advice given")
    SCREENING_DONE = "screening_done", _("Screening done")
    EMERGENCY_ESCALATION = "emergency_escalation", _("Emergency escalation")
    REFERRAL_SUGGESTED = "referral_suggested", _("Referral suggested")
    CASE_OPENED = "case_opened", _("Case opened")


class CallStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    CLOSED = "closed", _("Ended")


class CallLanguage(models.TextChoices):
    RU = "ru", _("Russian")
    KY = "ky", _("Kyrgyz")
    KK = "kk", _("Kazakh")
    UZ = "uz", _("Uzbek")
    TG = "tg", _("Tajik")
    TK = "tk", _("Turkmen")
    EN = "en", _("English")
    OTHER = "other", _("Other language")


class AlertedType(models.TextChoices):
    POLICE = "police", _("Police")
    AMBULANCE = "ambulance", _("Ambulance")
    EMBASSY = "embassy", _("Embassy or consulate")
    IOM = "iom", _("IOM")
    SHELTER = "shelter", _("Shelter")
    OTHER = "other", _("Other")


class Hotline(models.Model):
    """One organisation's help-line service: how people reach it, in which languages, when."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="hotlines",
    )
    name = models.CharField(pgettext_lazy("hotline", "name"), max_length=200)
    country = CountryField(_("country"))
    numbers = models.JSONField(_("numbers"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    is_active = models.BooleanField(pgettext_lazy("hotline", "active"), default=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if set(self.channels or []) - set(Channel.values):
            errors["channels"] = [str(_("Unknown channel."))]
        if set(self.languages or []) - set(CallLanguage.values):
            errors["languages"] = [str(_("Unknown language."))]
        if errors:
            raise ValidationError(errors)

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(code, code)) for code in self.channels or []]

    def language_labels(self) -> list[str]:
        labels = dict(CallLanguage.choices)
        return [str(labels.get(code, code)) for code in self.languages or []]


class CallQuerySet(models.QuerySet["Call"]):
    def open(self) -> CallQuerySet:
        return self.filter(status=CallStatus.OPEN)


class Call(VersionedModel):
    hotline = models.ForeignKey(
        Hotline, verbose_name=_("hotline"), on_delete=models.PROTECT, related_name="calls"
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.OPEN
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.PHONE
    )
    caller_type = models.CharField(
        _("caller"), max_length=32, choices=CallerType.choices, blank=True
    )
    language = models.CharField(
        _("language of the call"), max_length=8, choices=CallLanguage.choices, blank=True
    )
    caller_country = CountryField(_("caller's country"), blank=True)
    person_country = CountryField(_("country of the person concerned"), blank=True)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices, blank=True)
    is_anonymous = models.BooleanField(_("caller stays anonymous"), default=True)
    caller_name = EncryptedTextField(_("caller's name"), blank=True, default="")
    caller_contact = EncryptedTextField(_("caller's contact"), blank=True, default="")
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    advice_given = models.JSONField(_("advice given"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices, blank=True)
    callback_consent = models.BooleanField(_("caller agrees to be called back"), default=False)
    safe_contact = EncryptedTextField(_("safe way to call back"), blank=True, default="")
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [models.Index(fields=["hotline", "-started_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.started_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.is_anonymous and (self.caller_name or self.caller_contact):
            errors.setdefault("is_anonymous", []).append(
                str(
                    _(
                        "The caller is marked anonymous: untick 'anonymous' before recording "
                        "a name or contact."
                    )
                )
            )
        if self.safe_contact and not self.callback_consent:
            errors.setdefault("safe_contact", []).append(
                str(_("Record how to call back only when the caller agreed to a callback."))
            )
        unknown = [a for a in self.advice_given or [] if a not in advice_ids()]
        if unknown:
            errors.setdefault("advice_given", []).append(str(_("Unknown advice item.")))
        if self.status == CallStatus.CLOSED and not self.outcome:
            errors.setdefault("outcome", []).append(
                str(_("Choose the outcome before ending the call."))
            )
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            errors.setdefault("ended_at", []).append(str(_("The call ends before it started.")))
        if errors:
            raise ValidationError(errors)


class EmergencyEscalation(models.Model):
    """Who the operator alerted because someone was in danger, when, and who did it."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="escalations"
    )
    alerted_type = models.CharField(
        _("service alerted"), max_length=16, choices=AlertedType.choices
    )
    alerted_who = EncryptedTextField(_("who was alerted"), blank=True, default="")
    alerted_at = models.DateTimeField(_("alerted at"), default=timezone.now)
    alerted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("alerted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-alerted_at", "-id"]
        verbose_name = _("emergency escalation")
        verbose_name_plural = _("emergency escalations")

    def __str__(self) -> str:
        return f"{self.get_alerted_type_display()} {self.alerted_at:%Y-%m-%d %H:%M}"
