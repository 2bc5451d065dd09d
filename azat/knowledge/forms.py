"""Forms: the case facts for a qualification, and a legal review of one row."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from azat.knowledge.codes import KnowledgeBase
from azat.knowledge.presentation import fact_label, pick
from azat.knowledge.qualify import MAX_AGE

_COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")

# Form field name → (id group in ids.toml, heading, help).
FACT_FIELDS: dict[str, tuple[str, Any, Any]] = {
    "acts": (
        "acts",
        _("Acts"),
        _("Acts not already given by the events (each event's stage counts as its act)."),
    ),
    "means": ("means", _("Means"), _("How the victim was brought under control.")),
    "purposes": ("purposes", _("Purposes"), _("What the victim was to be exploited for.")),
    "aggravating": (
        "aggravating",
        _("Aggravating circumstances"),
        _("The victim's age is taken from the age field; tick the others that apply."),
    ),
    "related": (
        "related",
        _("Related conduct"),
        _("Other conduct of the perpetrators, for articles to consider in addition."),
    ),
    "victim_exposed_to": (
        "exposure",
        _("Victim's exposure"),
        _("Offences the victim may be accused of because of being trafficked."),
    ),
}


class EventForm(forms.Form):
    country = forms.CharField(
        label=_("Country"),
        help_text=_("Two-letter code, e.g. KG, KZ, RU."),
        widget=forms.TextInput(
            attrs={
                "list": "law-countries",
                "autocomplete": "off",
                "size": 4,
                "maxlength": 2,
                "class": "short",
            }
        ),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    stage = forms.ChoiceField(label=_("Stage"))

    def __init__(self, *args: Any, kb: KnowledgeBase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stage_field = self.fields["stage"]
        assert isinstance(stage_field, forms.ChoiceField)
        stage_field.choices = [("", "—")] + [
            (s.id, pick(s.en, s.ru)) for s in kb.ids.stages.values()
        ]

    def clean_country(self) -> str:
        value = (self.cleaned_data.get("country") or "").strip()
        if not _COUNTRY_RE.match(value):
            raise forms.ValidationError(_("Enter a two-letter country code, e.g. KG."))
        return value.upper()

    def clean_date(self) -> Any:
        value = self.cleaned_data.get("date")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("The event cannot be in the future."))
        return value


class BaseEventFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() and f.cleaned_data]
        if not filled:
            raise forms.ValidationError(
                _("Add at least one event: the country, the date and the stage."),
                code="no_events",
            )


EVENT_ROWS = 4


def event_formset(
    kb: KnowledgeBase, data: Any = None, initial: Any = None, rows: int = EVENT_ROWS
) -> Any:
    """Event rows: `rows` in all when unbound (typed rows first), as posted when bound."""
    extra = max(rows - len(initial or []), 1)
    factory = forms.formset_factory(
        EventForm, formset=BaseEventFormSet, extra=extra, max_num=30, absolute_max=30
    )
    return factory(data, initial=initial, prefix="events", form_kwargs={"kb": kb})


class QualificationForm(forms.Form):
    victim_age = forms.IntegerField(
        label=_("Victim's age at the time of the events"),
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AGE)],
        widget=forms.NumberInput(attrs={"class": "short"}),
        help_text=_("Leave empty if not known."),
    )

    def __init__(self, *args: Any, kb: KnowledgeBase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kb = kb
        for name, (group, label, help_text) in FACT_FIELDS.items():
            # Alphabetical in the reader's language, so a long list can be scanned.
            choices: list[tuple[str, str]] = sorted(
                ((e.id, fact_label(kb, e.id)) for e in kb.ids.group(group)),
                key=lambda choice: choice[1].casefold(),
            )
            self.fields[name] = forms.MultipleChoiceField(
                label=label,
                help_text=help_text,
                required=False,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        age = data.get("victim_age")
        if age is not None:
            wrong = [
                fact_label(self.kb, fact_id)
                for fact_id in data.get("aggravating", [])
                if (limit := self.kb.ids.entries[fact_id].age_below) is not None and age >= limit
            ]
            if wrong:
                self.add_error(
                    "aggravating",
                    _("%(facts)s does not fit the victim's age of %(age)s.")
                    % {"facts": ", ".join(wrong), "age": age},
                )
        return data

    def fact_groups(self) -> list[forms.BoundField]:
        return [self[name] for name in FACT_FIELDS]


def facts_document(form: QualificationForm, events: Any) -> tuple[dict[str, Any], list[int]]:
    """The case-facts JSON the engine reads, and which form row each event came from."""
    rows: list[dict[str, str]] = []
    origin: list[int] = []
    for index, event_form in enumerate(events.forms):
        if not event_form.has_changed() or not event_form.cleaned_data:
            continue
        cleaned = event_form.cleaned_data
        rows.append(
            {
                "country": cleaned["country"],
                "date": cleaned["date"].isoformat(),
                "stage": cleaned["stage"],
            }
        )
        origin.append(index)
    data: dict[str, Any] = {"events": rows}
    for name in FACT_FIELDS:
        data[name] = list(form.cleaned_data.get(name) or [])
    if form.cleaned_data.get("victim_age") is not None:
        data["victim_age"] = form.cleaned_data["victim_age"]
    return data, origin


class RowReviewForm(forms.Form):
    source = forms.URLField(
        label=_("Source address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The official text you checked the row against (e.g. the national portal)."),
    )
    reviewed_on = forms.DateField(
        label=_("Date of the review"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example which reading of a disputed row is right, or what to correct."),
    )
