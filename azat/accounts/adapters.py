from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from azat.core import keys


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: administrators invite people into an organisation."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are stored encrypted with the field key ring, never in plain text
    (allauth's default adapter stores them as given)."""

    _CONTEXT = "mfa.Authenticator.secret"

    def encrypt(self, text: str) -> str:
        return keys.keyring().encrypt(text, context=self._CONTEXT)

    def decrypt(self, encrypted_text: str) -> str:
        return keys.keyring().decrypt(encrypted_text, context=self._CONTEXT)
