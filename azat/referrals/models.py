"""Providers, referrals between organisations, and the services delivered on them.

A provider profile describes what an organisation offers (no personal data, so plain columns).
A referral carries a *package*: the few fields of a case the sender chose to share, copied and
encrypted when it is sent, so later edits of the case never reach the receiving organisation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from azat.cases.models import Language
from azat.core.fields import EncryptedJSONField, EncryptedTextField
from azat.core.models import ChoiceLabelsMixin, VersionedModel
from azat.referrals import workflow
from azat.referrals.catalogue import catalogue


class ReferralState(models.TextChoices):
    DRAFT = workflow.State.DRAFT.value, pgettext_lazy("referral state", "Draft")
    SENT = workflow.State.SENT.value, pgettext_lazy("referral state", "Sent")
    ACCEPTED = workflow.State.ACCEPTED.value, pgettext_lazy("referral state", "Accepted")
    DECLINED = workflow.State.DECLINED.value, pgettext_lazy("referral state", "Declined")
    IN_PROGRESS = workflow.State.IN_PROGRESS.value, pgettext_lazy("referral state", "In progress")
    COMPLETED = workflow.State.COMPLETED.value, pgettext_lazy("referral state", "Completed")
    NOT_COMPLETED = (
        workflow.State.NOT_COMPLETED.value,
        pgettext_lazy("referral state", "Not completed"),
    )
    WITHDRAWN = workflow.State.WITHDRAWN.value, pgettext_lazy("referral state", "Withdrawn")


class ReferralStep(models.TextChoices):
    SEND = workflow.Step.SEND.value, pgettext_lazy("referral step", "Send")
    ACCEPT = workflow.Step.ACCEPT.value, pgettext_lazy("referral step", "Accept")
    DECLINE = workflow.Step.DECLINE.value, pgettext_lazy("referral step", "Decline")
    START = workflow.Step.START.value, pgettext_lazy("referral step", "Start the service")
    COMPLETE = workflow.Step.COMPLETE.value, pgettext_lazy("referral step", "Mark completed")
    NOT_COMPLETE = (
        workflow.Step.NOT_COMPLETE.value,
        pgettext_lazy("referral step", "Mark not completed"),
    )
    WITHDRAW = workflow.Step.WITHDRAW.value, pgettext_lazy("referral step", "Withdraw")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent (within days)")
    EMERGENCY = "emergency", _("Emergency (today)")


class PackageField(models.TextChoices):
    """The minimum data set a referral may carry. Services and urgency always go with it."""

    FIRST_NAME = "first_name", _("First name")
    ALIAS = "alias", _("Alias instead of the name")
    AGE = "age", _("Age")
    SEX = "sex", _("Sex / gender")
    LANGUAGES = "languages", _("Languages")
    NEEDS = "needs", _("Needs")
    SAFETY_NOTES = "safety_notes", _("Safety notes")


class FundingSource(models.TextChoices):
    GOVERNMENT = "government", _("State budget")
    IOM = "iom", _("IOM")
    ORGANISATION = "organisation", _("The provider's own funds")
    DONOR = "donor", _("Donor project")
    FREE = "free", _("Free of charge")
    OTHER = "other", _("Other")


class Currency(models.TextChoices):
    KGS = "KGS", "KGS"
    KZT = "KZT", "KZT"
    TJS = "TJS", "TJS"
    UZS = "UZS", "UZS"
    TMT = "TMT", "TMT"
    RUB = "RUB", "RUB"
    USD = "USD", "USD"
    EUR = "EUR", "EUR"


def service_labels(codes: Any) -> list[str]:
    language = get_language() or "ru"
    return [catalogue().label(code, language) for code in codes or []]


def _unknown_services(values: Any, field: str) -> dict[str, str]:
    if not isinstance(values, list):
        return {field: str(_("Expected a list of services."))}
    unknown = catalogue().unknown(values)
    if unknown:
        return {field: str(_("Unknown services: %(codes)s")) % {"codes": ", ".join(unknown)}}
    return {}


# --- providers ---------------------------------------------------------------------------------


class ProviderQuerySet(models.QuerySet["Provider"]):
    def active(self) -> ProviderQuerySet:
        return self.filter(is_active=True, organisation__is_active=True)


class Provider(VersionedModel):
    """What an organisation offers other members of the referral mechanism. Its profile is
    edited by more than one person (providers, administrators): optimistic locking."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="provider_profile",
    )
    services = models.JSONField(_("services offered"), default=list, blank=True)
    countries = CountryField(_("countries served"), multiple=True, blank=True)
    regions = models.JSONField(_("regions served"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("How many people it can take at a time (places, open cases)."),
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    description = models.TextField(_("about the service"), blank=True)
    is_active = models.BooleanField(_("accepts referrals"), default=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__country", "organisation__name"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")

    def __str__(self) -> str:
        return self.organisation.name

    def clean(self) -> None:
        errors = _unknown_services(self.services, "services")
        unknown_languages = sorted(set(self.languages) - set(Language.values))
        if unknown_languages:
            errors["languages"] = str(_("Unknown languages: %(codes)s")) % {
                "codes": ", ".join(unknown_languages)
            }
        if errors:
            raise ValidationError(errors)

    @property
    def service_labels(self) -> list[str]:
        return service_labels(self.services)

    @property
    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]


# --- referrals ---------------------------------------------------------------------------------


class ReferralQuerySet(models.QuerySet["Referral"]):
    def open(self) -> ReferralQuerySet:
        return self.filter(state__in=[s.value for s in workflow.OPEN])


class Referral(ChoiceLabelsMixin, models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals"
    )
    sender = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referring organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    services = models.JSONField(_("services asked for"), default=list)
    urgency = models.CharField(
        _("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    due_on = models.DateField(_("answer due by"), null=True, blank=True, db_index=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=ReferralState.choices,
        default=ReferralState.DRAFT,
        db_index=True,
    )
    package_fields = models.JSONField(_("shared fields"), default=list, blank=True)
    alias = EncryptedTextField(_("alias"), blank=True, default="")
    needs = EncryptedTextField(_("needs"), blank=True, default="")
    safety_notes = EncryptedTextField(_("safety notes"), blank=True, default="")
    package = EncryptedJSONField(_("referral package"), null=True, blank=True)
    state_reason = EncryptedTextField(_("reason"), blank=True, default="")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    recalled_at = models.DateTimeField(
        _("recalled at"),
        null=True,
        blank=True,
        help_text=_(
            "When the person withdrew consent to this referral: the package was erased and the "
            "receiving organisation no longer sees the referral."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["receiver", "state"]),
            models.Index(fields=["sender", "state"]),
            # The work queues: one organisation's referrals in a state, by due date.
            models.Index(
                fields=["receiver", "state", "due_on", "id"], name="referral_queue_in_idx"
            ),
            models.Index(fields=["sender", "state", "due_on", "id"], name="referral_queue_out_idx"),
            # The queues leave out recalled referrals; without the condition every count reads
            # the table as well as the index.
            models.Index(
                fields=["receiver", "state", "due_on", "id"],
                condition=models.Q(recalled_at__isnull=True),
                name="referral_queue_in_live_idx",
            ),
            # The overdue and in-work queues mix open states, ordered by due date: one range of
            # this index each instead of every one of the organisation's referrals sorted.
            models.Index(
                fields=["receiver", "due_on", "id"],
                condition=models.Q(
                    recalled_at__isnull=True, state__in=["accepted", "in_progress", "sent"]
                ),
                name="referral_open_in_idx",
            ),
            models.Index(
                fields=["sender", "due_on", "id"],
                condition=models.Q(state__in=["accepted", "in_progress", "sent"]),
                name="referral_open_out_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """A handle both organisations can quote on the phone without naming the person."""
        return f"R-{self.pk:05d}" if self.pk else "R-new"

    def clean(self) -> None:
        errors = _unknown_services(self.services, "services")
        if not errors and not self.services:
            errors["services"] = str(_("Choose at least one service."))
        unknown = sorted(set(self.package_fields) - set(PackageField.values))
        if unknown:
            errors["package_fields"] = str(
                _("These fields are not part of a referral package: %(codes)s")
            ) % {"codes": ", ".join(unknown)}
        if {PackageField.FIRST_NAME, PackageField.ALIAS} <= set(self.package_fields):
            errors["package_fields"] = str(_("Share either the first name or an alias, not both."))
        if PackageField.ALIAS in self.package_fields and not (self.alias or "").strip():
            errors["alias"] = str(_("Write the alias the receiving organisation should use."))
        if self.sender_id is not None and self.sender_id == self.receiver_id:
            errors["receiver"] = str(_("Refer to another organisation, not your own."))
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        """Sent and not yet ended: the receiving organisation still works on it."""
        return self.state in {s.value for s in workflow.OPEN}

    @property
    def is_cross_border(self) -> bool:
        return bool(self.sender_id and self.receiver_id) and str(self.sender.country) != str(
            self.receiver.country
        )

    @property
    def service_labels(self) -> list[str]:
        return service_labels(self.services)

    def is_overdue(self, today: Any) -> bool:
        return workflow.is_overdue(self.state, self.due_on, today)

    def days_overdue(self, today: Any) -> int:
        return workflow.days_overdue(self.state, self.due_on, today)


class ReferralEvent(ChoiceLabelsMixin, models.Model):
    """One step of a referral: who (and which organisation) took it, when, and why."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="events"
    )
    step = models.CharField(_("step"), max_length=16, choices=ReferralStep.choices)
    from_state = models.CharField(_("state before"), max_length=16, choices=ReferralState.choices)
    to_state = models.CharField(_("state after"), max_length=16, choices=ReferralState.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = EncryptedTextField(_("note"), blank=True, default="")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")

    def __str__(self) -> str:
        return f"{self.referral} {self.from_state} → {self.to_state}"


class ServiceDelivery(ChoiceLabelsMixin, models.Model):
    """A service given to the person: by the provider on its referral, or noted by the
    caseworker. Cost and funding are kept for programme reporting, never personal."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="services_delivered",
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.CharField(_("service"), max_length=40)
    delivered_on = models.DateField(_("date"))
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=16, choices=FundingSource.choices, blank=True
    )
    note = EncryptedTextField(_("note"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "id"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")

    def __str__(self) -> str:
        return f"{self.service_label} {self.delivered_on}"

    @property
    def service_label(self) -> str:
        return service_labels([self.service])[0]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if catalogue().get(self.service) is None:
            errors["service"] = _("Choose a service from the list.")
        if self.cost is not None and self.cost < 0:
            errors["cost"] = _("The cost cannot be negative.")
        if self.cost is not None and self.cost > 0 and not self.currency:
            errors["currency"] = _("Give the currency of the cost.")
        if errors:
            raise ValidationError(errors)
