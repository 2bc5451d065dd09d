"""The perpetrator form. It parses; the services decide (phones, names, events)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from azat.cases.forms import country_choices
from azat.cases.models import Gender, RecruiterRelation, TraffickingEvent
from azat.network.models import MAX_AGE, IdentifierKind, NameKind, Perpetrator, PerpetratorRole
from azat.network.services import PerpetratorInput

LINES_HELP = _("One per line.")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class EventChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TraffickingEvent) -> str:
        parts = [str(obj.get_kind_display())]
        if obj.country:
            parts.append(str(obj.country.name))  # type: ignore[attr-defined]
        if obj.date_from:
            parts.append(obj.date_from.strftime("%Y-%m"))
        return " · ".join(parts)


class PerpetratorForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("As the victim knows it, in any script. Stored encrypted."),
    )
    aliases = forms.CharField(
        label=_("Aliases and nicknames"),
        required=False,
        widget=_textarea(),
        help_text=LINES_HELP,
    )
    role = forms.ChoiceField(label=_("Role"), choices=PerpetratorRole.choices)
    relation = forms.ChoiceField(
        label=_("Relation to the victim"),
        choices=[("", "—"), *RecruiterRelation.choices],
        required=False,
    )
    sex = forms.ChoiceField(label=_("Sex / gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    estimated_age = forms.IntegerField(
        label=_("Approximate age"), required=False, min_value=0, max_value=MAX_AGE
    )
    citizenship = forms.ChoiceField(label=_("Citizenship"), choices=[], required=False)
    phones = forms.CharField(
        label=_("Phones"),
        required=False,
        widget=_textarea(),
        help_text=_(
            "One per line. Numbers without a country code are read as numbers of your "
            "organisation's country."
        ),
    )
    addresses = forms.CharField(
        label=_("Addresses"), required=False, widget=_textarea(), help_text=LINES_HELP
    )
    companies = forms.CharField(
        label=_("Companies and agencies"),
        required=False,
        widget=_textarea(),
        help_text=_("Employment agencies, firms, travel agents they used. One per line."),
    )
    online_accounts = forms.CharField(
        label=_("Online accounts"),
        required=False,
        widget=_textarea(),
        help_text=_("Telegram, WhatsApp, Instagram or other accounts, e.g. @marat_work."),
    )
    events = EventChoiceField(
        label=_("Trafficking events they took part in"),
        queryset=TraffickingEvent.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=_textarea(3))

    def __init__(self, *args: Any, events: list[TraffickingEvent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = country_choices(blank=True)  # type: ignore[attr-defined]
        field = self.fields["events"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = TraffickingEvent.objects.filter(pk__in=[e.pk for e in events]).order_by(
            "date_from", "id"
        )
        if not events:
            field.help_text = _("The case has no trafficking events recorded yet.")

    def to_input(self) -> PerpetratorInput:
        data = self.cleaned_data
        return PerpetratorInput(
            role=data["role"],
            name=data["name"],
            aliases=_lines(data["aliases"]),
            sex=data["sex"],
            estimated_age=data["estimated_age"],
            citizenship=data["citizenship"],
            relation=data["relation"],
            phones=_lines(data["phones"]),
            addresses=_lines(data["addresses"]),
            companies=_lines(data["companies"]),
            online_accounts=_lines(data["online_accounts"]),
            events=list(data["events"]),
            notes=data["notes"],
        )


def initial_from(perpetrator: Perpetrator) -> dict[str, Any]:
    names = list(perpetrator.names.all())
    return {
        "version": perpetrator.version,
        "name": next((n.value for n in names if n.kind == NameKind.NAME), ""),
        "aliases": "\n".join(n.value for n in names if n.kind == NameKind.ALIAS),
        "role": perpetrator.role,
        "relation": perpetrator.relation,
        "sex": perpetrator.sex,
        "estimated_age": perpetrator.estimated_age,
        "citizenship": str(perpetrator.citizenship or ""),
        "phones": "\n".join(perpetrator.values_of(IdentifierKind.PHONE)),
        "addresses": "\n".join(perpetrator.values_of(IdentifierKind.ADDRESS)),
        "companies": "\n".join(perpetrator.values_of(IdentifierKind.COMPANY)),
        "online_accounts": "\n".join(perpetrator.values_of(IdentifierKind.ONLINE)),
        "events": [e.pk for e in perpetrator.events.all()],
        "notes": perpetrator.notes,
    }


class RemoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
