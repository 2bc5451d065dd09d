"""Forms of the prosecution pages. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from azat.accounts.models import Organisation
from azat.prosecution.models import (
    Currency,
    DefendantRole,
    DismissalGround,
    EvidenceKind,
    Jurisdiction,
    ProcedureStatus,
    ProtectionMeasure,
    VerdictOutcome,
    VictimStanding,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ArticlesField(forms.MultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"size": 10, "class": "wide"})


class CriminalCaseForm(forms.Form):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), choices=Jurisdiction.choices)
    number = forms.CharField(label=_("Registration number"), max_length=64)
    registered_on = forms.DateField(label=_("Registered on"), widget=DATE)
    articles = ArticlesField(
        label=_("Articles charged"),
        required=False,
        help_text=_(
            "Rows of the legal knowledge base. The status in brackets says whether the row has "
            "been checked against the official text."
        ),
    )

    def __init__(self, *args: Any, article_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["articles"].choices = article_choices  # type: ignore[attr-defined]


class ChargeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    articles = ArticlesField(label=_("Articles charged"), required=False)

    def __init__(self, *args: Any, article_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["articles"].choices = article_choices  # type: ignore[attr-defined]


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_status = forms.ChoiceField(label=_("Next step"), choices=ProcedureStatus.choices)
    on = forms.DateField(label=_("Date of the decision"), widget=DATE)
    ground = forms.ChoiceField(
        label=_("Ground of dismissal"),
        choices=[("", "—"), *DismissalGround.choices],
        required=False,
        help_text=_("Only for a dismissal. Cite the article of the procedure code in the note."),
    )
    note = forms.CharField(
        label=pgettext_lazy("procedural step", "Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when a dismissal is quashed or the court returns the case."),
    )

    def __init__(self, *args: Any, next_statuses: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = next_statuses  # type: ignore[attr-defined]
        self.fields["on"].initial = timezone.localdate()


class PerpetratorSelect(forms.Select):
    """Options carry the perpetrator's role, so the page can pre-fill the role on choosing."""

    def __init__(self, *args: Any, roles: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles = roles or {}

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        role = self.roles.get(str(value))
        if role:
            option["attrs"]["data-role"] = role
        return option


class DefendantForm(forms.Form):
    perpetrator = forms.ChoiceField(
        label=_("Perpetrator recorded in a victim's case"),
        required=False,
        help_text=_(
            "Perpetrators recorded in the assistance cases linked here as victims, while the "
            "person agrees to share the case with law enforcement. Choosing one fills in the "
            "role."
        ),
    )
    name = forms.CharField(
        label=_("Name or alias"),
        max_length=200,
        help_text=_("Stored encrypted. An alias is enough while the person is not identified."),
    )
    role = forms.ChoiceField(
        label=_("Role in the chain"),
        choices=[("", "—"), *DefendantRole.choices],
        required=False,
        help_text=_("Left empty, the role of the chosen perpetrator is taken."),
    )

    def __init__(
        self, *args: Any, perpetrators: list[tuple[str, str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        perpetrators = perpetrators or []
        field = self.fields["perpetrator"]
        assert isinstance(field, forms.ChoiceField)
        if perpetrators:
            # The widget first: setting the choices also hands them to the widget in place.
            field.widget = PerpetratorSelect(roles={pk: role for pk, _label, role in perpetrators})
            field.widget.attrs.update(field.widget_attrs(field.widget))
            field.choices = [("", "—"), *[(pk, label) for pk, label, _role in perpetrators]]
        else:
            # Nothing may be linked now (no shared case): a posted id is refused, not ignored.
            field.widget = forms.HiddenInput()
            field.choices = [("", "—")]

    @property
    def offers_perpetrators(self) -> bool:
        return not self.fields["perpetrator"].widget.is_hidden

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("role") and not data.get("perpetrator"):
            self.add_error("role", _("Choose the defendant's role in the chain."))
        return data


class DefendantLinkForm(forms.Form):
    perpetrator = forms.ChoiceField(
        label=_("Perpetrator recorded in a victim's case"),
        required=False,
        help_text=_("Choose “—” to remove the link."),
    )

    def __init__(self, *args: Any, perpetrators: list[tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perpetrator"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[(pk, label) for pk, label, _role in perpetrators],
        ]


class EvidenceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EvidenceKind.choices)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it is and what it shows. Stored encrypted."),
    )
    obtained_on = forms.DateField(label=_("Date obtained"), required=False, widget=DATE)
    held_by = forms.CharField(
        label=_("Held by"),
        required=False,
        max_length=200,
        help_text=_("Who keeps it: the investigator, an expert institution, the court."),
    )
    facts = forms.MultipleChoiceField(
        label=_("Facts it supports"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The facts of the legal qualification this evidence goes to prove; the memo lists "
            "it under each of them."
        ),
    )

    def __init__(
        self, *args: Any, fact_groups: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facts"].choices = fact_groups  # type: ignore[attr-defined]


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=VerdictOutcome.choices, widget=forms.RadioSelect
    )
    verdict_on = forms.DateField(label=_("Verdict date"), widget=DATE)
    sentence = forms.CharField(
        label=_("Sentence"),
        required=False,
        max_length=300,
        help_text=_("As the court gave it, e.g. 8 years' imprisonment."),
    )
    confiscation = forms.BooleanField(label=_("Confiscation of property ordered"), required=False)


class VictimForm(forms.Form):
    case_reference = forms.CharField(
        label=_("Assistance case"),
        required=False,
        max_length=20,
        help_text=_(
            "The case reference the caseworker gave you, e.g. C-00012. It can be linked only "
            "if the person agreed to share the case with law enforcement. Leave empty for a "
            "victim without an assistance case."
        ),
    )
    standing = forms.ChoiceField(
        label=_("Standing in the proceedings"), choices=VictimStanding.choices
    )
    protection = forms.MultipleChoiceField(
        label=_("Protection measures"),
        choices=ProtectionMeasure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    compensation_claimed = forms.DecimalField(
        label=_("Compensation claimed"), required=False, min_value=0, decimal_places=2
    )
    compensation_awarded = forms.DecimalField(
        label=_("Compensation awarded"), required=False, min_value=0, decimal_places=2
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *Currency.choices], required=False
    )


class VictimEditForm(VictimForm):
    case_reference = None  # type: ignore[assignment]


class JointForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("joint investigation", "Title"),
        max_length=200,
        help_text=_("A working name for the chain, e.g. “Osh – Moscow sewing workshops”."),
    )
    summary = forms.CharField(
        label=_("Shared summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Every partner agency reads this text; it does not see your file. Write only what "
            "you may share with them."
        ),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner agencies"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, partners: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partners"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[p.pk for p in partners])
        field.label_from_instance = lambda org: f"{org.name} ({org.country.name})"  # type: ignore[method-assign,assignment]


class JointSummaryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("Shared summary"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class JointAttachForm(forms.Form):
    criminal_case = forms.ChoiceField(label=_("Your criminal case"))

    def __init__(self, *args: Any, cases: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criminal_case"].choices = cases  # type: ignore[attr-defined]


class FunnelFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year registered"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]  # type: ignore[attr-defined]
