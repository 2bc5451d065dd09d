"""Why Azat misses true pairs: a diagnostic beside the benchmark (not part of its figures).

    python -m bench.linkage.misses febrl3|febrl4|central-asian [--path CSV] [--show 20]
        [--oracle] [--by-evidence] [--false P]

Runs Azat's linker keeping every scored candidate pair (min_probability ≈ 0), then splits the
true pairs it did not link at p ≥ 0.5 into "never a candidate" (lost by blocking) and "scored
below 0.5" (lost by the comparisons), counts them by how the two records were written and what
noise the generator put in, and prints examples with the comparison keys and the drivers.

``--oracle`` also offers every true pair to the model (a blocking rule on the truth), so what is
still missed is the comparisons' doing, not blocking's. ``--by-evidence`` counts true pairs, missed
pairs and false links at p ≥ 0.5 by what the two records share besides names.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from azat.linkage import engine
from azat.linkage.engine import link
from azat.linkage.keys import KEY_COLUMNS, record_keys
from bench.linkage import data, metrics, run_azat

KEYS = ("given_skel", "family_skel", "family_stem", "birth_date", "birth_year", "phone_e164",
        "document_key", "patronymic_stem")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=["febrl3", "febrl4", "central-asian"])
    parser.add_argument("--path", type=Path)
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--false", type=float, metavar="P", help="show false links at p ≥ P")
    parser.add_argument("--oracle", action="store_true", help="also block on the truth")
    parser.add_argument("--by-evidence", action="store_true")
    args = parser.parse_args()
    records = run_azat.records(args.dataset, args.path)
    rows = data.load(args.dataset, args.path)
    entity = np.array([r["entity"] for r in rows])
    if args.oracle:
        _block_on_truth(records, entity)
    source = np.array([r["source"] for r in rows]) if args.dataset == "febrl4" else None
    result = link(records, min_probability=1e-9)
    scored = {(int(x.left), int(x.right)): x for x in result.links}
    scored |= {(b, a): x for (a, b), x in list(scored.items())}
    n = len(records)
    missed = []
    for key in metrics.truth_pairs(entity, source).tolist():
        pair = (key // n, key % n)
        hit = scored.get(pair)
        if hit is None or hit.probability < 0.5:
            missed.append((pair, hit))
    blocked = [m for m in missed if m[1] is None]
    print(f"{args.dataset}: {len(missed)} true pairs missed at p ≥ 0.5 — {len(blocked)} never "
          f"candidates (blocking), {len(missed) - len(blocked)} scored below 0.5")  # fmt: skip
    if "writing" in rows[0]:
        for label, group in (("blocking", blocked), ("score", [m for m in missed if m[1]])):
            kinds = Counter(
                " + ".join(sorted((rows[a]["writing"], rows[b]["writing"]))) for (a, b), _ in group
            )
            noise = Counter(
                flag for (a, b), _ in group for flag in
                set(f"{rows[a]['noise']} {rows[b]['noise']}".split()) or {"none"}
            )  # fmt: skip
            print(f"  {label}: by writing {kinds.most_common(8)}")
            print(f"  {label}: by noise {noise.most_common(8)}")
    for (a, b), hit in missed[: args.show]:
        print(f"\n— pair {a}/{b}: " + (f"p={hit.probability:.3f}" if hit else "not a candidate"))
        for i in (a, b):
            r = records[i]
            keys = record_keys(r)
            print(f"   {r.given_name!r} {r.family_name!r} {r.patronymic!r} {r.birth_date!r} "
                  f"{r.phone!r} {r.document_number!r} {r.place!r} "
                  f"{rows[i].get('writing', '')} {rows[i].get('noise', '')}")  # fmt: skip
            print("      " + " ".join(f"{k}={keys[k]}" for k in KEYS))
        if hit:
            print("   drivers: " + ", ".join(f"{n}:{lv}:{w:+.1f}" for n, lv, w in hit.drivers))
    if args.by_evidence:
        _by_evidence(records, entity, source, result.links)
    if args.false is not None:
        wrong = [x for x in result.links if x.probability >= args.false
                 and entity[int(x.left)] != entity[int(x.right)]]  # fmt: skip
        print(f"\nfalse links at p ≥ {args.false}: {len(wrong)}")
        print("  by drivers: " + str(Counter(
            " ".join(f"{n}:{lv}" for n, lv, w in x.drivers if w > 0) for x in wrong
        ).most_common(10)))  # fmt: skip
        for x in wrong[: args.show]:
            print(f"\n— false link {x.left}/{x.right}: p={x.probability:.3f}")
            for i in (int(x.left), int(x.right)):
                r = records[i]
                print(f"   {r.given_name!r} {r.family_name!r} {r.patronymic!r} {r.birth_date!r} "
                      f"{r.phone!r} {r.document_number!r} {r.place!r}")  # fmt: skip
            print("   drivers: " + ", ".join(f"{n}:{lv}:{w:+.1f}" for n, lv, w in x.drivers))
    sys.stdout.flush()


def _block_on_truth(records: list, entity: np.ndarray) -> None:
    """Give the engine one more key, the true person, and one more rule on it. A diagnostic's
    patch of the engine module for this process only; the engine itself has no such hook."""
    person = {r.record_id: str(e) for r, e in zip(records, entity, strict=True)}
    keys_of = engine.record_keys

    def with_truth(record, **options):  # type: ignore[no-untyped-def]
        return {**keys_of(record, **options), "oracle": person[record.record_id]}

    engine.record_keys = with_truth  # type: ignore[assignment]
    engine.KEY_COLUMNS = (*KEY_COLUMNS, "oracle")
    engine.BLOCKING_RULES = (*engine.BLOCKING_RULES, ("oracle",))


def _shared(a: dict, b: dict) -> str:
    """What two records' keys share besides names: date or year, phone, document, patronymic."""
    found = []
    if a["birth_year"] and b["birth_year"]:
        if a["birth_date"] and a["birth_date"] == b["birth_date"]:
            found.append("date")
        else:
            found.append("year" if a["birth_year"] == b["birth_year"] else "another year")
    if a["phone_tail"] and a["phone_tail"] == b["phone_tail"]:
        found.append("phone")
    if a["document_key"] and a["document_key"] == b["document_key"]:
        found.append("document")
    if a["patronymic_stem"] and b["patronymic_stem"]:
        found.append("patronymic on both")
    return " + ".join(found) or "names only"


def _by_evidence(records: list, entity: np.ndarray, source: np.ndarray | None, links: list) -> None:
    keys = [record_keys(r) for r in records]
    n = len(records)
    found = {(int(x.left), int(x.right)): x.probability for x in links}
    true: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    false: Counter[str] = Counter()
    for key in metrics.truth_pairs(entity, source).tolist():
        a, b = key // n, key % n
        kind = _shared(keys[a], keys[b])
        true[kind] += 1
        if max(found.get((a, b), 0.0), found.get((b, a), 0.0)) < 0.5:
            missed[kind] += 1
    for (a, b), probability in found.items():
        cross = source is None or source[a] != source[b]
        if probability >= 0.5 and entity[a] != entity[b] and cross:
            false[_shared(keys[a], keys[b])] += 1
    print(f"\n{'shared besides names':<45} {'true':>6} {'missed':>6} {'false':>6}")
    for kind in sorted(set(true) | set(false), key=lambda k: -true[k]):
        print(f"{kind:<45} {true[kind]:>6} {missed[kind]:>6} {false[kind]:>6}")


if __name__ == "__main__":
    main()
