"""Criminal cases about trafficking, their procedural history, defendants, victims and joint
investigations across borders.

A criminal case belongs to one agency (a prosecutor's office or a police unit): only its
investigators and prosecutors see it. The victim's identity is never copied here; a victim row
links to the assistance case and the name is read from there while the person's consent to share
with law enforcement stands (see `selectors.victim_identity`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from azat.core.fields import EncryptedTextField
from azat.core.models import VersionedModel
from azat.prosecution.procedure import Ground, Status


class Jurisdiction(models.TextChoices):
    KZ = "KZ", pgettext_lazy("jurisdiction", "Kazakhstan")
    KG = "KG", pgettext_lazy("jurisdiction", "Kyrgyzstan")
    TJ = "TJ", pgettext_lazy("jurisdiction", "Tajikistan")
    TM = "TM", pgettext_lazy("jurisdiction", "Turkmenistan")
    UZ = "UZ", pgettext_lazy("jurisdiction", "Uzbekistan")


class ProcedureStatus(models.TextChoices):
    REGISTERED = Status.REGISTERED.value, pgettext_lazy("criminal case", "Registered")
    INVESTIGATION = Status.INVESTIGATION.value, _("Under investigation")
    SUSPENDED = Status.SUSPENDED.value, pgettext_lazy("criminal case", "Suspended")
    COURT = Status.COURT.value, _("Referred to court")
    DISMISSED = Status.DISMISSED.value, pgettext_lazy("criminal case", "Dismissed")
    RETURNED = Status.RETURNED.value, _("Returned for further investigation")
    VERDICT = Status.VERDICT.value, _("Verdict")
    APPEAL = Status.APPEAL.value, pgettext_lazy("criminal case", "Appeal")


class DismissalGround(models.TextChoices):
    NO_EVENT = Ground.NO_EVENT.value, _("No event of a crime")
    NO_CRIME = Ground.NO_CRIME.value, _("Absence of a crime in the act")
    NOT_PROVEN = Ground.NOT_PROVEN.value, _("The suspect's part in the crime is not proven")
    LIMITATION = Ground.LIMITATION.value, _("Limitation period expired")
    DEATH = Ground.DEATH.value, _("Death of the suspect")
    AMNESTY = Ground.AMNESTY.value, _("Amnesty")
    RECONCILIATION = Ground.RECONCILIATION.value, _("Reconciliation with the victim")
    OTHER = Ground.OTHER.value, _("Other ground (cite the article in the note)")


class DefendantRole(models.TextChoices):
    RECRUITER = "recruiter", pgettext_lazy("defendant role", "Recruiter")
    TRANSPORTER = "transporter", pgettext_lazy("defendant role", "Transporter")
    EXPLOITER = "exploiter", pgettext_lazy("defendant role", "Exploiter")
    OFFICIAL = "official", _("Official (complicit)")
    OTHER = "other", pgettext_lazy("defendant role", "Other")


class VerdictOutcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")


class VictimStanding(models.TextChoices):
    INJURED_PARTY = "injured_party", _("Injured party")
    WITNESS = "witness", _("Witness")


class ProtectionMeasure(models.TextChoices):
    ANONYMITY = "anonymity", _("Identity kept out of the file (pseudonym)")
    CLOSED_HEARING = "closed_hearing", _("Closed court hearing")
    REMOTE_TESTIMONY = "remote_testimony", _("Testimony by video link")
    NO_CONFRONTATION = "no_confrontation", _("No face-to-face confrontation with the accused")
    PHYSICAL_PROTECTION = "physical_protection", _("Physical protection")
    RELOCATION = "relocation", _("Change of residence")
    SHELTER = "shelter", _("Stay in a shelter during the proceedings")
    RESIDENCE_PERMIT = "residence_permit", _("Temporary residence for a foreign victim")
    OTHER = "other", pgettext_lazy("protection measure", "Other")


class Currency(models.TextChoices):
    KZT = "KZT", "KZT"
    KGS = "KGS", "KGS"
    TJS = "TJS", "TJS"
    TMT = "TMT", "TMT"
    UZS = "UZS", "UZS"
    USD = "USD", "USD"
    RUB = "RUB", "RUB"


class CriminalCaseQuerySet(models.QuerySet["CriminalCase"]):
    def of_agency(self, organisation_id: int) -> CriminalCaseQuerySet:
        return self.filter(agency_id=organisation_id)


class CriminalCase(VersionedModel):
    agency = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=2, choices=Jurisdiction.choices, db_index=True
    )
    # A registration number identifies the file, not the victim, so it is stored in the clear.
    number = models.CharField(_("registration number"), max_length=64)
    registered_on = models.DateField(_("registered on"), db_index=True)
    articles = models.JSONField(
        _("articles charged"),
        default=list,
        blank=True,
        help_text=_("Keys of rows of the legal knowledge base."),
    )
    status = models.CharField(
        _("procedural status"),
        max_length=16,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.REGISTERED,
        db_index=True,
    )
    dismissal_ground = models.CharField(
        _("ground of dismissal"), max_length=20, choices=DismissalGround.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CriminalCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("criminal case")
        verbose_name_plural = _("criminal cases")
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="criminalcase_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.number}"


class ProceduralEvent(models.Model):
    """One dated step of the case; the case's `status` is the `to_status` of the latest."""

    criminal_case = models.ForeignKey(
        CriminalCase,
        verbose_name=_("criminal case"),
        on_delete=models.CASCADE,
        related_name="history",
    )
    from_status = models.CharField(
        pgettext_lazy("procedural step", "from"),
        max_length=16,
        choices=ProcedureStatus.choices,
        blank=True,
    )
    to_status = models.CharField(
        pgettext_lazy("procedural step", "to"), max_length=16, choices=ProcedureStatus.choices
    )
    on = models.DateField(_("date of the decision"))
    ground = models.CharField(
        _("ground of dismissal"), max_length=20, choices=DismissalGround.choices, blank=True
    )
    note = EncryptedTextField(_("note"), blank=True, default="")
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("procedural step")
        verbose_name_plural = _("procedural steps")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status} {self.on}"


class Defendant(models.Model):
    criminal_case = models.ForeignKey(
        CriminalCase,
        verbose_name=_("criminal case"),
        on_delete=models.CASCADE,
        related_name="defendants",
    )
    name = EncryptedTextField(_("name or alias"))
    role = models.CharField(_("role in the chain"), max_length=16, choices=DefendantRole.choices)
    verdict = models.CharField(
        _("verdict"), max_length=12, choices=VerdictOutcome.choices, blank=True
    )
    verdict_on = models.DateField(_("verdict date"), null=True, blank=True)
    sentence = EncryptedTextField(_("sentence"), blank=True, default="")
    confiscation = models.BooleanField(_("confiscation of property ordered"), default=False)
    # The perpetrator as a victim's assistance case records them. What the link shows is read
    # from that case on every page load, and only while the victim's consent to share with law
    # enforcement stands (`selectors.defendant_links`); nothing of it is copied here.
    perpetrator = models.ForeignKey(
        "network.Perpetrator",
        verbose_name=_("perpetrator recorded in an assistance case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("defendant")
        verbose_name_plural = _("defendants")

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.pk}"


class Victim(models.Model):
    """A victim in the criminal case. No name is stored: it is read from the linked assistance
    case only while the law-enforcement consent is active."""

    criminal_case = models.ForeignKey(
        CriminalCase,
        verbose_name=_("criminal case"),
        on_delete=models.CASCADE,
        related_name="victims",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("assistance case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    standing = models.CharField(
        _("standing in the proceedings"),
        max_length=16,
        choices=VictimStanding.choices,
        default=VictimStanding.INJURED_PARTY,
    )
    protection = models.JSONField(_("protection measures"), default=list, blank=True)
    compensation_claimed = models.DecimalField(
        _("compensation claimed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    compensation_awarded = models.DecimalField(
        _("compensation awarded"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("victim in a criminal case")
        verbose_name_plural = _("victims in criminal cases")
        constraints = [
            models.UniqueConstraint(
                fields=["criminal_case", "case"],
                condition=models.Q(case__isnull=False),
                name="victim_unique_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_standing_display()} #{self.pk}"

    def protection_labels(self) -> list[str]:
        labels = dict(ProtectionMeasure.choices)
        return [str(labels.get(code, code)) for code in self.protection]


class EvidenceKind(models.TextChoices):
    VICTIM_TESTIMONY = "victim_testimony", _("Testimony of the victim")
    WITNESS_TESTIMONY = "witness_testimony", _("Witness testimony")
    DOCUMENTS = "documents", _("Documents")
    MESSAGES = "messages", _("Messages and chats")
    MONEY_TRANSFERS = "money_transfers", _("Money transfers")
    MEDICAL_REPORT = "medical_report", _("Medical report")
    EXPERT_OPINION = "expert_opinion", _("Expert opinion")
    PHOTO_VIDEO = "photo_video", _("Photo or video")
    OTHER = "other", pgettext_lazy("evidence kind", "Other")


class Evidence(VersionedModel):
    """One item of evidence in the criminal file and the facts it goes to prove, as ids of the
    qualification engine's vocabulary (ACT_*, MEANS_*, PURP_*, AGG_*, REL_*), so the memo can
    list it under each fact an article needs."""

    criminal_case = models.ForeignKey(
        CriminalCase,
        verbose_name=_("criminal case"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("kind of evidence"), max_length=20, choices=EvidenceKind.choices)
    description = EncryptedTextField(_("description"))
    obtained_on = models.DateField(_("date obtained"), null=True, blank=True)
    held_by = EncryptedTextField(_("held by"), blank=True, default="")
    facts = models.JSONField(_("facts it supports"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["obtained_on", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class JointInvestigation(VersionedModel):
    """Criminal cases in several countries about one trafficking chain. Each agency sees its own
    file and this shared summary, never the partner's file."""

    title = EncryptedTextField(_("title"))
    summary = EncryptedTextField(_("shared summary"), blank=True, default="")
    opened_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("joint investigation")
        verbose_name_plural = _("joint investigations")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"JI-{self.pk:04d}" if self.pk else "JI-new"


class JointSide(models.Model):
    """One agency taking part; its criminal case is attached once it has one."""

    joint = models.ForeignKey(
        JointInvestigation,
        verbose_name=_("joint investigation"),
        on_delete=models.CASCADE,
        related_name="sides",
    )
    agency = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    criminal_case = models.ForeignKey(
        CriminalCase,
        verbose_name=_("criminal case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joint_sides",
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("side of a joint investigation")
        verbose_name_plural = _("sides of joint investigations")
        constraints = [
            models.UniqueConstraint(fields=["joint", "agency"], name="jointside_unique_agency")
        ]

    def __str__(self) -> str:
        return f"{self.joint} · {self.agency_id}"
