"""Who may read the law and who may ask for a qualification (pages and API share these)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from azat.accounts.roles import Role

# The law holds no personal data; the roles that work on cases or statistics may read it.
LAW_READERS = (Role.PROSECUTOR, Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST)
# The qualification assistant serves the prosecution.
QUALIFY_ROLES = (Role.PROSECUTOR,)

# The texts of this app's entries in azat/accounts/navigation.py, repeated here so that they are
# extracted into this app's catalogue and translated with it (catalogues are merged at run time).
NAVIGATION_TEXTS = (
    _("Law"),
    _("Trafficking articles and penalties per country and code version, with their sources."),
    _("Legal qualification"),
    _("Candidate articles per jurisdiction for the facts of a case, and a printable memo."),
)
