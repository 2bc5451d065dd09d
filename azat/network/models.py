"""Perpetrators as a victim's case records them, with the identifiers that later let entity
resolution join the same person across cases (phones, addresses, companies, online accounts).

A perpetrator row belongs to one assistance case and is read and written only by those who work
on that case; law enforcement sees it only through a criminal case whose victim agreed to share
the case with them (see `azat.prosecution.selectors`). Names, identifiers and notes are encrypted;
each name and identifier keeps a keyed hash of its normalised form beside the ciphertext, so two
cases that recorded the same phone or the same name in another script meet on the hash.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from azat.cases.models import Gender, RecruiterRelation
from azat.core.fields import EncryptedTextField, LookupHashField
from azat.core.models import VersionedModel

MAX_AGE = 120


class PerpetratorRole(models.TextChoices):
    """The same values as `prosecution.DefendantRole`, so a defendant linked to a perpetrator
    takes the role over as it is."""

    RECRUITER = "recruiter", pgettext_lazy("perpetrator role", "Recruiter")
    TRANSPORTER = "transporter", pgettext_lazy("perpetrator role", "Transporter")
    EXPLOITER = "exploiter", pgettext_lazy("perpetrator role", "Exploiter")
    OFFICIAL = "official", pgettext_lazy("perpetrator role", "Official (complicit)")
    OTHER = "other", pgettext_lazy("perpetrator role", "Other")


class NameKind(models.TextChoices):
    NAME = "name", pgettext_lazy("perpetrator name", "Name")
    ALIAS = "alias", _("Alias / nickname")


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    ADDRESS = "address", _("Address")
    COMPANY = "company", _("Company or agency")
    ONLINE = "online", _("Online account")


class PerpetratorQuerySet(models.QuerySet["Perpetrator"]):
    def of_case(self, case_id: int) -> PerpetratorQuerySet:
        return self.filter(case_id=case_id)


class Perpetrator(VersionedModel):
    """One perpetrator as the victim's case knows them: often an alias and a phone number."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="perpetrators",
    )
    sex = models.CharField(
        _("sex / gender"), max_length=32, choices=Gender.choices, default=Gender.UNKNOWN
    )
    estimated_age = models.PositiveSmallIntegerField(
        _("approximate age"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    citizenship = CountryField(_("citizenship"), blank=True)
    role = models.CharField(_("role"), max_length=16, choices=PerpetratorRole.choices)
    relation = models.CharField(
        _("relation to the victim"), max_length=20, choices=RecruiterRelation.choices, blank=True
    )
    events = models.ManyToManyField(
        "cases.TraffickingEvent",
        verbose_name=_("trafficking events taken part in"),
        blank=True,
        related_name="+",
    )
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PerpetratorQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"

    @property
    def display_name(self) -> str:
        """The first name, else the first alias (an alias in quotes)."""
        names = list(self.names.all())
        for kind in (NameKind.NAME, NameKind.ALIAS):
            for name in names:
                if name.kind == kind:
                    return name.value if kind == NameKind.NAME else f"“{name.value}”"
        return ""

    @property
    def other_names(self) -> list[str]:
        """Every name and alias but the one `display_name` shows."""
        names = [n.value for n in self.names.all()]
        shown = self.display_name.strip("“”")
        return [n for n in names if n != shown]

    @property
    def details(self) -> list[str]:
        """Sex, approximate age and citizenship, as far as they are known."""
        out = []
        if self.sex and self.sex != Gender.UNKNOWN:
            out.append(str(self.get_sex_display()))
        if self.estimated_age is not None:
            out.append(str(_("about %(age)s") % {"age": self.estimated_age}))
        if self.citizenship:
            out.append(str(self.citizenship.name))  # type: ignore[attr-defined]
        return out

    def values_of(self, kind: str) -> list[str]:
        return [i.value for i in self.identifiers.all() if i.kind == kind]

    @property
    def aliases(self) -> list[str]:
        return [n.value for n in self.names.all() if n.kind == NameKind.ALIAS]


class PerpetratorName(models.Model):
    perpetrator = models.ForeignKey(
        Perpetrator, verbose_name=_("perpetrator"), on_delete=models.CASCADE, related_name="names"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=NameKind.choices)
    value = EncryptedTextField(pgettext_lazy("perpetrator name", "name"))
    value_hash = LookupHashField(_("name lookup"))

    class Meta:
        ordering = ["id"]
        verbose_name = pgettext_lazy("perpetrator name", "name")
        verbose_name_plural = _("names")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Identifier(models.Model):
    """A phone (stored in E.164), an address, a company or agency, or an online account."""

    perpetrator = models.ForeignKey(
        Perpetrator,
        verbose_name=_("perpetrator"),
        on_delete=models.CASCADE,
        related_name="identifiers",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=IdentifierKind.choices)
    value = EncryptedTextField(_("value"))
    value_hash = LookupHashField(_("value lookup"))

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        indexes = [models.Index(fields=["kind", "value_hash"])]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        if not (self.value or "").strip():
            raise ValidationError({"value": _("An identifier needs a value.")})
