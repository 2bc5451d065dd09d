"""The key ring and lookup key, read once from settings; a bad key stops start-up."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from azat.core.crypto import KeyRing, parse_lookup_key


@cache
def keyring() -> KeyRing:
    return KeyRing.parse(settings.AZAT_FIELD_KEYS)


@cache
def lookup_key() -> bytes:
    return parse_lookup_key(settings.AZAT_LOOKUP_KEY)


def reset() -> None:
    """Forget cached keys (after settings change in tests or a rotation in a running shell)."""
    keyring.cache_clear()
    lookup_key.cache_clear()
