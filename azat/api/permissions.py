from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from azat.accounts.access import current_membership
from azat.accounts.middleware import has_mfa


class IsStaffMemberWithMFA(BasePermission):
    """Signed in, enrolled in MFA, and holding an active membership."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated or not has_mfa(user):
            return False
        membership = current_membership(request._request)
        if membership is None:
            return False
        request.membership = membership  # type: ignore[attr-defined]
        allowed = getattr(view, "allowed_roles", None)
        if allowed is not None and membership.role not in allowed:
            # Same answer as a missing resource: the role does not learn the endpoint exists.
            from django.http import Http404

            raise Http404
        return True
