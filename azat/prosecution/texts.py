"""The texts of this app's entries in azat/accounts/navigation.py, repeated here so that they are
extracted into this app's catalogue and translated with it (catalogues are merged at run time)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NAVIGATION_TEXTS = (
    _("Criminal cases"),
    _("Your agency's trafficking cases: charges, procedural steps, defendants and victims."),
    _("Prosecution funnel"),
    _("Registered, sent to court, dismissed and pending cases per country and year."),
)
