"""Why Azat misses true pairs: a diagnostic beside the benchmark (not part of its figures).

    python -m bench.linkage.misses febrl3|febrl4|central-asian [--path CSV] [--show 20]

Runs Azat's linker keeping every scored candidate pair (min_probability ≈ 0), then splits the
true pairs it did not link at p ≥ 0.5 into "never a candidate" (lost by blocking) and "scored
below 0.5" (lost by the comparisons), counts them by how the two records were written and what
noise the generator put in, and prints examples with the comparison keys and the drivers.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from azat.linkage.engine import link
from azat.linkage.keys import record_keys
from bench.linkage import data, metrics, run_azat

KEYS = ("given_skel", "family_skel", "family_stem", "birth_date", "birth_year", "phone_e164",
        "document_key", "patronymic_stem")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=["febrl3", "febrl4", "central-asian"])
    parser.add_argument("--path", type=Path)
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--false", type=float, metavar="P", help="show false links at p ≥ P")
    args = parser.parse_args()
    records = run_azat.records(args.dataset, args.path)
    rows = data.load(args.dataset, args.path)
    entity = np.array([r["entity"] for r in rows])
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


if __name__ == "__main__":
    main()
