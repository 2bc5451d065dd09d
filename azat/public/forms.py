"""The job-offer questionnaire as a plain HTML form, built from the rules file.

Not a Django ``Form``: the questions and options come from ``data/jobcheck.toml`` and the
validation is :func:`azat.public.jobcheck.assess` (it names every missing or tampered answer at
once). This module only picks the answers out of the POST and describes the form for the
template, keeping every valid answer so a person never has to start again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from azat.public.jobcheck import JobCheckRules, Question

__all__ = ["FieldState", "JobCheckFormState", "OptionState", "answers_from", "form_state"]


@dataclass(frozen=True, slots=True)
class OptionState:
    id: str
    text: str
    checked: bool


@dataclass(frozen=True, slots=True)
class FieldState:
    id: str
    text: str
    options: tuple[OptionState, ...]
    problem: str | None  # None, "missing" or "invalid"


@dataclass(frozen=True, slots=True)
class JobCheckFormState:
    fields: tuple[FieldState, ...]

    @property
    def missing(self) -> tuple[FieldState, ...]:
        return tuple(f for f in self.fields if f.problem == "missing")

    @property
    def invalid(self) -> tuple[FieldState, ...]:
        return tuple(f for f in self.fields if f.problem == "invalid")

    @property
    def has_problems(self) -> bool:
        return any(f.problem for f in self.fields)


def answers_from(data: Mapping[str, str], rules: JobCheckRules) -> dict[str, str]:
    """Only the question ids are kept; anything else in the POST is dropped unread."""
    return {q.id: str(data.get(q.id, "")) for q in rules.questions}


def form_state(
    rules: JobCheckRules,
    answers: Mapping[str, str],
    *,
    missing: tuple[str, ...] = (),
    invalid: tuple[str, ...] = (),
) -> JobCheckFormState:
    return JobCheckFormState(
        fields=tuple(_field(q, answers.get(q.id, ""), missing, invalid) for q in rules.questions)
    )


def _field(
    question: Question, answer: str, missing: tuple[str, ...], invalid: tuple[str, ...]
) -> FieldState:
    problem = "missing" if question.id in missing else "invalid" if question.id in invalid else None
    return FieldState(
        id=question.id,
        text=question.text,
        # A tampered value matches no option, so nothing is checked and the person chooses again.
        options=tuple(OptionState(o.id, o.text, o.id == answer) for o in question.options),
        problem=problem,
    )
