"""The shipped catalogue and rules load as the research note says; malformed files are refused."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from azat.screening.catalogue import (
    DEFAULT_RULES_PATH,
    CatalogueError,
    load_catalogue,
    load_rules,
)

# --- the shipped data --------------------------------------------------------------------------


def test_shipped_catalogue_has_the_67_adult_labour_indicators_by_dimension() -> None:
    catalogue = load_catalogue()
    counts = Counter(i.dimension for i in catalogue.indicators)
    assert counts == {"DR": 10, "CR": 10, "VR": 16, "EX": 9, "CD": 15, "VD": 7}
    assert [d.id for d in catalogue.dimensions] == ["DR", "CR", "VR", "EX", "CD", "VD"]
    adult_labour = [i for i in catalogue.indicators if i.applies_to("adult_labour")]
    assert len(adult_labour) == 67


def test_shipped_palermo_elements_are_verified_against_the_primary_text() -> None:
    catalogue = load_catalogue()
    assert [a.id for a in catalogue.acts] == [
        "ACT_RECRUITMENT",
        "ACT_TRANSPORTATION",
        "ACT_TRANSFER",
        "ACT_HARBOURING",
        "ACT_RECEIPT",
    ]
    assert len(catalogue.means) == 9
    assert len(catalogue.purposes) == 6
    elements = (*catalogue.acts, *catalogue.means, *catalogue.purposes)
    assert {e.verification for e in elements} == {"V-P"}


def test_child_labour_list_has_65_indicators_and_no_weak_tier() -> None:
    catalogue = load_catalogue()
    child = [i for i in catalogue.indicators if i.applies_to("child_labour")]
    assert len(child) == 65
    assert {i.strength_for("child_labour") for i in child} == {"strong", "medium"}
    assert catalogue.indicator("VR07").strength_for("child_labour") == "absent"
    assert catalogue.indicator("EX06").strength_for("child_labour") == "absent"
    assert catalogue.indicator("DR10").strength_for("child_labour") == "strong"


def test_indicator_strengths_and_tags_follow_the_note() -> None:
    catalogue = load_catalogue()
    dr01 = catalogue.indicator("DR01")
    assert dict(dr01.strength) == {
        "adult_labour": "strong",
        "adult_sexual": "strong",
        "child_labour": "strong",
        "child_sexual": "strong",
    }
    assert dr01.verification == "V-S"
    assert dict(dr01.strength_verification) == {
        "adult_labour": "V-S",
        "adult_sexual": "R",
        "child_labour": "V-S",
        "child_sexual": "R",
    }
    ex01 = catalogue.indicator("EX01")
    assert ex01.strength_for("adult_sexual") == "medium"
    assert ex01.strength_verification["adult_sexual"] == "R"
    cd06 = catalogue.indicator("CD06")
    assert cd06.strength_for("adult_sexual") == "strong"
    assert cd06.strength_verification["adult_sexual"] == "V-S"
    ex03 = catalogue.indicator("EX03")
    assert ex03.strength_for("child_sexual") == "strong"
    assert ex03.strength_verification["child_sexual"] == "V-S"
    vr14 = catalogue.indicator("VR14")
    assert vr14.strength_for("adult_labour") == "medium"
    assert vr14.note is not None
    assert "weak" in vr14.note


def test_every_indicator_has_an_interview_question_in_both_languages() -> None:
    catalogue = load_catalogue()
    phases = {p.id for p in catalogue.phases}
    assert phases == {"recruitment", "travel", "work_living", "control", "vulnerability"}
    for ind in catalogue.indicators:
        assert ind.question_en.endswith("?"), ind.id
        assert ind.question_ru.endswith("?"), ind.id
        assert ind.phase in phases


def test_shipped_rules_load_with_their_verification_status() -> None:
    rules = load_rules()
    assert rules.verified_tags == frozenset({"V-P"})
    assert rules.threshold.verification == "V-S"
    assert [c.id for c in rules.threshold.clauses] == [
        "DIM_2_STRONG",
        "DIM_1_STRONG_1_OTHER",
        "DIM_3_MEDIUM",
        "DIM_2_MEDIUM_1_WEAK",
    ]
    assert [(r.id, r.outcome, r.verification) for r in rules.rules] == [
        ("ADULT_DELPHI", "presumed_victim", "R"),
        ("CHILD_PALERMO_3C", "presumed_victim", "INF"),
        ("POSSIBLE_ANY_DIMENSION", "possible_victim", "INF"),
        ("NOT_INDICATED", "not_indicated", "INF"),
    ]
    child = rules.rules[1]
    assert child.requires_act is True
    assert child.dimensions_all_of == (("EX",),)


# --- malformed catalogues ----------------------------------------------------------------------

HEAD = """
[[profiles]]
id = "adult_labour"
age_group = "adult"
form = "labour"
label_en = "Adult, labour"
label_ru = "Взрослый, труд"
source = "test"
verification = "V-S"

[[phases]]
id = "recruitment"
order = 1
label_en = "Recruitment"
label_ru = "Вербовка"

[[dimensions]]
id = "DR"
order = 1
stage = "recruitment"
label_en = "Deceptive recruitment"
label_ru = "Вербовка путём обмана"
palermo_element = "means"
source = "test"
verification = "V-S"

[[acts]]
id = "ACT_RECRUITMENT"
label_en = "Recruitment"
label_ru = "Вербовка"
source = "test"
verification = "V-P"

[[means]]
id = "MEANS_FRAUD"
label_en = "Fraud"
label_ru = "Мошенничество"
source = "test"
verification = "V-P"

[[purposes]]
id = "PURP_FORCED_LABOUR"
label_en = "Forced labour"
label_ru = "Принудительный труд"
source = "test"
verification = "V-P"
"""


def indicator(
    ind_id: str = "DR01",
    *,
    dimension: str = "DR",
    strength: str = 'adult_labour = "strong"',
    drop: str | None = None,
) -> str:
    fields = {
        "id": f'"{ind_id}"',
        "dimension": f'"{dimension}"',
        "phase": '"recruitment"',
        "label_en": '"Deceived about the job"',
        "label_ru": '"Обман о работе"',
        "question_en": '"Was the job different?"',
        "question_ru": '"Работа была другой?"',
        "source": '"test"',
        "verification": '"V-S"',
        "strength": f"{{ {strength} }}",
        "strength_verification": '{ adult_labour = "V-S" }',
    }
    if drop:
        del fields[drop]
    return "\n[[indicators]]\n" + "\n".join(f"{k} = {v}" for k, v in fields.items()) + "\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "catalogue.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_minimal_catalogue_loads(tmp_path: Path) -> None:
    catalogue = load_catalogue(write(tmp_path, indicator()))
    assert [i.id for i in catalogue.indicators] == ["DR01"]
    assert catalogue.forms == ("labour",)


def test_duplicate_indicator_id_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = write(tmp_path, indicator("DR01") + indicator("DR01"))
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    message = str(err.value)
    assert str(path) in message
    assert "indicators[1] (id 'DR01')" in message
    assert "duplicate id 'DR01'" in message


def test_indicator_id_clashing_with_an_act_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="duplicate id 'ACT_RECRUITMENT'"):
        load_catalogue(write(tmp_path, indicator("ACT_RECRUITMENT")))


def test_unknown_strength_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = write(tmp_path, indicator(strength='adult_labour = "strongish"'))
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    message = str(err.value)
    assert str(path) in message
    assert "indicators[0] (id 'DR01')" in message
    assert "unknown strength 'strongish' for profile 'adult_labour'" in message


def test_dimension_that_does_not_exist_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = write(tmp_path, indicator() + indicator("ZZ01", dimension="ZZ"))
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    message = str(err.value)
    assert str(path) in message
    assert "indicators[1] (id 'ZZ01')" in message
    assert "dimension 'ZZ' does not exist" in message


def test_missing_required_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"\(id 'DR01'\): missing required field 'label_ru'"):
        load_catalogue(write(tmp_path, indicator(drop="label_ru")))


def test_unknown_profile_in_strength_is_refused(tmp_path: Path) -> None:
    strength = 'adult_labour = "strong", adult_organs = "weak"'
    with pytest.raises(CatalogueError, match="unknown profile 'adult_organs'"):
        load_catalogue(write(tmp_path, indicator(strength=strength)))


def test_strength_missing_for_a_profile_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="missing 'strength' for profile 'adult_labour'"):
        load_catalogue(write(tmp_path, indicator(strength="")))


def test_invalid_toml_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[[indicators]\nid = ")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert str(err.value).startswith(f"{path}: not valid TOML")


# --- malformed rules ---------------------------------------------------------------------------


def write_rules(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_rule_naming_a_dimension_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    path = write_rules(tmp_path, '[["EX"]]', '[["EX", "XX"]]')
    with pytest.raises(CatalogueError) as err:
        load_rules(path)
    message = str(err.value)
    assert str(path) in message
    assert "rules[1] (id 'CHILD_PALERMO_3C')" in message
    assert "dimension 'XX' does not exist" in message


def test_duplicate_rule_id_is_refused(tmp_path: Path) -> None:
    path = write_rules(tmp_path, 'id = "NOT_INDICATED"', 'id = "ADULT_DELPHI"')
    with pytest.raises(CatalogueError, match=r"rules\[3\] \(id 'ADULT_DELPHI'\): duplicate id"):
        load_rules(path)


def test_unknown_outcome_is_refused(tmp_path: Path) -> None:
    path = write_rules(tmp_path, 'outcome = "possible_victim"', 'outcome = "maybe"')
    with pytest.raises(CatalogueError, match="outcome 'maybe' does not exist"):
        load_rules(path)


def test_rules_without_fallback_are_refused(tmp_path: Path) -> None:
    path = write_rules(tmp_path, "dimensions_all_of = []", 'dimensions_all_of = [["EX"]]')
    with pytest.raises(CatalogueError, match="no fallback rule"):
        load_rules(path)
