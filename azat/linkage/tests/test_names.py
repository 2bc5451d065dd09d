import tomllib
from importlib import resources

import pytest

from azat.linkage.names import (
    NameKeys,
    birth_date_parts,
    document_key,
    family_name_first,
    looks_like_family_name,
    name_keys,
    parse_patronymic,
    phone_e164,
    surname_stem,
)

ISSUE_FAMILY = [
    ("Жылдыз", "Ахметова"),
    ("Zhyldyz", "Akhmetova"),
    ("Jyldyz", "Ahmetova"),
    ("Jildiz", "Axmetova"),
]


def test_the_issue_variants_give_the_same_name_keys():
    keys = [name_keys(given, family) for given, family in ISSUE_FAMILY]
    assert {key.given_skeleton for key in keys} == {"jildiz"}
    assert {key.family_skeleton for key in keys} == {"axmetova"}
    assert {key.family_stem for key in keys} == {"axmet"}
    assert {key.swap_key for key in keys} == {"axmetova jildiz"}


def test_name_keys_keep_the_originals_exactly_as_entered():
    keys = name_keys("  жылдыз ", "АХМЕТОВА", None)
    assert keys.given == "  жылдыз "
    assert keys.family == "АХМЕТОВА"
    assert keys.patronymic is None
    assert keys.given_latin == "  zhyldyz "
    assert keys.family_latin == "AKHMETOVA"
    assert keys.patronymic_latin == ""
    assert keys.script == "cyrillic"


def test_name_keys_is_frozen():
    keys = name_keys("Жылдыз", "Ахметова")
    with pytest.raises(AttributeError):
        keys.given = "Айгуль"  # type: ignore[misc]


def test_name_keys_for_a_full_record():
    assert name_keys("Асель", "Рахмонзода", "Асанбековна") == NameKeys(
        given="Асель",
        family="Рахмонзода",
        patronymic="Асанбековна",
        script="cyrillic",
        given_latin="Asel'",
        family_latin="Rakhmonzoda",
        patronymic_latin="Asanbekovna",
        given_skeleton="asel",
        family_skeleton="raxmonzoda",
        patronymic_skeleton="asanbekovna",
        family_stem="raxmon",
        patronymic_stem="asanbek",
        patronymic_form="ovna",
        swap_key="asel raxmonzoda",
    )


def test_swapped_given_and_family_names_share_the_swap_key():
    straight = name_keys("Жылдыз", "Ахметова")
    swapped = name_keys("Akhmetova", "Zhyldyz")
    assert straight.swap_key == swapped.swap_key == "axmetova jildiz"
    assert straight.given_skeleton != swapped.given_skeleton


def test_swap_key_still_tells_different_people_apart():
    assert name_keys("Айгуль", "Ахметова").swap_key != name_keys("Айгерим", "Ахметова").swap_key


def test_mixed_script_record_is_reported_as_mixed():
    assert name_keys("Жылдыз", "Akhmetova").script == "mixed"


@pytest.mark.parametrize(
    "surname",
    [
        "Rahmonov",
        "Rahmonova",
        "Rakhmonov",
        "Rahmonzoda",
        "Rahmonzod",
        "Rahmoni",
        "Рахмонов",
        "Раҳмонзода",
        "Rahmon",
    ],
)
def test_tajik_and_russian_forms_of_a_surname_share_a_stem(surname):
    assert surname_stem(surname) == "raxmon"


@pytest.mark.parametrize(
    ("surname", "stem"),
    [
        ("Karimov", "karim"),
        ("Karimova", "karim"),
        ("Karimzoda", "karim"),
        ("Karimzade", "karim"),
        ("Karimi", "karim"),
        ("Aliyev", "ali"),
        ("Алиева", "ali"),
        ("Alizoda", "ali"),
        ("Сафаров", "safar"),
        ("Safariyon", "safar"),
        ("Vysotskiy", "viso"),
        ("Высоцкая", "viso"),
        ("Nurlanuly", "nurlan"),
        ("Нурланов", "nurlan"),
        ("Нурланкызы", "nurlan"),
        ("Асанбек уулу", "asanbek ulu"),
        ("Ниязов", "niaz"),
        ("Niyazow", "niaz"),
        ("Мамедова-Алиева", "mamed ali"),
        ("Mamedova Aliyeva", "mamed ali"),
    ],
)
def test_surname_stem_strips_one_known_ending(surname, stem):
    assert surname_stem(surname) == stem


@pytest.mark.parametrize(
    ("surname", "stem"),
    [("Ali", "ali"), ("Kim", "kim"), ("Tsoi", "coi"), ("Li", "li"), ("Pak", "pak"), ("Ov", "ov")],
)
def test_short_surnames_keep_their_ending(surname, stem):
    assert surname_stem(surname) == stem


def test_surname_stem_of_nothing_is_empty():
    assert surname_stem("") == ""


@pytest.mark.parametrize(
    "name",
    ["Karimov", "Каримова", "KARIMOVA", "Dodkhudoyev", "Рахмонзода", "Ismoilzade", "Asanbekuulu",
     "Serikqyzy", "Zhanuly", "Kovalevskaya", "Mamedova-Alieva"],
)  # fmt: skip
def test_endings_only_family_names_have_mark_a_family_name(name):
    assert looks_like_family_name(name)


@pytest.mark.parametrize(
    "name", ["Sherzod", "Jafar", "Rahmoni", "Tsoi", "Kim", "Lev", "Zarina", "Ov", ""]
)
def test_given_names_and_unmarked_family_names_are_not_taken_for_family_names(name):
    assert not looks_like_family_name(name)


@pytest.mark.parametrize(
    ("given", "family", "swapped"),
    [
        ("Karimova", "Zarina", True),
        ("Зарина", "Каримова", False),
        ("Sultonov", "Bakhrom", True),
        ("Boboev", "Sherzod", True),
        ("Ortiqov", "", True),
        # Both fields look like family names, or neither does: the order is left as written.
        ("Shahzoda", "Karimova", False),
        ("Rahimi", "Madina", False),
        ("", "Karimova", False),
    ],
)
def test_a_record_written_family_name_first_is_recognised(given, family, swapped):
    assert family_name_first(given, family) is swapped


@pytest.mark.parametrize(
    ("text", "stem", "form"),
    [
        ("Asanbek uulu", "asanbek", "uulu"),
        ("Асанбек уулу", "asanbek", "uulu"),
        ("Asanbekuulu", "asanbek", "uulu"),
        ("Асанбек кызы", "asanbek", "kyzy"),
        ("Нурлан қызы", "nurlan", "kyzy"),
        ("Nurlan qyzy", "nurlan", "kyzy"),
        ("Nurlan kızı", "nurlan", "kyzy"),
        ("Nurlanqyzy", "nurlan", "kyzy"),
        ("Nurlan uly", "nurlan", "uly"),
        ("Nurlan ulı", "nurlan", "uly"),
        ("Нұрланұлы", "nurlan", "uly"),
        ("Rustam o'g'li", "rustam", "ogly"),
        ("Рустам ўғли", "rustam", "ogly"),
        ("Rustam qizi", "rustam", "kyzy"),
        ("Rustam ogly", "rustam", "ogly"),
        ("Асанбекович", "asanbek", "ovich"),
        ("Asanbekovich", "asanbek", "ovich"),
        ("Асанбековна", "asanbek", "ovna"),
        ("Жумаевич", "juma", "evich"),
        ("Жумаевна", "juma", "evna"),
        ("Ахмедович", "axmed", "ovich"),
    ],
)
def test_parses_patronymic_forms(text, stem, form):
    assert parse_patronymic(text) == (stem, form)


def test_kyrgyz_and_russian_patronymics_of_one_father_share_a_stem():
    assert parse_patronymic("Асанбек уулу")[0] == parse_patronymic("Asanbekovich")[0]


def test_unknown_patronymic_comes_back_whole_with_no_form():
    assert parse_patronymic("Иванов") == ("ivanov", "")
    assert parse_patronymic("") == ("", "")


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("+996 555 12-34-56", None, "+996555123456"),
        ("996555123456", None, "+996555123456"),
        ("00996 555 123 456", None, "+996555123456"),
        ("0555 123 456", "KG", "+996555123456"),
        ("0555 123 456", "kg", "+996555123456"),
        ("+7 701 123 45 67", None, "+77011234567"),
        ("8 701 123 45 67", None, "+77011234567"),
        ("8 (701) 123-45-67", "KZ", "+77011234567"),
        ("87011234567", "KG", "+77011234567"),
        ("8 10 996 555 123456", None, "+996555123456"),
        ("+998 90 123 45 67", None, "+998901234567"),
        ("998901234567", "UZ", "+998901234567"),
        ("+992 93 123 4567", None, "+992931234567"),
        ("+993 65 123456", None, "+99365123456"),
        ("8 (916) 123-45-67", None, "+79161234567"),
        ("+90 532 123 45 67", None, "+905321234567"),
        ("+971 50 123 4567", None, "+971501234567"),
        ("+82 10-1234-5678", None, "+821012345678"),
        ("０５５５ １２３ ４５６", "KG", "+996555123456"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(raw, region, e164):
    assert phone_e164(raw, region) == e164


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("", None),
        (None, None),
        ("   ", "KG"),
        ("0555 123 456", None),
        ("12", None),
        ("+996 12", None),
        ("call me", None),
        ("1-800-FLOWERS", "US"),
        ("+7 701 12", None),
        ("+999 555 123 456", None),
    ],
)
def test_invalid_phone_numbers_give_none(raw, region):
    assert phone_e164(raw, region) is None


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("АВ 123456", "AB123456"),
        ("ab-123456", "AB123456"),
        ("AB 12 34 56", "AB123456"),
        ("№ AN1234567", "AN1234567"),
        ("ан1234567", "AH1234567"),
        ("ОКМРСТУХЕ", "OKMPCTYXE"),
        ("N 123.456/78", "N12345678"),
        ("Ⅳ-ЖД 123456", "IVЖД123456"),
        ("", ""),
        (None, ""),
    ],
)
def test_document_numbers_fold_lookalikes_and_drop_separators(raw, key):
    assert document_key(raw) == key


def test_document_key_keeps_letter_o_and_digit_zero_apart():
    assert document_key("AO123") == "AO123"
    assert document_key("A0123") == "A0123"
    assert document_key("AO123") != document_key("A0123")


def test_cyrillic_and_latin_series_of_one_passport_meet():
    assert document_key("РС 0012345") == document_key("PC0012345")


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("1990-05-17", (1990, 5, 17)),
        ("1990-05", (1990, 5, None)),
        ("1990", (1990, None, None)),
        ("17.05.1990", (1990, 5, 17)),
        ("7.5.1990", (1990, 5, 7)),
        (" 29.02.2000 ", (2000, 2, 29)),
        ("00.00.1990", (1990, None, None)),
        ("00.05.1990", (1990, 5, None)),
        ("1990-00-00", (1990, None, None)),
    ],
)
def test_birth_date_parts_accepts_the_usual_formats(raw, parts):
    assert birth_date_parts(raw) == parts


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1990-13-01", "month 13 does not exist"),
        ("31.02.1990", "day 31 does not exist in February 1990"),
        ("29.02.2001", "day 29 does not exist in February 2001"),
        ("31.04.1990", "day 31 does not exist in April 1990"),
        ("05.00.1990", "a day is given without a month"),
        ("1850", "year 1850 is outside"),
        ("17/05/1990", "not in a known format"),
        ("90-05-17", "not in a known format"),
        ("", "not in a known format"),
        ("1990-05-17T00:00", "not in a known format"),
    ],
)
def test_birth_date_parts_names_the_problem(raw, message):
    with pytest.raises(ValueError, match=message):
        birth_date_parts(raw)


def test_every_name_form_row_carries_a_source_and_a_tag():
    raw = tomllib.loads(
        resources.files("azat.linkage").joinpath("data/name_forms.toml").read_text("utf-8")
    )
    sources = raw["sources"]
    for table in ("surname_suffix", "patronymic_particle", "patronymic_suffix", "lookalike"):
        for row in raw[table]:
            assert row["source"] in sources
            assert row["verification"] in {"V-P", "V-S", "R", "INF"}
