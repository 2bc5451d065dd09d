"""Field-by-field comparison outcomes: codes only, the best over every variant pair."""

from __future__ import annotations

from azat.linkage import outcomes
from azat.linkage.records import Record


def _compare(a: Record, b: Record) -> dict[str, str]:
    return {o.field: o.outcome for o in outcomes.compare([a], [b])}


def test_cyrillic_and_latin_spellings_agree_after_transliteration():
    result = _compare(
        Record("1", "Жылдыз", "Ахметова", birth_date="1995-03-14", document_number="AC1234567"),
        Record("2", "Zhyldyz", "Akhmetova", birth_date="1995", document_number="АС1234567"),
    )
    assert result["given_name"] == outcomes.TRANSLITERATION
    assert result["family_name"] == outcomes.TRANSLITERATION
    assert result["birth_date"] == outcomes.SAME_YEAR
    assert result["document"] == outcomes.EXACT
    assert result["sex"] == outcomes.MISSING


def test_tajik_surname_forms_share_a_stem_and_similar_names_are_similar():
    result = _compare(Record("1", "Фарход", "Рахмонов"), Record("2", "Farrukh", "Rahmonzoda"))
    assert result["family_name"] == outcomes.STEM
    assert result["given_name"] == outcomes.SIMILAR


def test_swapped_given_and_family_name():
    result = _compare(Record("1", "Ахметова", "Жылдыз"), Record("2", "Zhyldyz", "Akhmetova"))
    assert result["given_name"] == outcomes.SWAPPED


def test_best_outcome_over_variant_records():
    left = [Record("1", "Jyldyz", "Ahmetova"), Record("1.n", "Жылдыз", "Ахметова")]
    result = {o.field: o.outcome for o in outcomes.compare(left, [Record("2", "Жылдыз", "X")])}
    assert result["given_name"] == outcomes.EXACT


def test_one_character_off_document_is_similar_and_other_years_differ():
    result = _compare(
        Record("1", document_number="N1234567", birth_date="1990"),
        Record("2", document_number="N1234568", birth_date="1970"),
    )
    assert result["document"] == outcomes.SIMILAR
    assert result["birth_date"] == outcomes.DIFFERENT


def test_a_similar_spelling_or_a_year_apart_is_partial_not_agreement():
    found = outcomes.compare(
        [Record("1", "Фарход", "Рахмонов", birth_date="1990")],
        [Record("2", "Farrukh", "Rahmonzoda", birth_date="1991")],
    )
    by_field = {o.field: o for o in found}
    for field in ("given_name", "birth_date"):
        assert by_field[field].partial and not by_field[field].agrees
    assert by_field["family_name"].agrees and not by_field["family_name"].partial
    assert not by_field["sex"].agrees and not by_field["sex"].partial
