"""Forms of the linkage pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from azat.linkage.models import Verdict


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Your decision"),
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose “same person” or “different persons”.")},
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What made you decide, in a few words, without copying the other organisation's data."
        ),
    )
