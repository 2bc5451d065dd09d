"""Encrypted model fields: the database only ever sees ciphertext.

Values are encrypted in ``get_prep_value`` whenever they are not None, so "", 0 and False survive a
round trip, and decrypted in ``from_db_value``; a value that does not decrypt raises
:class:`~azat.core.crypto.DecryptionError` rather than showing ciphertext as data. Filtering on
these
columns is refused (a random nonce makes equality meaningless): use a lookup hash column instead.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from azat.core import keys

_ALLOWED_LOOKUPS = {"isnull"}


class EncryptedMixin:
    """Shared behaviour; subclasses convert between Python values and the plaintext string."""

    model: Any
    name: str

    def context(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def to_plaintext(self, value: Any) -> str:
        raise NotImplementedError

    def from_plaintext(self, text: str) -> Any:
        raise NotImplementedError

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in _ALLOWED_LOOKUPS:
            raise FieldError(
                f"{self.name} is encrypted and cannot be filtered with '{lookup_name}'; "
                "filter on its lookup hash instead."
            )
        return super().get_lookup(lookup_name)  # type: ignore[misc]

    def get_internal_type(self) -> str:
        return "TextField"

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return keys.keyring().encrypt(self.to_plaintext(value), context=self.context())

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.from_plaintext(keys.keyring().decrypt(value, context=self.context()))

    def value_to_string(self, obj: Any) -> str:
        # Serialisation (dumpdata, fixtures) must never write plaintext.
        value = self.value_from_object(obj)  # type: ignore[attr-defined]
        return "" if value is None else self.get_prep_value(value)


class EncryptedTextField(EncryptedMixin, models.TextField):
    def to_plaintext(self, value: Any) -> str:
        return str(value)

    def from_plaintext(self, text: str) -> str:
        return text

    def to_python(self, value: Any) -> Any:
        return value if value is None else str(value)


class EncryptedDateField(EncryptedMixin, models.DateField):
    def to_plaintext(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return value.isoformat()

    def from_plaintext(self, text: str) -> dt.date:
        return dt.date.fromisoformat(text)

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        return getattr(model_instance, self.attname)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        return self.get_prep_value(value)


class EncryptedJSONField(EncryptedMixin, models.JSONField):
    def to_plaintext(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def from_plaintext(self, text: str) -> Any:
        return json.loads(text)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        return self.get_prep_value(value)

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        return self.get_prep_value(value)

    def db_type(self, connection: Any) -> str:
        return models.TextField().db_type(connection)  # type: ignore[return-value]

    def get_internal_type(self) -> str:
        return "TextField"


ENCRYPTED_FIELD_TYPES = (EncryptedTextField, EncryptedDateField, EncryptedJSONField)


def encrypted_fields_of(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, ENCRYPTED_FIELD_TYPES)]


class LookupHashField(models.CharField):
    """The keyed hash of a protected value's normalised form, for exact-match lookups."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)
