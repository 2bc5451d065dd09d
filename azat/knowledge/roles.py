"""Who may read the law and who may ask for a qualification (pages and API share these)."""

from __future__ import annotations

from azat.accounts.roles import Role

# The law holds no personal data; the roles that work on cases or statistics may read it.
LAW_READERS = (Role.PROSECUTOR, Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST)
# The qualification assistant serves the prosecution.
QUALIFY_ROLES = (Role.PROSECUTOR,)
