"""Forms parse and show; the services decide. Service lists come from the catalogue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from azat.accounts.models import Organisation
from azat.cases.forms import DateInput, country_choices
from azat.cases.models import Language
from azat.referrals.catalogue import catalogue
from azat.referrals.models import Currency, FundingSource, PackageField, Urgency


def _service_choices() -> list[tuple[str, str]]:
    return catalogue().choices(get_language() or "ru")


def _with_blank(choices: Any, blank: Any = "—") -> list[tuple[str, Any]]:
    return [("", blank), *choices]


class DirectoryFilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.CharField(label=_("Region"), max_length=120, required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=_with_blank(Language.choices)
    )
    q = forms.CharField(label=pgettext_lazy("organisation", "Name"), max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = _with_blank(_service_choices())  # type: ignore[attr-defined]
        self.fields["country"].choices = country_choices(blank=True)  # type: ignore[attr-defined]


class ProviderProfileForm(forms.Form):
    services = forms.MultipleChoiceField(
        label=_("Services offered"), widget=forms.CheckboxSelectMultiple, required=False
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries served"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose more than one."),
    )
    regions = forms.CharField(
        label=_("Regions served"),
        max_length=500,
        required=False,
        help_text=_("Separate regions with commas, e.g. Chuy, Bishkek."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=0,
        required=False,
        help_text=_("How many people it can take at a time (places, open cases)."),
    )
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    description = forms.CharField(
        label=_("About the service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you offer and to whom. No personal data."),
    )
    is_active = forms.BooleanField(label=_("Accepts referrals now"), required=False, initial=True)
    # The profile version the form showed (empty: there was no profile yet).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = _service_choices()  # type: ignore[attr-defined]
        self.fields["countries"].choices = country_choices(blank=False)  # type: ignore[attr-defined]

    def clean_regions(self) -> list[str]:
        raw = self.cleaned_data.get("regions", "")
        return [part.strip() for part in raw.split(",") if part.strip()]


class ReferralForm(forms.Form):
    receiver = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Organisation.objects.none(),
        help_text=_("Organisations with a provider profile. Consent must name the one you choose."),
    )
    services = forms.MultipleChoiceField(
        label=_("Services asked for"), widget=forms.CheckboxSelectMultiple
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE
    )
    due_on = forms.DateField(label=_("Answer due by"), required=False, widget=DateInput())
    package_fields = forms.MultipleChoiceField(
        label=_("What the receiving organisation will see"),
        choices=PackageField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[
            PackageField.FIRST_NAME,
            PackageField.AGE,
            PackageField.SEX,
            PackageField.LANGUAGES,
            PackageField.NEEDS,
            PackageField.SAFETY_NOTES,
        ],
        help_text=_(
            "Share only what the service needs. Nothing else from the case is ever sent; "
            "the chosen fields are copied when you send."
        ),
    )
    alias = forms.CharField(
        label=_("Alias"),
        max_length=100,
        required=False,
        help_text=_("Used instead of the first name when you tick “Alias instead of the name”."),
    )
    needs = forms.CharField(
        label=_("Needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the person needs from this service, in a few plain words."),
    )
    safety_notes = forms.CharField(
        label=_("Safety notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the receiving staff must know to keep the person safe."),
    )

    def __init__(self, *args: Any, receivers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if receivers is not None:
            self.fields["receiver"].queryset = receivers  # type: ignore[attr-defined]
        self.fields["services"].choices = _service_choices()  # type: ignore[attr-defined]


class StepForm(forms.Form):
    step = forms.CharField(max_length=16, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ServiceForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"))
    delivered_on = forms.DateField(label=_("Date"), widget=DateInput())
    cost = forms.DecimalField(
        label=_("Cost"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=_with_blank(Currency.choices), required=False
    )
    funding_source = forms.ChoiceField(
        label=_("Funding source"), choices=_with_blank(FundingSource.choices), required=False
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done, briefly. Visible to both organisations."),
    )

    def __init__(self, *args: Any, services: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _service_choices()
        if services:
            first = [c for c in choices if c[0] in services]
            choices = first + [c for c in choices if c[0] not in services]
        self.fields["service"].choices = choices  # type: ignore[attr-defined]
