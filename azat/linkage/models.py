"""Linkage runs, the candidate pairs they find, reviewers' decisions and cluster memberships.

Nothing here changes a person: records are never merged. A run proposes pairs of persons with
a probability and the comparisons that drove it (comparison names, levels and weights only, never
the compared values); a reviewer's decision is a row of its own that can be reversed; clusters
are recomputed from the latest finished run plus every decision in force
(docs/adr/0006-linkage-review.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from azat.core.fields import EncryptedTextField
from azat.linkage.engine import AUTO_JOIN_THRESHOLD, REVIEW_THRESHOLD

# Thresholds on the match probability are the engine's (ADR 0006): at or above the automatic
# one a pair joins; from the review one it waits for a reviewer; below it, it is not stored.


class RunStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("linkage run", "Queued")
    RUNNING = "running", pgettext_lazy("linkage run", "Running")
    DONE = "done", pgettext_lazy("linkage run", "Done")
    FAILED = "failed", pgettext_lazy("linkage run", "Failed")


class LinkRunQuerySet(models.QuerySet["LinkRun"]):
    def active(self) -> LinkRunQuerySet:
        return self.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])

    def finished(self) -> LinkRunQuerySet:
        return self.filter(status=RunStatus.DONE)


class LinkRun(models.Model):
    """One linkage run over every organisation's persons, as a background task."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation of the person who started it"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    phase = models.CharField(_("phase"), max_length=80, blank=True)
    upper_threshold = models.FloatField(_("automatic join at"), default=AUTO_JOIN_THRESHOLD)
    lower_threshold = models.FloatField(_("review from"), default=REVIEW_THRESHOLD)
    person_count = models.PositiveIntegerField(_("persons"), default=0)
    record_count = models.PositiveIntegerField(_("records compared"), default=0)
    auto_count = models.PositiveIntegerField(_("pairs joined automatically"), default=0)
    review_count = models.PositiveIntegerField(_("pairs for review"), default=0)
    cluster_count = models.PositiveIntegerField(_("persons after linkage"), default=0)
    engine_stats = models.JSONField(_("engine figures"), default=dict, blank=True)
    error = models.CharField(
        _("error"),
        max_length=200,
        blank=True,
        help_text=_("The kind of error only; never a value from the records."),
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    objects = LinkRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.status}"

    @property
    def percent(self) -> int:
        return round(max(0.0, min(1.0, self.progress)) * 100)

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    def clean(self) -> None:
        if not 0 < self.lower_threshold <= self.upper_threshold <= 1:
            raise ValidationError(
                {
                    "lower_threshold": _(
                        "The review threshold must be above 0 and not above the automatic "
                        "threshold, which must not be above 1."
                    )
                }
            )


class LinkState(models.TextChoices):
    AUTO = "auto", _("Joined automatically")
    REVIEW = "review", _("Needs review")
    BELOW = "below", _("Below the review threshold")


class CandidateLink(models.Model):
    """A pair of persons a run found alike, in canonical order (lower id first)."""

    run = models.ForeignKey(
        LinkRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="links"
    )
    left = models.ForeignKey(
        "cases.Person", verbose_name=_("first person"), on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        "cases.Person", verbose_name=_("second person"), on_delete=models.CASCADE, related_name="+"
    )
    probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    drivers = models.JSONField(
        _("what drove it"),
        default=list,
        blank=True,
        help_text=_("Comparison, level and weight per comparison; never the compared values."),
    )
    state = models.CharField(_("state"), max_length=8, choices=LinkState.choices)

    class Meta:
        ordering = ["-probability", "id"]
        verbose_name = _("candidate link")
        verbose_name_plural = _("candidate links")
        constraints = [
            models.UniqueConstraint(fields=["run", "left", "right"], name="link_unique_pair"),
            models.CheckConstraint(condition=Q(left__lt=models.F("right")), name="link_ordered"),
        ]
        indexes = [models.Index(fields=["run", "state"])]

    def __str__(self) -> str:
        return f"{self.left_id}~{self.right_id} {self.probability:.3f}"

    @property
    def percent(self) -> float:
        """For display with ``floatformat``, which writes it the way the reader's language does."""
        return round(self.probability * 100, 1)


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", _("Same person")
    REJECTED = "rejected", _("Different persons")


class LinkDecisionQuerySet(models.QuerySet["LinkDecision"]):
    def in_force(self) -> LinkDecisionQuerySet:
        return self.filter(reversed_at__isnull=True)


class LinkDecision(models.Model):
    """A reviewer's answer for one pair of persons. Undoing it sets ``reversed_at``; the row
    stays, so the history of who decided what is kept."""

    left = models.ForeignKey(
        "cases.Person", verbose_name=_("first person"), on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        "cases.Person", verbose_name=_("second person"), on_delete=models.CASCADE, related_name="+"
    )
    verdict = models.CharField(_("decision"), max_length=10, choices=Verdict.choices)
    candidate = models.ForeignKey(
        CandidateLink,
        verbose_name=_("candidate link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    reason = EncryptedTextField(_("reason"), blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    reversed_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LinkDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("linkage decision")
        verbose_name_plural = _("linkage decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(left__lt=models.F("right")), name="decision_ordered"
            ),
            models.UniqueConstraint(
                fields=["left", "right"],
                condition=Q(reversed_at__isnull=True),
                name="decision_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left_id}~{self.right_id} {self.verdict}"

    @property
    def in_force(self) -> bool:
        return self.reversed_at is None


class PersonCluster(models.Model):
    """Which cluster (one real person) a person record belongs to, per run."""

    run = models.ForeignKey(
        LinkRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        "cases.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    cluster_key = models.CharField(_("cluster"), max_length=64, db_index=True)

    class Meta:
        ordering = ["cluster_key", "person_id"]
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        constraints = [
            models.UniqueConstraint(fields=["run", "person"], name="cluster_one_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.cluster_key}"
