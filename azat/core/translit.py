"""Script detection, Cyrillic-to-Latin transliteration and the phonetic keys for name lookups.

A person's name reaches Azat typed in Cyrillic by one agency and in one of several Latin
romanisations by another. Encrypted name fields are searched through a keyed hash, which only
finds exact matches, so the hash must be computed from a form in which those spellings already
agree: that is `lookup_form`. No published library covers the letters of all six alphabets we
meet (Russian, Kazakh, Kyrgyz, Uzbek, Tajik, Turkmen), so the letter table is ours; its sources and
the folds of the phonetic skeleton are data files under ``azat/core/data`` and are explained in
``docs/adr/0004-transliteration-table.md``.

Every function returns a new string; nothing here changes what the user typed.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

Script = Literal["cyrillic", "latin", "mixed", "none"]

# Stored beside every keyed lookup hash. Any change to the letter table, the skeleton rules or
# lookup_form changes some keys, so it must come with a new version and a re-hash of stored values;
# the golden test in tests/test_translit.py fails until both are done.
LOOKUP_FORM_VERSION = 1

_DATA = resources.files("azat.core").joinpath("data")

# Hyphens inside a word join its parts (Abdul-Aziz = Abdulaziz); any other punctuation separates.
_JOINING_HYPHENS = frozenset("-\u2010\u2011")
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    where: str
    verification: str


@dataclass(frozen=True)
class Alphabet:
    code: str
    name_en: str
    name_ru: str
    letters: str
    source: str
    verification: str


@dataclass(frozen=True)
class Letter:
    upper: str
    lower: str
    latin: str
    skeleton: str
    source: str
    verification: str
    note: str

    @property
    def unverified(self) -> bool:
        """Rows not checked in a primary or secondary text are shown as pending review."""
        return self.verification not in {"V-P", "V-S"}


@dataclass(frozen=True)
class LetterTable:
    sources: Mapping[str, Source]
    alphabets: tuple[Alphabet, ...]
    letters: tuple[Letter, ...]
    by_char: Mapping[str, Letter]


@dataclass(frozen=True)
class SkeletonRules:
    apostrophes: frozenset[str]
    prefold: Mapping[str, str]
    folds: Mapping[str, str]
    longest_fold: int


def _read_toml(name: str) -> dict[str, Any]:
    with _DATA.joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


@cache
def letter_table() -> LetterTable:
    """Load ``cyrillic_latin.toml`` once; the table is data so linguists can review it."""
    raw = _read_toml("cyrillic_latin.toml")
    sources = {
        key: Source(key, row["title"], row["where"], row["verification"])
        for key, row in raw["sources"].items()
    }
    alphabets = tuple(
        Alphabet(
            row["code"],
            row["name_en"],
            row["name_ru"],
            row["letters"],
            row["source"],
            row["verification"],
        )
        for row in raw["alphabet"]
    )
    letters = tuple(
        Letter(
            upper=row["upper"],
            lower=row["lower"],
            latin=row["latin"],
            skeleton=row.get("skeleton", row["latin"]),
            source=row["source"],
            verification=row["verification"],
            note=row.get("note", ""),
        )
        for row in raw["letter"]
    )
    by_char: dict[str, Letter] = {}
    for letter in letters:
        for char in (letter.upper, letter.lower):
            if char in by_char:
                raise ValueError(f"letter {char!r} appears twice in cyrillic_latin.toml")
            by_char[char] = letter
    for alphabet in alphabets:
        missing = [char for char in alphabet.letters if char not in by_char]
        if missing:
            raise ValueError(f"alphabet {alphabet.code} has letters without a row: {missing}")
    return LetterTable(
        sources=MappingProxyType(sources),
        alphabets=alphabets,
        letters=letters,
        by_char=MappingProxyType(by_char),
    )


@cache
def skeleton_rules() -> SkeletonRules:
    """Load ``skeleton.toml`` once."""
    raw = _read_toml("skeleton.toml")
    prefold = {row["char"]: row["to"] for row in raw["prefold"]}
    folds = {row["from"]: row["to"] for row in raw["fold"]}
    return SkeletonRules(
        apostrophes=frozenset(raw["apostrophes"]),
        prefold=MappingProxyType(prefold),
        folds=MappingProxyType(folds),
        longest_fold=max(len(source) for source in folds),
    )


def _script_of(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    if name.startswith("LATIN"):
        return "latin"
    return None


def detect_script(text: str) -> Script:
    """Say which script the letters of ``text`` are in.

    "mixed" matters: a Latin A or O slipped into a Cyrillic name (or the reverse) is a common typing
    accident and a common way to dodge a watch list, so callers may want to flag it.
    """
    seen = {script for char in text if (script := _script_of(char)) is not None}
    if seen == {"cyrillic"}:
        return "cyrillic"
    if seen == {"latin"}:
        return "latin"
    if seen:
        return "mixed"
    return "none"


def _letter_for(char: str) -> tuple[Letter, bool] | None:
    """Find the table row for a Cyrillic letter, falling back to its base letter.

    The fallback catches letters of other Cyrillic alphabets written with a diacritic on a letter we
    know (Ӓ, Ӧ); the mark is lost, which is acceptable for a Latin reading of the name.
    """
    table = letter_table().by_char
    letter = table.get(char)
    if letter is None and _script_of(char) == "cyrillic":
        base = unicodedata.normalize("NFD", char)[0]
        letter = table.get(base)
        if letter is not None:
            return letter, base == letter.upper
    if letter is None:
        return None
    return letter, char == letter.upper


def _neighbour_is_upper(text: str, index: int) -> bool:
    """Decide whether a multi-letter Latin value of a capital should be all capitals.

    ЖЫЛДЫЗ gives ZHYLDYZ but Жылдыз gives Zhyldyz: look at the next letter, or at the previous one
    when the capital ends the word.
    """
    if index + 1 < len(text) and text[index + 1].isalpha():
        return text[index + 1].isupper()
    if index > 0 and text[index - 1].isalpha():
        return text[index - 1].isupper()
    return False


def to_latin(text: str) -> str:
    """Write the Cyrillic letters of ``text`` in Latin; anything else passes through.

    The text is NFC-composed first so that a й typed as и plus a combining breve (as some keyboards
    do) is read as one letter. The Latin values are ASCII readings of the BGN/PCGN tables of the
    five Central Asian languages (see the data file for each letter's source).
    """
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for index, char in enumerate(text):
        found = _letter_for(char)
        if found is None:
            out.append(char)
            continue
        letter, is_upper = found
        if not is_upper:
            out.append(letter.latin.lower())
        elif len(letter.latin) > 1 and _neighbour_is_upper(text, index):
            out.append(letter.latin.upper())
        else:
            out.append(letter.latin)
    return "".join(out)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _skeleton_latin(text: str) -> str:
    """Bring any mix of scripts and romanisations to lower-case ASCII with apostrophes kept."""
    rules = skeleton_rules()
    text = unicodedata.normalize("NFKC", text)
    pieces: list[str] = []
    for char in text:
        found = _letter_for(char)
        if found is not None:
            pieces.append(found[0].skeleton.lower())
        else:
            pieces.append(char.casefold())
    folded = "".join(pieces)
    folded = "".join("'" if char in rules.apostrophes else char for char in folded)
    folded = "".join(rules.prefold.get(char, char) for char in folded)
    folded = _strip_marks(folded)
    out: list[str] = []
    for char in folded:
        if char in _JOINING_HYPHENS:
            continue
        if ("a" <= char <= "z") or char.isdigit() or char == "'":
            out.append(char)
        else:
            out.append(" ")
    return "".join(out)


def _skeleton_word(word: str) -> str:
    rules = skeleton_rules()
    word = word.strip("'")
    out: list[str] = []
    position = 0
    while position < len(word):
        for length in range(min(rules.longest_fold, len(word) - position), 0, -1):
            chunk = word[position : position + length]
            if chunk in rules.folds:
                out.append(rules.folds[chunk])
                position += length
                break
        else:
            out.append(word[position])
            position += 1
    key = re.sub(r"(.)\1+", r"\1", "".join(out))
    # Е is written E or Ye (Erlan/Yerlan, Aliev/Aliyev, Sergeevich/Sergeyevich): once y has become
    # i, an i before e at the start of the word or after a vowel carries no information.
    key = re.sub(r"^ie", "e", key)
    key = re.sub(rf"(?<=[{_VOWELS}])ie", "e", key)
    return re.sub(r"(.)\1+", r"\1", key)


def skeleton(text: str) -> str:
    """Reduce a name to a phonetic key on which its usual spellings agree.

    "Жылдыз Ахметова", "Zhyldyz Akhmetova", "Jyldyz Ahmetova" and "Jildiz Axmetova" all give
    "jildiz axmetova". The price is that some different names collide too (Ш/Щ, Ы/И, doubled
    letters); the ADR lists the folds and the collisions we accept. Word order is kept; see
    `lookup_form` for an order-free key.
    """
    words = (_skeleton_word(word) for word in _skeleton_latin(text).split())
    return " ".join(word for word in words if word)


def lookup_form(text: str) -> str:
    """Return the form a name's keyed lookup hash is computed from.

    Exact-match semantics over everything the skeleton folds, and word order ignored, because
    agencies disagree on whether the family name comes first. Words are sorted after the skeleton
    is taken, so that the order does not depend on the script they were typed in.
    """
    return " ".join(sorted(skeleton(text).split()))
