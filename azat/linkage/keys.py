"""The comparison keys of one record: the columns the linkage model compares.

Every key is derived from the record with the functions of ``names.py``; the record itself is not
changed. An empty key is ``None`` so that the database sees a missing value (SQL NULL), which the
model treats as "no evidence" rather than as a match between two blanks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import phonenumbers

from azat.core.translit import skeleton
from azat.linkage.names import (
    birth_date_parts,
    document_key,
    family_name_first,
    name_keys,
    parse_patronymic,
    phone_e164,
    surname_stem,
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
    "given_cons",
    "family_orig",
    "family_lat",
    "family_skel",
    "family_stem",
    "family_initial",
    "family_cons",
    "stem_pair",
    "prefix_pair",
    "patronymic_stem",
    "patronymic_cons",
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
    "document_sorted",
    "place_skel",
    "address_skel",
    "address_head",
)
INTEGER_COLUMNS = frozenset({"birth_year", "birth_month", "birth_day"})

_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")


def _plain(text: str) -> str:
    """The spelling as written, with case, composition and spacing made uniform."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def _or_none(text: str) -> str | None:
    return text or None


# Names repeat (a million records hold perhaps a hundred thousand distinct spellings), so each
# field's keys are computed once per distinct value.
_CACHE_SIZE = 1 << 18


_VOWELS = re.compile(r"(?<=.)[aeiouy]+")
_REPEATS = re.compile(r"(.)\1+")
_FIRST_VOWEL = re.compile(r"^[aeiouy]")


def consonants(key: str) -> str:
    """A skeleton or stem without its vowels, doubled letters made single.

    Romanisations and Russian spellings disagree mostly on vowels (Zhookova / Zhukova, Jorayev /
    Zhurayev, Semyonov / Semenov, Aygool / Aigul, Ulugbek / Oʻlugʻbek, Yosuman / Esuman), so this
    coarser key agrees where the skeleton cannot; it is a weaker comparison level and a blocking
    key, never an identity. A word that starts with a vowel keeps that fact ("-"), not the vowel.
    """
    return " ".join(
        _REPEATS.sub(r"\1", _FIRST_VOWEL.sub("-", _VOWELS.sub("", word))) for word in key.split()
    )


@lru_cache(maxsize=_CACHE_SIZE)
def _given_keys(given: str) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    keys = name_keys(given, None)
    return (
        _or_none(_plain(given)),
        _or_none(_plain(keys.given_latin)),
        _or_none(keys.given_skeleton),
        _or_none(consonants(keys.given_skeleton)),
        # The given name as if it were a family name, for names written in the other order.
        _or_none(surname_stem(given)),
    )


@lru_cache(maxsize=_CACHE_SIZE)
def _family_keys(
    family: str,
) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    keys = name_keys(None, family)
    return (
        _or_none(_plain(family)),
        _or_none(_plain(keys.family_latin)),
        _or_none(keys.family_skeleton),
        _or_none(keys.family_stem),
        _or_none(consonants(keys.family_stem)),
    )


@lru_cache(maxsize=_CACHE_SIZE)
def _family_name_first(given: str, family: str) -> bool:
    return family_name_first(given, family)


@lru_cache(maxsize=_CACHE_SIZE)
def _patronymic_keys(patronymic: str) -> tuple[str | None, str | None]:
    stem = parse_patronymic(patronymic)[0]
    return _or_none(stem), _or_none(consonants(stem))


@lru_cache(maxsize=_CACHE_SIZE)
def _place_key(place: str) -> str | None:
    return _or_none(skeleton(place))


_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]{3,}")


def address_head(address_skel: str | None) -> str | None:
    """The house number and the street's first three letters ("12 colebatch place" → "12col"),
    whichever comes first in the address: a blocking key that survives a slip later in the
    street's name, a lost space and a street type written another way."""
    if not address_skel:
        return None
    number, word = _NUMBER.search(address_skel), _WORD.search(address_skel)
    if number is None or word is None:
        return None
    return number.group() + word.group()[:3]


_INTERNATIONAL = re.compile(r"\s*(\+|00|8\D*10)")


@lru_cache(maxsize=_CACHE_SIZE)
def phone_key(raw: str, regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS) -> str | None:
    """E.164 form of a phone: as written if it carries a country code, else per ``regions``.

    A number in national form is read in the first region where it is valid; then the readings
    of ``names.phone_e164`` without a region (8-trunk +7, country code without its plus).
    """
    if _INTERNATIONAL.match(raw):
        return phone_e164(raw)
    if _LETTER.search(raw):
        return None
    for region in regions:
        try:
            parsed = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return phone_e164(raw)


def phone_tail(raw: str) -> str | None:
    """The last digits of a phone, for numbers whose country code was written differently."""
    if _LETTER.search(raw):
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
    """Derive the comparison keys of one record, as a row for the linkage model.

    A record written family name first (the given-name field ends like a family name, the other
    does not) is keyed in the names' real order, so it agrees name by name with the others.
    """
    given, family = record.given_name, record.family_name
    if _family_name_first(given, family):
        given, family = family, given
    given_orig, given_lat, given_skel, given_cons, given_stem = _given_keys(given)
    family_orig, family_lat, family_skel, family_stem, family_cons = _family_keys(family)
    year, month, day = _birth(record.birth_date)
    swap_key = None
    if given_skel and family_skel:
        # The order-free form of the name (as translit.lookup_form), so swapped names agree.
        swap_key = " ".join(sorted(f"{given_skel} {family_skel}".split()))
    stem_pair = None
    if given_stem and family_stem:
        # Both names reduced to stems, in either order: agrees across a swap and a surname form.
        stem_pair = "|".join(sorted((given_stem, family_stem)))
    patronymic_stem, patronymic_cons = (
        _patronymic_keys(record.patronymic) if record.patronymic else (None, None)
    )
    document = _or_none(document_key(record.document_number))
    address_skel = _place_key(record.address) if record.address else None
    prefix_pair = None
    if given_skel and family_stem:
        # The first three letters of each name, in either order: a blocking key that survives a
        # typo after the third letter, a swap and a surname form.
        prefix_pair = "|".join(sorted((given_skel[:3], family_stem[:3])))
    return {
        "unique_id": record.record_id,
        "given_orig": given_orig,
        "given_lat": given_lat,
        "given_skel": given_skel,
        "given_initial": given_skel[:1] if given_skel else None,
        "given_cons": given_cons,
        "family_orig": family_orig,
        "family_lat": family_lat,
        "family_skel": family_skel,
        "family_stem": family_stem,
        "family_initial": family_skel[:1] if family_skel else None,
        "family_cons": family_cons,
        "stem_pair": stem_pair,
        "prefix_pair": prefix_pair,
        "patronymic_stem": patronymic_stem,
        "patronymic_cons": patronymic_cons,
        "swap_key": swap_key,
        "birth_date": f"{year:04d}-{month:02d}-{day:02d}" if year and month and day else None,
        "birth_ym": f"{year:04d}-{month:02d}" if year and month else None,
        "birth_year": year,
        "birth_month": month,
        "birth_day": day,
        "sex": _or_none(record.sex.strip().lower()[:1]),
        "phone_e164": phone_key(record.phone, phone_regions) if record.phone else None,
        "phone_tail": phone_tail(record.phone) if record.phone else None,
        "document_key": document,
        # The same characters in any order: a blocking key that survives two swapped characters,
        # the commonest slip in copying a number.
        "document_sorted": "".join(sorted(document)) if document else None,
        "place_skel": _place_key(record.place) if record.place else None,
        "address_skel": address_skel,
        "address_head": address_head(address_skel),
    }
