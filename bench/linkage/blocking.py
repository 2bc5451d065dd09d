"""Blocking recall of Azat's rules, and of candidate extra rules, without running the model.

    python -m bench.linkage.blocking febrl3|febrl4|central-asian [--path CSV]

Computes every record's comparison keys (azat.linkage.keys), then for each of the engine's blocking
rules (the broad ones this file can afford included) the true pairs it admits and the candidate
pairs it generates, running the rules' own SQL in DuckDB. Extra rules
are tried one at a time on top of the engine's union: how many of the pairs the union loses each
would recover, and at what cost in candidate pairs. A diagnostic for the engine's authors.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from azat.linkage.engine import BLOCKING_RULES, broad_rules
from azat.linkage.keys import record_keys
from bench.linkage import data, metrics, run_azat

Key = Callable[[dict[str, Any]], tuple | None]


def _columns(*names: str) -> Key:
    def key(k: dict[str, Any]) -> tuple | None:
        values = tuple(k.get(n) for n in names)
        return None if any(v is None for v in values) else values

    return key


def _prefix(column: str, length: int, *others: str) -> Key:
    def key(k: dict[str, Any]) -> tuple | None:
        rest = _columns(*others)(k)
        return None if not k.get(column) or rest is None else (k[column][:length], *rest)

    return key


EXTRA: dict[str, Key] = {
    "family_stem + birth_date": _columns("family_stem", "birth_date"),
    "family_stem + given_skel (any year)": _columns("family_stem", "given_skel"),
    "swap_key (any year)": _columns("swap_key"),
    "given_skel + patronymic_stem": _columns("given_skel", "patronymic_stem"),
    "family_stem + patronymic_stem": _columns("family_stem", "patronymic_stem"),
    "family_skel[:3] + given_skel[:3] + birth_year": lambda k: (
        None
        if not (k["family_skel"] and k["given_skel"] and k["birth_year"])
        else (k["family_skel"][:3], k["given_skel"][:3], k["birth_year"])
    ),
    "sorted(given_skel[:3], family_skel[:3]) + birth_year": lambda k: (
        None
        if not (k["family_skel"] and k["given_skel"] and k["birth_year"])
        else (*sorted((k["family_skel"][:3], k["given_skel"][:3])), k["birth_year"])
    ),
    "document_key[:6]": _prefix("document_key", 6),
    "birth_date + place_skel": _columns("birth_date", "place_skel"),
}


def _cost(keys: list[dict[str, Any]], key: Key) -> int:
    groups = Counter(v for v in map(key, keys) if v is not None)
    return sum(k * (k - 1) // 2 for k in groups.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=["febrl3", "febrl4", "central-asian"])
    parser.add_argument("--path", type=Path)
    parser.add_argument(
        "--try",
        dest="tries",
        action="append",
        default=[],
        metavar="SQL",
        help="an extra rule as Splink SQL over l. and r. (repeatable)",
    )
    args = parser.parse_args()
    keys = [record_keys(r) for r in run_azat.records(args.dataset, args.path)]
    rows = data.load(args.dataset, args.path)
    entity = np.array([r["entity"] for r in rows])
    source = np.array([r["source"] for r in rows]) if args.dataset == "febrl4" else None
    n = len(keys)
    pairs = [(k // n, k % n) for k in metrics.truth_pairs(entity, source).tolist()]
    # The engine's own rules, as the SQL it gives Splink (the broad ones this file can afford
    # included), run by DuckDB over the keys: nothing restated by hand.
    rules = [rule if isinstance(rule, str) else " AND ".join(f"l.{c} = r.{c}" for c in rule)
             for rule in BLOCKING_RULES] + [rule.sql for rule in broad_rules(keys)]  # fmt: skip
    table = pa.Table.from_pylist([{**k, "i": i} for i, k in enumerate(keys)])
    db = duckdb.connect()
    db.register("k", table)
    db.register("truth", pa.table({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]}))
    joined = "FROM truth JOIN k l ON l.i = truth.a JOIN k r ON r.i = truth.b"
    union = " OR ".join(f"coalesce(({rule}), false)" for rule in rules)
    lost = db.execute(f"SELECT truth.a, truth.b {joined} WHERE NOT ({union})").fetchall()
    db.register("lost", pa.table({"a": [a for a, _ in lost], "b": [b for _, b in lost]}))
    admitted = len(pairs) - len(lost)
    print(f"{args.dataset}: {len(pairs)} true pairs; the engine's {len(rules)} rules admit "
          f"{admitted} ({admitted / len(pairs):.2%}), lose {len(lost)}")  # fmt: skip
    print("\nengine rule: true pairs admitted / candidate pairs")
    pairs_sql = "SELECT count(*) FROM k l JOIN k r ON l.i < r.i AND "
    for rule in rules:  # the engine's own SQL, no outside input
        hits = db.execute(f"SELECT count(*) {joined} WHERE {rule}").fetchall()
        cost = db.execute(pairs_sql + rule).fetchall()
        print(f"  {rule:<90} {hits[0][0]:>7} / {cost[0][0]}")

    def admits(key: Key, a: int, b: int) -> bool:
        ka = key(keys[a])
        return ka is not None and ka == key(keys[b])

    lost_joined = "FROM lost JOIN k l ON l.i = lost.a JOIN k r ON r.i = lost.b"
    if args.tries:
        print("\nrule tried: lost pairs it recovers / candidate pairs it generates")
    for rule in args.tries:
        # Both orders of a lost pair: a rule need not be symmetric.
        found = db.execute(
            f"SELECT count(*) {lost_joined} WHERE ({rule}) OR "
            f"({rule.replace('l.', 'x.').replace('r.', 'l.').replace('x.', 'r.')})"
        ).fetchall()
        cost = db.execute(pairs_sql + f"({rule})").fetchall()
        print(f"  {rule:<90} {found[0][0]:>7} / {cost[0][0]}")

    print("\nextra rule: lost pairs it recovers / candidate pairs it generates")
    for name, key in EXTRA.items():
        print(f"  {name:<55} {sum(admits(key, a, b) for a, b in lost):>7} / {_cost(keys, key)}")


if __name__ == "__main__":
    main()
