"""Synthetic Central Asian person records with ground truth, for the linkage benchmark.

    python -m bench.linkage.generate OUT.csv --records 20000 --seed 7

Persons of six nationalities (Kyrgyz, Kazakh, Uzbek, Tajik, Turkmen, Russian) are registered 1–5
times (most once) by different organisations. Each record writes the person the way one clerk
would: in Cyrillic (national or russified letters) or in one of several Latin romanisations made
by this module's OWN tables — passport ICAO 9303-style, BGN/PCGN-style, an informal phonetic
writer (zh→j, kh→h/x, u→oo, y/i swaps…), and a national Latin (Uzbek oʻ/gʻ, Kazakh 2021-style,
Kyrgyz and Tajik habits, Turkmen) — with partial birth dates, missing or variously formatted
phones, passport numbers with Cyrillic look-alike letters, typing errors, Tajik surname forms
(-ov/-ova ↔ -zoda ↔ -ӣ), patronymic forms (uulu/kyzy/uly/qyzy/oʻgʻli ↔ -ovich/-ovna) and
given/family swaps. Nothing here imports Azat's own transliteration (azat.core.translit,
azat.linkage.names), so the benchmark does not test Azat against itself.

Deterministic: the same ``records`` and ``seed`` give the same file, byte for byte. The rates
below are this benchmark's assumptions, not measurements of real registers.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from bench.linkage.names_ca import DESTINATIONS, FAMILY, FEMALE, MALE, PLACES

NATIONALITIES = {"uz": 0.28, "kg": 0.20, "tj": 0.20, "kz": 0.15, "ru": 0.10, "tm": 0.07}
RECORDS_PER_PERSON = {1: 0.55, 2: 0.20, 3: 0.12, 4: 0.08, 5: 0.05}
SOURCES = ("hotline", "ngo", "iom", "social", "police")
COLUMNS = (
    "record_id", "person_id", "nationality", "given_name", "family_name", "patronymic",
    "birth_date", "sex", "phone", "document_number", "place", "source", "writing", "noise",
)  # fmt: skip

# How a record is written: Cyrillic (national letters or russified) or one Latin scheme.
WRITINGS = {
    "cyrillic": 0.18, "cyrillic-ru": 0.17, "icao": 0.30, "bgn": 0.08, "informal": 0.15,
    "national": 0.12,
}  # fmt: skip
RATES = {
    "typo_given": 0.10, "typo_family": 0.12, "swap": 0.04, "no_given": 0.01, "no_family": 0.02,
    "no_patronymic": 0.35, "patronymic_native": 0.5, "upper": 0.25, "no_sex": 0.15,
    "dob_full": 0.72, "dob_month": 0.06, "dob_year": 0.14,  # the rest: no date
    "dob_swap": 0.02, "dob_typo": 0.02, "has_phone": 0.8, "second_phone": 0.1,
    "russian_sim": 0.25, "phone_missing": 0.45, "has_document": 0.7, "document_missing": 0.5,
    "document_lookalike": 0.25, "document_typo": 0.02, "place_missing": 0.35,
    "place_destination": 0.3,
}  # fmt: skip

VOWELS = set("аеёиоуыэюяәөұүіӣӯўaeiouy")

# --- romanisation tables (lower case; the writer fixes the case) -------------------------------

ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    # passport practice for the national letters, which ICAO 9303 does not list
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ў": "u", "ҳ": "kh", "ҷ": "dzh", "ӣ": "i", "ӯ": "u", "җ": "zh",
}  # fmt: skip
BGN = ICAO | {
    "е": "e", "ё": "ë", "й": "y", "ъ": "", "ь": "'", "ю": "yu", "я": "ya", "ҳ": "h",
}  # fmt: skip
BGN_NATIONAL = {
    "kz": {"ә": "ä", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "ö", "ұ": "ū", "ү": "ü", "і": "i"},
    "kg": {"ж": "j", "ң": "ng", "ө": "ö", "ү": "ü"},
    "uz": {"ў": "o'", "ғ": "g'", "қ": "q", "ҳ": "h", "ж": "j"},
    "tj": {"ғ": "gh", "ӣ": "ī", "қ": "q", "ӯ": "ū", "ҳ": "h", "ҷ": "j"},
    "tm": {"ж": "zh", "й": "y", "х": "h"},
    "ru": {},
}
NATIONAL = {
    "uz": ICAO | {
        "ж": "j", "х": "x", "ҳ": "h", "қ": "q", "ғ": "gʻ", "ў": "oʻ", "й": "y", "ц": "s",
        "ё": "yo", "ю": "yu", "я": "ya", "ъ": "ʼ", "ь": "",
    },
    "kz": ICAO | {  # Kazakh Latin, 2021 style
        "ә": "ä", "ғ": "ğ", "қ": "q", "ң": "ñ", "ө": "ö", "ұ": "ū", "ү": "ü", "і": "i", "ж": "j",
        "й": "i", "ш": "ş", "ч": "ç", "щ": "şş", "х": "h", "һ": "h", "ы": "y", "ю": "iu",
        "я": "ia", "ё": "io", "ц": "ts",
    },
    "kg": ICAO | {
        "ж": "j", "ы": "y", "ң": "ng", "ө": "ö", "ү": "ü", "х": "h", "й": "y", "ю": "yu",
        "я": "ya", "ё": "yo",
    },
    "tj": ICAO | {
        "ҷ": "j", "ҳ": "h", "ғ": "gh", "қ": "q", "ӣ": "i", "ӯ": "u", "й": "y", "ю": "yu",
        "я": "ya", "ё": "yo",
    },
    "tm": ICAO | {  # Turkmen Latin
        "ж": "ž", "ш": "ş", "ч": "ç", "й": "ý", "ң": "ň", "ә": "ä", "ө": "ö", "ү": "ü", "в": "w",
        "х": "h", "ц": "s", "ю": "ýu", "я": "ýa", "ё": "ýo", "җ": "j", "ы": "y",
    },
    "ru": ICAO | {"й": "y", "ю": "yu", "я": "ya", "ь": "'", "ъ": ""},  # pre-2014 passports
}  # fmt: skip
# The informal writer picks one spelling per letter for the whole record (one clerk's habits).
INFORMAL_CHOICES = {
    "ж": ("zh", "j", "j"), "х": ("kh", "h", "x"), "ц": ("ts", "c", "tc"), "щ": ("sch", "sh"),
    "ы": ("y", "i"), "й": ("y", "i", "j"), "ю": ("yu", "iu", "ju", "u"), "я": ("ya", "ia", "ja"),
    "ё": ("yo", "e", "io"), "у": ("u", "u", "u", "oo"), "ъ": ("", "'"),
    "ь": ("", "'"), "ә": ("a", "ae", "e"), "ғ": ("g", "gh"), "қ": ("k", "q"), "ң": ("n", "ng"),
    "ө": ("o", "oe", "u"), "ұ": ("u",), "ү": ("u", "ue", "yu"), "һ": ("h",), "і": ("i", "y"),
    "ў": ("u", "o", "o'"), "ҳ": ("h", "kh", "x"), "ҷ": ("j", "dj", "dzh"), "ӣ": ("i", "iy"),
    "ӯ": ("u", "oo"), "җ": ("j",), "и": ("i", "i", "y"),
}  # fmt: skip
RUSSIFY = {
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "ў": "у", "ҳ": "х", "ҷ": "дж", "ӣ": "и", "ӯ": "у", "җ": "ж",
}  # fmt: skip
LOOKALIKE = dict(zip("ABCEHKMOPTX", "АВСЕНКМОРТХ", strict=True))
CYRILLIC_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщыэюя"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _pick(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _zipf(n: int, exponent: float) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(n)]


def _apply_case(text: str, upper: bool) -> str:
    return text.upper() if upper else "-".join(w[:1].upper() + w[1:] for w in text.split("-"))


def romanise(text: str, table: dict[str, str], *, ye_initial: bool = False) -> str:
    """Cyrillic → Latin with ``table``; ``ye_initial``: Е at a word start or after a vowel is ye."""
    out = []
    lower = text.lower()
    for i, char in enumerate(lower):
        previous = lower[i - 1] if i else " "
        if char == "д" and lower[i + 1 : i + 2] == "ж" and table.get("ж") in ("j", "ž"):
            continue  # дж is one sound: Джума → Juma in the tables that write Ж as J
        if ye_initial and char == "е" and (previous in VOWELS or not previous.isalpha()):
            out.append("ye")
        else:
            out.append(table.get(char, char))
    return "".join(out)


class Writer:
    """How one record is written: script, scheme and the clerk's habits."""

    def __init__(self, rng: random.Random, nationality: str) -> None:
        self.kind = str(_pick(rng, WRITINGS))
        self.upper = rng.random() < RATES["upper"] * (1.6 if self.kind == "icao" else 0.4)
        self.nationality = nationality
        self.ye = self.kind in ("bgn", "national") and nationality != "kz"
        if self.kind == "informal":
            self.table = ICAO | {k: rng.choice(v) for k, v in INFORMAL_CHOICES.items()}
            self.ye = rng.random() < 0.5  # Yelena / Elena
        elif self.kind == "bgn":
            self.table = BGN | BGN_NATIONAL[nationality]
        elif self.kind == "national":
            self.table = dict(NATIONAL[nationality])
            if nationality == "uz":  # the Uzbek modifier letter is typed many ways
                mark = rng.choice(("ʻ", "'", "`", "’", ""))
                self.table |= {"ғ": "g" + mark, "ў": "o" + mark}
        else:
            self.table = ICAO
        national_ayn = self.kind == "national" and nationality == "uz"  # Uzbek writes ʼ
        if nationality != "ru" and self.kind != "informal" and not national_ayn:
            self.table = self.table | {"ъ": ""}  # the ayn sign (Раъно) is not Russian Ъ

    def write(self, cyrillic: str) -> str:
        if self.kind == "cyrillic":
            text = cyrillic.lower()
        elif self.kind == "cyrillic-ru":
            text = "".join(RUSSIFY.get(c, c) for c in cyrillic.lower())
        else:
            text = romanise(cyrillic, self.table, ye_initial=self.ye)
        return " ".join(_apply_case(word, self.upper) for word in text.split())


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: drop, insert, transpose or substitute a letter (not the first)."""
    if len(text) < 4:
        return text
    alphabet = CYRILLIC_LETTERS if any("а" <= c.lower() <= "я" for c in text) else LATIN_LETTERS
    i = rng.randrange(1, len(text) - 1)
    letter = rng.choice(alphabet)
    letter = letter.upper() if text[i].isupper() else letter
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + letter + text[i:]
    if kind == 2:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + letter + text[i + 1 :]


def feminine(family: str) -> str:
    for male, female in (("ский", "ская"), ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"),
                         ("ин", "ина")):  # fmt: skip
        if family.endswith(male):
            return family[: -len(male)] + female
    return family


def tajik_forms(family: str, sex: str) -> list[str]:
    """A Tajik family name as -ov/-ova, -zoda and (consonant stems) -ӣ."""
    for suffix in ("ов", "ев"):
        if family.endswith(suffix):
            stem = family[: -len(suffix)]
            forms = [family if sex == "m" else feminine(family), stem + "зода"]
            if stem[-1] not in VOWELS:
                forms.append(stem + "ӣ")
            return forms
    return [family]


def patronymic_forms(father: str, nationality: str, sex: str) -> list[str]:
    """Native and Russian-style patronymics from the father's given name."""
    base = "".join(RUSSIFY.get(c, c) for c in father)
    special = {"Лев": ("Львович", "Львовна"), "Пётр": ("Петрович", "Петровна"),
               "Павел": ("Павлович", "Павловна"), "Илья": ("Ильич", "Ильинична"),
               "Никита": ("Никитич", "Никитична")}  # fmt: skip
    if base in special:
        russian = special[base][sex == "f"]
    else:
        stem, ending = base, ("ович", "овна")
        if base.endswith("ий"):  # Юрий → Юрьевич
            stem, ending = base[:-2] + "ь", ("евич", "евна")
        elif base.endswith(("й", "ь")):  # Сергей → Сергеевич, Игорь → Игоревич
            stem, ending = base[:-1], ("евич", "евна")
        elif base[-1] in "аеёиоуыэюя":  # Ата → Атаевич
            ending = ("евич", "евна")
        russian = stem + ending[sex == "f"]
    native = {
        "kg": f"{father} {'уулу' if sex == 'm' else 'кызы'}",
        "kz": f"{father}{'ұлы' if sex == 'm' else 'қызы'}",
        "uz": f"{father} {'ўғли' if sex == 'm' else 'қизи'}",
        "tm": f"{father} {'оглы' if sex == 'm' else 'гызы'}",
    }.get(nationality)
    return [russian] + ([native] if native else [])


def _phone(rng: random.Random, nationality: str) -> tuple[str, str]:
    """(country code, national significant number) for a person."""
    if nationality == "ru" or rng.random() < RATES["russian_sim"]:
        return "7", "9" + "".join(rng.choices("0123456789", k=9))
    code, prefix, length = {
        "kg": ("996", ("55", "70", "77", "50", "22"), 9),
        "kz": ("7", ("701", "702", "705", "707", "747", "777"), 10),
        "uz": ("998", ("90", "91", "93", "94", "97", "99", "33"), 9),
        "tj": ("992", ("92", "93", "90", "98", "91", "55"), 9),
        "tm": ("993", ("61", "62", "63", "64", "65"), 8),
    }[nationality]
    head = rng.choice(prefix)
    return code, head + "".join(rng.choices("0123456789", k=length - len(head)))


def write_phone(rng: random.Random, code: str, number: str) -> str:
    style = rng.randrange(5)
    if style == 0:
        return f"+{code}{number}"
    if style == 1:
        return f"+{code} {number[:3]} {number[3:6]} {number[6:]}"
    if style == 2:
        return f"{code}{number}"
    if style == 3:  # national form with the trunk prefix where the country has one
        trunk = {"7": "8", "996": "0", "993": "8"}.get(code, "")
        return f"{trunk}{number[:3]} {number[3:5]}-{number[5:7]}-{number[7:]}"
    return f"({number[:3]}) {number[3:]}"


def _document(rng: random.Random, nationality: str) -> str:
    digits = "0123456789"
    if nationality == "ru":
        return "".join(rng.choices(digits, k=4)) + "".join(rng.choices(digits, k=6))
    series = {"kg": ("AN", "AC", "ID"), "kz": ("N",), "uz": ("AA", "AB", "AC", "FA"),
              "tj": ("A", "B"), "tm": ("A", "I")}[nationality]  # fmt: skip
    return rng.choice(series) + "".join(rng.choices(digits, k=7 if nationality != "kz" else 8))


def write_document(rng: random.Random, number: str) -> str:
    if rng.random() < RATES["document_typo"]:
        i = rng.randrange(len(number) - 4, len(number))
        number = number[:i] + rng.choice("0123456789") + number[i + 1 :]
    letters = len(number) - len(number.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    if rng.random() < RATES["document_lookalike"]:
        number = "".join(LOOKALIKE.get(c, c) for c in number[:letters]) + number[letters:]
    style = rng.randrange(10)
    if style < 2 and letters:
        number = number[:letters] + " " + number[letters:]
    elif style < 3:
        number = number.lower()
    elif style < 4 and not letters:
        number = f"{number[:2]} {number[2:4]} {number[4:]}"
    return number


def write_birth_date(rng: random.Random, born: dt.date) -> str:
    roll = rng.random()
    if roll >= RATES["dob_full"] + RATES["dob_month"] + RATES["dob_year"]:
        return ""
    if roll >= RATES["dob_full"] + RATES["dob_month"]:
        return f"{born.year:04d}"
    if roll >= RATES["dob_full"]:
        return f"{born.year:04d}-{born.month:02d}"
    day, month = born.day, born.month
    if rng.random() < RATES["dob_swap"] and day <= 12:
        day, month = month, day
    elif rng.random() < RATES["dob_typo"]:
        day = rng.randrange(1, 29)
    return f"{born.year:04d}-{month:02d}-{day:02d}"


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.weights = {
            (kind, nat): _zipf(len(names), 0.8 if kind != "family" else 0.7)
            for kind, table in (("m", MALE), ("f", FEMALE), ("family", FAMILY))
            for nat, names in table.items()
        }

    def _draw(self, kind: str, nationality: str) -> str:
        names = {"m": MALE, "f": FEMALE, "family": FAMILY}[kind][nationality]
        return self.rng.choices(names, weights=self.weights[(kind, nationality)])[0]

    def person(self, person_id: str) -> dict:
        rng = self.rng
        nationality = str(_pick(rng, NATIONALITIES))
        sex = rng.choice("mf")
        family = self._draw("family", nationality)
        phones = [_phone(rng, nationality)] if rng.random() < RATES["has_phone"] else []
        if phones and rng.random() < RATES["second_phone"]:
            phones.append(_phone(rng, nationality))
        return {
            "person_id": person_id,
            "nationality": nationality,
            "sex": sex,
            "given": self._draw(sex, nationality),
            "families": (
                tajik_forms(family, sex)
                if nationality == "tj"
                else [family if sex == "m" else feminine(family)]
            ),
            "patronymics": patronymic_forms(self._draw("m", nationality), nationality, sex),
            "born": dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 46)),
            "phones": phones,
            "document": _document(rng, nationality) if rng.random() < RATES["has_document"] else "",
            "home": rng.choice(PLACES[nationality]),
        }

    def record(self, person: dict, record_id: int) -> dict[str, str]:
        rng = self.rng
        writer = Writer(rng, person["nationality"])
        given = writer.write(person["given"])
        noise = []  # what was done to this record, for reading the misses (not for linking)
        forms = person["families"]  # Tajik: -ov/-ova, -zoda, -ӣ weighted 5:3:2
        form = rng.choices(range(len(forms)), weights=(5, 3, 2)[: len(forms)])[0]
        family = writer.write(forms[form])
        if form:
            noise.append(("zoda", "i")[form - 1])
        native = rng.random() < RATES["patronymic_native"]
        forms = person["patronymics"]
        patronymic = writer.write(forms[-1] if native else forms[0])
        if rng.random() < RATES["typo_given"]:
            given = typo(rng, given)
            noise.append("typo-given")
        if rng.random() < RATES["typo_family"]:
            family = typo(rng, family)
            noise.append("typo-family")
        if rng.random() < RATES["swap"]:
            given, family = family, given
            noise.append("swap")
        phone = ""
        if person["phones"] and rng.random() >= RATES["phone_missing"]:
            phone = write_phone(rng, *rng.choice(person["phones"]))
        document = ""
        if person["document"] and rng.random() >= RATES["document_missing"]:
            document = write_document(rng, person["document"])
        place = ""
        if rng.random() >= RATES["place_missing"]:
            town = (rng.choice(DESTINATIONS) if rng.random() < RATES["place_destination"]
                    else person["home"])  # fmt: skip
            place = writer.write(town)
        return {
            "record_id": f"r{record_id}",
            "person_id": person["person_id"],
            "nationality": person["nationality"],
            "given_name": "" if rng.random() < RATES["no_given"] else given,
            "family_name": "" if rng.random() < RATES["no_family"] else family,
            "patronymic": "" if rng.random() < RATES["no_patronymic"] else patronymic,
            "birth_date": write_birth_date(rng, person["born"]),
            "sex": "" if rng.random() < RATES["no_sex"] else person["sex"],
            "phone": phone,
            "document_number": document,
            "place": place,
            "source": rng.choice(SOURCES),
            "writing": writer.kind,
            "noise": " ".join(noise),
        }

    def records(self, count: int) -> Iterator[dict[str, str]]:
        """``count`` records, each person's records together in a shuffled order of persons."""
        made = 0
        person_number = 0
        while made < count:
            person = self.person(f"p{person_number}")
            person_number += 1
            copies = int(_pick(self.rng, RECORDS_PER_PERSON))  # type: ignore[call-overload]
            for _ in range(min(copies, count - made)):
                yield self.record(person, made)
                made += 1


def generate(records: int, seed: int = 7) -> list[dict[str, str]]:
    rows = list(Generator(seed).records(records))
    random.Random(seed + 1).shuffle(rows)  # records of one person are not next to each other
    return rows


def write_csv(path: Path, *, records: int, seed: int = 7) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(generate(records, seed))
    tmp.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_csv(args.out, records=args.records, seed=args.seed)


if __name__ == "__main__":
    main()
