"""Token authentication that obeys the same rules as the pages: an active member with MFA."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from azat.accounts.middleware import has_mfa


class MFATokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if not has_mfa(user):
            raise exceptions.AuthenticationFailed(
                _("Two-factor authentication must be set up before using the API.")
            )
        return user, token
