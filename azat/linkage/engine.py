"""Probabilistic record linkage: which records are the same person, and how sure we are.

The model is Fellegi-Sunter as implemented by Splink (DuckDB in-process by default, Apache Spark
for a data hub that outgrows one machine). Each pair of candidate records is compared field by
field on the keys of ``keys.py``; each comparison has graded levels (exact spelling, same
transliteration, same phonetic skeleton, similar skeleton, ...), each level an m and a u
probability, and the sum of their log-ratios is the match weight. Pairs are joined into persons
by ``cluster``, which respects reviewers' decisions. ``docs/adr/0005-linkage-model.md`` explains
the choices.

No value from a record is ever logged: Splink logs its SQL (with literal values) at DEBUG, so its
logger is held at ERROR here and its warnings are silenced while the engine runs.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
import time
import tomllib
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from azat.linkage.keys import INTEGER_COLUMNS, KEY_COLUMNS, record_keys
from azat.linkage.names import birth_date_parts, document_key
from azat.linkage.records import Record

Progress = Callable[[str, float], None]

AUTO_JOIN_THRESHOLD = 0.95
REVIEW_THRESHOLD = 0.5
BACKENDS = ("duckdb", "spark")

# Fixed seed for sampling u, so that the same input gives the same model and the same clusters.
U_SAMPLING_SEED = 7
# Pairs sampled to estimate u, and the most pairs one EM session looks at.
MAX_U_PAIRS = 2_000_000
MAX_EM_PAIRS = 1_000_000
# Probabilities and weights are rounded so that the last bits of a parallel sum cannot make two
# runs on the same input differ.
ROUND_DIGITS = 9

_SPLINK_LOGGERS = ("splink", "py4j")
for _name in _SPLINK_LOGGERS:
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class Link:
    """A scored candidate pair: two record ids (left < right) and what drove the score."""

    left: str
    right: str
    probability: float
    match_weight: float
    # (comparison name, level label, log2 Bayes factor), strongest (largest magnitude) first.
    drivers: tuple[tuple[str, str, float], ...] = ()


@dataclass
class LinkResult:
    links: list[Link]
    clusters: dict[str, str]
    stats: dict[str, float | int | str] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Clustering


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


BirthDate = tuple[int, int | None, int | None]


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one record says that two different people cannot share (sex, birth date), and its
    document number, which outweighs them: two records with one document are not in conflict."""

    sex: str | None
    birth: BirthDate | None
    document: str | None = None

    def conflicts(self, other: Evidence) -> bool:
        if self.document and self.document == other.document:
            return False
        if self.sex and other.sex and self.sex != other.sex:
            return True
        return bool(self.birth and other.birth and _dates_conflict(self.birth, other.birth))


def _dates_conflict(a: BirthDate, b: BirthDate) -> bool:
    """Whether two birth dates cannot be one person's, allowing for one slip of the pen.

    Two full dates conflict when they differ in two or more of year, month and day (day and
    month swapped counts as none): one typo changes one part. Otherwise (a date known only to
    the year or month) they conflict when the years are more than one apart, or when the
    years and the months both differ.
    """
    year_a, month_a, day_a = a
    year_b, month_b, day_b = b
    if month_a and day_a and month_b and day_b:
        if (month_a, day_a) in ((month_b, day_b), (day_b, month_b)):
            differing = 0
        else:
            differing = (month_a != month_b) + (day_a != day_b)
        return differing + (year_a != year_b) >= 2
    if abs(year_a - year_b) > 1:
        return True
    return bool(month_a and month_b and month_a != month_b and year_a != year_b)


def record_evidence(record: Record) -> Evidence | None:
    """The conflict evidence of one record (see ``cluster``), None when it has none."""
    sex = record.sex.strip().lower()[:1]
    evidence = Evidence(
        sex if sex in ("m", "f") else None,
        _birth_parts(record.birth_date),
        document_key(record.document_number) or None,
    )
    return evidence if evidence.sex or evidence.birth else None


@lru_cache(maxsize=1 << 16)
def _birth_parts(raw: str) -> BirthDate | None:
    if not raw.strip():
        return None
    try:
        return birth_date_parts(raw)
    except ValueError:
        return None


def cluster(
    record_ids: Iterable[str],
    links: Iterable[Link],
    *,
    threshold: float,
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
    records: Iterable[Record] | None = None,
) -> dict[str, str]:
    """Join records into persons: record_id -> cluster_id (the smallest record_id in it).

    Reviewer-confirmed pairs (``must_link``) are joined first, then links with probability at
    least ``threshold``, strongest first. A union that would put a reviewer-rejected pair
    (``cannot_link``) in one cluster is refused, so a rejection also holds against a chain of
    links through other records; where a confirmation and a rejection contradict, the rejection
    wins. Ties are broken by record ids, so the result depends only on the input.

    Given the ``records``, a link is also refused when the two clusters it would join hold
    evidence that they are different people (``Evidence.conflicts``: both sexes known and
    different, birth dates that no single typo explains), so a record known only by a common
    name and a birth year does not chain namesakes born on different days into one person.
    Confirmations join regardless of that evidence.
    """
    ids = sorted(set(record_ids))
    parent = {record_id: record_id for record_id in ids}
    members: dict[str, list[str]] = {record_id: [record_id] for record_id in ids}
    forbidden: dict[str, set[str]] = {}
    for a, b in cannot_link:
        if a in parent and b in parent and a != b:
            forbidden.setdefault(a, set()).add(b)
            forbidden.setdefault(b, set()).add(a)
    # Per root: the ids its members must never be joined with.
    blocked: dict[str, set[str]] = {rid: set(forbidden.get(rid, ())) for rid in forbidden}
    # Per root: its members' conflict evidence (only where some is known).
    evidence: dict[str, list[tuple[str, Evidence]]] = {}
    for record in records or ():
        found = record_evidence(record) if record.record_id in parent else None
        if found is not None:
            evidence[record.record_id] = [(record.record_id, found)]
    edges = sorted(
        (
            (-link.probability, *_pair(link.left, link.right))
            for link in links
            if link.probability >= threshold and link.left in parent and link.right in parent
        ),
    )
    linked = {(a, b) for _, a, b in edges} if evidence else set()

    def conflict(root_a: str, root_b: str) -> bool:
        """Two records, one in each cluster, that cannot be one person and are not linked."""
        return any(
            found_a.conflicts(found_b) and _pair(id_a, id_b) not in linked
            for id_a, found_a in evidence.get(root_a, ())
            for id_b, found_b in evidence.get(root_b, ())
        )

    def find(node: str) -> str:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def union(a: str, b: str, *, confirmed: bool = False) -> None:
        root_a, root_b = find(a), find(b)
        if root_a == root_b:
            return
        if len(members[root_a]) < len(members[root_b]):
            root_a, root_b = root_b, root_a
        blocked_b = blocked.get(root_b, set())
        blocked_a = blocked.get(root_a, set())
        if blocked_b and any(find(other) == root_a for other in blocked_b):
            return
        if blocked_a and any(find(other) == root_b for other in blocked_a):
            return
        if not confirmed and conflict(root_a, root_b):
            return
        parent[root_b] = root_a
        members[root_a].extend(members.pop(root_b))
        if blocked_b:
            blocked.setdefault(root_a, set()).update(blocked.pop(root_b))
        if root_b in evidence:
            evidence.setdefault(root_a, []).extend(evidence.pop(root_b))

    confirmed = sorted({_pair(a, b) for a, b in must_link if a in parent and b in parent})
    for a, b in confirmed:
        union(a, b, confirmed=True)
    for _, a, b in edges:
        union(a, b)
    result: dict[str, str] = {}
    for root, group in members.items():
        del root
        cluster_id = min(group)
        for record_id in group:
            result[record_id] = cluster_id
    return {record_id: result[record_id] for record_id in ids}


# --------------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class ModelDefaults:
    min_records_for_training: int
    expected_duplicates_per_record: float
    deterministic_rules_recall: float
    levels: dict[str, dict[str, tuple[float, float]]]


@cache
def model_defaults() -> ModelDefaults:
    """Load ``data/model_defaults.toml``: our own m/u estimates for data too small to train on."""
    path = resources.files("azat.linkage").joinpath("data", "model_defaults.toml")
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    levels = {
        name: {label: (float(row["m"]), float(row["u"])) for label, row in comparison.items()}
        for name, comparison in raw["comparison"].items()
    }
    return ModelDefaults(
        min_records_for_training=int(raw["min_records_for_training"]),
        expected_duplicates_per_record=float(raw["expected_duplicates_per_record"]),
        deterministic_rules_recall=float(raw["deterministic_rules_recall"]),
        levels=levels,
    )


# Similarity levels are built by Splink's own level classes, which know each back end's name for
# the function (jaro_winkler_similarity in DuckDB, the jaro_winkler UDF in Spark).
Condition = str | tuple[str, str, float]


def _jw(column: str, threshold: float) -> Condition:
    return ("jaro_winkler", column, threshold)


def _dl(column: str, distance: int) -> Condition:
    return ("damerau_levenshtein", column, distance)


def _eq(column: str) -> str:
    return f"{column}_l = {column}_r"


# Given and family names exchanged: each name agrees with the other side's other name on its
# skeleton or its consonants, or the two names' stems agree as an unordered pair.
_SWAPPED = (
    "((given_skel_l = family_skel_r OR given_cons_l = family_cons_r) "
    "AND (family_skel_l = given_skel_r OR family_cons_l = given_cons_r)) "
    "OR stem_pair_l = stem_pair_r"
)

# comparison name -> (null condition, [(level label, SQL condition, term-frequency column)])
LEVELS: dict[str, tuple[str, list[tuple[str, Condition, str | None]]]] = {
    "given_name": (
        "given_skel_l IS NULL OR given_skel_r IS NULL",
        [
            ("exact", _eq("given_orig"), "given_orig"),
            ("latin", _eq("given_lat"), "given_lat"),
            ("skeleton", _eq("given_skel"), "given_skel"),
            # Both names' evidence: the family-name comparison is left out for swapped pairs.
            ("swapped", _eq("stem_pair"), None),
            ("swapped_similar", _SWAPPED, None),
            ("consonants", _eq("given_cons"), "given_cons"),
            ("one_edit", _dl("given_skel", 1), None),
            ("similar", _jw("given_skel", 0.92), None),
            ("somewhat_similar", _jw("given_skel", 0.85), None),
            ("two_edits", _dl("given_skel", 2), None),
        ],
    ),
    "family_name": (
        "family_skel_l IS NULL OR family_skel_r IS NULL "
        f"OR (family_stem_l <> family_stem_r AND given_skel_l <> given_skel_r AND ({_SWAPPED}))",
        [
            ("exact", _eq("family_orig"), "family_orig"),
            ("latin", _eq("family_lat"), "family_lat"),
            ("skeleton", _eq("family_skel"), "family_skel"),
            ("stem", _eq("family_stem"), "family_stem"),
            ("consonants", _eq("family_cons"), "family_cons"),
            ("one_edit", _dl("family_skel", 1), None),
            ("similar", _jw("family_skel", 0.92), None),
            ("stem_similar", _jw("family_stem", 0.88), None),
            ("somewhat_similar", _jw("family_skel", 0.85), None),
            ("two_edits", _dl("family_skel", 2), None),
        ],
    ),
    "patronymic": (
        "patronymic_stem_l IS NULL OR patronymic_stem_r IS NULL",
        [
            ("stem", _eq("patronymic_stem"), None),
            ("one_edit", _dl("patronymic_stem", 1), None),
            ("consonants", _eq("patronymic_cons"), None),
            ("similar", _jw("patronymic_stem", 0.9), None),
        ],
    ),
    "birth_date": (
        "birth_year_l IS NULL OR birth_year_r IS NULL",
        [
            ("exact", _eq("birth_date"), None),
            (
                "year_month_day_unknown",
                f"{_eq('birth_ym')} AND (birth_day_l IS NULL OR birth_day_r IS NULL)",
                None,
            ),
            (
                "day_month_swapped",
                f"{_eq('birth_year')} AND birth_month_l = birth_day_r "
                "AND birth_day_l = birth_month_r",
                None,
            ),
            (
                "year_month_unknown",
                f"{_eq('birth_year')} AND (birth_month_l IS NULL OR birth_month_r IS NULL)",
                None,
            ),
            ("year_month_day_differs", _eq("birth_ym"), None),
            # Two full dates agreeing on the day and on the month or the year: one typo.
            (
                "one_part_differs",
                f"{_eq('birth_day')} AND ({_eq('birth_month')} OR {_eq('birth_year')})",
                None,
            ),
            ("year", _eq("birth_year"), None),
            ("within_one_year", "abs(birth_year_l - birth_year_r) <= 1", None),
        ],
    ),
    "phone": (
        "phone_tail_l IS NULL OR phone_tail_r IS NULL",
        [
            ("exact", _eq("phone_e164"), None),
            ("same_last_digits", _eq("phone_tail"), None),
            ("one_digit_differs", _dl("phone_tail", 1), None),
        ],
    ),
    "document": (
        "document_key_l IS NULL OR document_key_r IS NULL",
        [
            ("exact", _eq("document_key"), None),
            ("one_character_differs", _dl("document_key", 1), None),
            ("two_characters_differ", _dl("document_key", 2), None),
        ],
    ),
    "sex": (
        "sex_l IS NULL OR sex_r IS NULL OR given_skel_l = given_skel_r",
        [("exact", _eq("sex"), None)],
    ),
    "place": (
        "place_skel_l IS NULL OR place_skel_r IS NULL",
        [
            ("exact", _eq("place_skel"), "place_skel"),
            ("similar", _jw("place_skel", 0.9), None),
        ],
    ),
    # A street address, where a data hub's registry has one (an Azat person has none).
    "address": (
        "address_skel_l IS NULL OR address_skel_r IS NULL",
        [
            ("exact", _eq("address_skel"), None),
            ("similar", _jw("address_skel", 0.9), None),
        ],
    ),
}

# Comparisons of fields a file may not have at all (an Azat person has no address). When no record
# of a file has one, the comparison, the blocking rules on its keys and the key columns are left
# out, so such a file links exactly as fast as before the field existed.
OPTIONAL_COMPARISONS: dict[str, tuple[str, ...]] = {"address": ("address_skel", "address_head")}

# Candidate pairs: the union of these rules. None depends on one spelling of a name: names enter
# as skeletons and stems, and phones, documents and dates each open their own way in.
BLOCKING_RULES: tuple[tuple[str, ...] | str, ...] = (
    ("swap_key", "birth_year"),
    ("swap_key", "birth_month", "birth_day"),
    "l.given_cons = r.given_cons AND l.family_cons = r.family_cons "
    "AND (l.birth_year IS NULL OR r.birth_year IS NULL)",
    "l.stem_pair = r.stem_pair AND (l.birth_year IS NULL OR r.birth_year IS NULL)",
    ("family_stem", "birth_year", "given_initial"),
    ("given_skel", "birth_year", "family_initial"),
    ("prefix_pair", "birth_year"),
    ("birth_date", "given_initial"),
    ("birth_date", "family_initial"),
    ("birth_date", "place_skel"),
    ("phone_e164",),
    ("phone_tail",),
    ("document_key",),
    ("document_sorted",),
    # Where both records have an address: its house number and street's first letters, and a
    # first letter of a name on each side, in either order.
    "l.address_head = r.address_head AND (l.given_initial = r.given_initial "
    "OR l.family_initial = r.family_initial OR l.given_initial = r.family_initial "
    "OR l.family_initial = r.given_initial)",
)


@dataclass(frozen=True)
class BroadRule:
    """A blocking rule that finds what the rules above miss, at a cost that grows with the file.

    ``columns`` must agree; with ``year_unknown`` only pairs where one record has no year of birth.
    Their candidate pairs grow with the square of the records that share a key, so each is used
    only while the total stays within ``BROAD_COMPARISONS_PER_RECORD``: all of them on a
    registry's file of tens of thousands, the cheapest on a data hub's million.
    """

    columns: tuple[str, ...]
    year_unknown: bool = False

    @property
    def sql(self) -> str:
        agree = " AND ".join(f"l.{column} = r.{column}" for column in self.columns)
        if self.year_unknown:
            agree += " AND (l.birth_year IS NULL OR r.birth_year IS NULL)"
        return agree

    def comparisons(self, rows: Sequence[dict[str, Any]]) -> int:
        """The candidate pairs this rule alone generates (before the union removes repeats)."""
        groups: dict[tuple[Any, ...], list[int]] = {}
        for row in rows:
            key = tuple(row[column] for column in self.columns)
            if None in key:
                continue
            counts = groups.setdefault(key, [0, 0])
            counts[0] += 1
            counts[1] += row["birth_year"] is not None
        total = 0
        for count, with_year in groups.values():
            total += count * (count - 1) // 2
            if self.year_unknown:
                total -= with_year * (with_year - 1) // 2
        return total


# Cheapest first. One name and the year agreeing: the other name may be mistyped beyond any
# level; first syllables of both names when a year is missing; the father's name and the year.
BROAD_RULES: tuple[BroadRule, ...] = (
    BroadRule(("prefix_pair",), year_unknown=True),
    BroadRule(("given_skel", "family_initial"), year_unknown=True),
    BroadRule(("family_stem", "given_initial"), year_unknown=True),
    BroadRule(("patronymic_stem", "birth_year")),
    BroadRule(("given_skel", "birth_year")),
    BroadRule(("family_stem", "birth_year")),
)
BROAD_COMPARISONS_PER_RECORD = 12


def broad_rules(rows: Sequence[dict[str, Any]]) -> list[BroadRule]:
    """The broad rules this file can afford, in order, within the comparison budget."""
    budget = BROAD_COMPARISONS_PER_RECORD * len(rows)
    chosen = []
    for rule in BROAD_RULES:
        cost = rule.comparisons(rows)
        if cost <= budget:
            chosen.append(rule)
            budget -= cost
    return chosen


# Rules that admit almost no false positives, for estimating the prior.
DETERMINISTIC_RULES = (
    "l.document_key = r.document_key",
    "l.phone_e164 = r.phone_e164 AND l.given_skel = r.given_skel",
    "l.swap_key = r.swap_key AND l.birth_date = r.birth_date",
)

# EM sessions: each estimates m for the comparisons that do not use its columns.
EM_RULES = (("given_skel", "family_stem"), ("birth_date",))


def _level(condition: Condition) -> Any:
    import splink.comparison_level_library as cll

    if isinstance(condition, str):
        return cll.CustomLevel(condition, base_dialect_str="duckdb")
    function, column, value = condition
    if function == "jaro_winkler":
        return cll.JaroWinklerLevel(column, value)
    return cll.DamerauLevenshteinLevel(column, int(value))


def _comparisons(*, term_frequencies: bool, leave_out: Collection[str] = ()) -> list[Any]:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    defaults = model_defaults().levels
    comparisons = []
    for name, (null_condition, levels) in LEVELS.items():
        if name in leave_out:
            continue
        values = defaults[name]
        creators: list[Any] = [
            cll.CustomLevel(null_condition, "missing", base_dialect_str="duckdb").configure(
                is_null_level=True
            )
        ]
        for label, condition, tf_column in levels:
            m, u = values[label]
            level = _level(condition)
            options: dict[str, Any] = {
                "m_probability": m,
                "u_probability": u,
                "label_for_charts": label,
            }
            if term_frequencies and tf_column:
                options["tf_adjustment_column"] = tf_column
                # The adjustment is then log2(u of this level) - log2(frequency of the value):
                # the level's weight becomes log2(m / frequency). Left to itself Splink takes the
                # u of whichever level is an exact match on the frequency column, which for
                # "exact" and "latin" is the much rarer "skeleton" level, and so made an exact
                # match on a common name count against a match.
                options["disable_tf_exact_match_detection"] = True
            creators.append(level.configure(**options))
        m, u = values["else"]
        creators.append(cll.ElseLevel().configure(m_probability=m, u_probability=u))
        comparisons.append(cl.CustomComparison(creators, output_column_name=name))
    return comparisons


# What tells two people apart when their names agree: records of one person mostly agree on these
# as well, so each combination is counted once however many records repeat it.
_IDENTITY = ("given_skel", "family_stem", "birth_year", "sex")


def term_frequencies(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """How common each value of each term-frequency column is among the people in ``rows``.

    Splink's own tables count records, so a person registered five times makes their rare name
    look five times as common, and their records then count for less against each other: the
    duplicates we are looking for discount themselves. Here a value is counted once per distinct
    combination of name, year of birth and sex, which counts one person's records about once.
    """
    columns = sorted({column for _, levels in LEVELS.values() for _, _, column in levels if column})
    seen: dict[str, set[tuple[Any, ...]]] = {column: set() for column in columns}
    for row in rows:
        identity = tuple(row[key] for key in _IDENTITY)
        for column in columns:
            value = row[column]
            if value is not None:
                seen[column].add((value, identity))
    frequencies: dict[str, dict[str, float]] = {}
    for column, pairs in seen.items():
        counts: dict[str, int] = {}
        for value, _ in pairs:
            counts[value] = counts.get(value, 0) + 1
        total = len(pairs)
        frequencies[column] = {value: count / total for value, count in counts.items()}
    return frequencies


def _uses(rule: tuple[str, ...] | str, columns: Collection[str]) -> bool:
    return any(c in rule if isinstance(rule, tuple) else f".{c} " in f"{rule} " for c in columns)


def _blocking_rules(broad: Sequence[BroadRule] = (), absent: Collection[str] = ()) -> list[Any]:
    """The rules of ``BLOCKING_RULES`` (but those on an ``absent`` key column) and ``broad``."""
    from splink import block_on

    rules: list[Any] = []
    for rule in BLOCKING_RULES:
        if _uses(rule, absent):
            continue
        rules.append(rule if isinstance(rule, str) else block_on(*rule))
    rules.extend(rule.sql for rule in broad)
    return rules


def _key_columns_of(comparisons: Collection[str]) -> set[str]:
    """The key columns of optional ``comparisons``."""
    return {column for name in comparisons for column in OPTIONAL_COMPARISONS[name]}


def _absent(rows: Sequence[dict[str, Any]]) -> set[str]:
    """The optional comparisons no record of ``rows`` has a value for."""
    return {
        name
        for name, columns in OPTIONAL_COMPARISONS.items()
        if all(row[columns[0]] is None for row in rows)
    }


def _prior(n: int) -> float:
    expected = model_defaults().expected_duplicates_per_record
    return min(0.5, expected / max(n - 1, 1))


def _settings(
    n: int,
    *,
    term_frequencies: bool,
    explain: bool,
    broad: Sequence[BroadRule] = (),
    leave_out: Collection[str] = (),
) -> Any:
    from splink import SettingsCreator

    absent = _key_columns_of(leave_out)
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=_comparisons(term_frequencies=term_frequencies, leave_out=leave_out),
        blocking_rules_to_generate_predictions=_blocking_rules(broad, absent),
        probability_two_random_records_match=_prior(n),
        # The level of each comparison (gamma_*) comes only with the compared columns, its weight
        # (mw_*) with the intermediate ones; a run without drivers needs neither.
        retain_matching_columns=explain,
        retain_intermediate_calculation_columns=explain,
        max_iterations=20,
    )


# --------------------------------------------------------------------------------------------
# Back ends


def _duckdb_api(*, threads: int | None, memory_limit: str | None, temp_dir: str | None) -> Any:
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    connection.execute(f"SET threads = {int(threads or os.cpu_count() or 1)}")
    if memory_limit:
        connection.execute("SET memory_limit = ?", [memory_limit])
    connection.execute("SET temp_directory = ?", [temp_dir or tempfile.gettempdir()])
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET enable_progress_bar = false")
    return DuckDBAPI(connection=connection)


def local_spark_session() -> Any:
    """A local Spark session with Splink's similarity functions, shared by later calls."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master("local[2]")
        .appName("azat-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "2")
        # Short local jobs: the JVM's quick compiler is enough and starts much sooner.
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    checkpoints = tempfile.mkdtemp(prefix="azat-spark-")
    session.sparkContext.setCheckpointDir(checkpoints)
    return session


def _spark_api(spark_session: Any) -> Any:
    from splink import SparkAPI

    session = spark_session or local_spark_session()
    # Intermediate tables are cached in memory rather than written as parquet: a local session
    # links thousands, not millions; a cluster deployment passes its own session.
    api = SparkAPI(
        spark_session=session,
        break_lineage_method="persist" if spark_session is None else None,
        num_partitions_on_repartition=1 if spark_session is None else None,
    )
    return api, session


def _input_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> Any:
    import pyarrow as pa

    schema = pa.schema(
        [(column, pa.int32() if column in INTEGER_COLUMNS else pa.string()) for column in columns]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def _spark_input(session: Any, rows: list[dict[str, Any]], columns: Sequence[str]) -> Any:
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    schema = StructType(
        [
            StructField(column, IntegerType() if column in INTEGER_COLUMNS else StringType())
            for column in columns
        ]
    )
    return session.createDataFrame([tuple(row[c] for c in columns) for row in rows], schema)


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence Splink's warnings and keep its loggers (SQL with values at DEBUG) at ERROR."""
    loggers = [logging.getLogger(name) for name in _SPLINK_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(max(level, logging.ERROR) if level else logging.ERROR)


# --------------------------------------------------------------------------------------------
# Training


def _m_u(level: Any) -> tuple[float | None, float | None]:
    return level.m_probability, level.u_probability


def _m_u_summary(linker: Any) -> str:
    """The model's m and u per level ("given_name.exact=0.81/0.0043; ..."), for the stats: what
    training estimated is visible without a chart. Parameters only, no value from a record."""
    parts = []
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            m, u = _m_u(level)
            label = level.label_for_charts or "else"
            parts.append(
                f"{comparison.output_column_name}.{label}="
                f"{'?' if m is None else f'{m:.3g}'}/{'?' if u is None else f'{u:.3g}'}"
            )
    return "; ".join(parts)


# The least m a comparison's "else" level keeps after training. On clean data EM can drive it to
# nearly zero (the generated set never mistypes a sex: m = 1e-13), which makes one field a veto
# that no agreement elsewhere can outweigh; real registrations do mistype sex and documents.
MIN_DISAGREEMENT_M = 0.001


def _floor_disagreement(linker: Any) -> list[str]:
    floored = []
    for comparison in linker._settings_obj.comparisons:
        last = [level for level in comparison.comparison_levels if not level.is_null_level][-1]
        if last.m_probability is not None and last.m_probability < MIN_DISAGREEMENT_M:
            last.m_probability = MIN_DISAGREEMENT_M
            floored.append(comparison.output_column_name)
    return floored


def _restore_backwards_comparisons(linker: Any) -> list[str]:
    """Put our defaults back where estimation made agreement count against a match."""
    defaults = model_defaults().levels
    reset = []
    for comparison in linker._settings_obj.comparisons:
        name = comparison.output_column_name
        levels = [level for level in comparison.comparison_levels if not level.is_null_level]
        first, last = levels[0], levels[-1]
        m_first, u_first = _m_u(first)
        m_last, u_last = _m_u(last)
        sound = (
            m_first is not None
            and u_first is not None
            and m_last is not None
            and u_last is not None
            and m_first > u_first
            and m_last < u_last
        )
        if not sound:
            reset.append(name)
            for level in levels:
                m, u = defaults[name][level.label_for_charts if level.label_for_charts else "else"]
                level.m_probability = m
                level.u_probability = u
    return reset


# Random pairs scored to re-estimate u among non-matches (at most; fewer on a small file), in
# chunks of NON_MATCH_CHUNK. One pass over a million measured as well as two over 300,000 (FEBRL3
# 0.9947 and 0.9946, FEBRL4 0.9981 and 0.9980, generated Central Asian 0.9595 and 0.9589 pairwise
# F1), and counts the rarer levels (the same birth date among strangers) on more pairs.
NON_MATCH_PAIRS = 1_000_000
NON_MATCH_CHUNK = 250_000


def _random_pairs(ids: Sequence[str], size: int) -> list[tuple[str, str]]:
    import numpy as np

    rng = np.random.default_rng(U_SAMPLING_SEED)
    n = len(ids)
    left = rng.integers(0, n, size)
    right = rng.integers(0, n, size)
    pairs = set()
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        if a != b:
            pairs.add(_pair(ids[a], ids[b]))
    return sorted(pairs)


def _non_match_weights(frame: Any, names: Sequence[str]) -> dict[str, dict[int, float]]:
    """For each comparison, the summed 1 - match probability of the scored pairs per level."""
    weights: dict[str, dict[int, float]] = {}
    if type(frame).__name__.startswith("Spark"):
        from pyspark.sql import functions as F

        data = frame.as_spark_dataframe()
        for name in names:
            rows = data.groupBy(f"gamma_{name}").agg(F.sum(1 - F.col("match_probability")))
            weights[name] = {int(g): float(w) for g, w in rows.collect() if g is not None}
        return weights
    relation = frame.as_duckdbpyrelation()
    for name in names:
        rows = relation.aggregate(f"gamma_{name}, sum(1 - match_probability)").fetchall()
        weights[name] = {int(g): float(w) for g, w in rows if g is not None}
    return weights


def _u_among_non_matches(
    linker: Any, ids: Sequence[str], register: Callable[[list[tuple[str, str]]], Any]
) -> list[str]:
    """Re-estimate each level's u from random pairs, each counted as much as it is a non-match.

    Splink's u is the share of random pairs that agree on a level, as if no random pair were
    the same person. A share ``prior`` of them are, and they agree with probability m: what is
    measured is ``prior * m + (1 - prior) * u``. For a field that almost only matches agree on,
    the first term is nearly all of it: on FEBRL3, where each person has two or three records,
    "same document number" measured u = 4.7e-4, the duplicates themselves, and weighed about 11
    bits where a number nobody else holds deserves 18 or more. Here random pairs are scored with
    the model and each counts towards u with weight 1 - its match probability (the expectation
    step of EM, with m held), so a pair that is plainly one person counts for nothing and a
    stranger born on the same day counts in full. A level no non-match agrees on keeps one
    pair's worth, so that no level becomes proof. The pairs are scored in chunks, so memory does
    not grow with their number. Returns the levels whose u fell by more than half.
    """
    n = len(ids)
    pairs = _random_pairs(ids, int(min(NON_MATCH_PAIRS, n * (n - 1) / 2)))
    settings = linker._settings_obj
    comparisons = {c.output_column_name: c for c in settings.comparisons}
    totals: dict[str, dict[int, float]] = {name: {} for name in comparisons}
    retained = settings._retain_matching_columns, settings._retain_intermediate_calculation_columns
    # The levels (gamma_*) come with the compared columns; the weights are not needed.
    settings._retain_matching_columns = True
    settings._retain_intermediate_calculation_columns = False
    cache = linker._intermediate_table_cache
    try:
        for start in range(0, len(pairs), NON_MATCH_CHUNK):
            table = register(pairs[start : start + NON_MATCH_CHUNK])
            linker.table_management.register_blocked_pairs_for_predict(table)
            frame = linker.inference.predict(warning_mode="never")
            for name, weights in _non_match_weights(frame, list(comparisons)).items():
                for gamma, weight in weights.items():
                    totals[name][gamma] = totals[name].get(gamma, 0.0) + weight
            frame.drop_table_from_database_and_remove_from_cache()
            for key in [k for k, f in cache.items() if f.metadata.get("registered_for_predict")]:
                del cache[key]
            table.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    finally:
        for key in [k for k, f in cache.items() if f.metadata.get("registered_for_predict")]:
            del cache[key]
        settings._retain_matching_columns = retained[0]
        settings._retain_intermediate_calculation_columns = retained[1]
    lowered = []
    for name, weights in totals.items():
        total = sum(weight for gamma, weight in weights.items() if gamma >= 0)
        if total < 1:
            continue  # almost nobody has this field: keep what sampling measured
        for level in comparisons[name].comparison_levels:
            if level.is_null_level or level.u_probability is None:
                continue
            u = max(weights.get(level.comparison_vector_value, 0.0), 1.0) / total
            if u < level.u_probability / 2:
                lowered.append(f"{name}.{level.label_for_charts or 'else'}")
            level.u_probability = u
    return lowered


def _train(
    linker: Any,
    ids: Sequence[str],
    register: Callable[[list[tuple[str, str]]], Any],
    stats: dict[str, Any],
    progress: Progress,
) -> None:
    n = len(ids)
    defaults = model_defaults()
    try:
        linker.training.estimate_probability_two_random_records_match(
            list(DETERMINISTIC_RULES), recall=defaults.deterministic_rules_recall
        )
    except Exception as error:  # any failure: fall back to our prior
        stats["prior"] = f"default ({type(error).__name__})"
    else:
        stats["prior"] = "estimated"
    lam = linker._settings_obj._probability_two_random_records_match
    if not lam or not 0 < lam < 1:
        linker._settings_obj._probability_two_random_records_match = _prior(n)
        stats["prior"] = "default (no deterministic matches)"
    progress("train", 0.3)
    pairs = n * (n - 1) / 2
    linker.training.estimate_u_using_random_sampling(
        max_pairs=min(MAX_U_PAIRS, pairs), seed=U_SAMPLING_SEED
    )
    progress("train", 0.6)
    from splink import block_on

    prior = linker._settings_obj._probability_two_random_records_match
    sessions = 0
    for index, rule in enumerate(EM_RULES):
        # A failed session leaves the model without the comparisons it blocked on.
        saved = linker._settings_obj.core_model_settings.copy()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), max_pairs=MAX_EM_PAIRS, record_sample_proportion=0.1
            )
            sessions += 1
        except Exception as error:  # degenerate or too few pairs: keep what we had
            linker._settings_obj.core_model_settings = saved
            stats[f"em_{'_'.join(rule)}"] = f"failed ({type(error).__name__})"
        progress("train", 0.6 + 0.4 * (index + 1) / len(EM_RULES))
    # EM moves the prior within a session only; a failed session must not leave it moved.
    linker._settings_obj._probability_two_random_records_match = prior
    stats["em_sessions"] = sessions
    stats["u_lowered"] = ",".join(_u_among_non_matches(linker, ids, register))
    reset = _restore_backwards_comparisons(linker)
    stats["comparisons_on_defaults"] = ",".join(reset)
    stats["disagreement_floored"] = ",".join(_floor_disagreement(linker))


# --------------------------------------------------------------------------------------------
# Linking


def _drivers(row: dict[str, Any], labels: dict[str, dict[int, str]]) -> tuple:
    drivers = []
    for name, by_gamma in labels.items():
        gamma = row.get(f"gamma_{name}")
        if gamma is None or gamma < 0:
            continue
        weight = row.get(f"mw_{name}") or 0.0
        for key, value in row.items():
            if key == f"mw_tf_adj_{name}" and value is not None:
                weight += value
        drivers.append((name, by_gamma.get(int(gamma), str(gamma)), round(float(weight), 3)))
    drivers.sort(key=lambda item: (-abs(item[2]), item[0]))
    return tuple(drivers)


def _level_labels(linker: Any) -> dict[str, dict[int, str]]:
    labels: dict[str, dict[int, str]] = {}
    for comparison in linker._settings_obj.comparisons:
        labels[comparison.output_column_name] = {
            level.comparison_vector_value: level.label_for_charts
            for level in comparison.comparison_levels
        }
    return labels


def _rows(frame: Any, backend: str) -> Iterator[dict[str, Any]]:
    if backend == "spark":
        for row in frame.as_spark_dataframe().toLocalIterator():
            yield row.asDict()
        return
    reader = frame.as_duckdbpyrelation().fetch_arrow_reader(batch_size=100_000)
    for batch in reader:
        yield from batch.to_pylist()


def link(
    records: Sequence[Record],
    *,
    backend: str = "duckdb",
    threshold: float = AUTO_JOIN_THRESHOLD,
    min_probability: float = REVIEW_THRESHOLD,
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
    progress: Progress | None = None,
    spark_session: Any = None,
    explain: bool = True,
    train: bool | None = None,
    threads: int | None = None,
    memory_limit: str | None = None,
    temp_dir: str | None = None,
) -> LinkResult:
    """Score candidate pairs of ``records`` and cluster them into persons.

    ``links`` holds every scored pair with probability >= ``min_probability`` (the review
    threshold); ``clusters`` joins pairs at or above ``threshold`` plus ``must_link``, never a
    ``cannot_link`` pair. ``explain=False`` leaves out the per-comparison drivers, which saves
    memory on millions of links. ``train`` forces (True) or skips (False) estimation; by default
    the model is trained only on files of at least ``min_records_for_training`` records.
    ``threads``, ``memory_limit`` (e.g. "6GB") and ``temp_dir`` tune DuckDB.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    report: Progress = progress or (lambda phase, fraction: None)
    must_link = list(must_link)
    cannot_link = list(cannot_link)
    timings: dict[str, float] = {}
    stats: dict[str, Any] = {"records": len(records), "backend": backend}
    started = time.perf_counter()

    report("prepare", 0.0)
    ids = [record.record_id for record in records]
    if len(set(ids)) != len(ids):
        raise ValueError("record ids must be unique")
    rows = [record_keys(record) for record in records]
    timings["prepare"] = time.perf_counter() - started
    report("prepare", 1.0)

    links: list[Link] = []
    if len(records) >= 2:
        with _quiet():
            links = _score(
                rows,
                backend,
                report,
                stats,
                timings,
                spark_session,
                explain,
                train,
                threads,
                memory_limit,
                temp_dir,
                min_probability,
            )
    else:
        stats["model"] = "not needed"
    links.sort(key=lambda link: (link.left, link.right))

    phase = time.perf_counter()
    report("cluster", 0.0)
    clusters = cluster(
        ids,
        links,
        threshold=threshold,
        must_link=must_link,
        cannot_link=cannot_link,
        records=records,
    )
    timings["cluster"] = time.perf_counter() - phase
    report("cluster", 1.0)
    stats["links"] = len(links)
    stats["links_at_threshold"] = sum(1 for link in links if link.probability >= threshold)
    stats["clusters"] = len(set(clusters.values()))
    stats["threshold"] = threshold
    stats["min_probability"] = min_probability
    for name, seconds in timings.items():
        stats[f"seconds_{name}"] = round(seconds, 3)
    stats["seconds_total"] = round(time.perf_counter() - started, 3)
    return LinkResult(links=links, clusters=clusters, stats=stats)


def _score(
    rows: list[dict[str, Any]],
    backend: str,
    report: Progress,
    stats: dict[str, Any],
    timings: dict[str, float],
    spark_session: Any,
    explain: bool,
    train: bool | None,
    threads: int | None,
    memory_limit: str | None,
    temp_dir: str | None,
    min_probability: float,
) -> list[Link]:
    from splink import Linker

    n = len(rows)
    defaults = model_defaults()
    trained = n >= defaults.min_records_for_training if train is None else train
    phase = time.perf_counter()
    report("block", 0.0)
    leave_out = _absent(rows)
    absent = _key_columns_of(leave_out)
    columns = [column for column in KEY_COLUMNS if column not in absent]
    if backend == "spark":
        db_api, session = _spark_api(spark_session)
        table = db_api.register(_spark_input(session, rows, columns))
    else:
        db_api = _duckdb_api(threads=threads, memory_limit=memory_limit, temp_dir=temp_dir)
        table = db_api.register(_input_table(rows, columns))
    broad = broad_rules(rows)
    settings = _settings(
        n, term_frequencies=trained, explain=explain, broad=broad, leave_out=leave_out
    )
    linker = Linker(table, settings, log_level=None)
    if trained:
        for column, frequencies in term_frequencies(rows).items():
            if not frequencies:
                continue  # a column nobody filled in: nothing to adjust
            tf_rows = [{column: value, f"tf_{column}": tf} for value, tf in frequencies.items()]
            if backend == "spark":
                tf_table = db_api.register(session.createDataFrame(tf_rows))
            else:
                import pyarrow as pa

                tf_table = db_api.register(pa.Table.from_pylist(tf_rows))
            linker.table_management.register_term_frequency_lookup(tf_table, column)
    ids = [row["unique_id"] for row in rows]

    def register_pairs(pairs: list[tuple[str, str]]) -> Any:
        """Candidate pairs chosen by us, in the shape of Splink's blocked pairs."""
        columns = ("match_key", "join_key_l", "join_key_r")
        if backend == "spark":
            return db_api.register(session.createDataFrame([("0", *p) for p in pairs], columns))
        import pyarrow as pa

        return db_api.register(
            pa.table(
                {
                    "match_key": pa.array(["0"] * len(pairs)),
                    "join_key_l": pa.array([p[0] for p in pairs]),
                    "join_key_r": pa.array([p[1] for p in pairs]),
                }
            )
        )

    # The database holds its own copy now; a million rows of keys are gigabytes of Python objects
    # that the scoring would otherwise have to share the machine with. link() needs them no more.
    rows.clear()
    stats["blocking_rules"] = len(_blocking_rules(broad, absent))
    stats["comparisons_left_out"] = ",".join(sorted(leave_out))
    stats["broad_rules_left_out"] = len(BROAD_RULES) - len(broad)
    timings["block"] = time.perf_counter() - phase
    report("block", 1.0)

    phase = time.perf_counter()
    report("train", 0.0)
    if trained:
        stats["model"] = "trained"
        _train(linker, ids, register_pairs, stats, report)
    else:
        stats["model"] = "defaults (too few records to train; model_defaults.toml)"
    stats["trained"] = int(trained)
    stats["prior_probability"] = float(linker._settings_obj._probability_two_random_records_match)
    stats["m_u"] = _m_u_summary(linker)
    timings["train"] = time.perf_counter() - phase
    report("train", 1.0)

    phase = time.perf_counter()
    report("predict", 0.0)
    predictions = linker.inference.predict(threshold_match_probability=min_probability)
    labels = _level_labels(linker)
    links = []
    for row in _rows(predictions, backend):
        left, right = _pair(str(row["unique_id_l"]), str(row["unique_id_r"]))
        probability = round(float(row["match_probability"]), ROUND_DIGITS)
        if probability < min_probability:
            continue
        weight = row["match_weight"]
        links.append(
            Link(
                left=left,
                right=right,
                probability=probability,
                match_weight=round(float(weight), 6) if math.isfinite(weight) else weight,
                drivers=_drivers(row, labels) if explain else (),
            )
        )
    timings["predict"] = time.perf_counter() - phase
    report("predict", 1.0)
    return links
