"""Victim statistics: persons (clusters) counted once beside records; small cells suppressed."""

from __future__ import annotations

from azat.reporting.suppression import Cell, breakdown, primary
from azat.reporting.victims import PersonFacts, tables


def _facts(cluster: str, country: str = "KG", year: int = 2026, sex: str = "Feminine", forms=()):
    return PersonFacts(cluster, country, year, sex, tuple(forms) or ("ForcedLabour",))


def test_small_counts_show_as_less_than_five_and_zero_stays_zero():
    assert primary(0) == Cell(0)
    assert primary(4) == Cell(None, "small")
    assert primary(5) == Cell(5)
    assert primary(3, suppress=False) == Cell(3)


def test_a_single_hidden_cell_hides_the_next_smallest_too():
    cells = breakdown({"a": 2, "b": 7, "c": 12})
    assert cells["a"].mark == "small"
    assert cells["b"].mark == "hidden"
    assert cells["c"] == Cell(12)


def test_a_person_known_to_three_organisations_counts_once():
    facts = [_facts("p1", "KG", 2025), _facts("p1", "KZ", 2026), _facts("p1", "KZ", 2026)]
    facts += [_facts(f"q{i}") for i in range(6)]
    result = tables(facts, suppress=False)
    assert result.total.persons.count == 7
    assert result.total.records.count == 9
    years = {row.key: row for row in result.by_year}
    assert years["2025"].persons.count == 1  # first identified in 2025, counted there only
    assert years["2026"].persons.count == 6
    assert years["2026"].records.count == 8
    countries = {row.key: row for row in result.by_country}
    assert countries["KZ"].persons.count == 1
    assert countries["KZ"].records.count == 2


def test_statistics_suppress_small_cells_of_persons_and_records():
    facts = [_facts(f"p{i}") for i in range(8)] + [_facts("m1", sex="Masculine")]
    result = tables(facts)
    sexes = {row.key: row for row in result.by_sex}
    assert sexes["Masculine"].persons == Cell(None, "small")
    assert sexes["Feminine"].persons == Cell(None, "hidden")  # 9 - "<5" would reveal it
    assert result.total.persons == Cell(9)


def test_unknown_sex_counts_only_when_no_record_of_the_person_says_more():
    facts = [_facts("p1", sex="NonSpecifiedUnknown"), _facts("p1", sex="Feminine")]
    result = tables(facts, suppress=False)
    sexes = {row.key: row.persons.count for row in result.by_sex}
    assert sexes == {"Feminine": 1, "NonSpecifiedUnknown": 0}
