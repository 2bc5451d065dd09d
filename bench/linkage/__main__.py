"""`make bench-linkage`: Azat's linker beside Splink on FEBRL3/FEBRL4 and on generated Central
Asian records, then Azat alone at scale (issue #7, point 5). Never part of `make test`.

    python -m bench.linkage [--only febrl|central-asian|scale] [--scale 100000,1000000]
                            [--ca-records 20000] [--seed 7] [--memory-limit 6GB]

Each linker runs in a fresh subprocess (bench/linkage/worker.py); its wall time is the process's
(start-up, imports and reading the data included) and its peak memory the process's maximum RSS
(``os.wait4``). The figures are scored here with the definitions of ../shared/domain/linkage.md
(bench/linkage/metrics.py). Results merge into bench/linkage/results/latest.{json,md} by part, so
one part can be re-run without losing the others; the table is printed to stdout.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from bench.linkage import data, generate, metrics

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).parent / "results"
PARTS = ("febrl", "central-asian", "scale")
RSS_CAP_MB = 14_000  # the machine is shared: a runaway run is stopped well before it hurts others


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    info = Path("/proc/meminfo").read_text().split("\n")[0].split()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    versions = {p: metadata.version(p) for p in ("splink", "duckdb", "recordlinkage", "numpy")}
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(int(info[1]) / 2**20, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "versions": versions,
        "commit": commit,
    }


def engine_version() -> str:
    """The last commit touching azat/linkage, "+" when its working tree differs from it."""
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run(
        [*git, "log", "-1", "--format=%h", "--", "azat/linkage"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "azat/linkage"], capture_output=True, text=True
    ).stdout.strip()
    return commit + ("+" if dirty else "")


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_worker(
    tool: str,
    dataset: str,
    path: Path | None = None,
    memory_limit: str | None = None,
    timeout: float = 3600,
    explain: bool = True,
) -> dict[str, Any]:
    """Run one linker in a fresh process; pairs, in-process timings, wall time and peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.npz"
        command = [sys.executable, "-m", "bench.linkage.worker", tool, dataset, str(out)]
        if path:
            command += ["--path", str(path)]
        if memory_limit:
            command += ["--memory-limit", memory_limit]
        if not explain:
            command.append("--no-explain")
        version = engine_version() if tool == "azat" else "-"
        log(f"{tool} on {dataset}{f' ({path.name})' if path else ''} (engine {version}) …")
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT)
        killed: list[str] = []
        finished = threading.Event()

        def watch() -> None:  # stop a run past the time limit or the RSS cap
            while not finished.wait(0.5):  # never poll(): os.wait4 below must reap the child
                if time.perf_counter() - started > timeout:
                    killed.append(f"timeout after {timeout:.0f} s")
                elif _rss_mb(process.pid) > RSS_CAP_MB:
                    killed.append(f"RSS above {RSS_CAP_MB} MB")
                if killed:
                    process.kill()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(process.pid, 0)
        finished.set()
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        watcher.join()
        run: dict[str, Any] = {
            "tool": tool,
            "dataset": dataset,
            "wall_s": wall,
            "peak_mb": usage.ru_maxrss / 1024,
            "exit": process.returncode,
            "engine": version,
        }
        if process.returncode != 0 or not out.exists():
            run["error"] = killed[0] if killed else f"exit code {process.returncode}"
            log(f"  failed: {run['error']}")
            return run
        with np.load(out) as saved:
            run.update(
                left=saved["left"],
                right=saved["right"],
                probability=saved["probability"],
                meta=json.loads(str(saved["meta"])),
                clusters={k: saved[k] for k in saved.files if k.startswith("clusters_")},
            )
        log(f"  {wall:.1f} s, peak {run['peak_mb']:.0f} MB, {len(run['left'])} pairs")
        return run


def truth(dataset: str, path: Path | None) -> tuple[np.ndarray, np.ndarray | None]:
    if dataset in ("febrl3", "febrl4"):
        rows = data.febrl(dataset)
        entity = np.array([r["entity"] for r in rows])
        source = np.array([r["source"] for r in rows]) if dataset == "febrl4" else None
        return entity, source
    assert path is not None
    with path.open(encoding="utf-8", newline="") as handle:
        ids = [row["person_id"] for row in csv.DictReader(handle)]
    return np.unique(ids, return_inverse=True)[1], None


def rows_for(
    run: dict[str, Any],
    label: str,
    entity: np.ndarray,
    source: np.ndarray | None,
    truth_pairs: np.ndarray,
    thresholds: tuple[float, ...],
) -> list[dict[str, Any]]:
    base = {
        "dataset": label,
        "records": len(entity),
        "true_persons": len(np.unique(entity)),
        "wall_s": round(run["wall_s"], 1),
        "peak_mb": round(run["peak_mb"]),
        "engine": run["engine"],
    }
    if "error" in run:
        return [{**base, "tool": run["tool"], "error": run["error"]}]
    meta = run["meta"]
    base |= {
        "load_s": round(meta["load_s"], 1),
        "link_s": round(meta["link_s"], 1),
        "stats": meta.get("stats", {}),
    }
    out = []
    for threshold in thresholds:
        keep = run["probability"] >= threshold if len(run["probability"]) else slice(None)
        figures = metrics.score(run["left"][keep], run["right"][keep], entity, source, truth_pairs)
        engine_clusters = run.get("clusters", {}).get(f"clusters_{round(threshold * 100):03d}")
        if engine_clusters is not None:  # the linker's own clustering, not components of links
            labels = np.unique(engine_clusters, return_inverse=True)[1]
            persons, true_persons = int(labels.max()) + 1, figures["true_persons"]
            figures |= {
                "clustered": metrics.clustered(labels, entity, source),
                "clustering": "engine",
                "largest_cluster": int(np.bincount(labels).max()),
                "persons": persons,
                "persons_error": (persons - true_persons) / true_persons,
            }
        out.append({**base, "tool": f"{run['tool']} p≥{threshold:g}", **figures})
    return out


def part_febrl(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = []
    for dataset in ("febrl3", "febrl4"):
        entity, source = truth(dataset, None)
        pairs = metrics.truth_pairs(entity, source)
        label = dataset.upper() + (" (cross-file pairs)" if source is not None else "")
        rows += rows_for(run_worker("splink", dataset), label, entity, source, pairs, (0.5,))
        rows += rows_for(run_worker("azat", dataset), label, entity, source, pairs, (0.5, 0.95))
    return rows


def generated_file(records: int, seed: int) -> Path:
    path = data.DATA_DIR / f"central-asian-{records}-seed{seed}.csv"
    if not path.exists():
        log(f"generating {records} records (seed {seed}) → {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        generate.write_csv(path, records=records, seed=seed)
    return path


def part_central_asian(args: argparse.Namespace) -> list[dict[str, Any]]:
    path = generated_file(args.ca_records, args.seed)
    entity, source = truth("central-asian", path)
    pairs = metrics.truth_pairs(entity, source)
    label = f"Central Asian {args.ca_records:,}"
    evidence = data.shared_evidence(path)
    rows = rows_for(run_worker("splink", "central-asian", path), label, entity, None, pairs, (0.5,))
    rows += rows_for(
        run_worker("azat", "central-asian", path), label, entity, None, pairs, (0.5, 0.95)
    )
    return [{**row, "evidence": evidence} for row in rows]


def part_scale(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = []
    for size in args.scale:
        path = generated_file(size, args.seed)
        run = run_worker(  # as `manage.py link` runs a data hub's file: no per-link drivers
            "azat",
            "central-asian",
            path,
            memory_limit=args.memory_limit,
            timeout=args.timeout,
            explain=False,
        )
        entity, _ = truth("central-asian", path)
        pairs = metrics.truth_pairs(entity)
        rows += rows_for(run, f"scale {size:,}", entity, None, pairs, (0.5, 0.95))
    return rows


def targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Issue #7's targets, each judged from the rows of this results file."""

    def find(dataset: str, tool: str) -> dict[str, Any] | None:
        return next(
            (r for r in rows if r["dataset"].startswith(dataset) and r["tool"] == tool), None
        )

    out = []
    for name in ("FEBRL3", "FEBRL4"):
        azat, splink = find(name, "azat p≥0.5"), find(name, "splink p≥0.5")
        if azat and splink and "pairwise" in azat and "pairwise" in splink:
            a, s = azat["pairwise"]["f1"], splink["pairwise"]["f1"]
            out.append(
                {
                    "target": f"{name}: Azat pairwise F1 ≥ Splink's in the same run",
                    "measured": f"{a:.4f} vs {s:.4f}",
                    "met": a >= s,
                }
            )
    for tool in ("azat p≥0.5", "azat p≥0.95"):
        ca = find("Central Asian", tool)
        if ca and "pairwise" in ca:
            f1, err = ca["pairwise"]["f1"], ca["persons_error"]
            out.append(
                {
                    "target": f"Central Asian ({tool}): pairwise F1 ≥ 0.97",
                    "measured": f"{f1:.4f}",
                    "met": f1 >= 0.97,
                }
            )
            out.append(
                {
                    "target": f"Central Asian ({tool}): person-count error ≤ 1 %",
                    "measured": f"{err:+.2%}",
                    "met": abs(err) <= 0.01,
                }
            )
    big = find("scale 1,000,000", "azat p≥0.5") or find("scale 1,000,000", "azat")
    if big:
        ok = "error" not in big
        out.append(
            {
                "target": "1,000,000 records linked in ≤ 10 min (process wall)",
                "measured": f"{big['wall_s']:.0f} s" + ("" if ok else f" ({big['error']})"),
                "met": ok and big["wall_s"] <= 600,
            }
        )
        out.append(
            {
                "target": "1,000,000 records within 8 GB (peak RSS)",
                "measured": f"{big['peak_mb']:,} MB",
                "met": ok and big["peak_mb"] <= 8192,
            }
        )
    return out


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    v = m["versions"]
    lines = [
        "# Linkage benchmark (issue #7, point 5)",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM; Python {m['python']}, "
        f"Splink {v['splink']}, DuckDB {v['duckdb']}, recordlinkage {v['recordlinkage']}; "
        f"repository at {m['commit']}; the Azat engine column names the last commit of "
        "azat/linkage when the run started (+ = uncommitted changes in it).",
        "",
        "Pairwise precision/recall/F1 on unordered pairs against the full truth (pairs lost by "
        "blocking are false negatives); clustered = Azat's own clusters at the threshold shown "
        "(its cluster() with its conflict rule), for Splink connected components of the links; "
        "persons = clusters vs true entities. FEBRL4 is a two-file link: Azat "
        "deduplicates the union with `source` set, and only cross-file pairs are counted (for "
        "both tools). Wall = the linker's whole process (start-up, imports, reading the data); "
        "link = the linking call inside it; peak = the process's max RSS. An Azat run gives two "
        "rows (links with p ≥ 0.5, Splink's threshold; p ≥ 0.95, Azat's auto-join threshold) "
        "from one run, so they share time and memory.",
        "",
        "| data set | linker | records | precision | recall | F1 | F1 clustered | persons "
        "(true) | error | largest cluster | wall s | link s | peak MB | Azat engine | run at |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        if "error" in r:
            lines.append(
                f"| {r['dataset']} | {r['tool']} | {r['records']:,} | failed: {r['error']} "
                f"| | | | | | | {r['wall_s']} | | {r['peak_mb']:,} | {r.get('engine', '')} "
                f"| {r.get('run_at', '')} |"
            )
            continue
        p, c = r["pairwise"], r["clustered"]
        lines.append(
            f"| {r['dataset']} | {r['tool']} | {r['records']:,} | {p['precision']:.4f} "
            f"| {p['recall']:.4f} | **{p['f1']:.4f}** | {c['f1']:.4f} | {r['persons']:,} "
            f"({r['true_persons']:,}) | {r['persons_error']:+.2%} | {r.get('largest_cluster', '')} "
            f"| {r['wall_s']} "
            f"| {r['link_s']} | {r['peak_mb']:,} | {r.get('engine', '')} | {r.get('run_at', '')} |"
        )
    evidence = next((r["evidence"] for r in result["rows"] if "evidence" in r), None)
    if evidence:
        total = sum(evidence.values())
        lines += [
            "",
            f"Central Asian set: its {total:,} true pairs by what the two records share besides "
            "names (birth date of any precision on both, the same phone, a document number on "
            "both): " + "; ".join(f"{k} {v / total:.1%}" for k, v in evidence.items()) + ".",
        ]
    lines += [
        "",
        "Scale rows run Azat as `manage.py link` runs a data hub's file (no per-link drivers, "
        "DuckDB memory_limit 6GB). Their accuracy is pessimistic: the generator draws from about "
        "60 given names per sex and 60 family names per nationality, so at 1,000,000 records "
        "namesakes born in the same year are far more frequent than in a real population; the "
        "Central Asian 20,000 set is the accuracy benchmark. Timings on this shared 2-core "
        "machine vary with the other work running on it.",
    ]
    lines += ["", "## Targets (issue #7)", "", "| target | measured | |", "|---|---|---|"]
    for t in result["targets"]:
        lines.append(f"| {t['target']} | {t['measured']} | {'met' if t['met'] else 'NOT met'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        help="run only this part (repeatable); default: all three",
    )
    parser.add_argument(
        "--scale", default="100000,1000000", type=lambda s: [int(x) for x in s.split(",") if x]
    )
    parser.add_argument("--ca-records", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--memory-limit",
        default="6GB",
        help="DuckDB memory_limit for the scale runs, if the engine takes one",
    )
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--render", action="store_true", help="only re-render latest.json")
    args = parser.parse_args()
    parts = [] if args.render else args.only or list(PARTS)
    RESULTS.mkdir(exist_ok=True)
    runners = {"febrl": part_febrl, "central-asian": part_central_asian, "scale": part_scale}
    rows = []
    for part in parts:
        stamp = f"{dt.datetime.now():%Y-%m-%d %H:%M}"
        rows += [{**r, "part": part, "run_at": stamp} for r in runners[part](args)]
    json_path = RESULTS / "latest.json"  # read last: another part may have finished meanwhile
    previous = json.loads(json_path.read_text()) if json_path.exists() else {"rows": []}
    rows += [r for r in previous["rows"] if r["part"] not in parts]
    order = {p: i for i, p in enumerate(PARTS)}
    rows.sort(key=lambda r: order[r["part"]])
    result = {"machine": machine(), "rows": rows, "targets": targets(rows)}
    json_path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    text = markdown(result)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
