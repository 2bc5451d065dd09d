"""Blocking recall of Azat's rules, and of candidate extra rules, without running the model.

    python -m bench.linkage.blocking febrl3|febrl4|central-asian [--path CSV]

Computes every record's comparison keys (azat.linkage.keys), then for each blocking rule the true
pairs it admits and the candidate pairs it generates (Σ C(k,2) over its key groups). Extra rules
are tried one at a time on top of the engine's union: how many of the pairs the union loses each
would recover, and at what cost in candidate pairs. A diagnostic for the engine's authors.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from azat.linkage.engine import BLOCKING_RULES
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


# Rules written as SQL in the engine, restated here (see engine.BLOCKING_RULES).
def _name_without_year(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(
        a["given_skel"] and a["given_skel"] == b["given_skel"] and a["family_stem"]
        and a["family_stem"] == b["family_stem"] and (not a["birth_year"] or not b["birth_year"])
    )  # fmt: skip


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
    args = parser.parse_args()
    keys = [record_keys(r) for r in run_azat.records(args.dataset, args.path)]
    rows = data.load(args.dataset, args.path)
    entity = np.array([r["entity"] for r in rows])
    source = np.array([r["source"] for r in rows]) if args.dataset == "febrl4" else None
    n = len(keys)
    pairs = [(k // n, k % n) for k in metrics.truth_pairs(entity, source).tolist()]
    engine: dict[str, Key | None] = {}
    for rule in BLOCKING_RULES:
        if isinstance(rule, tuple):
            engine[" + ".join(rule)] = _columns(*rule)
        elif "given_skel" in rule and "birth_year IS NULL" in rule:
            engine["given_skel + family_stem, a year unknown"] = None
        else:
            print(f"(SQL rule not restated here, left out: {rule})")

    def admits(key: Key | None, a: int, b: int) -> bool:
        if key is None:
            return _name_without_year(keys[a], keys[b])
        ka = key(keys[a])
        return ka is not None and ka == key(keys[b])

    covered = [any(admits(k, a, b) for k in engine.values()) for a, b in pairs]
    lost = [p for p, c in zip(pairs, covered, strict=True) if not c]
    print(f"{args.dataset}: {len(pairs)} true pairs; the engine's {len(engine)} rules admit "
          f"{sum(covered)} ({sum(covered) / len(pairs):.2%}), lose {len(lost)}")  # fmt: skip
    print("\nengine rule: true pairs admitted / candidate pairs")
    for name, key in engine.items():
        hits = sum(admits(key, a, b) for a, b in pairs)
        cost = _cost(keys, key) if key else "-"
        print(f"  {name:<55} {hits:>7} / {cost}")
    print("\nextra rule: lost pairs it recovers / candidate pairs it generates")
    for name, key in EXTRA.items():
        print(f"  {name:<55} {sum(admits(key, a, b) for a, b in lost):>7} / {_cost(keys, key)}")


if __name__ == "__main__":
    main()
