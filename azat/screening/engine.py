"""The product's door to the pure screening engine: the shipped data parsed once, and a result
turned into what a page shows in the reader's language (en or ru).

Kept free of Django so the `screen` command, the pages and the API all run the same code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from azat.screening.catalogue import Catalogue, RuleSet, load_catalogue, load_rules
from azat.screening.rules import ScreeningResult, parse_request, screen_request


@cache
def catalogue() -> Catalogue:
    return load_catalogue()


@cache
def ruleset() -> RuleSet:
    return load_rules(catalogue=catalogue())


def run(data: Mapping[str, Any]) -> ScreeningResult:
    """Validate a request shaped like the `screen` command's JSON and screen it.

    Raises `ScreeningInputError` naming the first bad key."""
    request = parse_request(data, catalogue=catalogue())
    return screen_request(catalogue(), ruleset(), request)


def request_data(
    *,
    age: int | None,
    minor: bool | None,
    profile: str | None,
    acts: Iterable[str],
    answers: Mapping[str, bool | None],
) -> dict[str, Any]:
    return {
        "age": age,
        "minor": minor,
        "profile": profile or None,
        "acts": list(acts),
        "indicators": dict(answers),
    }


def _lang(language: str) -> str:
    return "ru" if language.startswith("ru") else "en"


@dataclass(frozen=True)
class ShownItem:
    id: str
    text: str
    pending: bool


@dataclass(frozen=True)
class ShownDimension:
    profile: str
    profile_label: str
    dimension: str
    label: str
    positive: bool
    indicators: tuple[ShownItem, ...]


@dataclass(frozen=True)
class ShownProfile:
    form: str
    label: str
    status: str
    rule: ShownItem


@dataclass(frozen=True)
class ShownAsk:
    id: str
    question: str
    effect: str


@dataclass(frozen=True)
class ShownResult:
    """A result laid out for a page: every row that rests on an unchecked fact says so."""

    status: str
    rule: ShownItem
    label: str
    profiles: tuple[ShownProfile, ...]
    dimensions: tuple[ShownDimension, ...]
    reasons: tuple[str, ...]
    ask_next: tuple[ShownAsk, ...]
    pending_review: tuple[ShownItem, ...]
    threshold_pending: bool


def present(result: ScreeningResult, language: str, *, ask_limit: int = 5) -> ShownResult:
    lang = _lang(language)
    cat = catalogue()
    rules = ruleset()
    pending = frozenset(result.pending_review)

    def pick(en: str, ru: str) -> str:
        return ru if lang == "ru" else en

    rule_text = {r.id: pick(r.description_en, r.description_ru) for r in rules.rules}
    profile_label = {p.id: pick(p.label_en, p.label_ru) for p in cat.profiles}
    form_label = {p.form: pick(p.label_en, p.label_ru).split(",")[-1].strip() for p in cat.profiles}

    def indicator_item(indicator_id: str) -> ShownItem:
        ind = cat.indicator(indicator_id)
        return ShownItem(indicator_id, pick(ind.label_en, ind.label_ru), indicator_id in pending)

    def rule_item(rule_id: str) -> ShownItem:
        return ShownItem(rule_id, rule_text.get(rule_id, rule_id), rule_id in pending)

    dimensions = tuple(
        ShownDimension(
            profile=d.profile,
            profile_label=profile_label[d.profile],
            dimension=d.dimension,
            label=pick(cat.dimension(d.dimension).label_en, cat.dimension(d.dimension).label_ru),
            positive=d.positive,
            indicators=tuple(indicator_item(i) for i in d.indicators),
        )
        for d in result.dimensions
        if d.indicators
    )
    pending_items = []
    for item_id in result.pending_review:
        if item_id in cat.indicator_ids:
            pending_items.append(indicator_item(item_id))
        elif item_id == rules.threshold.id:
            text = pick(rules.threshold.description_en, rules.threshold.description_ru)
            pending_items.append(ShownItem(item_id, text, True))
        else:
            pending_items.append(rule_item(item_id))
    return ShownResult(
        status=result.status,
        rule=rule_item(result.rule),
        label=result.label[lang],
        profiles=tuple(
            ShownProfile(p.form, form_label.get(p.form, p.form), p.status, rule_item(p.rule))
            for p in result.profiles
        ),
        dimensions=dimensions,
        reasons=tuple(pick(r.en, r.ru) for r in result.reasons),
        ask_next=tuple(
            ShownAsk(a.id, pick(a.question_en, a.question_ru), a.effect)
            for a in result.ask_next[:ask_limit]
        ),
        pending_review=tuple(pending_items),
        threshold_pending=rules.threshold.id in pending,
    )
