"""Azat's linker (azat.linkage.engine) on the benchmark's data sets.

FEBRL columns map onto Azat's record as well as they fit: given_name, surname → family_name,
date_of_birth → birth_date (YYYY-MM-DD; a corrupted date keeps its valid year-month or year),
soc_sec_id → document_number, suburb → place, street_number + address_1 → address (Splink's
FEBRL tutorials also compare the postcode, which the suburb stands for here). FEBRL4 is a
two-file link: Azat deduplicates the union of the files with ``source`` set to "A"/"B", and only
pairs across the files are scored."""

from __future__ import annotations

import csv
import inspect
import time
from pathlib import Path
from typing import Any

from azat.linkage.engine import cluster, link
from azat.linkage.records import Record
from bench.linkage import data


def records(dataset: str, path: Path | None) -> list[Record]:
    if dataset in ("febrl3", "febrl4"):
        return [
            Record(
                record_id=str(row["uid"]),
                given_name=str(row["given_name"]),
                family_name=str(row["surname"]),
                birth_date=data.febrl_birth_date(str(row["date_of_birth"])),
                document_number=str(row["soc_sec_id"]),
                place=str(row["suburb"]),
                address=data.febrl_address(row),
                source="AB"[int(row["source"])] if dataset == "febrl4" else "",
            )
            for row in data.febrl(dataset)
        ]
    assert path is not None
    fields = (
        "given_name",
        "family_name",
        "patronymic",
        "birth_date",
        "sex",
        "phone",
        "document_number",
        "place",
        "address",
        "source",
    )
    with path.open(encoding="utf-8", newline="") as handle:  # streamed: no second copy in memory
        return [
            Record(str(uid), **{f: row.get(f, "") for f in fields})
            for uid, row in enumerate(csv.DictReader(handle))
        ]


def run(
    recs: list[Record], *, memory_limit: str | None = None, explain: bool = True
) -> dict[str, Any]:
    """``explain=False`` and ``memory_limit`` as `manage.py link` would run a data hub's file."""
    parameters = inspect.signature(link).parameters
    options: dict[str, Any] = {}
    if memory_limit and "memory_limit" in parameters:
        options["memory_limit"] = memory_limit
    if not explain and "explain" in parameters:
        options["explain"] = False
    started = time.perf_counter()
    result = link(recs, **options)
    elapsed = time.perf_counter() - started
    # The engine's own clusters at each reported threshold, where its cluster() reads the records
    # (its conflict rule); otherwise the parent scores connected components of the links.
    # link() clustered at its default threshold (0.95); the 0.5 clustering is extra work, timed
    # apart (it is in the process's wall time).
    clusters: dict[str, list[int]] = {}
    phases: dict[str, float] = {"link_s": elapsed}
    if "records" in inspect.signature(cluster).parameters:
        ids = [r.record_id for r in recs]
        clusters["clusters_095"] = [int(result.clusters[i]) for i in ids]
        again = time.perf_counter()
        found = cluster(ids, result.links, threshold=0.5, records=recs)
        clusters["clusters_050"] = [int(found[i]) for i in ids]
        phases["cluster_050_s"] = time.perf_counter() - again
    return {
        "left": [int(x.left) for x in result.links],
        "right": [int(x.right) for x in result.links],
        "probability": [x.probability for x in result.links],
        "phases": phases,
        "stats": {**dict(result.stats), "engine_clusters": len(set(result.clusters.values()))},
        "clusters": clusters,
    }
