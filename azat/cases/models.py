"""Victims (persons), their cases, consents per purpose, NRM stage history and trafficking events.

Stored codes are the HTCDS v2.0 picklist values wherever the standard has a list, so an HTCDS
export needs no translation table (shared/domain/htcds.md). Every identifying or free-text value
is encrypted; exact-match lookups go through keyed hashes beside the ciphertext.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from azat.cases import plan
from azat.cases.stages import Outcome, Stage
from azat.core.fields import EncryptedDateField, EncryptedTextField, LookupHashField
from azat.core.models import ChoiceLabelsMixin, VersionedModel

# --- value lists (HTCDS v2.0 codes as stored values) -------------------------------------------


class Gender(models.TextChoices):
    FEMININE = "Feminine", _("Female")
    MASCULINE = "Masculine", _("Male")
    TRANS_FEMININE = "TransgenderFeminine", _("Transgender (female)")
    TRANS_MASCULINE = "TransgenderMasculine", _("Transgender (male)")
    NON_CONFORMING = "NonConforming", _("Gender non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified / unknown")


class MaritalStatus(models.TextChoices):
    SINGLE = "Single", _("Single")
    MARRIED = "Married", _("Married")
    WIDOWED = "Widowed", _("Widowed")
    DIVORCED = "Divorced", _("Divorced")
    SEPARATED = "Separated", _("Separated")
    REGISTERED_PARTNERSHIP = "RegisteredPartnership", _("Registered partnership")


class Education(models.TextChoices):
    """ISCED 2011 levels, as HTCDS prs_HighestLevelOfEducation names them."""

    EARLY_CHILDHOOD = "EarlyChildhoodEducation", _("Early childhood education (ISCED 0)")
    PRIMARY = "PrimaryEducation", _("Primary education (ISCED 1)")
    LOWER_SECONDARY = "LowerSecondaryEducation", _("Lower secondary (ISCED 2)")
    UPPER_SECONDARY = "UpperSecondaryEducation", _("Upper secondary (ISCED 3)")
    POST_SECONDARY = "PostSecondaryNonTertiaryEducation", _("Post-secondary non-tertiary (ISCED 4)")
    SHORT_CYCLE = "ShortCycleTertiaryEducation", _("Short-cycle tertiary (ISCED 5)")
    BACHELOR = "BachelorsOrEquivalentLevel", _("Bachelor's or equivalent (ISCED 6)")
    MASTER = "MastersOrEquivalentLevel", _("Master's or equivalent (ISCED 7)")
    DOCTORAL = "DoctoralOrEquivalentLevel", _("Doctoral or equivalent (ISCED 8)")


class Language(models.TextChoices):
    """ISO 639-2 codes (HTCDS prs_PrimaryLanguage) of the languages met in the region."""

    KIR = "kir", _("Kyrgyz")
    KAZ = "kaz", _("Kazakh")
    UZB = "uzb", _("Uzbek")
    TGK = "tgk", _("Tajik")
    TUK = "tuk", _("Turkmen")
    KAA = "kaa", _("Karakalpak")
    RUS = "rus", _("Russian")
    ENG = "eng", _("English")
    OTHER = "mis", _("Other language")


class NameKind(models.TextChoices):
    GIVEN = "given", _("Given name")
    FAMILY = "family", _("Family name")
    PATRONYMIC = "patronymic", _("Patronymic")
    ALIAS = "alias", _("Alias / nickname")
    DOCUMENT = "document", _("Name as in a document")
    OTHER_SPELLING = "other_spelling", _("Other spelling")


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    RESIDENCE_PERMIT = "residence_permit", _("Residence or work permit")
    TRAVEL_DOCUMENT = "travel_document", _("Return certificate / travel document")
    OTHER = "other", _("Other document")


class DocumentStatus(models.TextChoices):
    HELD = "held", _("Held by the person")
    CONFISCATED = "confiscated", _("Confiscated / withheld")
    LOST = "lost", _("Lost")
    REISSUED = "reissued", _("Reissued")


class CaseStatus(models.TextChoices):
    """HTCDS cas_Status."""

    ACTIVE = "Active", pgettext_lazy("case status", "Active")
    FOLLOW_UP = "FollowUp", _("Follow-up")
    CLOSED = "Closed", _("Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed (referred)")


class TraffickingStatus(models.TextChoices):
    """HTCDS vic_TraffickingStatus."""

    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim")
    ACTUAL = "ActualVictimOfTrafficking", _("Identified victim")
    NOT_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class DecidingOrganisation(models.TextChoices):
    """HTCDS vic_TraffickingStatusDecisionMakingOrg."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("NGO")
    COURT_OR_PROSECUTION = "CourtOrProsecution", _("Court or prosecution")
    GOVERNMENT = "NonPoliceGovernmentalOrganization", _("Government body (not police)")
    OTHER = "Other", _("Other")


class StageChoice(models.TextChoices):
    IDENTIFICATION = Stage.IDENTIFICATION.value, _("Identification")
    PROTECTION_ASSISTANCE = Stage.PROTECTION_ASSISTANCE.value, _("Protection and assistance")
    RETURN = Stage.RETURN.value, _("Return")
    REINTEGRATION = Stage.REINTEGRATION.value, _("Reintegration")
    CLOSED = Stage.CLOSED.value, _("Closed")


class OutcomeChoice(models.TextChoices):
    REINTEGRATED = Outcome.REINTEGRATED.value, _("Reintegrated")
    RETURNED_HOME = Outcome.RETURNED_HOME.value, _("Returned home")
    TRANSFERRED = Outcome.TRANSFERRED.value, _("Transferred to another organisation")
    LOST_CONTACT = Outcome.LOST_CONTACT.value, _("Lost contact")
    DECLINED_HELP = Outcome.DECLINED_HELP.value, _("Declined further help")
    RE_TRAFFICKED = Outcome.RE_TRAFFICKED.value, _("Re-trafficked")
    DECEASED = Outcome.DECEASED.value, _("Deceased")


class Exploitation(models.TextChoices):
    """HTCDS vic_TypeOfExploitation."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = "ForcedMilitaryByNonStateActors", _("Forced military service (non-state)")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    OTHER = "Other", _("Other")


class MeansOfControl(models.TextChoices):
    """HTCDS vic_MethodsOfControl (the ODS picklist names)."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Threats of violence")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of police or deportation")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _("Threats to children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCES = "RestrictsFinancialAccess", _("Restricts access to money")
    RESTRICTS_MEDICAL = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds food, sleep or other necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    SUBSTANCES = "PsychoactiveSubstance", _("Alcohol or drugs")
    EXCESSIVE_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class RecruitmentMethod(models.TextChoices):
    """HTCDS vic_MethodOfRecruitment."""

    PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    EDUCATIONAL = "AtAnEducationalInstitution", _("At a school or college")
    AT_WORK = "AtWork", _("At work")
    SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_AD = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TV_AD = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER_AD = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family or family events")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends or social events")
    OTHER = "Other", _("Other")


class Platform(models.TextChoices):
    """HTCDS vic_RecruitmentWebsitesAndApps."""

    FACEBOOK = "Facebook", "Facebook"
    INSTAGRAM = "Instagram", "Instagram"
    WHATSAPP = "WhatsApp", "WhatsApp"
    TELEGRAM = "Telegram", "Telegram"
    MESSENGER = "FacebookMessenger", "Facebook Messenger"
    VIBER = "Viber", "Viber"
    SNAPCHAT = "SnapChat", "Snapchat"
    LINE = "Line", "Line"
    FOURSALE = "4Sale", "4Sale"
    WECHAT = "WeChat", "WeChat"
    QQ = "QQ", "QQ"
    QZONE = "QZone", "QZone"
    TIKTOK = "TikTok", "TikTok"
    TWITTER = "Twitter", "Twitter / X"
    OTHER = "Other", _("Other")


class RecruiterRelation(models.TextChoices):
    """Our list: HTCDS has only Familial/Acquainted/Unaquainted, CTDC adds intimate partner and
    friend. The export maps each value (data/htcds_export.toml)."""

    FAMILY = "family", _("Family member")
    INTIMATE_PARTNER = "intimate_partner", _("Intimate partner")
    FRIEND = "friend", _("Friend")
    ACQUAINTANCE = "acquaintance", _("Acquaintance")
    STRANGER = "stranger", _("Stranger")


class Vulnerability(models.TextChoices):
    """The HTCDS v1 vic_Vulnerabilities values (deprecated in v2.0 in favour of free assessment
    questions, kept because they are what CTDC-style exports still count)."""

    ADDICTION = "Addiction", _("Addiction")
    SOCIAL_GROUP = "SocialGroup", _("Belongs to a marginalised group")
    DISCRIMINATION = "Discrimination", _("Discrimination")
    POVERTY = "Poverty", _("Poverty")
    DISABILITY = "DisabilityAndPhysicalHealth", _("Disability or physical health")
    MENTAL_HEALTH = "MentalHealth", _("Mental health")
    MIGRATION = "Migration", _("Migration")
    HOMELESSNESS = "Homelessness", _("Homelessness")
    ABUSE_SOCIAL_MEDIA = "AbuseSocialMedia", _("Abuse through social media")
    ABUSE_PHYSICAL = "AbusePhysical", _("Earlier physical abuse")
    EDUCATION = "Education", _("Little schooling")
    WORK_ENVIRONMENT = "WorkEnvironment", _("Work environment")


class LegalBasis(models.TextChoices):
    """Why the organisation may hold this person's data and help them (case_open)."""

    CONSENT = "consent", _("The person's (or guardian's) consent to assistance")
    CHILD_PROTECTION = "child_protection", _("Child protection: best interests of a child")
    VITAL_INTERESTS = "vital_interests", _("Vital interests: life or safety at immediate risk")


class ConsentPurpose(models.TextChoices):
    ASSISTANCE = "assistance", _("Assistance from this organisation")
    REFERRAL = "referral", _("Referral to a named organisation")
    LAW_ENFORCEMENT = "law_enforcement", _("Sharing with law enforcement")
    STATISTICS = "statistics", _("Anonymised statistics")


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("The person")
    GUARDIAN = "guardian", _("Parent or legal guardian")
    GUARDIAN_ADVOCATE = "guardian_advocate", _("Appointed guardian / advocate of a child")


class EventKind(models.TextChoices):
    """HTCDS hte_Type."""

    RECRUITMENT = "Recruitment", _("Recruitment")
    TRANSIT = "Transit", _("Transit")
    EXPLOITATION = "Exploitation", _("Exploitation")


def _check_codes(values: Any, choices: Any, field: str) -> dict[str, str]:
    if not isinstance(values, list):
        return {field: str(_("Expected a list of codes."))}
    unknown = sorted(set(values) - set(choices.values))
    if unknown:
        return {field: str(_("Unknown codes: %(codes)s")) % {"codes": ", ".join(unknown)}}
    return {}


# CTDC ageBroad bands (shared/domain/htcds.md, CTDC column sets).
AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 8),
    (9, 17),
    (18, 20),
    (21, 23),
    (24, 26),
    (27, 29),
    (30, 38),
    (39, 47),
    (48, None),
)


# --- persons -----------------------------------------------------------------------------------


class PersonQuerySet(models.QuerySet["Person"]):
    def of_organisation(self, organisation_id: int) -> PersonQuerySet:
        return self.filter(organisation_id=organisation_id)


class Person(VersionedModel):
    """A person assisted as a (possible) victim. Belongs to the organisation that recorded it;
    other organisations learn of it only through referrals and linkage, never by browsing.
    Edited in place with optimistic locking (``person_update``)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name_hash = LookupHashField(_("full-name lookup"))
    short_name_hash = LookupHashField(_("given + family name lookup"))
    gender = models.CharField(
        _("sex / gender"), max_length=32, choices=Gender.choices, default=Gender.UNKNOWN
    )
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    age_estimated_on = models.DateField(_("age estimated on"), null=True, blank=True)
    citizenships = CountryField(_("citizenship"), multiple=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    education = models.CharField(
        _("highest education"), max_length=40, choices=Education.choices, blank=True
    )
    marital_status = models.CharField(
        _("marital status"), max_length=32, choices=MaritalStatus.choices, blank=True
    )
    children_count = models.PositiveSmallIntegerField(_("children"), null=True, blank=True)
    safe_contact = EncryptedTextField(
        _("safe way to contact"),
        blank=True,
        default="",
        help_text=_("How to reach the person without putting them at risk."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PersonQuerySet.as_manager()

    # Where case lists put the names they read for each person (kind, value), as a plain list;
    # the case page puts the PersonName rows there (`selectors.case_get_for_page`).
    LISTED_NAMES = "listed_names"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"

    def clean(self) -> None:
        errors = _check_codes(self.languages, Language, "languages")
        if self.birth_date is not None and self.estimated_age is not None:
            errors["estimated_age"] = str(
                _("Give either the date of birth or an estimated age, not both.")
            )
        if errors:
            raise ValidationError(errors)

    def names_of(self, kind: str) -> list[str]:
        return [n.value for n in self.names.all() if n.kind == kind]

    @property
    def display_name(self) -> str:
        """Given, patronymic and family name as first entered; other variants stay in `names`."""
        first: dict[str, str] = {}
        # One pass: lists show this for 50 persons at a time, with the names already read.
        listed = getattr(self, self.LISTED_NAMES, None)
        names = list(self.names.all()) if listed is None else listed
        for name in names:
            first.setdefault(name.kind, name.value)
        parts = [
            first[kind]
            for kind in (NameKind.GIVEN, NameKind.PATRONYMIC, NameKind.FAMILY)
            if kind in first
        ]
        if not parts:
            return names[0].value if names else ""
        return " ".join(parts)

    def age_on(self, day: dt.date) -> int | None:
        """Age from the date of birth, else from the estimate and when it was made."""
        if self.birth_date is not None:
            born = self.birth_date
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if self.estimated_age is not None:
            since = self.age_estimated_on or day
            return self.estimated_age + max(0, (day - since).days // 365)
        return None

    @property
    def age_now(self) -> int | None:
        return self.age_on(dt.date.today())

    @property
    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]

    def age_band(self, day: dt.date) -> str:
        """CTDC ageBroad band: coarse enough to print without identifying the person."""
        age = self.age_on(day)
        if age is None:
            return ""
        for low, high in AGE_BANDS:
            if age >= low and (high is None or age <= high):
                return f"{low}+" if high is None else f"{low}–{high}"
        return ""

    @property
    def initials(self) -> str:
        words = self.display_name.split()
        return "".join(w[0].upper() + "." for w in words[:3])


class PersonName(ChoiceLabelsMixin, models.Model):
    """Every name the person is known by, in the script it was typed in."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="names"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NameKind.choices)
    value = EncryptedTextField(pgettext_lazy("person name", "name"))
    value_hash = LookupHashField(_("name lookup"))
    script = models.CharField(_("script"), max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = pgettext_lazy("person name", "name")
        verbose_name_plural = _("names")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class IdentityDocument(VersionedModel):
    """A document as recorded; its status changes (confiscated, then reissued) with optimistic
    locking (``document_update``). The number is kept as typed; a new number is a new row."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="documents"
    )
    type = models.CharField(_("document type"), max_length=24, choices=DocumentType.choices)
    number = EncryptedTextField(_("number"), blank=True, default="")
    number_hash = LookupHashField(_("number lookup"))
    issuing_country = CountryField(_("issuing country"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.HELD
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.get_status_display()})"


# --- cases -------------------------------------------------------------------------------------


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.exclude(stage=Stage.CLOSED)

    def of_organisation(self, organisation_id: int) -> CaseQuerySet:
        return self.filter(organisation_id=organisation_id)


class Case(VersionedModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("assigned", "caseworker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        _("case status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    stage = models.CharField(
        _("NRM stage"),
        max_length=24,
        choices=StageChoice.choices,
        default=StageChoice.IDENTIFICATION,
        db_index=True,
    )
    identified_on = models.DateField(_("identified on"), db_index=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    legal_basis_note = EncryptedTextField(_("legal basis explained"), blank=True, default="")
    trafficking_status = models.CharField(
        _("trafficking status"),
        max_length=32,
        choices=TraffickingStatus.choices,
        default=TraffickingStatus.POSSIBLE,
    )
    status_decided_by = models.CharField(
        _("status decided by"), max_length=40, choices=DecidingOrganisation.choices, blank=True
    )
    status_decided_on = models.DateField(_("status decided on"), null=True, blank=True)
    exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruitment_methods = models.JSONField(_("recruitment methods"), default=list, blank=True)
    recruitment_platforms = models.JSONField(
        _("recruitment websites and apps"), default=list, blank=True
    )
    recruiter_relation = models.CharField(
        _("relation to recruiter"), max_length=20, choices=RecruiterRelation.choices, blank=True
    )
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    closing_outcome = models.CharField(
        _("outcome"), max_length=20, choices=OutcomeChoice.choices, blank=True
    )
    closing_reason = EncryptedTextField(_("reason for closing"), blank=True, default="")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    screening_id = models.PositiveBigIntegerField(
        _("screening"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The screening this case was opened from, if any."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CaseQuerySet.as_manager()

    # Where case lists put the stage history they read for each case (to_stage, at), as a
    # plain list; the case page puts the StageChange rows there (`selectors.case_get_for_page`).
    LISTED_STAGE_CHANGES = "listed_stage_changes"

    LIST_FIELDS = {
        "exploitation": Exploitation,
        "means_of_control": MeansOfControl,
        "recruitment_methods": RecruitmentMethod,
        "recruitment_platforms": Platform,
        "vulnerabilities": Vulnerability,
    }

    class Meta:
        ordering = ["-identified_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["organisation", "stage"]),
            # The case lists: an organisation's or a caseworker's cases, newest first.
            models.Index(
                fields=["organisation", "caseworker", "-identified_on", "-id"],
                name="case_list_caseworker_idx",
            ),
            models.Index(
                fields=["organisation", "-identified_on", "-id"], name="case_list_org_idx"
            ),
            # The default lists hide closed cases; these serve their page and their count alone.
            models.Index(
                fields=["organisation", "caseworker", "-identified_on", "-id"],
                condition=~models.Q(stage="closed"),
                name="case_open_caseworker_idx",
            ),
            models.Index(
                fields=["organisation", "-identified_on", "-id"],
                condition=~models.Q(stage="closed"),
                name="case_open_org_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """A name-free handle people can say on the phone and print."""
        return f"C-{self.pk:05d}" if self.pk else "C-new"

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for field, choices in self.LIST_FIELDS.items():
            errors.update(_check_codes(getattr(self, field), choices, field))
        if self.legal_basis != LegalBasis.CONSENT and not (self.legal_basis_note or "").strip():
            errors["legal_basis_note"] = str(
                _("Explain the legal basis when it is not the person's consent.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def stage_choices(self) -> list[tuple[str, Any]]:
        return list(StageChoice.choices)

    def labels(self, field: str) -> list[str]:
        choices = dict(self.LIST_FIELDS[field].choices)
        return [str(choices.get(code, code)) for code in getattr(self, field)]


class StageChange(ChoiceLabelsMixin, models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=24, choices=StageChoice.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=24, choices=StageChoice.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = EncryptedTextField(_("note"), blank=True, default="")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.from_stage or '—'} → {self.to_stage}"


class TraffickingEvent(ChoiceLabelsMixin, models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    country = CountryField(_("country"), blank=True)
    place = EncryptedTextField(_("place"), blank=True, default="")
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    description = EncryptedTextField(_("description"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # Undated events last on every database (SQLite puts NULL first, PostgreSQL last).
        ordering = [models.F("date_from").asc(nulls_last=True), "id"]
        verbose_name = _("trafficking event")
        verbose_name_plural = _("trafficking events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.country}"

    def clean(self) -> None:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationError({"date_to": _("The end is before the start.")})


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(ChoiceLabelsMixin, models.Model):
    """One purpose the person (or their guardian) agreed to. Withdrawing keeps the record."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("receiving organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_by = models.CharField(
        _("given by"), max_length=20, choices=ConsentGiver.choices, default=ConsentGiver.PERSON
    )
    guardian_name = EncryptedTextField(_("guardian's name"), blank=True, default="")
    given_at = models.DateTimeField(_("given at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["given_at", "id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return self.get_purpose_display()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    def clean(self) -> None:
        errors = {}
        if self.purpose == ConsentPurpose.REFERRAL and self.organisation_id is None:
            errors["organisation"] = _("A referral consent names the organisation it allows.")
        if self.purpose != ConsentPurpose.REFERRAL and self.organisation_id is not None:
            errors["organisation"] = _("Only a referral consent names an organisation.")
        if self.given_by != ConsentGiver.PERSON and not (self.guardian_name or "").strip():
            errors["guardian_name"] = _("Write the name of the guardian who gave consent.")
        if errors:
            raise ValidationError(errors)


class CaseNote(ChoiceLabelsMixin, models.Model):
    """A dated case comment (HTCDS cco_CaseComment); notes are added, never edited."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="case_notes"
    )
    text = EncryptedTextField(_("note"))
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case} {self.at:%Y-%m-%d}"


# --- needs and support plan --------------------------------------------------------------------


def _language() -> str:
    return get_language() or "en"


class NeedsAssessment(ChoiceLabelsMixin, models.Model):
    """What the person needs, as assessed on one day; a new assessment is added, never edited,
    so the plan can be read against what was known when it was made."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_on = models.DateField(_("assessed on"))
    needs = models.JSONField(_("needs"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return f"{self.case} {self.assessed_on:%Y-%m-%d}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not isinstance(self.needs, list):
            errors["needs"] = str(_("Expected a list of codes."))
        else:
            unknown = sorted(set(self.needs) - plan.catalogue().need_codes())
            if unknown:
                errors["needs"] = str(_("Unknown codes: %(codes)s")) % {"codes": ", ".join(unknown)}
        if errors:
            raise ValidationError(errors)

    @property
    def need_labels(self) -> list[str]:
        return plan.need_labels(list(self.needs), _language())


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CasePlanItem(VersionedModel):
    """One line of the support plan (HTCDS Support Plan: spl_Type, spl_Objectives, planned and
    actual dates). Edited in place with optimistic locking, as a plan changes while it runs."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="plan_items"
    )
    type = models.CharField(_("type of support"), max_length=40)
    objective = EncryptedTextField(_("objective"), blank=True, default="")
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["planned_start", "id"]
        verbose_name = _("support plan item")
        verbose_name_plural = _("support plan items")

    def __str__(self) -> str:
        return f"{self.case} {self.type}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.type not in plan.catalogue().type_codes():
            errors["type"] = str(_("Choose a type of support from the list."))
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = str(_("The planned end is before the planned start."))
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = str(_("The actual end is before the actual start."))
        if self.actual_end and not self.actual_start:
            errors["actual_start"] = str(_("Give the actual start when there is an actual end."))
        if errors:
            raise ValidationError(errors)

    @property
    def type_label(self) -> str:
        return plan.type_label(self.type, _language())


# --- organisation targets ----------------------------------------------------------------------


class StageTarget(VersionedModel):
    """The organisation's own target, in days, for identification → reintegration. Without a row
    the data file's default applies (data/stages.toml). Set by supervisors and administrators:
    optimistic locking, so one does not silently replace the other's number."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    days = models.PositiveSmallIntegerField(_("days from identification to reintegration"))

    class Meta:
        verbose_name = _("stage target")
        verbose_name_plural = _("stage targets")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.days}"
