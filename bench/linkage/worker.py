"""One linker on one data set, in a process of its own so its wall time and peak memory are its own.

    python -m bench.linkage.worker TOOL DATASET OUT.npz [--path CSV] [--memory-limit 6GB]

Writes the predicted pairs (record uids, with probabilities where the tool gives them) and a JSON
blob of in-process timings to OUT.npz; the parent scores them (bench/linkage/__main__.py)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from bench.linkage import data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tool", choices=["splink", "azat"])
    parser.add_argument("dataset", choices=["febrl3", "febrl4", "central-asian"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--path", type=Path)
    parser.add_argument("--memory-limit")
    parser.add_argument("--no-explain", action="store_true", help="Azat: no per-link drivers")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.tool == "splink":
        from bench.linkage import run_splink

        rows = data.load(args.dataset, args.path)
        loaded = time.perf_counter()
        result = run_splink.run(args.dataset, rows)
    else:
        from bench.linkage import run_azat

        records = run_azat.records(args.dataset, args.path)
        loaded = time.perf_counter()
        result = run_azat.run(records, memory_limit=args.memory_limit, explain=not args.no_explain)
    finished = time.perf_counter()
    meta = {
        "load_s": loaded - started,
        "link_s": finished - loaded,
        "phases": result.get("phases", {}),
        "stats": result.get("stats", {}),
        "candidate_pairs": result.get("candidate_pairs"),
    }
    np.savez(
        args.out,
        left=np.asarray(result["left"], dtype=np.int64),
        right=np.asarray(result["right"], dtype=np.int64),
        probability=np.asarray(result.get("probability", []), dtype=np.float64),
        meta=np.asarray(json.dumps(meta, default=str)),
        **{k: np.asarray(v, dtype=np.int64) for k, v in result.get("clusters", {}).items()},
    )


if __name__ == "__main__":
    main()
