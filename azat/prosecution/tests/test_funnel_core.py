"""Funnel counts and small-cell suppression, without a database."""

from __future__ import annotations

from azat.prosecution.funnel import Cell, Record, funnel


def records(country, year, statuses, convicted=0):
    out = [Record(country, year, s) for s in statuses]
    if convicted:
        out[0] = Record(country, year, statuses[0], convicted)
    return out


def test_counts_split_registered_cases_into_court_dismissed_pending():
    data = records("KG", 2020, ["court"] * 2 + ["dismissed"] * 7 + ["investigation"] * 6)
    (row,) = funnel(data, suppress=False)
    assert (row.registered, row.court, row.dismissed, row.pending) == (
        Cell(15),
        Cell(2),
        Cell(7),
        Cell(6),
    )


def test_small_cells_are_hidden_for_readers_without_the_files():
    data = records("KG", 2020, ["court"] * 2 + ["dismissed"] * 7 + ["investigation"] * 6)
    (row,) = funnel(data, suppress=True)
    assert row.registered == Cell(15)
    assert row.court == Cell(None, "small")
    assert row.dismissed == Cell(7)
    # 15 - 7 - 6 would give the hidden 2 away, so the smaller other part is hidden as well.
    assert row.pending == Cell(None, "hidden")


def test_a_lone_hidden_part_hides_the_smallest_other_part_too():
    data = records("KG", 2021, ["court"] * 2 + ["dismissed"] * 6)
    (row,) = funnel(data, suppress=True)
    assert row.court == Cell(None, "small")
    assert row.dismissed == Cell(None, "hidden")
    assert row.pending == Cell(0)


def test_zero_is_shown_as_zero():
    data = records("UZ", 2024, ["dismissed"] * 5)
    (row,) = funnel(data, suppress=True)
    assert row.court == Cell(0) and row.pending == Cell(0) and row.dismissed == Cell(5)


def test_convictions_are_summed_and_suppressed():
    data = records("KZ", 2025, ["verdict"] * 6, convicted=3)
    (row,) = funnel(data, suppress=True)
    assert row.convicted == Cell(None, "small")
    assert funnel(data, suppress=False)[0].convicted == Cell(3)


def test_rows_are_per_country_newest_year_first():
    data = (
        records("KZ", 2024, ["court"])
        + records("KG", 2023, ["court"])
        + records("KG", 2025, ["court"])
    )
    assert [(r.country, r.year) for r in funnel(data, suppress=False)] == [
        ("KG", 2025),
        ("KG", 2023),
        ("KZ", 2024),
    ]
