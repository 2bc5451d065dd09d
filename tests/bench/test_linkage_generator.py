"""Smoke test of the benchmark's synthetic Central Asian generator (bench/linkage/generate.py)."""

from __future__ import annotations

import re
from collections import Counter

from bench.linkage.generate import COLUMNS, NATIONALITIES, generate, patronymic_forms, tajik_forms

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіЎўҲҳҶҷӢӣӮӯ]")
LATIN = re.compile(r"[A-Za-z]")


def test_same_seed_gives_the_same_records_and_another_seed_does_not() -> None:
    assert generate(500, seed=3) == generate(500, seed=3)
    assert generate(500, seed=3) != generate(500, seed=4)


def test_records_carry_every_column_and_a_ground_truth_person() -> None:
    rows = generate(3000, seed=7)
    assert len(rows) == 3000
    assert all(tuple(row) == COLUMNS for row in rows)
    assert len({row["record_id"] for row in rows}) == len(rows)
    sizes = Counter(Counter(row["person_id"] for row in rows).values())
    assert set(sizes) <= {1, 2, 3, 4, 5}
    assert sizes[1] > sizes[2] > sizes[5] > 0  # many singletons, some people seen five times


def test_every_nationality_and_both_scripts_are_present() -> None:
    rows = generate(3000, seed=7)
    assert {row["nationality"] for row in rows} == set(NATIONALITIES)
    names = [row["family_name"] for row in rows if row["family_name"]]
    assert sum(bool(CYRILLIC.search(n)) for n in names) > len(names) / 5
    assert sum(bool(LATIN.search(n)) and not CYRILLIC.search(n) for n in names) > len(names) / 3


def test_tajik_surnames_and_patronymics_come_in_their_several_forms() -> None:
    assert tajik_forms("Раҳимов", "f") == ["Раҳимова", "Раҳимзода", "Раҳимӣ"]
    assert patronymic_forms("Нурлан", "kg", "m") == ["Нурланович", "Нурлан уулу"]
    assert patronymic_forms("Юрий", "ru", "f") == ["Юрьевна"]
