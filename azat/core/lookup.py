"""Lookup hashes for protected values: one script, one spelling, then a keyed hash."""

from __future__ import annotations

import unicodedata

from azat.core import keys
from azat.core.crypto import keyed_hash
from azat.core.translit import lookup_form
from azat.linkage.names import document_key


def name_hash(value: str) -> str:
    """Same hash for the same name typed in Cyrillic or in any usual Latin romanisation."""
    form = lookup_form(value)
    return keyed_hash(keys.lookup_key(), purpose="name", normalised=form) if form else ""


def document_hash(value: str) -> str:
    """Document numbers: case, spaces, dashes and № ignored, Cyrillic look-alike letters folded
    (one table for lookups and linkage: azat/linkage/data/name_forms.toml)."""
    form = document_key(value)
    return keyed_hash(keys.lookup_key(), purpose="document", normalised=form) if form else ""


def value_hash(value: str, *, purpose: str) -> str:
    """Any other exact-match value (already normalised by the caller, e.g. an E.164 phone)."""
    form = unicodedata.normalize("NFKC", value or "").strip().casefold()
    return keyed_hash(keys.lookup_key(), purpose=purpose, normalised=form) if form else ""
