"""The "check a job offer" questionnaire: load its rules and assess a person's answers.

The rules are data (``data/jobcheck.toml``) so that the people who know recruitment patterns can
change a weight or a reason without touching code, and so every rule keeps its source and
verification tag next to it. This module stays pure (no Django): the public view only parses the
form, calls :func:`assess`, and renders the result. Nothing about the person is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from azat.public.provenance import (
    DataFileError,
    RowReader,
    Status,
    read_toml,
    table_list,
    tag_status,
)

__all__ = [
    "DEFAULT_PATH",
    "LEVELS",
    "Assessment",
    "JobCheckFileError",
    "JobCheckInputError",
    "JobCheckRules",
    "Level",
    "LevelText",
    "Option",
    "Question",
    "Reason",
    "Rule",
    "assess",
    "load_rules",
]

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "jobcheck.toml"

type Level = Literal["low", "caution", "high"]
LEVELS: tuple[Level, ...] = ("low", "caution", "high")
_MAX_SHOWN = 40  # characters of a tampered value kept in the error
_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}


class JobCheckFileError(DataFileError):
    """The rules file is missing or malformed; the site must not guess a risk level from it."""


class JobCheckInputError(ValueError):
    """The submitted answers are incomplete or tampered with.

    It lists every problem at once so the form can mark all of them in one round trip.
    ``missing`` holds question ids; ``invalid`` maps each question id to the value that is not
    one of its options (cut short, since a tampered value can be anything).
    """

    def __init__(self, missing: tuple[str, ...], invalid: Mapping[str, str]) -> None:
        self.missing = missing
        self.invalid = dict(invalid)
        parts = []
        if missing:
            parts.append(f"missing answers: {', '.join(missing)}")
        if invalid:
            shown = ", ".join(f"{key}={value!r}" for key, value in self.invalid.items())
            parts.append(f"invalid answers: {shown}")
        super().__init__("; ".join(parts))


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    text: str
    weight: int


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    options: tuple[Option, ...]
    source: str
    verification: str

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule; all the parts it gives must hold for it to fire."""

    id: str
    level: Level
    reason: str
    next_step: str
    source: str
    verification: str
    when: tuple[frozenset[str], ...] = ()  # each group: at least one "question=option" chosen
    count_of: frozenset[str] = frozenset()
    at_least: int = 0
    min_score: int | None = None
    fallback: bool = False

    @property
    def status(self) -> Status:
        return tag_status(self.verification)

    def fires(self, chosen: frozenset[str], score: int) -> bool:
        if not all(group & chosen for group in self.when):
            return False
        if self.count_of and len(self.count_of & chosen) < self.at_least:
            return False
        return self.min_score is None or score >= self.min_score


@dataclass(frozen=True, slots=True)
class LevelText:
    id: Level
    title: str
    summary: str
    next_steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class JobCheckRules:
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    levels: Mapping[str, LevelText]
    path: str

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True, slots=True)
class Reason:
    rule_id: str
    level: Level
    text: str
    source: str
    verification: str
    status: Status


@dataclass(frozen=True, slots=True)
class Assessment:
    level: Level
    title: str
    summary: str
    score: int
    reasons: tuple[Reason, ...]
    next_steps: tuple[str, ...]


# ------------------------------------------------------------------------------------ loading

_FILE_KEYS = frozenset({"schema", "level", "question", "rule"})
_LEVEL_KEYS = frozenset({"id", "title", "summary", "next_steps"})
_QUESTION_KEYS = frozenset({"id", "text", "source", "verification", "option"})
_OPTION_KEYS = frozenset({"id", "text", "weight"})
_RULE_KEYS = frozenset(
    {
        "id",
        "level",
        "when",
        "count_of",
        "at_least",
        "min_score",
        "reason",
        "next_step",
        "source",
        "verification",
        "fallback",
    }
)


def load_rules(path: Path | str | None = None) -> JobCheckRules:
    """Read and check the rules file; refuse it whole rather than assess with a broken rule."""
    file = Path(path) if path is not None else DEFAULT_PATH
    data = read_toml(file, JobCheckFileError)
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise JobCheckFileError(file, None, f"unknown top-level key(s) {', '.join(unknown)}")
    if data.get("schema") != 1:
        raise JobCheckFileError(file, None, "'schema' must be 1")
    levels = _load_levels(file, table_list(data, "level", file, JobCheckFileError))
    questions = _load_questions(file, table_list(data, "question", file, JobCheckFileError))
    rules = _load_rules(file, table_list(data, "rule", file, JobCheckFileError), questions)
    return JobCheckRules(questions=questions, rules=rules, levels=levels, path=str(file))


def _load_levels(file: Path, rows: list[dict[str, Any]]) -> dict[str, LevelText]:
    levels: dict[str, LevelText] = {}
    for number, row in enumerate(rows, start=1):
        reader = RowReader(file, f"level #{number}", row, JobCheckFileError, _LEVEL_KEYS)
        level_id = reader.text("id")
        if level_id not in _RANK:
            reader.fail(f"'id' {level_id!r} must be one of {', '.join(LEVELS)}")
        if level_id in levels:
            reader.fail(f"level {level_id!r} is given twice")
        levels[level_id] = LevelText(
            id=_as_level(level_id),
            title=reader.text("title"),
            summary=reader.text("summary"),
            next_steps=reader.text_list("next_steps"),
        )
    missing = [level for level in LEVELS if level not in levels]
    if missing:
        raise JobCheckFileError(file, None, f"no [[level]] row for {', '.join(missing)}")
    return levels


def _load_questions(file: Path, rows: list[dict[str, Any]]) -> tuple[Question, ...]:
    questions: list[Question] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        label = f"question #{number}" + (
            f" ({row['id']})" if isinstance(row.get("id"), str) else ""
        )
        reader = RowReader(file, label, row, JobCheckFileError, _QUESTION_KEYS)
        question_id = reader.slug()
        if question_id in seen:
            reader.fail(f"question id {question_id!r} is used twice")
        seen.add(question_id)
        text = reader.text("text")
        source = reader.text("source")
        verification = reader.verification()
        option_rows = row.get("option")
        if not isinstance(option_rows, list) or len(option_rows) < 2:
            reader.fail("needs at least two [[question.option]] rows")
        options: list[Option] = []
        for option_number, option_row in enumerate(option_rows, start=1):
            option_label = f"{label} option #{option_number}"
            if not isinstance(option_row, dict):
                reader.fail(f"option #{option_number} must be a table")
            option_reader = RowReader(
                file, option_label, option_row, JobCheckFileError, _OPTION_KEYS
            )
            option_id = option_reader.slug()
            if any(o.id == option_id for o in options):
                option_reader.fail(f"option id {option_id!r} is used twice in this question")
            options.append(
                Option(
                    id=option_id,
                    text=option_reader.text("text"),
                    weight=option_reader.integer("weight", minimum=0),
                )
            )
        questions.append(
            Question(
                id=question_id,
                text=text,
                options=tuple(options),
                source=source,
                verification=verification,
            )
        )
    return tuple(questions)


def _load_rules(
    file: Path, rows: list[dict[str, Any]], questions: tuple[Question, ...]
) -> tuple[Rule, ...]:
    known = {f"{q.id}={o.id}" for q in questions for o in q.options}
    rules: list[Rule] = []
    for number, row in enumerate(rows, start=1):
        label = f"rule #{number}" + (f" ({row['id']})" if isinstance(row.get("id"), str) else "")
        reader = RowReader(file, label, row, JobCheckFileError, _RULE_KEYS)
        rule_id = reader.slug()
        if any(r.id == rule_id for r in rules):
            reader.fail(f"rule id {rule_id!r} is used twice")
        level = reader.text("level")
        if level not in _RANK:
            reader.fail(f"'level' {level!r} must be one of {', '.join(LEVELS)}")

        when = _read_when(reader, known)
        count_refs = reader.text_list("count_of", required=False)
        count_of = frozenset(_check_refs(reader, "count_of", count_refs, known))
        at_least = reader.optional_integer("at_least", minimum=1)
        if count_of and at_least is None:
            reader.fail("'count_of' needs 'at_least'")
        if at_least is not None and not count_of:
            reader.fail("'at_least' needs 'count_of'")
        if at_least is not None and at_least > len(count_of):
            reader.fail(
                f"'at_least' {at_least} is more than the {len(count_of)} 'count_of' answers"
            )
        min_score = reader.optional_integer("min_score", minimum=1)
        if not when and not count_of and min_score is None:
            reader.fail("needs at least one condition: 'when', 'count_of' or 'min_score'")

        rules.append(
            Rule(
                id=rule_id,
                level=_as_level(level),
                reason=reader.text("reason"),
                next_step=reader.text("next_step"),
                source=reader.text("source"),
                verification=reader.verification(),
                when=when,
                count_of=count_of,
                at_least=at_least or 0,
                min_score=min_score,
                fallback=reader.boolean("fallback", default=False),
            )
        )
    return tuple(rules)


def _read_when(reader: RowReader, known: set[str]) -> tuple[frozenset[str], ...]:
    value = reader.data.get("when")
    if value is None:
        return ()
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(group, list) and group for group in value)
    ):
        reader.fail('\'when\' must be a non-empty list of non-empty lists, e.g. [["q=a", "q=b"]]')
    groups = []
    for group in value:
        if not all(isinstance(ref, str) for ref in group):
            reader.fail("'when' must hold only \"question=option\" strings")
        groups.append(frozenset(_check_refs(reader, "when", tuple(group), known)))
    return tuple(groups)


def _check_refs(
    reader: RowReader, key: str, refs: tuple[str, ...], known: set[str]
) -> tuple[str, ...]:
    unknown = [ref for ref in refs if ref not in known]
    if unknown:
        reader.fail(
            f"{key!r} refers to unknown answer(s) {', '.join(repr(u) for u in unknown)} "
            '(write "question_id=option_id")'
        )
    return refs


def _as_level(value: str) -> Level:
    if value == "low":
        return "low"
    if value == "caution":
        return "caution"
    return "high"


# ------------------------------------------------------------------------------------ assessing


def assess(rules: JobCheckRules, answers: Mapping[str, str]) -> Assessment:
    """Turn one complete set of answers into a level, the reasons for it, and what to do next.

    Keys that are not question ids (a CSRF token, a submit button) are ignored so the view may
    pass the whole form; every question must be answered with one of its own option ids.
    """
    missing: list[str] = []
    invalid: dict[str, str] = {}
    chosen: set[str] = set()
    score = 0
    for question in rules.questions:
        value = answers.get(question.id)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(question.id)
            continue
        option = question.option(value) if isinstance(value, str) else None
        if option is None:
            invalid[question.id] = str(value)[:_MAX_SHOWN]
            continue
        chosen.add(f"{question.id}={option.id}")
        score += option.weight
    if missing or invalid:
        raise JobCheckInputError(tuple(missing), invalid)

    frozen_chosen = frozenset(chosen)
    fired = [r for r in rules.rules if not r.fallback and r.fires(frozen_chosen, score)]
    # A fallback rule (a score threshold) speaks only when no named rule already reached its
    # level, so "several small doubts" never repeats what a precise reason has said.
    top = max((_RANK[r.level] for r in fired), default=-1)
    fired += [
        r
        for r in rules.rules
        if r.fallback and _RANK[r.level] > top and r.fires(frozen_chosen, score)
    ]
    # Most serious first; file order within a level, so the editors control the order shown.
    fired.sort(key=lambda rule: -_RANK[rule.level])
    level: Level = fired[0].level if fired else "low"
    level_text = rules.levels[level]

    reasons = tuple(
        Reason(
            rule_id=rule.id,
            level=rule.level,
            text=rule.reason,
            source=rule.source,
            verification=rule.verification,
            status=rule.status,
        )
        for rule in fired
    )
    next_steps: list[str] = []
    for step in [rule.next_step for rule in fired] + list(level_text.next_steps):
        if step not in next_steps:
            next_steps.append(step)
    return Assessment(
        level=level,
        title=level_text.title,
        summary=level_text.summary,
        score=score,
        reasons=reasons,
        next_steps=tuple(next_steps),
    )
