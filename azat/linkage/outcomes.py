"""How two persons' records compare, field by field, as outcomes that carry no value.

A reviewer in one organisation may not see what another organisation wrote. What they may see is
how it compares with their own record: "family name: same after transliteration", "date of
birth: same year". These functions turn two sets of records (one per name or document variant of
each person) into one outcome code per field, the best over all variant pairs. The codes say
nothing about the values themselves; the product translates them for the reader.

Pure Python (no Django).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from azat.core.translit import skeleton, to_latin
from azat.linkage.names import birth_date_parts, document_key, parse_patronymic, surname_stem
from azat.linkage.records import Record

# Outcome codes, best first. MISSING means one side (or both) has no value to compare.
EXACT = "exact"
TRANSLITERATION = "transliteration"
VARIANT = "variant"
STEM = "stem"
SWAPPED = "swapped"
SIMILAR = "similar"
SAME_MONTH = "same_month"
SAME_YEAR = "same_year"
NEAR_YEAR = "near_year"
DIFFERENT = "different"
MISSING = "missing"

RANK = (
    EXACT,
    TRANSLITERATION,
    VARIANT,
    STEM,
    SWAPPED,
    SIMILAR,
    SAME_MONTH,
    SAME_YEAR,
    NEAR_YEAR,
    DIFFERENT,
    MISSING,
)

# Alike without agreeing: a spelling only similar, a year one apart. The model's weight for these
# depends on how close the two values are, and may be negative.
PARTIAL = (SIMILAR, NEAR_YEAR)

FIELDS = ("given_name", "family_name", "patronymic", "birth_date", "sex", "document", "place")

# About where the engine's "somewhat similar" level starts (Jaro-Winkler 0.85 on skeletons).
SIMILARITY = 0.7


@dataclass(frozen=True)
class FieldOutcome:
    field: str
    outcome: str

    @property
    def agrees(self) -> bool:
        return self.outcome not in (DIFFERENT, MISSING, *PARTIAL)

    @property
    def partial(self) -> bool:
        """Alike but not the same: the model may count it for or against, by how alike."""
        return self.outcome in PARTIAL


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b).ratio() >= SIMILARITY


def _name(a: str, b: str, *, stem: Callable[[str], str] | None = None) -> str:
    if not a.strip() or not b.strip():
        return MISSING
    if a.strip().casefold() == b.strip().casefold():
        return EXACT
    if to_latin(a).casefold() == to_latin(b).casefold():
        return TRANSLITERATION
    key_a, key_b = skeleton(a), skeleton(b)
    if key_a == key_b:
        return VARIANT
    if stem is not None and stem(a) and stem(a) == stem(b):
        return STEM
    if _similar(key_a, key_b):
        return SIMILAR
    return DIFFERENT


def _patronymic_stem(text: str) -> str:
    return parse_patronymic(text)[0]


def _birth_date(a: str, b: str) -> str:
    if not a or not b:
        return MISSING
    try:
        year_a, month_a, day_a = birth_date_parts(a)
        year_b, month_b, day_b = birth_date_parts(b)
    except ValueError:
        return MISSING
    if (year_a, month_a, day_a) == (year_b, month_b, day_b) and day_a is not None:
        return EXACT
    if year_a == year_b and month_a is not None and month_a == month_b:
        return SAME_MONTH
    if year_a == year_b:
        return SAME_YEAR
    if abs(year_a - year_b) == 1:
        return NEAR_YEAR
    return DIFFERENT


def _plain(a: str, b: str) -> str:
    if not a or not b:
        return MISSING
    return EXACT if a.casefold() == b.casefold() else DIFFERENT


def _document(a: str, b: str) -> str:
    key_a, key_b = document_key(a), document_key(b)
    if not key_a or not key_b:
        return MISSING
    if key_a == key_b:
        return EXACT
    if len(key_a) == len(key_b) and sum(x != y for x, y in zip(key_a, key_b, strict=True)) == 1:
        return SIMILAR
    return DIFFERENT


def _pair_outcomes(a: Record, b: Record) -> dict[str, str]:
    outcomes = {
        "given_name": _name(a.given_name, b.given_name),
        "family_name": _name(a.family_name, b.family_name, stem=surname_stem),
        "patronymic": _name(a.patronymic, b.patronymic, stem=_patronymic_stem),
        "birth_date": _birth_date(a.birth_date, b.birth_date),
        "sex": _plain(a.sex, b.sex),
        "document": _document(a.document_number, b.document_number),
        "place": _plain(a.place, b.place),
    }
    # Given and family name written the other way round by one organisation.
    crossed = (
        _name(a.given_name, b.family_name, stem=surname_stem),
        _name(a.family_name, b.given_name, stem=surname_stem),
    )
    if all(outcome in (EXACT, TRANSLITERATION, VARIANT, STEM) for outcome in crossed):
        for field in ("given_name", "family_name"):
            if RANK.index(outcomes[field]) > RANK.index(SWAPPED):
                outcomes[field] = SWAPPED
    return outcomes


def _better(a: str, b: str) -> str:
    # MISSING only wins when nothing was compared.
    return a if RANK.index(a) <= RANK.index(b) else b


def compare(left: Sequence[Record], right: Sequence[Record]) -> list[FieldOutcome]:
    """The best outcome per field over every pair of variant records of the two persons."""
    best = dict.fromkeys(FIELDS, MISSING)
    for a in left:
        for b in right:
            for field, outcome in _pair_outcomes(a, b).items():
                if best[field] == MISSING:
                    best[field] = outcome
                elif outcome != MISSING:
                    best[field] = _better(best[field], outcome)
    return [FieldOutcome(field, best[field]) for field in FIELDS]
