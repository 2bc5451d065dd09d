"""Forms for the live call. Field order is the tab order an operator follows during a call."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from azat.hotline.advice import load_advice
from azat.hotline.models import AlertedType, Call, CallLanguage, Channel, Hotline

# Access keys (Alt+key in Chromium and Firefox on Linux and Windows); shown next to each label.
ACCESS_KEYS = {
    "caller_type": "c",
    "topic": "t",
    "notes": "n",
    "advice_given": "a",
    "outcome": "o",
}


def advice_choices() -> list[tuple[str, str]]:
    russian = (get_language() or "ru").startswith("ru")
    return [(item.id, item.label_ru if russian else item.label_en) for item in load_advice()]


class CallForm(forms.ModelForm):
    advice_given = forms.MultipleChoiceField(
        label=_("Advice given"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Call
        fields = [
            "caller_type",
            "topic",
            "language",
            "channel",
            "caller_country",
            "person_country",
            "notes",
            "advice_given",
            "is_anonymous",
            "caller_name",
            "caller_contact",
            "callback_consent",
            "safe_contact",
            "follow_up_due",
            "follow_up_done",
            "outcome",
        ]
        widgets = {
            "caller_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "caller_contact": forms.TextInput(attrs={"autocomplete": "off"}),
            "safe_contact": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 6}),
            "follow_up_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "notes": _("What the caller said, in their words where it matters. Encrypted."),
            "safe_contact": _(
                "What may be said and when, e.g. 'only after 19:00, say it is the clinic'."
            ),
            "caller_name": _("Only if the caller wants to give it."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advice_given"].choices = advice_choices()  # type: ignore[attr-defined]
        self.fields["caller_type"].widget.attrs["autofocus"] = True
        for name, key in ACCESS_KEYS.items():
            widget = self.fields[name].widget
            if not isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["accesskey"] = key
        self.fields["notes"].widget.attrs["class"] = "js-ctrl-enter"
        self.fields["safe_contact"].widget.attrs["class"] = "js-ctrl-enter"

    def access_key(self, name: str) -> str:
        return ACCESS_KEYS.get(name, "")


class EmergencyForm(forms.Form):
    alerted_type = forms.ChoiceField(
        label=_("Service alerted"),
        choices=[("", "—"), *AlertedType.choices],
        widget=forms.Select(attrs={"accesskey": "e"}),
    )
    alerted_who = forms.CharField(
        label=_("Who was alerted"),
        required=False,
        max_length=500,
        help_text=_("Unit, duty officer, number called. Encrypted."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "js-enter-escalate"}),
    )
    alerted_at = forms.DateTimeField(
        label=_("Alerted at"),
        required=False,
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "js-enter-escalate"},
            format="%Y-%m-%dT%H:%M",
        ),
    )

    def clean_alerted_at(self) -> Any:
        value = self.cleaned_data.get("alerted_at")
        if value and value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(_("The alert cannot be in the future."))
        return value


class StartCallForm(forms.Form):
    hotline: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Hotline"), queryset=Hotline.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, hotlines: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hotline"].queryset = hotlines  # type: ignore[attr-defined]


class HotlineForm(forms.ModelForm):
    """Numbers are typed one per line; the service checks them and stores them in E.164, so the
    form keeps the typed text as it was when a number is wrong."""

    numbers = forms.CharField(
        label=_("Numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One number per line, with the country code, e.g. +996 312 123456."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        required=False,
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=CallLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Hotline
        fields = ["name", "country", "numbers", "channels", "languages", "hours", "is_active"]
        help_texts = {
            "hours": _("When people can reach it, e.g. 'Mon-Fri 9:00-18:00' or '24/7'."),
            "is_active": _("An inactive hotline takes no new calls; its past calls stay."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["numbers"] = "\n".join(self.instance.numbers or [])
        else:
            del self.fields["is_active"]

    def clean_numbers(self) -> list[str]:
        text = self.cleaned_data.get("numbers") or ""
        return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]

    def changes(self) -> dict[str, Any]:
        """The values for hotline_create / hotline_update: only what the person changed."""
        names = self.changed_data if self.instance.pk else list(self.fields)
        return {name: self.cleaned_data[name] for name in names}
