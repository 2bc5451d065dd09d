"""Forms parse and show; the services decide. Choice lists come from the models (HTCDS codes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from azat.accounts.models import Organisation, User
from azat.cases import plan
from azat.cases.models import (
    ConsentGiver,
    ConsentPurpose,
    DecidingOrganisation,
    DocumentStatus,
    DocumentType,
    Education,
    EventKind,
    Exploitation,
    Gender,
    Language,
    LegalBasis,
    MaritalStatus,
    MeansOfControl,
    NameKind,
    OutcomeChoice,
    PlanStatus,
    Platform,
    RecruiterRelation,
    RecruitmentMethod,
    StageChoice,
    TraffickingStatus,
    Vulnerability,
)

CENTRAL_ASIA = ("KZ", "KG", "TJ", "TM", "UZ")


def country_choices(*, blank: bool) -> list[tuple[str, str]]:
    """The five NRM countries first, then every other country."""
    first = [(code, str(countries.name(code))) for code in CENTRAL_ASIA]
    rest = [(code, str(name)) for code, name in countries if code not in CENTRAL_ASIA]
    return ([("", "—")] if blank else []) + first + rest


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def _with_blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _checkboxes(choices: Any, label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class CaseOpenForm(forms.Form):
    """A new person and their case in one step, with the first consent (or another basis)."""

    given_name = forms.CharField(label=_("Given name"), max_length=200, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=200, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    alias = forms.CharField(
        label=_("Alias, nickname or other spelling"),
        max_length=200,
        required=False,
        help_text=_("Type names in the script the person or the document uses; all are kept."),
    )
    gender = forms.ChoiceField(
        label=_("Sex / gender"), choices=Gender.choices, initial=Gender.UNKNOWN
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    estimated_age = forms.IntegerField(
        label=_("Or estimated age"), required=False, min_value=0, max_value=120
    )
    citizenships = forms.MultipleChoiceField(
        label=_("Citizenship"),
        choices=[],
        required=False,
        help_text=_("Several may be chosen."),
    )
    languages = _checkboxes(Language.choices, _("Languages"))
    marital_status = forms.ChoiceField(
        label=_("Marital status"), choices=_with_blank(MaritalStatus.choices), required=False
    )
    children_count = forms.IntegerField(
        label=_("Children"), required=False, min_value=0, max_value=30
    )
    education = forms.ChoiceField(
        label=_("Highest education"), choices=_with_blank(Education.choices), required=False
    )
    safe_contact = forms.CharField(
        label=_("Safe way to contact"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: only through the shelter's phone; never call the family."),
    )
    document_type = forms.ChoiceField(
        label=_("Identity document"), choices=_with_blank(DocumentType.choices), required=False
    )
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    document_country = forms.ChoiceField(label=_("Issued by"), choices=[], required=False)
    document_status = forms.ChoiceField(
        label=_("Document status"), choices=DocumentStatus.choices, initial="held"
    )
    identified_on = forms.DateField(label=_("Identified on"), widget=DateInput())
    trafficking_status = forms.ChoiceField(
        label=_("Trafficking status"),
        choices=TraffickingStatus.choices,
        initial=TraffickingStatus.POSSIBLE,
    )
    exploitation = _checkboxes(Exploitation.choices, _("Forms of exploitation"))
    legal_basis = forms.ChoiceField(
        label=_("Basis for opening the case"),
        choices=LegalBasis.choices,
        initial=LegalBasis.CONSENT,
        widget=forms.RadioSelect,
    )
    consent_given_by = forms.ChoiceField(
        label=_("Consent to assistance given by"),
        choices=ConsentGiver.choices,
        initial=ConsentGiver.PERSON,
        widget=forms.RadioSelect,
    )
    guardian_name = forms.CharField(
        label=_("Guardian's name"),
        max_length=200,
        required=False,
        help_text=_("For a child: the parent, guardian or appointed advocate who agreed."),
    )
    legal_basis_note = forms.CharField(
        label=_("Why the case opens without consent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    screening_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "citizenships").choices = country_choices(blank=False)
        _choice_field(self, "document_country").choices = country_choices(blank=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date") and data.get("estimated_age") is not None:
            self.add_error(
                "estimated_age", _("Give either the date of birth or an estimated age, not both.")
            )
        if data.get("document_number") and not data.get("document_type"):
            self.add_error("document_type", _("Choose the type of the document."))
        return data

    def names(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (NameKind.GIVEN, data["given_name"]),
            (NameKind.PATRONYMIC, data["patronymic"]),
            (NameKind.FAMILY, data["family_name"]),
            (NameKind.ALIAS, data["alias"]),
        ]


class CaseEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    caseworker = forms.ModelChoiceField(
        label=pgettext_lazy("assigned", "Caseworker"), queryset=User.objects.none(), required=False
    )
    identified_on = forms.DateField(label=_("Identified on"), widget=DateInput())
    trafficking_status = forms.ChoiceField(
        label=_("Trafficking status"), choices=TraffickingStatus.choices
    )
    status_decided_by = forms.ChoiceField(
        label=_("Status decided by"),
        choices=_with_blank(DecidingOrganisation.choices),
        required=False,
    )
    status_decided_on = forms.DateField(
        label=_("Status decided on"), required=False, widget=DateInput()
    )
    exploitation = _checkboxes(Exploitation.choices, _("Forms of exploitation"))
    means_of_control = _checkboxes(MeansOfControl.choices, _("Means of control"))
    recruitment_methods = _checkboxes(RecruitmentMethod.choices, _("How the person was recruited"))
    recruitment_platforms = _checkboxes(Platform.choices, _("Websites and apps used to recruit"))
    recruiter_relation = forms.ChoiceField(
        label=_("Relation to the recruiter"),
        choices=_with_blank(RecruiterRelation.choices),
        required=False,
    )
    vulnerabilities = _checkboxes(Vulnerability.choices, _("Vulnerabilities"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    FIELDS = (
        "caseworker",
        "identified_on",
        "trafficking_status",
        "status_decided_by",
        "status_decided_on",
        "exploitation",
        "means_of_control",
        "recruitment_methods",
        "recruitment_platforms",
        "recruiter_relation",
        "vulnerabilities",
        "notes",
    )

    def __init__(self, *args: Any, caseworkers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["caseworker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = caseworkers

    def changes(self, initial: dict[str, Any]) -> dict[str, Any]:
        """Only what the person changed, so a save does not overwrite untouched fields."""
        return {
            name: self.cleaned_data[name]
            for name in self.FIELDS
            if self.cleaned_data[name] != initial.get(name)
        }


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(
        label=_("Move to"), choices=StageChoice.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when a case goes back a stage or is reopened."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(forms.Form):
    # Not required here: the service refuses with the message the NRM rules give.
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=_with_blank(OutcomeChoice.choices), required=False
    )
    reason = forms.CharField(
        label=_("Reason for closing"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation (for a referral)"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
    )
    given_by = forms.ChoiceField(
        label=_("Given by"),
        choices=ConsentGiver.choices,
        widget=forms.RadioSelect,
        initial="person",
    )
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=200, required=False)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    country = forms.ChoiceField(label=_("Country"), choices=[], required=False)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "country").choices = country_choices(blank=True)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label=pgettext_lazy("person name", "Name"),
        max_length=200,
        required=False,
        help_text=_("In any script: “Жылдыз Ахметова” also finds “Zhyldyz Akhmetova”."),
    )
    document = forms.CharField(label=_("Document number"), max_length=64, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip() and not (data.get("document") or "").strip():
            raise forms.ValidationError(_("Type a name or a document number."))
        return data


class PersonNameForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NameKind.choices)
    value = forms.CharField(label=pgettext_lazy("person name", "Name"), max_length=200)


class PersonEditForm(forms.Form):
    """The person's basic fields; names and documents are added on the person page."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    gender = forms.ChoiceField(label=_("Sex / gender"), choices=Gender.choices)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    estimated_age = forms.IntegerField(
        label=_("Or estimated age"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Leave empty when the date of birth is known."),
    )
    citizenships = forms.MultipleChoiceField(
        label=_("Citizenship"), choices=[], required=False, help_text=_("Several may be chosen.")
    )
    languages = _checkboxes(Language.choices, _("Languages"))
    education = forms.ChoiceField(
        label=_("Highest education"), choices=_with_blank(Education.choices), required=False
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"), choices=_with_blank(MaritalStatus.choices), required=False
    )
    children_count = forms.IntegerField(
        label=_("Children"), required=False, min_value=0, max_value=30
    )
    safe_contact = forms.CharField(
        label=_("Safe way to contact"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: only through the shelter's phone; never call the family."),
    )

    FIELDS = (
        "gender",
        "birth_date",
        "estimated_age",
        "citizenships",
        "languages",
        "education",
        "marital_status",
        "children_count",
        "safe_contact",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "citizenships").choices = country_choices(blank=False)

    @staticmethod
    def initial_for(person: Any) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in PersonEditForm.FIELDS}
        initial["citizenships"] = [str(c) for c in person.citizenships]
        initial["languages"] = list(person.languages)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date") and data.get("estimated_age") is not None:
            self.add_error(
                "estimated_age", _("Give either the date of birth or an estimated age, not both.")
            )
        return data

    def changes(self, initial: dict[str, Any]) -> dict[str, Any]:
        """Only what the person changed, so a save does not overwrite untouched fields."""
        return {
            name: self.cleaned_data[name]
            for name in self.FIELDS
            if self.cleaned_data[name] != initial.get(name)
        }


class DocumentStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=DocumentStatus.choices)


class DocumentForm(forms.Form):
    type = forms.ChoiceField(label=_("Document"), choices=DocumentType.choices)
    number = forms.CharField(label=_("Number"), max_length=64, required=False)
    issuing_country = forms.ChoiceField(label=_("Issued by"), choices=[], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=DocumentStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "issuing_country").choices = country_choices(blank=True)


class NeedsForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())
    needs = _checkboxes([], _("Needs"))
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the person said they need most, in a few words."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "needs").choices = plan.need_choices(get_language() or "en")


class PlanItemForm(forms.Form):
    """Add or edit one plan line; ``version`` is only used when editing."""

    type = forms.ChoiceField(label=_("Type of support"), choices=[])
    objective = forms.CharField(
        label=_("Objective"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DateInput())
    actual_end = forms.DateField(label=_("Actual end"), required=False, widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"), choices=PlanStatus.choices, initial=PlanStatus.PLANNED
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIELDS = (
        "type",
        "objective",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "status",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "type").choices = plan.type_choices(get_language() or "en")

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}

    def changes(self, initial: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in self.values().items() if value != initial.get(name)}


class StageTargetForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days from identification to reintegration"),
        help_text=_("Cases that take longer appear on the list of cases past target."),
    )
    # The target's version the form showed; 0 when the organisation had no target yet.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
