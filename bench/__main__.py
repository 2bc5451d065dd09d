"""`make bench`: micro-benchmarks of the pure cores the product leans on. Never part of make test.

Prints per benchmark the operations per second and the p50/p95 time of one call, and writes them to
bench/results/latest.json."""

from __future__ import annotations

import base64
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from azat.core.crypto import KeyRing, keyed_hash
from azat.core.translit import lookup_form

RING = KeyRing.parse("b1:" + base64.b64encode(b"k" * 32).decode())
TOKEN = RING.encrypt("Жылдыз Ахметова", context="bench.Person.name")


def measure(name: str, func: Callable[[], object], repeat: int = 20_000) -> dict[str, float | str]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        func()
        timings.append(time.perf_counter_ns() - start)
    timings.sort()
    return {
        "benchmark": name,
        "calls": repeat,
        "ops_per_s": round(1e9 / statistics.fmean(timings)),
        "p50_us": round(timings[len(timings) // 2] / 1000, 2),
        "p95_us": round(timings[int(len(timings) * 0.95)] / 1000, 2),
    }


def main() -> None:
    results = [
        measure(
            "encrypt a name", lambda: RING.encrypt("Жылдыз Ахметова", context="bench.Person.name")
        ),
        measure("decrypt a name", lambda: RING.decrypt(TOKEN, context="bench.Person.name")),
        measure("lookup form of a name", lambda: lookup_form("Жылдыз Ахметова кызы")),
        measure(
            "keyed hash of a lookup form",
            lambda: keyed_hash(b"k" * 32, purpose="name", normalised="axmetova jildiz"),
        ),
    ]
    try:
        from azat.screening.catalogue import load_catalogue, load_rules
        from azat.screening.rules import screen

        catalogue, rules = load_catalogue(), load_rules()
        answers = {"DR01": True, "EX04": True, "CD01": True, "VR01": None}
        results.append(
            measure(
                "screening engine, one interview",
                lambda: screen(
                    catalogue, rules, age=None, acts=["ACT_RECRUITMENT"], answers=answers
                ),
                repeat=2_000,
            )
        )
    except ImportError:
        pass
    for row in results:
        print(
            f"{row['benchmark']:<36} {row['ops_per_s']:>10} ops/s   "
            f"p50 {row['p50_us']:>8} µs   p95 {row['p95_us']:>8} µs"
        )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
