"""Load the screening catalogue and the combination rules from their TOML data files.

The indicator lists and rules change when someone checks them against the ILO primary text, so
they live in data files with a source and a verification tag per row. This loader is strict on
purpose: a typo in a strength or a dimension would silently change who is screened as a presumed
victim, so a malformed file is refused with a message that names the file, the row and the problem.

Pure core: standard library only, no Django.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CATALOGUE_PATH = DATA_DIR / "catalogue.toml"
DEFAULT_RULES_PATH = DATA_DIR / "rules.toml"

STRENGTHS = ("strong", "medium", "weak", "absent")
VERIFICATION_TAGS = frozenset({"V-P", "V-S", "R", "INF", "seed"})
AGE_GROUPS = ("adult", "child")
RULE_AGE_GROUPS = ("adult", "child", "any")
OUTCOMES = ("presumed_victim", "possible_victim", "not_indicated")


class CatalogueError(ValueError):
    """A data file is malformed; the message names the file, the row and the problem."""


@dataclass(frozen=True)
class Profile:
    id: str
    age_group: str
    form: str
    label_en: str
    label_ru: str
    source: str
    verification: str


@dataclass(frozen=True)
class Phase:
    id: str
    order: int
    label_en: str
    label_ru: str


@dataclass(frozen=True)
class Dimension:
    id: str
    order: int
    stage: str
    label_en: str
    label_ru: str
    palermo_element: str
    source: str
    verification: str


@dataclass(frozen=True)
class PalermoElement:
    """One act, means or purpose of Palermo art. 3(a)."""

    id: str
    kind: str  # "act", "means" or "purpose"
    label_en: str
    label_ru: str
    source: str
    verification: str
    question_en: str | None = None
    question_ru: str | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    dimension: str
    phase: str
    label_en: str
    label_ru: str
    question_en: str
    question_ru: str
    source: str
    verification: str
    strength: Mapping[str, str]
    strength_verification: Mapping[str, str]
    note: str | None = None

    def strength_for(self, profile: str) -> str:
        return self.strength[profile]

    def applies_to(self, profile: str) -> bool:
        return self.strength[profile] != "absent"


@dataclass(frozen=True)
class Catalogue:
    path: str
    profiles: tuple[Profile, ...]
    phases: tuple[Phase, ...]
    dimensions: tuple[Dimension, ...]
    acts: tuple[PalermoElement, ...]
    means: tuple[PalermoElement, ...]
    purposes: tuple[PalermoElement, ...]
    indicators: tuple[Indicator, ...]

    def indicator(self, indicator_id: str) -> Indicator:
        for item in self.indicators:
            if item.id == indicator_id:
                return item
        raise KeyError(indicator_id)

    def dimension(self, dimension_id: str) -> Dimension:
        for item in self.dimensions:
            if item.id == dimension_id:
                return item
        raise KeyError(dimension_id)

    def profile(self, profile_id: str) -> Profile:
        for item in self.profiles:
            if item.id == profile_id:
                return item
        raise KeyError(profile_id)

    @property
    def indicator_ids(self) -> frozenset[str]:
        return frozenset(item.id for item in self.indicators)

    @property
    def act_ids(self) -> frozenset[str]:
        return frozenset(item.id for item in self.acts)

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(sorted({p.form for p in self.profiles}))


@dataclass(frozen=True)
class ThresholdClause:
    """Minimum counts of present indicators; all minimums must be met."""

    id: str
    description_en: str
    description_ru: str
    strong: int = 0
    medium: int = 0
    weak: int = 0
    medium_or_weak: int = 0

    def matches(self, strong: int, medium: int, weak: int) -> bool:
        return (
            strong >= self.strong
            and medium >= self.medium
            and weak >= self.weak
            and medium + weak >= self.medium_or_weak
        )


@dataclass(frozen=True)
class DimensionThreshold:
    id: str
    description_en: str
    description_ru: str
    source: str
    verification: str
    clauses: tuple[ThresholdClause, ...]

    def first_match(self, strong: int, medium: int, weak: int) -> ThresholdClause | None:
        for clause in self.clauses:
            if clause.matches(strong, medium, weak):
                return clause
        return None


@dataclass(frozen=True)
class Rule:
    id: str
    age_group: str
    outcome: str
    requires_act: bool
    dimensions_all_of: tuple[tuple[str, ...], ...]
    description_en: str
    description_ru: str
    source: str
    verification: str

    def applies_to(self, age_group: str) -> bool:
        return self.age_group in ("any", age_group)

    def unmet_groups(self, positive: frozenset[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(g for g in self.dimensions_all_of if not positive.intersection(g))

    def matches(self, positive: frozenset[str], act_present: bool) -> bool:
        if self.requires_act and not act_present:
            return False
        return not self.unmet_groups(positive)


@dataclass(frozen=True)
class RuleSet:
    path: str
    verified_tags: frozenset[str]
    threshold: DimensionThreshold
    rules: tuple[Rule, ...]

    def is_verified(self, tag: str) -> bool:
        return tag in self.verified_tags

    def for_age_group(self, age_group: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.applies_to(age_group))


# --- parsing helpers -----------------------------------------------------------------------


class _Row:
    """One table row being parsed, so every error can name the file and the row."""

    def __init__(self, path: Path, table: str, index: int, data: Any) -> None:
        self.path = path
        self.table = table
        self.index = index
        if not isinstance(data, dict):
            raise CatalogueError(f"{path}: {table}[{index}]: must be a table")
        self.data: dict[str, Any] = data

    def ref(self) -> str:
        row_id = self.data.get("id")
        if isinstance(row_id, str) and row_id:
            return f"{self.table}[{self.index}] (id {row_id!r})"
        return f"{self.table}[{self.index}]"

    def fail(self, problem: str) -> CatalogueError:
        return CatalogueError(f"{self.path}: {self.ref()}: {problem}")

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            raise self.fail(f"missing required field {key!r}")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"field {key!r} must be a non-empty string")
        return value

    def optional_text(self, key: str) -> str | None:
        if key not in self.data:
            return None
        return self.text(key)

    def integer(self, key: str, *, default: int | None = None) -> int:
        value = self.data.get(key, default)
        if value is None:
            raise self.fail(f"missing required field {key!r}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(f"field {key!r} must be a non-negative integer")
        return value

    def boolean(self, key: str) -> bool:
        value = self.data.get(key)
        if value is None:
            raise self.fail(f"missing required field {key!r}")
        if not isinstance(value, bool):
            raise self.fail(f"field {key!r} must be true or false")
        return value

    def tag(self, key: str = "verification") -> str:
        value = self.text(key)
        if value not in VERIFICATION_TAGS:
            known = ", ".join(sorted(VERIFICATION_TAGS))
            raise self.fail(f"unknown verification tag {value!r} in {key!r} (known: {known})")
        return value

    def choice(self, key: str, allowed: tuple[str, ...] | frozenset[str], what: str) -> str:
        value = self.text(key)
        if value not in allowed:
            known = ", ".join(sorted(allowed))
            raise self.fail(f"{what} {value!r} does not exist (known: {known})")
        return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise CatalogueError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML: {exc}") from exc


def _rows(path: Path, doc: Mapping[str, Any], table: str, *, required: bool = True) -> list[_Row]:
    raw = doc.get(table)
    if raw is None:
        if required:
            raise CatalogueError(f"{path}: missing required table [[{table}]]")
        return []
    if not isinstance(raw, list):
        raise CatalogueError(f"{path}: {table} must be an array of tables ([[{table}]])")
    return [_Row(path, table, index, item) for index, item in enumerate(raw)]


def _check_unique(row: _Row, seen: dict[str, str], row_id: str) -> None:
    if row_id in seen:
        raise row.fail(f"duplicate id {row_id!r} (first defined in {seen[row_id]})")
    seen[row_id] = row.ref()


def _per_profile(
    row: _Row, key: str, profiles: tuple[str, ...], allowed: tuple[str, ...] | frozenset[str]
) -> Mapping[str, str]:
    table = row.data.get(key)
    if table is None:
        raise row.fail(f"missing required field {key!r}")
    if not isinstance(table, dict):
        raise row.fail(f"field {key!r} must be a table of profile = value")
    for profile in table:
        if profile not in profiles:
            raise row.fail(
                f"unknown profile {profile!r} in {key!r} (known: {', '.join(sorted(profiles))})"
            )
    result: dict[str, str] = {}
    for profile in profiles:
        if profile not in table:
            raise row.fail(f"missing {key!r} for profile {profile!r}")
        value = table[profile]
        if not isinstance(value, str) or value not in allowed:
            what = "strength" if key == "strength" else "value"
            raise row.fail(
                f"unknown {what} {value!r} for profile {profile!r} in {key!r}"
                f" (known: {', '.join(sorted(allowed))})"
            )
        result[profile] = value
    return MappingProxyType(result)


# --- catalogue -------------------------------------------------------------------------------


def _palermo(
    rows: list[_Row], kind: str, prefix: str, seen: dict[str, str]
) -> list[PalermoElement]:
    elements = []
    for row in rows:
        element_id = row.text("id")
        if not element_id.startswith(prefix):
            raise row.fail(f"id {element_id!r} must start with {prefix!r}")
        _check_unique(row, seen, element_id)
        elements.append(
            PalermoElement(
                id=element_id,
                kind=kind,
                label_en=row.text("label_en"),
                label_ru=row.text("label_ru"),
                source=row.text("source"),
                verification=row.tag(),
                question_en=row.optional_text("question_en"),
                question_ru=row.optional_text("question_ru"),
            )
        )
    return elements


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and validate the indicator catalogue; the default is the shipped data file."""
    file = Path(path) if path is not None else DEFAULT_CATALOGUE_PATH
    doc = _read_toml(file)

    profiles: list[Profile] = []
    seen_profiles: dict[str, str] = {}
    for row in _rows(file, doc, "profiles"):
        profile_id = row.text("id")
        _check_unique(row, seen_profiles, profile_id)
        profiles.append(
            Profile(
                id=profile_id,
                age_group=row.choice("age_group", AGE_GROUPS, "age group"),
                form=row.text("form"),
                label_en=row.text("label_en"),
                label_ru=row.text("label_ru"),
                source=row.text("source"),
                verification=row.tag(),
            )
        )
    profile_ids = tuple(p.id for p in profiles)

    phases: list[Phase] = []
    seen_phases: dict[str, str] = {}
    for row in _rows(file, doc, "phases"):
        phase_id = row.text("id")
        _check_unique(row, seen_phases, phase_id)
        phases.append(
            Phase(phase_id, row.integer("order"), row.text("label_en"), row.text("label_ru"))
        )
    phase_ids = frozenset(p.id for p in phases)

    dimensions: list[Dimension] = []
    seen_dimensions: dict[str, str] = {}
    for row in _rows(file, doc, "dimensions"):
        dimension_id = row.text("id")
        _check_unique(row, seen_dimensions, dimension_id)
        dimensions.append(
            Dimension(
                id=dimension_id,
                order=row.integer("order"),
                stage=row.text("stage"),
                label_en=row.text("label_en"),
                label_ru=row.text("label_ru"),
                palermo_element=row.text("palermo_element"),
                source=row.text("source"),
                verification=row.tag(),
            )
        )
    dimension_ids = frozenset(d.id for d in dimensions)

    # Acts, means, purposes and indicators share one id space: answers and acts are keyed by id.
    seen: dict[str, str] = {}
    acts = _palermo(_rows(file, doc, "acts"), "act", "ACT_", seen)
    means = _palermo(_rows(file, doc, "means"), "means", "MEANS_", seen)
    purposes = _palermo(_rows(file, doc, "purposes"), "purpose", "PURP_", seen)

    indicators: list[Indicator] = []
    for row in _rows(file, doc, "indicators"):
        indicator_id = row.text("id")
        _check_unique(row, seen, indicator_id)
        indicators.append(
            Indicator(
                id=indicator_id,
                dimension=row.choice("dimension", dimension_ids, "dimension"),
                phase=row.choice("phase", phase_ids, "phase"),
                label_en=row.text("label_en"),
                label_ru=row.text("label_ru"),
                question_en=row.text("question_en"),
                question_ru=row.text("question_ru"),
                source=row.text("source"),
                verification=row.tag(),
                strength=_per_profile(row, "strength", profile_ids, STRENGTHS),
                strength_verification=_per_profile(
                    row, "strength_verification", profile_ids, VERIFICATION_TAGS
                ),
                note=row.optional_text("note"),
            )
        )
    if not indicators:
        raise CatalogueError(f"{file}: [[indicators]] is empty")

    return Catalogue(
        path=str(file),
        profiles=tuple(profiles),
        phases=tuple(sorted(phases, key=lambda p: (p.order, p.id))),
        dimensions=tuple(sorted(dimensions, key=lambda d: (d.order, d.id))),
        acts=tuple(acts),
        means=tuple(means),
        purposes=tuple(purposes),
        indicators=tuple(sorted(indicators, key=lambda i: i.id)),
    )


# --- rules -----------------------------------------------------------------------------------


def load_rules(path: str | Path | None = None, *, catalogue: Catalogue | None = None) -> RuleSet:
    """Read and validate the combination rules.

    Dimension ids in the rules are checked against a catalogue (the shipped one unless given),
    because a rule naming a dimension that does not exist could never fire.
    """
    file = Path(path) if path is not None else DEFAULT_RULES_PATH
    doc = _read_toml(file)
    known_dimensions = frozenset(
        d.id for d in (catalogue if catalogue is not None else load_catalogue()).dimensions
    )

    review = doc.get("review")
    if not isinstance(review, dict):
        raise CatalogueError(f"{file}: missing required table [review]")
    tags = review.get("verified_tags")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise CatalogueError(f"{file}: [review] verified_tags must be a list of tags")
    for tag in tags:
        if tag not in VERIFICATION_TAGS:
            raise CatalogueError(f"{file}: [review] unknown verification tag {tag!r}")

    raw_threshold = doc.get("dimension_threshold")
    if raw_threshold is None:
        raise CatalogueError(f"{file}: missing required table [dimension_threshold]")
    head = _Row(file, "dimension_threshold", 0, raw_threshold)
    seen: dict[str, str] = {}
    threshold_id = head.text("id")
    _check_unique(head, seen, threshold_id)
    clauses: list[ThresholdClause] = []
    for row in _rows(file, head.data, "clauses"):
        row.table = "dimension_threshold.clauses"
        clause_id = row.text("id")
        _check_unique(row, seen, clause_id)
        clause = ThresholdClause(
            id=clause_id,
            description_en=row.text("description_en"),
            description_ru=row.text("description_ru"),
            strong=row.integer("strong", default=0),
            medium=row.integer("medium", default=0),
            weak=row.integer("weak", default=0),
            medium_or_weak=row.integer("medium_or_weak", default=0),
        )
        if clause.strong + clause.medium + clause.weak + clause.medium_or_weak == 0:
            raise row.fail("a clause must require at least one present indicator")
        clauses.append(clause)
    if not clauses:
        raise head.fail("needs at least one clause")
    threshold = DimensionThreshold(
        id=threshold_id,
        description_en=head.text("description_en"),
        description_ru=head.text("description_ru"),
        source=head.text("source"),
        verification=head.tag(),
        clauses=tuple(clauses),
    )

    rules: list[Rule] = []
    for row in _rows(file, doc, "rules"):
        rule_id = row.text("id")
        _check_unique(row, seen, rule_id)
        groups_raw = row.data.get("dimensions_all_of")
        if groups_raw is None:
            raise row.fail("missing required field 'dimensions_all_of'")
        if not isinstance(groups_raw, list) or not all(
            isinstance(g, list) and g for g in groups_raw
        ):
            raise row.fail("'dimensions_all_of' must be a list of non-empty lists of dimensions")
        groups: list[tuple[str, ...]] = []
        for group in groups_raw:
            for dim in group:
                if dim not in known_dimensions:
                    known = ", ".join(sorted(known_dimensions))
                    raise row.fail(f"dimension {dim!r} does not exist (known: {known})")
            groups.append(tuple(group))
        rules.append(
            Rule(
                id=rule_id,
                age_group=row.choice("age_group", RULE_AGE_GROUPS, "age group"),
                outcome=row.choice("outcome", OUTCOMES, "outcome"),
                requires_act=row.boolean("requires_act"),
                dimensions_all_of=tuple(groups),
                description_en=row.text("description_en"),
                description_ru=row.text("description_ru"),
                source=row.text("source"),
                verification=row.tag(),
            )
        )
    ruleset = RuleSet(
        path=str(file), verified_tags=frozenset(tags), threshold=threshold, rules=tuple(rules)
    )
    for age_group in AGE_GROUPS:
        applicable = ruleset.for_age_group(age_group)
        fallbacks = [r for r in applicable if not r.dimensions_all_of and not r.requires_act]
        if not fallbacks:
            raise CatalogueError(
                f"{file}: no fallback rule (empty dimensions_all_of, requires_act = false)"
                f" for age group {age_group!r}"
            )
        if fallbacks[0] is not applicable[-1]:
            raise CatalogueError(
                f"{file}: rules[{ruleset.rules.index(fallbacks[0])}] (id {fallbacks[0].id!r}):"
                f" the fallback rule always matches, so the rules after it for age group"
                f" {age_group!r} could never fire; move it last"
            )
    return ruleset
