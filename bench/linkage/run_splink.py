"""Splink 5 / DuckDB models for the benchmark.

* ``febrl3`` / ``febrl4``: the configurations of Splink's own FEBRL tutorials
  (docs/demos/examples/duckdb/febrl3 and febrl4), as measured in ../shared/domain/linkage.md §1.2.
* ``central-asian``: the same FEBRL style on the generated records' RAW fields — names compared as
  written (no transliteration, no stems), DOB, phone exact, document number Damerau-Levenshtein.

Each returns the predicted pairs at match probability ≥ 0.5 as (uid_l, uid_r) plus phase timings."""

from __future__ import annotations

import logging
import time
from typing import Any

import duckdb
import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

THRESHOLD = 0.5
FEBRL_COLUMNS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "postcode",
    "state",
    "suburb",
    "date_of_birth",
    "soc_sec_id",
)
GENERATED_COLUMNS = (
    "given_name",
    "family_name",
    "patronymic",
    "birth_date",
    "phone",
    "document_number",
)


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pa.Table:
    data: dict[str, list[Any]] = {"uid": [r["uid"] for r in rows]}
    for column in columns:
        data[column] = [r[column] or None for r in rows]  # '' is missing: NULL for Splink
    return pa.table(data)


def _febrl4(db_api: DuckDBAPI, rows: list[dict[str, Any]]) -> Linker:
    blocking_rules = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="uid",
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
    )
    tables = [
        db_api.register(_table([r for r in rows if r["source"] == s], FEBRL_COLUMNS))
        for s in (0, 1)
    ]
    linker = Linker(tables, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    for rule in (block_on("date_of_birth"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    return linker


def _febrl3(db_api: DuckDBAPI, rows: list[dict[str, Any]]) -> Linker:
    settings = SettingsCreator(
        unique_id_column_name="uid",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("soc_sec_id"),
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
    )
    linker = Linker(
        db_api.register(_table(rows, FEBRL_COLUMNS)), settings, log_level=logging.WARNING
    )
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("soc_sec_id"),
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name"
            " and l.date_of_birth = r.date_of_birth",
        ],
        recall=0.9,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    for rule in (block_on("date_of_birth"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    return linker


def _central_asian(db_api: DuckDBAPI, rows: list[dict[str, Any]]) -> Linker:
    """FEBRL4-style model on raw Central Asian fields: what Splink does without our keys."""
    settings = SettingsCreator(
        unique_id_column_name="uid",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "family_name"),
            "l.given_name = r.family_name and l.family_name = r.given_name",
            block_on("birth_date"),
            block_on("document_number"),
            block_on("phone"),
        ],
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "birth_date",
                input_is_string=True,
                datetime_format="%Y-%m-%d",
                invalid_dates_as_null=True,
            ),
            cl.ExactMatch("phone"),
            cl.DamerauLevenshteinAtThresholds("document_number", [1, 2]),
        ],
    )
    linker = Linker(
        db_api.register(_table(rows, GENERATED_COLUMNS)), settings, log_level=logging.WARNING
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("document_number"), block_on("given_name", "family_name", "birth_date")],
        recall=0.8,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    for rule in (block_on("birth_date"), block_on("family_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    return linker


MODELS = {"febrl3": _febrl3, "febrl4": _febrl4, "central-asian": _central_asian}


def run(dataset: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    logging.getLogger("splink").setLevel(logging.WARNING)
    started = time.perf_counter()
    db_api = DuckDBAPI(connection=duckdb.connect())
    linker = MODELS[dataset](db_api, rows)
    trained = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    pairs = predictions.as_duckdbpyrelation().select("uid_l, uid_r").fetchall()
    done = time.perf_counter()
    return {
        "left": [p[0] for p in pairs],
        "right": [p[1] for p in pairs],
        "phases": {"train_s": trained - started, "predict_s": done - trained},
        "candidate_pairs": None,
    }
