"""The interview form: one yes / no / unknown question per indicator, grouped by phase.

Questions come from the catalogue data file in the reader's language; nothing is preselected
except "unknown", because an unasked question must never count as an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from azat.screening import engine
from azat.screening.models import Form, Screening

YES, NO, UNKNOWN = "yes", "no", "unknown"
ANSWER_CHOICES = [(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Unknown"))]
MINOR_CHOICES = [("", _("Not known")), (YES, _("Yes, under 18")), (NO, _("No, 18 or older"))]
_TO_BOOL = {YES: True, NO: False, UNKNOWN: None, "": None}


def _russian() -> bool:
    return (get_language() or "ru").startswith("ru")


@dataclass(frozen=True)
class Question:
    field: forms.BoundField
    id: str
    dimension: str


@dataclass(frozen=True)
class PhaseGroup:
    id: str
    label: str
    questions: list[Question]


class ScreeningForm(forms.Form):
    age = forms.IntegerField(
        label=_("Age in years"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autofocus": True}),
    )
    minor = forms.ChoiceField(
        label=_("Under 18?"),
        required=False,
        choices=MINOR_CHOICES,
        help_text=_("Use this when the exact age is not known."),
    )
    profile = forms.ChoiceField(
        label=_("Form of exploitation"),
        required=False,
        choices=[("", _("Not known: screen both")), *Form.choices],
    )
    acts = forms.MultipleChoiceField(
        label=_("What was done to the person (Palermo acts)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_to_open_case = forms.BooleanField(
        label=_("The person agrees that a case is opened for them"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        russian = _russian()
        cat = engine.catalogue()
        self.fields["acts"].choices = [  # type: ignore[attr-defined]
            (
                act.id,
                f"{act.label_ru if russian else act.label_en}: "
                f"{(act.question_ru if russian else act.question_en) or ''}",
            )
            for act in cat.acts
        ]
        for ind in cat.indicators:
            self.fields[ind.id] = forms.ChoiceField(
                label=ind.question_ru if russian else ind.question_en,
                choices=ANSWER_CHOICES,
                initial=UNKNOWN,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "answer"}),
            )

    @classmethod
    def initial_for(cls, screening: Screening) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "age": screening.age,
            "minor": {True: YES, False: NO, None: ""}[screening.minor],
            "profile": screening.profile,
            "acts": list(screening.acts or []),
            "consent_to_open_case": screening.consent_to_open_case,
        }
        for key, value in (screening.answers or {}).items():
            initial[key] = {True: YES, False: NO, None: UNKNOWN}[value]
        return initial

    def phases(self) -> list[PhaseGroup]:
        russian = _russian()
        cat = engine.catalogue()
        groups = []
        for phase in cat.phases:
            questions = [
                Question(self[ind.id], ind.id, ind.dimension)
                for ind in cat.indicators
                if ind.phase == phase.id
            ]
            if questions:
                groups.append(
                    PhaseGroup(phase.id, phase.label_ru if russian else phase.label_en, questions)
                )
        return groups

    def engine_input(self) -> dict[str, Any]:
        """The cleaned answers in the service's terms (call after is_valid)."""
        data = self.cleaned_data
        indicator_ids = engine.catalogue().indicator_ids
        answers = {key: _TO_BOOL[data.get(key) or UNKNOWN] for key in sorted(indicator_ids)}
        return {
            "age": data.get("age"),
            "minor": _TO_BOOL[data.get("minor") or ""],
            "profile": data.get("profile") or "",
            "acts": list(data.get("acts") or []),
            "answers": {k: v for k, v in answers.items() if v is not None},
        }
