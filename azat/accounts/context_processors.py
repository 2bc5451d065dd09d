from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from azat.accounts.access import current_membership
from azat.accounts.navigation import navigation_for


def membership(request: HttpRequest) -> dict[str, Any]:
    current = current_membership(request) if hasattr(request, "user") else None
    return {"membership": current, "navigation": navigation_for(current)}
