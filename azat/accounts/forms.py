from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from azat.accounts.models import Membership, Organisation
from azat.accounts.roles import Role

LANGUAGE_CHOICES = [
    ("ru", _("Russian")),
    ("en", _("English")),
    ("kk", _("Kazakh")),
    ("ky", _("Kyrgyz")),
    ("uz", _("Uzbek")),
    ("tg", _("Tajik")),
    ("tk", _("Turkmen")),
]


class OrganisationForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = ["name", "type", "country", "region", "languages", "is_active"]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, organisations: Any, can_appoint_sysadmin: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        if not can_appoint_sysadmin:
            self.fields["role"].choices = [  # type: ignore[attr-defined]
                c for c in Role.choices if c[0] != Role.SYS_ADMIN
            ]


class RoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]

    def __init__(self, *args: Any, can_appoint_sysadmin: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not can_appoint_sysadmin:
            self.fields["role"].choices = [  # type: ignore[attr-defined]
                c for c in Role.choices if c[0] != Role.SYS_ADMIN
            ]


class MemberFilterForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))],
        required=False,
    )
