"""The comparison keys of one record: the columns the linkage model compares.

Every key is derived from the record with the functions of ``names.py``; the record itself is not
changed. An empty key is ``None`` so that the database sees a missing value (SQL NULL), which the
model treats as "no evidence" rather than as a match between two blanks.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from azat.core.translit import skeleton
from azat.linkage.names import (
    birth_date_parts,
    document_key,
    name_keys,
    phone_e164,
)
from azat.linkage.records import Record

# National numbers without a country code are read in the first of these regions where they are
# valid: the five countries Azat serves, then Russia, the main destination country.
DEFAULT_PHONE_REGIONS = ("KG", "KZ", "UZ", "TJ", "TM", "RU")

# A phone's last digits are compared when the country code could not be settled: nine digits is
# the subscriber number plus operator code in KG, UZ and TJ, and most of it in KZ and RU.
PHONE_TAIL_DIGITS = 9
MIN_PHONE_DIGITS = 7

KEY_COLUMNS: tuple[str, ...] = (
    "unique_id",
    "given_orig",
    "given_lat",
    "given_skel",
    "given_initial",
    "family_orig",
    "family_lat",
    "family_skel",
    "family_stem",
    "family_initial",
    "patronymic_stem",
    "swap_key",
    "birth_date",
    "birth_ym",
    "birth_year",
    "birth_month",
    "birth_day",
    "sex",
    "phone_e164",
    "phone_tail",
    "document_key",
    "place_skel",
)
INTEGER_COLUMNS = frozenset({"birth_year", "birth_month", "birth_day"})

_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    """The spelling as written, with case, composition and spacing made uniform."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def _or_none(text: str) -> str | None:
    return text or None


def phone_key(raw: str, regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS) -> str | None:
    """E.164 form of a phone: as written if it carries a country code, else per ``regions``."""
    number = phone_e164(raw)
    if number:
        return number
    for region in regions:
        number = phone_e164(raw, region)
        if number:
            return number
    return None


def phone_tail(raw: str) -> str | None:
    """The last digits of a phone, for numbers whose country code was written differently."""
    if re.search(r"[^\W\d_]", raw):
        return None
    digits = re.sub(r"\D", "", raw)
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    return digits[-PHONE_TAIL_DIGITS:]


def _birth(raw: str) -> tuple[int | None, int | None, int | None]:
    if not raw.strip():
        return None, None, None
    try:
        return birth_date_parts(raw)
    except ValueError:
        # read_csv refuses such dates; a caller building records itself gets "not known".
        return None, None, None


def record_keys(
    record: Record, *, phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS
) -> dict[str, Any]:
    """Derive the comparison keys of one record, as a row for the linkage model."""
    names = name_keys(record.given_name, record.family_name, record.patronymic)
    year, month, day = _birth(record.birth_date)
    return {
        "unique_id": record.record_id,
        "given_orig": _or_none(_plain(record.given_name)),
        "given_lat": _or_none(_plain(names.given_latin)),
        "given_skel": _or_none(names.given_skeleton),
        "given_initial": _or_none(names.given_skeleton[:1]),
        "family_orig": _or_none(_plain(record.family_name)),
        "family_lat": _or_none(_plain(names.family_latin)),
        "family_skel": _or_none(names.family_skeleton),
        "family_stem": _or_none(names.family_stem),
        "family_initial": _or_none(names.family_skeleton[:1]),
        "patronymic_stem": _or_none(names.patronymic_stem),
        "swap_key": names.swap_key if names.given_skeleton and names.family_skeleton else None,
        "birth_date": f"{year:04d}-{month:02d}-{day:02d}" if year and month and day else None,
        "birth_ym": f"{year:04d}-{month:02d}" if year and month else None,
        "birth_year": year,
        "birth_month": month,
        "birth_day": day,
        "sex": _or_none(record.sex.strip().lower()[:1]),
        "phone_e164": phone_key(record.phone, phone_regions) if record.phone else None,
        "phone_tail": phone_tail(record.phone) if record.phone else None,
        "document_key": _or_none(document_key(record.document_number)),
        "place_skel": _or_none(skeleton(record.place)),
    }
