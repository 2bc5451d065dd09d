"""The knowledge-base loader: the shipped data files, and refusals of malformed files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from azat.knowledge.codes import (
    DATA_DIR,
    KnowledgeBase,
    KnowledgeFileError,
    Provision,
    load_knowledge,
    verification_status,
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _row(kb: KnowledgeBase, code: str, article: str | None, part: str | None, **kw: object):
    rows = [
        p
        for p in kb.code(code).provisions
        if p.article == article
        and p.part == part
        and all(getattr(p, k) == v for k, v in kw.items())
    ]
    assert len(rows) == 1, rows
    return rows[0]


def test_loads_every_country_and_code_version(kb: KnowledgeBase) -> None:
    assert [c.key for c in kb.codes] == [
        "kg-criminal-1997",
        "kg-criminal-2017",
        "kg-criminal-2021",
        "kz-criminal-1997",
        "kz-criminal-2014",
        "tj-criminal-1998",
        "tm-criminal-1997",
        "uz-administrative-1994",
        "uz-criminal-1994",
    ]
    assert kb.countries() == ("KG", "KZ", "TJ", "TM", "UZ")


def test_kyrgyz_codes_follow_each_other_without_overlap(kb: KnowledgeBase) -> None:
    kg = [c for c in kb.codes if c.country == "KG"]
    assert [(c.valid_from, c.valid_to) for c in kg] == [
        (date(1998, 1, 1), date(2018, 12, 31)),
        (date(2019, 1, 1), date(2021, 11, 30)),
        (date(2021, 12, 1), None),
    ]
    assert dict(kg[2].dates_verification) == {"valid_from": "U"}
    assert [c.key for c in kb.codes_in_force("KG", date(2020, 6, 1))] == ["kg-criminal-2017"]


def test_kazakh_trafficking_basic_part_is_verified_with_confiscation(kb: KnowledgeBase) -> None:
    row = _row(kb, "kz-criminal-2014", "128", "1")
    assert row.role == "trafficking"
    assert row.base is True
    assert row.verification == ("V:K1(2nd)", "V:K2")
    assert row.status == "verified"
    assert row.penalty is not None
    assert (row.penalty.min_years, row.penalty.max_years, row.penalty.confiscation) == (
        4.0,
        7.0,
        True,
    )
    assert row.source == (
        "https://labirint.online/kazakhstan-trafficking/",
        "http://insecure.zan.kz/eng/docs/P120000007S",
    )


def test_kazakh_child_trafficking_is_a_separate_article(kb: KnowledgeBase) -> None:
    row = _row(kb, "kz-criminal-2014", "135", "1")
    assert row.role == "child_trafficking"
    assert row.penalty is not None
    assert (row.penalty.min_years, row.penalty.max_years) == (5.0, 9.0)


def test_kyrgyz_166_keeps_both_readings_of_the_disputed_penalty(kb: KnowledgeBase) -> None:
    row = _row(kb, "kg-criminal-2021", "166", "1")
    assert row.disputed is True
    assert row.status == "disputed"
    assert row.penalty is None
    readings = [
        (r.verification, r.penalty.min_years, r.penalty.max_years, r.penalty.confiscation)
        for r in row.readings
        if r.penalty is not None
    ]
    assert readings == [
        (("V:S4(TIP 2022)",), 3.0, 5.0, False),
        (("seed≠V",), 3.0, 6.0, True),
    ]
    assert [r.status for r in row.readings] == ["verified", "contradicted"]
    assert row.readings[1].source == ("seed: project starting documents",)


def test_turkmen_aggravated_part_lists_its_items(kb: KnowledgeBase) -> None:
    row = _row(kb, "tm-criminal-1997", "129.1", "2")
    assert dict(row.items)["d"] == ("AGG_ABROAD",)
    assert dict(row.items)["b"] == ("AGG_MINOR",)
    assert row.all_aggravating == (
        "AGG_ABROAD",
        "AGG_MINOR",
        "AGG_OFFICIAL_POSITION",
        "AGG_ORGAN_PURPOSE",
        "AGG_SEVERAL_VICTIMS",
        "AGG_VIOLENCE",
    )
    assert row.valid_from == date(2010, 5, 1)


def test_unverified_and_seed_rows_carry_their_status(kb: KnowledgeBase) -> None:
    assert _row(kb, "kz-criminal-2014", "366", None).status == "unverified"
    assert _row(kb, "kg-criminal-2021", "166", None).status == "seed"
    kg_170 = _row(kb, "kg-criminal-2021", "170", None)
    assert kg_170.status == "verified"
    assert dict(kg_170.field_verification) == {"title": "U"}


def test_every_row_has_a_source_and_a_known_status(kb: KnowledgeBase) -> None:
    statuses = {"verified", "seed", "contradicted", "unverified", "disputed"}
    for code in kb.codes:
        for p in code.provisions:
            assert p.source, (code.key, p.row)
            assert p.status in statuses


def test_every_country_has_a_non_punishment_row_or_none(kb: KnowledgeBase) -> None:
    rows: dict[str, list[Provision]] = {}
    for code in kb.codes:
        for p in code.provisions:
            if p.role == "non_punishment":
                rows.setdefault(code.country, []).append(p)
    assert {c: [p.status for p in ps] for c, ps in sorted(rows.items())} == {
        "KG": ["verified"],
        "KZ": ["unverified"],
        "TJ": ["unverified"],
        "TM": ["unverified"],
        "UZ": ["verified"],
    }


def test_status_prefers_any_checked_source() -> None:
    assert verification_status(["seed", "V:T1(TIP 2015)"]) == "verified"
    assert verification_status(["seed≠V"]) == "contradicted"
    assert verification_status(["seed"]) == "seed"
    assert verification_status(["U"]) == "unverified"


# ---------------------------------------------------------------------------- refusals

GOOD_FILE = """\
country = "KG"
code = "criminal"
version = "2021"
title_en = "Test code"
title_ru = "Тестовый кодекс"
valid_from = 2021-12-01
source = "https://example.org/code"
verification = "U"

[sources.S4]
type = "TIP"
title = "TIP 2022"
address = "https://example.org/tip"

[[provisions]]
article = "166"
part = "1"
base = true
role = "trafficking"
title_en = "Trafficking in persons"
title_ru = "Торговля людьми"
penalty = { kind = "imprisonment", min_years = 3, max_years = 5 }
verification = "V:S4(TIP 2022)"
"""


def _directory(tmp_path: Path, files: dict[str, str]) -> Path:
    shutil.copy(DATA_DIR / "ids.toml", tmp_path / "ids.toml")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _refusal(tmp_path: Path, files: dict[str, str]) -> KnowledgeFileError:
    with pytest.raises(KnowledgeFileError) as caught:
        load_knowledge(_directory(tmp_path, files))
    return caught.value


def test_accepts_a_minimal_file(tmp_path: Path) -> None:
    kb = load_knowledge(_directory(tmp_path, {"kg-criminal-2021.toml": GOOD_FILE}))
    assert [c.key for c in kb.codes] == ["kg-criminal-2021"]
    assert kb.codes[0].provisions[0].source == ("https://example.org/tip",)


def test_refuses_a_row_missing_a_field(tmp_path: Path) -> None:
    text = GOOD_FILE.replace('title_en = "Trafficking in persons"\n', "")
    error = _refusal(tmp_path, {"kg-criminal-2021.toml": text})
    assert error.file == "kg-criminal-2021.toml"
    assert error.row == "provisions[0] (art. 166 p.1)"
    assert error.problem == "missing field 'title_en'"


def test_refuses_an_unknown_id(tmp_path: Path) -> None:
    text = GOOD_FILE.replace("base = true\n", 'aggravating = ["AGG_NOT_A_THING"]\n')
    error = _refusal(tmp_path, {"kg-criminal-2021.toml": text})
    assert error.row == "provisions[0] (art. 166 p.1)"
    assert error.problem == (
        "unknown id 'AGG_NOT_A_THING' in 'aggravating' (expected a aggravating id)"
    )


def test_refuses_a_bad_date(tmp_path: Path) -> None:
    text = GOOD_FILE.replace(
        'role = "trafficking"\n', 'role = "trafficking"\nvalid_from = "2022-13-01"\n'
    )
    error = _refusal(tmp_path, {"kg-criminal-2021.toml": text})
    assert error.row == "provisions[0] (art. 166 p.1)"
    assert error.problem == "field 'valid_from' is not a date (YYYY-MM-DD): '2022-13-01'"


def test_refuses_valid_to_before_valid_from(tmp_path: Path) -> None:
    text = GOOD_FILE.replace(
        'role = "trafficking"\n',
        'role = "trafficking"\nvalid_from = 2023-01-01\nvalid_to = 2022-01-01\n',
    )
    error = _refusal(tmp_path, {"kg-criminal-2021.toml": text})
    assert error.row == "provisions[0] (art. 166 p.1)"
    assert error.problem == "valid_to is before valid_from"


def test_refuses_an_unknown_verification_tag(tmp_path: Path) -> None:
    text = GOOD_FILE.replace('verification = "V:S4(TIP 2022)"', 'verification = "checked"')
    error = _refusal(tmp_path, {"kg-criminal-2021.toml": text})
    assert error.row == "provisions[0] (art. 166 p.1)"
    assert error.problem == "unknown verification tag 'checked'"


def test_refuses_a_tag_citing_an_undeclared_source(tmp_path: Path) -> None:
    text = GOOD_FILE.replace('verification = "V:S4(TIP 2022)"', 'verification = "V:S9"')
    error = _refusal(tmp_path, {"kg-criminal-2021.toml": text})
    assert error.problem == "verification tag 'V:S9' cites source 'S9' not in [sources]"


def test_refuses_overlapping_versions_of_one_code(tmp_path: Path) -> None:
    older = GOOD_FILE.replace('version = "2021"', 'version = "2017"').replace(
        "valid_from = 2021-12-01", "valid_from = 2019-01-01\nvalid_to = 2021-12-31"
    )
    error = _refusal(tmp_path, {"kg-criminal-2017.toml": older, "kg-criminal-2021.toml": GOOD_FILE})
    assert error.file == "kg-criminal-2021.toml"
    assert error.row is None
    assert error.problem == (
        "overlaps kg-criminal-2017.toml: two versions of the KG criminal code in force on "
        "the same day"
    )


def test_refuses_an_unknown_field(tmp_path: Path) -> None:
    text = GOOD_FILE.replace("base = true\n", "base = true\npenalti = 3\n")
    error = _refusal(tmp_path, {"kg-criminal-2021.toml": text})
    assert error.problem == "unknown field 'penalti'"


def test_refuses_a_disputed_row_with_one_reading(tmp_path: Path) -> None:
    text = GOOD_FILE.replace(
        'penalty = { kind = "imprisonment", min_years = 3, max_years = 5 }\n'
        'verification = "V:S4(TIP 2022)"\n',
        'disputed = true\n\n[[provisions.readings]]\nverification = "seed≠V"\n',
    )
    error = _refusal(tmp_path, {"kg-criminal-2021.toml": text})
    assert error.problem == "a disputed row needs at least two readings"


def test_refuses_a_file_name_that_disagrees_with_its_header(tmp_path: Path) -> None:
    error = _refusal(tmp_path, {"kz-criminal-2021.toml": GOOD_FILE})
    assert error.file == "kz-criminal-2021.toml"
    assert error.problem == "file name does not match country/code/version kg-criminal-2021"
