from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from azat.accounts.access import active_memberships, current_membership
from azat.accounts.middleware import request_has_mfa
from azat.accounts.navigation import navigation_for


def membership(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"membership": None, "navigation": [], "mfa_pending": False}
    if not request_has_mfa(request):
        # Until enrolment is done nothing else is reachable, so nothing else is offered.
        return {"membership": None, "navigation": [], "mfa_pending": True}
    current = current_membership(request)
    return {
        "membership": current,
        "memberships": active_memberships(request),
        "navigation": navigation_for(current),
        "mfa_pending": False,
    }
