"""Comparison keys for names, phones, document numbers and dates of birth.

Probabilistic linkage compares records from agencies that write the same person differently:
Cyrillic or Latin, Karimov or Karimzoda, family name first or last, "Asanbek uulu" or
"Asanbekovich", a phone with or without +996, a passport series typed on a Russian keyboard.
These functions derive keys on which such variants agree. They never change the values they are
given: callers store the original spelling beside every key (see ``NameKeys``).

The endings, particles and look-alike letters are data (``azat/linkage/data/name_forms.toml``),
with a source and a verification tag per row; ``docs/adr/0004-transliteration-table.md`` explains
the choices.
"""

from __future__ import annotations

import calendar
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import phonenumbers

from azat.core.translit import Script, detect_script, lookup_form, skeleton, to_latin

_DATA = resources.files("azat.linkage").joinpath("data")

# A stem shorter than this says too little to link on, so short names keep their ending.
MIN_STEM_LENGTH = 3

# Birth years outside this range are typing errors, not people we serve.
EARLIEST_BIRTH_YEAR = 1880
LATEST_BIRTH_YEAR = 2100


@dataclass(frozen=True)
class PatronymicForm:
    key: str
    form: str
    sex: str


@dataclass(frozen=True)
class NameForms:
    surname_suffixes: tuple[str, ...]
    family_markers: tuple[str, ...]
    particles: Mapping[str, PatronymicForm]
    particle_keys: tuple[str, ...]
    suffixes: tuple[PatronymicForm, ...]
    lookalikes: Mapping[str, str]


def _read_toml(name: str) -> dict[str, Any]:
    with _DATA.joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


def _longest_first(keys: set[str]) -> tuple[str, ...]:
    return tuple(sorted(keys, key=lambda key: (-len(key), key)))


@cache
def name_forms() -> NameForms:
    """Load ``name_forms.toml`` once, with every spelling reduced to its skeleton."""
    raw = _read_toml("name_forms.toml")
    surname_suffixes = _longest_first({skeleton(row["form"]) for row in raw["surname_suffix"]})
    family_markers = _longest_first(
        {skeleton(row["form"]) for row in raw["surname_suffix"] if row.get("marks_family_name")}
    )
    particles = {
        skeleton(row["spelling"]): PatronymicForm(
            key=skeleton(row["spelling"]), form=row["form"], sex=row["sex"]
        )
        for row in raw["patronymic_particle"]
    }
    suffix_rows = {
        skeleton(row["spelling"]): PatronymicForm(
            key=skeleton(row["spelling"]), form=row["form"], sex=row["sex"]
        )
        for row in raw["patronymic_suffix"]
    }
    suffixes = tuple(suffix_rows[key] for key in _longest_first(set(suffix_rows)))
    lookalikes = {row["cyrillic"]: row["latin"] for row in raw["lookalike"]}
    return NameForms(
        surname_suffixes=surname_suffixes,
        family_markers=family_markers,
        particles=MappingProxyType(particles),
        particle_keys=_longest_first(set(particles)),
        suffixes=suffixes,
        lookalikes=MappingProxyType(lookalikes),
    )


# The parts of a double surname (Mamedova-Alieva) are words of their own for the endings.
_HYPHENS = re.compile(r"[-\u2010\u2011]")


def _strip_ending(word: str, endings: tuple[str, ...]) -> tuple[str, str]:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM_LENGTH:
            return word[: -len(ending)], ending
    return word, ""


def surname_stem(name: str) -> str:
    """Reduce a family name to the part its Russian-model and Tajik forms share.

    Rahmonov, Rahmonova, Rahmonzoda, Rahmoni and Рахмонов all give "raxmon": since 2007 Tajik
    civil registration prefers -zoda/-zod/-i/-iyon/-far/-pur to -ov/-ova, so one family, or one
    person over time, is recorded both ways. The rule works on the skeleton, strips at most one
    ending (the longest that leaves three letters) from each word, and keeps the words of a double
    surname in order; a hyphen separates the parts here (Mamedova-Alieva gives "mamed ali"),
    unlike in the skeleton, where it joins them.
    """
    endings = name_forms().surname_suffixes
    spaced = _HYPHENS.sub(" ", name)
    stems = (_strip_ending(word, endings)[0] for word in skeleton(spaced).split())
    return " ".join(stems)


def looks_like_family_name(name: str) -> bool:
    """Whether a name ends the way only family names end (Karimov, Rahmonzoda, Asanbekuulu).

    Reads the last word's skeleton, so Каримова, Karimova and KARIMOWA all say yes; Jafar,
    Rahmoni and Tsoi say no, because given names and family names share those endings or none.
    """
    words = skeleton(_HYPHENS.sub(" ", name)).split()
    return bool(words) and bool(_strip_ending(words[-1], name_forms().family_markers)[1])


def family_name_first(given: str | None, family: str | None) -> bool:
    """Whether a record's two name fields look exchanged: the given-name field holds a family name.

    True when the given-name field ends like a family name and the family-name field does not
    (or is empty). Registrations written in Russian order ("Karimova Zarina") put the family name
    in the first box; comparing the fields in the order the person's names really have lets a
    swapped record agree with the others name by name. The record itself is not changed.
    """
    if not given or not looks_like_family_name(given):
        return False
    return not family or not looks_like_family_name(family)


def parse_patronymic(text: str) -> tuple[str, str]:
    """Split a patronymic into the father's-name stem and its form.

    "Asanbek uulu", "Асанбек уулу", "Asanbekuulu" and "Асанбекович" all give the stem "asanbek",
    with forms "uulu", "uulu", "uulu" and "ovich", so a patronymic written the Kyrgyz way by one
    agency and the Russian way by another still agrees on the father's name. Text in no known form
    comes back as its whole skeleton with an empty form.
    """
    forms = name_forms()
    words = skeleton(text).split()
    if not words:
        return "", ""
    last = words[-1]
    particle = forms.particles.get(last)
    if particle is not None and len(words) > 1:
        return " ".join(words[:-1]), particle.form
    for key in forms.particle_keys:
        stem, ending = _strip_ending(last, (key,))
        if ending:
            return " ".join([*words[:-1], stem]), forms.particles[key].form
    for suffix in forms.suffixes:
        stem, ending = _strip_ending(last, (suffix.key,))
        if ending:
            return " ".join([*words[:-1], stem]), suffix.form
    return " ".join(words), ""


@dataclass(frozen=True)
class NameKeys:
    """A person's name as entered, with every key derived from it.

    The originals are kept exactly as typed (``None`` stays ``None``) because a reviewer deciding
    whether two records are one person needs to see what each agency wrote, and because no key is
    reversible.
    """

    given: str | None
    family: str | None
    patronymic: str | None
    script: Script
    given_latin: str
    family_latin: str
    patronymic_latin: str
    given_skeleton: str
    family_skeleton: str
    patronymic_skeleton: str
    family_stem: str
    patronymic_stem: str
    patronymic_form: str
    swap_key: str


def name_keys(given: str | None, family: str | None, patronymic: str | None = None) -> NameKeys:
    """Derive the comparison keys of one name.

    ``swap_key`` is the same when given and family names are exchanged, which agencies do often
    (Russian order puts the family name first; some forms have one "full name" box).
    """
    given_text = given or ""
    family_text = family or ""
    patronymic_text = patronymic or ""
    patronymic_stem, patronymic_form = parse_patronymic(patronymic_text)
    return NameKeys(
        given=given,
        family=family,
        patronymic=patronymic,
        script=detect_script(" ".join((given_text, family_text, patronymic_text))),
        given_latin=to_latin(given_text),
        family_latin=to_latin(family_text),
        patronymic_latin=to_latin(patronymic_text),
        given_skeleton=skeleton(given_text),
        family_skeleton=skeleton(family_text),
        patronymic_skeleton=skeleton(patronymic_text),
        family_stem=surname_stem(family_text),
        patronymic_stem=patronymic_stem,
        patronymic_form=patronymic_form,
        swap_key=lookup_form(f"{given_text} {family_text}"),
    )


_LETTER = re.compile(r"[^\W\d_]")


def _phone_candidates(text: str, default_region: str | None) -> list[tuple[str, str | None]]:
    """List the readings of a phone number worth trying, most specific first.

    Numbers arrive as "+996 555 12-34-56", "00996...", "8 10 996 ..." (the Soviet-era international
    prefix still used from Russia and Kazakhstan), "8 701 ..." (the Russian and Kazakh trunk
    prefix), or with the country code but no plus.
    """
    digits = re.sub(r"\D", "", text)
    if not digits:
        return []
    if text.startswith("+"):
        return [("+" + digits, None)]
    if digits.startswith("00"):
        return [("+" + digits[2:], None)]
    if digits.startswith("810") and len(digits) > 11:
        return [("+" + digits[3:], None)]
    candidates: list[tuple[str, str | None]] = []
    if default_region:
        candidates.append((digits, default_region.upper()))
    if len(digits) == 11 and digits.startswith("8"):
        candidates.append(("+7" + digits[1:], None))
    candidates.append(("+" + digits, None))
    return candidates


def phone_e164(raw: str | None, default_region: str | None = None) -> str | None:
    """Normalise a phone number to E.164, or return None when it is not a valid number.

    ``default_region`` (ISO 3166 alpha-2, e.g. "KG") reads numbers written in national form
    (0555 123 456). Without it, only numbers that carry their country code, or the 8-trunk form
    of +7 numbers, can be read. Text with letters is refused rather than read as a vanity number.
    """
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text or _LETTER.search(text):
        return None
    for number, region in _phone_candidates(text, default_region):
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


def document_key(raw: str | None) -> str:
    """Normalise a passport or ID number for exact comparison.

    Cyrillic capitals that look like Latin ones (the АВ of a series typed on a Russian layout)
    become Latin; spaces, dashes, dots, slashes and the № sign go; letters are upper-cased. Letter
    O and digit 0 stay distinct, as do I and 1: documents mix letters and digits, so folding them
    would merge different numbers; a typing slip between them is left to a fuzzy comparison level.
    Cyrillic letters with no Latin look-alike (the Б or Ж of a birth-certificate series) stay
    Cyrillic, because transliterating them would collide with the look-alikes (Б→B vs В→B).
    """
    if not raw:
        return ""
    lookalikes = name_forms().lookalikes
    text = unicodedata.normalize("NFKC", raw.replace("№", " ")).upper()
    return "".join(lookalikes.get(char, char) for char in text if char.isalnum())


_ISO_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
_DOTTED_DATE = re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})")


def birth_date_parts(raw: str) -> tuple[int, int | None, int | None]:
    """Split a date of birth into (year, month, day), with None for a part not known.

    Accepts YYYY-MM-DD, YYYY-MM, YYYY and DD.MM.YYYY. A month or day written 00 counts as unknown,
    since Russian-language forms use 00.00.1990 for "born in 1990". Anything else raises
    ValueError naming the problem, so a form can show it next to the field.
    """
    text = raw.strip()
    match = _ISO_DATE.fullmatch(text) or _DOTTED_DATE.fullmatch(text)
    if match is None:
        raise ValueError(
            f"date of birth {raw!r} is not in a known format "
            "(YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY)"
        )
    year = int(match["year"])
    month = int(match["month"]) if match["month"] is not None else 0
    day = int(match["day"]) if match["day"] is not None else 0
    if not EARLIEST_BIRTH_YEAR <= year <= LATEST_BIRTH_YEAR:
        raise ValueError(
            f"year {year} is outside {EARLIEST_BIRTH_YEAR}-{LATEST_BIRTH_YEAR}; "
            "check the date of birth"
        )
    if month > 12:
        raise ValueError(f"month {month} does not exist; months run from 01 to 12")
    if day and not month:
        raise ValueError("a day is given without a month")
    if day:
        days_in_month = calendar.monthrange(year, month)[1]
        if day > days_in_month:
            raise ValueError(
                f"day {day} does not exist in {calendar.month_name[month]} {year}, "
                f"which has {days_in_month} days"
            )
    return year, month or None, day or None
