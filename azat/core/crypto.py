"""Authenticated field encryption and keyed lookup hashes, with no Django in sight.

A token is ``v1:<key id>:<base64url(nonce || ciphertext+tag)>``. The key id lets every listed key
decrypt while only the newest one encrypts, so keys rotate without downtime. The associated
data binds
a token to its column (``app.Model.field``): a ciphertext copied into another column fails to
decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TOKEN_VERSION = "v1"  # noqa: S105 - a format marker, not a secret
_NONCE_BYTES = 12
_KEY_BYTES = 32


class KeyConfigError(Exception):
    """The key ring or lookup key is missing or malformed."""


class DecryptionError(Exception):
    """A token could not be decrypted: unknown key id, wrong key, tampering or not a token."""


@dataclass(frozen=True)
class KeyRing:
    """Ordered keys, newest first; only the newest encrypts."""

    keys: tuple[tuple[str, bytes], ...]

    @classmethod
    def parse(cls, spec: str) -> KeyRing:
        """Parse ``id:base64key,id:base64key`` (newest first) into a key ring."""
        entries = [part.strip() for part in (spec or "").split(",") if part.strip()]
        if not entries:
            raise KeyConfigError("AZAT_FIELD_KEYS is empty: at least one key is needed.")
        keys: list[tuple[str, bytes]] = []
        seen: set[str] = set()
        for position, entry in enumerate(entries, start=1):
            key_id, sep, encoded = entry.partition(":")
            if not sep or not key_id or not key_id.isalnum():
                raise KeyConfigError(
                    f"Key {position} in AZAT_FIELD_KEYS must look like 'id:base64key' with a "
                    "letters-and-digits id."
                )
            if key_id in seen:
                raise KeyConfigError(f"Key id {key_id!r} appears twice in AZAT_FIELD_KEYS.")
            try:
                raw = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise KeyConfigError(f"Key {key_id!r} in AZAT_FIELD_KEYS is not base64.") from exc
            if len(raw) != _KEY_BYTES:
                raise KeyConfigError(
                    f"Key {key_id!r} in AZAT_FIELD_KEYS is {len(raw)} bytes; it must be 32."
                )
            seen.add(key_id)
            keys.append((key_id, raw))
        return cls(tuple(keys))

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def _key(self, key_id: str) -> bytes:
        for candidate, key in self.keys:
            if candidate == key_id:
                return key
        raise DecryptionError(f"No key with id {key_id!r} is configured; the value cannot be read.")

    def encrypt(self, plaintext: str, *, context: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = AESGCM(self.keys[0][1]).encrypt(
            nonce, plaintext.encode("utf-8"), context.encode("utf-8")
        )
        body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
        return f"{TOKEN_VERSION}:{self.current_id}:{body}"

    def decrypt(self, token: str, *, context: str) -> str:
        version, key_id, body = token_parts(token)
        if version != TOKEN_VERSION:
            raise DecryptionError("The stored value is not an Azat ciphertext.")
        try:
            blob = base64.urlsafe_b64decode(body.encode("ascii"))
        except (binascii.Error, ValueError) as exc:
            raise DecryptionError("The stored ciphertext is damaged.") from exc
        if len(blob) <= _NONCE_BYTES:
            raise DecryptionError("The stored ciphertext is damaged.")
        try:
            plain = AESGCM(self._key(key_id)).decrypt(
                blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], context.encode("utf-8")
            )
        except InvalidTag as exc:
            raise DecryptionError(
                f"The value does not decrypt with key {key_id!r}: wrong key or tampered data."
            ) from exc
        return plain.decode("utf-8")


def token_parts(token: str) -> tuple[str, str, str]:
    parts = token.split(":", 2)
    if len(parts) != 3:
        raise DecryptionError("The stored value is not an Azat ciphertext.")
    return parts[0], parts[1], parts[2]


def token_key_id(token: str) -> str:
    return token_parts(token)[1]


def generate_key() -> str:
    """A new random 256-bit key, base64-encoded, for AZAT_FIELD_KEYS or AZAT_LOOKUP_KEY."""
    return base64.b64encode(os.urandom(_KEY_BYTES)).decode("ascii")


def parse_lookup_key(spec: str) -> bytes:
    try:
        raw = base64.b64decode(spec or "", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyConfigError("AZAT_LOOKUP_KEY is not base64.") from exc
    if len(raw) < 16:
        raise KeyConfigError("AZAT_LOOKUP_KEY must decode to at least 16 bytes.")
    return raw


def keyed_hash(key: bytes, *, purpose: str, normalised: str) -> str:
    """HMAC-SHA256 of a normalised value, separated by purpose so equal values in different
    kinds of field (a name and a document number) never share a hash."""
    message = purpose.encode("utf-8") + b"\x00" + normalised.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()
