"""Screening engine: from yes/no/unknown answers to a presumed / possible / not indicated result.

It applies the ILO/EC operational indicators (Delphi, 2009) and the Palermo art. 3(c) child rule
as configured in `data/rules.toml`, and explains itself in plain English and Russian. A hotline
screen is a prompt to refer for full identification, never an identification decision; every
result says so, and lists the facts and rules it relied on that are still pending review.

Evidence model: an answer is True (present), False (absent) or None (unknown); a missing id is
unknown. Unknown is not absent: only present indicators count towards a dimension, but unknown
ones are what `ask_next` proposes to ask.

Pure core: standard library only, no Django. Deterministic: every list is sorted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from azat.screening.catalogue import (
    Catalogue,
    CatalogueError,
    Indicator,
    Profile,
    Rule,
    RuleSet,
    load_catalogue,
)

SEVERITY = {"not_indicated": 0, "possible_victim": 1, "presumed_victim": 2}
_STRENGTH_RANK = {"strong": 0, "medium": 1, "weak": 2}
_EFFECT_RANK = {"flips_status": 0, "flips_dimension": 1, "contributes": 2}
ADULT_AGE = 18
MAX_AGE = 120

STATUS_TEXT = {
    "presumed_victim": ("presumed victim of trafficking", "предполагаемая жертва торговли людьми"),
    "possible_victim": (
        "possible victim: refer for a full identification interview",
        "возможная жертва: направить на полное собеседование для идентификации",
    ),
    "not_indicated": (
        "no trafficking indicated by the answers so far",
        "по полученным ответам признаки торговли людьми не выявлены",
    ),
}
AGE_TEXT = {
    "adult": ("an adult", "взрослый"),
    "child": ("a child", "ребёнок"),
}
LABEL = MappingProxyType(
    {
        "en": (
            "This is a screening for signs of trafficking, not an identification decision. "
            "Only the competent authority identifies a victim; a positive screen means the "
            "person should be referred for full identification and offered help."
        ),
        "ru": (
            "Это предварительная проверка на признаки торговли людьми, а не решение об "
            "идентификации. Идентифицирует жертву только уполномоченный орган; положительный "
            "результат означает, что человека нужно направить на полную идентификацию и "
            "предложить ему помощь."
        ),
    }
)


class ScreeningInputError(ValueError):
    """The request names an unknown id or has a value of the wrong shape."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


@dataclass(frozen=True)
class ScreeningRequest:
    age: int | None
    minor: bool | None
    profile: str | None
    acts: tuple[str, ...]
    answers: Mapping[str, bool | None]


@dataclass(frozen=True)
class Reason:
    code: str
    en: str
    ru: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "en": self.en, "ru": self.ru}


@dataclass(frozen=True)
class DimensionResult:
    profile: str
    dimension: str
    positive: bool
    indicators: tuple[str, ...]
    clause: str | None


@dataclass(frozen=True)
class ProfileResult:
    """Outcome for one form of exploitation (labour, sexual)."""

    form: str
    status: str
    rule: str
    scored_as: str  # catalogue profile whose outcome was kept, e.g. "child_labour"
    evaluated: tuple[str, ...]  # every catalogue profile scored for this form


@dataclass(frozen=True)
class AskNext:
    id: str
    dimension: str
    strength: str
    effect: str  # flips_status, flips_dimension or contributes
    profiles: tuple[str, ...]
    question_en: str
    question_ru: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "dimension": self.dimension,
            "strength": self.strength,
            "effect": self.effect,
            "profiles": list(self.profiles),
            "question": {"en": self.question_en, "ru": self.question_ru},
        }


@dataclass(frozen=True)
class ScreeningResult:
    age_group: str
    status: str
    rule: str
    acts: tuple[str, ...]
    dimensions: tuple[DimensionResult, ...]
    profiles: tuple[ProfileResult, ...]
    reasons: tuple[Reason, ...]
    ask_next: tuple[AskNext, ...]
    pending_review: tuple[str, ...]
    label: Mapping[str, str]

    def dimension(self, profile: str, dimension: str) -> DimensionResult:
        for item in self.dimensions:
            if item.profile == profile and item.dimension == dimension:
                return item
        raise KeyError((profile, dimension))

    def profile(self, form: str) -> ProfileResult:
        for item in self.profiles:
            if item.form == form:
                return item
        raise KeyError(form)

    def to_dict(self) -> dict[str, Any]:
        dimensions: dict[str, dict[str, dict[str, Any]]] = {}
        for dim in self.dimensions:
            dimensions.setdefault(dim.profile, {})[dim.dimension] = {
                "positive": dim.positive,
                "indicators": list(dim.indicators),
            }
        return {
            "age_group": self.age_group,
            "status": self.status,
            "rule": self.rule,
            "acts": list(self.acts),
            "profiles": {
                p.form: {"status": p.status, "rule": p.rule, "scored_as": p.scored_as}
                for p in self.profiles
            },
            "dimensions": dimensions,
            "reasons": [r.to_dict() for r in self.reasons],
            "ask_next": [a.to_dict() for a in self.ask_next],
            "pending_review": list(self.pending_review),
            "label": dict(self.label),
        }


# --- input validation ------------------------------------------------------------------------


def _check_age(age: object) -> int | None:
    if age is None:
        return None
    if isinstance(age, bool) or not isinstance(age, int):
        raise ScreeningInputError("age", "must be a whole number of years or null")
    if not 0 <= age <= MAX_AGE:
        raise ScreeningInputError("age", f"must be between 0 and {MAX_AGE}")
    return age


def _check_minor(minor: object) -> bool | None:
    if minor is not None and not isinstance(minor, bool):
        raise ScreeningInputError("minor", "must be true, false or null")
    return minor


def _age_group(age: int | None, minor: bool | None) -> str:
    if age is not None:
        group = "child" if age < ADULT_AGE else "adult"
        if minor is not None and minor != (group == "child"):
            raise ScreeningInputError("minor", f"contradicts age {age}")
        return group
    if minor is None:
        return "unknown"
    return "child" if minor else "adult"


def _check_profile(catalogue: Catalogue, profile: object) -> str | None:
    if profile is None:
        return None
    forms = catalogue.forms
    if not isinstance(profile, str) or profile not in forms:
        raise ScreeningInputError("profile", f"must be one of {', '.join(forms)} or null")
    return profile


def _check_acts(catalogue: Catalogue, acts: Iterable[object]) -> tuple[str, ...]:
    known = catalogue.act_ids
    result: set[str] = set()
    for index, act in enumerate(acts):
        if not isinstance(act, str):
            raise ScreeningInputError(f"acts[{index}]", "must be an act id such as ACT_RECRUITMENT")
        if act not in known:
            raise ScreeningInputError(f"acts.{act}", "unknown act id")
        result.add(act)
    return tuple(sorted(result))


def _check_answers(
    catalogue: Catalogue, answers: Mapping[Any, object]
) -> Mapping[str, bool | None]:
    known = catalogue.indicator_ids
    result: dict[str, bool | None] = {}
    for key in sorted(answers, key=str):
        value = answers[key]
        if not isinstance(key, str) or key not in known:
            raise ScreeningInputError(f"indicators.{key}", "unknown indicator id")
        if value is not None and not isinstance(value, bool):
            raise ScreeningInputError(f"indicators.{key}", "must be true, false or null")
        result[key] = value
    return MappingProxyType(result)


@cache
def _shipped_catalogue() -> Catalogue:
    """The shipped catalogue is immutable, so one parse serves every request."""
    return load_catalogue()


_REQUEST_FIELDS = frozenset({"age", "minor", "profile", "acts", "indicators"})


def parse_request(
    data: Mapping[str, Any], *, catalogue: Catalogue | None = None
) -> ScreeningRequest:
    """Validate the JSON request shape; the first bad key raises `ScreeningInputError`.

    Shape: {"age": 16, "minor": null, "profile": "labour", "acts": ["ACT_RECRUITMENT"],
    "indicators": {"DR01": true, "EX04": false, "CD01": null}}. Every field is optional.
    """
    cat = catalogue if catalogue is not None else _shipped_catalogue()
    if not isinstance(data, Mapping):
        raise ScreeningInputError("request", "must be a JSON object")
    for key in sorted(data, key=str):
        if key not in _REQUEST_FIELDS:
            raise ScreeningInputError(str(key), "unknown field")
    age = _check_age(data.get("age"))
    minor = _check_minor(data.get("minor"))
    _age_group(age, minor)
    profile = _check_profile(cat, data.get("profile"))
    acts_raw = data.get("acts", [])
    if acts_raw is None:
        acts_raw = []
    if not isinstance(acts_raw, list):
        raise ScreeningInputError("acts", "must be a list of act ids")
    indicators_raw = data.get("indicators", {})
    if indicators_raw is None:
        indicators_raw = {}
    if not isinstance(indicators_raw, Mapping):
        raise ScreeningInputError("indicators", "must be an object of indicator id to answer")
    return ScreeningRequest(
        age=age,
        minor=minor,
        profile=profile,
        acts=_check_acts(cat, acts_raw),
        answers=_check_answers(cat, indicators_raw),
    )


# --- evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Evaluation:
    profile: Profile
    dimensions: tuple[DimensionResult, ...]
    positive: frozenset[str]
    rule: Rule

    @property
    def outcome(self) -> str:
        return self.rule.outcome


def _evaluate(
    catalogue: Catalogue,
    rules: RuleSet,
    profile: Profile,
    present: frozenset[str],
    act_present: bool,
) -> _Evaluation:
    results = []
    for dim in catalogue.dimensions:
        counted = [
            i
            for i in catalogue.indicators
            if i.dimension == dim.id and i.id in present and i.applies_to(profile.id)
        ]
        counts = {
            s: sum(1 for i in counted if i.strength_for(profile.id) == s) for s in _STRENGTH_RANK
        }
        clause = rules.threshold.first_match(counts["strong"], counts["medium"], counts["weak"])
        results.append(
            DimensionResult(
                profile=profile.id,
                dimension=dim.id,
                positive=clause is not None,
                indicators=tuple(sorted(i.id for i in counted)),
                clause=clause.id if clause else None,
            )
        )
    positive = frozenset(r.dimension for r in results if r.positive)
    for rule in rules.for_age_group(profile.age_group):
        if rule.matches(positive, act_present):
            return _Evaluation(profile, tuple(results), positive, rule)
    raise CatalogueError(f"{rules.path}: no rule matched for age group {profile.age_group!r}")


def _merge(evaluations: list[_Evaluation]) -> _Evaluation:
    """Keep the more protective outcome; on a tie prefer the child reading (art. 3(c))."""
    return max(
        evaluations,
        key=lambda e: (SEVERITY[e.outcome], e.profile.age_group == "child"),
    )


def _achievable(
    catalogue: Catalogue,
    rules: RuleSet,
    profile: Profile,
    dimension: str,
    present: frozenset[str],
    unknown: frozenset[str],
) -> bool:
    """Could this dimension become positive if every unanswered indicator in it were a yes?"""
    counts = dict.fromkeys(_STRENGTH_RANK, 0)
    for ind in catalogue.indicators:
        relevant = ind.dimension == dimension and ind.applies_to(profile.id)
        if relevant and (ind.id in present or ind.id in unknown):
            counts[ind.strength_for(profile.id)] += 1
    return (
        rules.threshold.first_match(counts["strong"], counts["medium"], counts["weak"]) is not None
    )


def _ask_next(
    catalogue: Catalogue,
    rules: RuleSet,
    per_form: Mapping[str, list[_Evaluation]],
    present: frozenset[str],
    unknown: frozenset[str],
    act_present: bool,
) -> tuple[AskNext, ...]:
    best: dict[str, tuple[tuple[int, int, int, int, str], AskNext]] = {}
    profiles_for: dict[str, set[str]] = {}
    dim_order = {d.id: d.order for d in catalogue.dimensions}
    for evaluations in per_form.values():
        merged = SEVERITY[_merge(evaluations).outcome]
        for ev in evaluations:
            profile = ev.profile
            achievable = {
                d.id: _achievable(catalogue, rules, profile, d.id, present, unknown)
                for d in catalogue.dimensions
            }
            # Dimensions that matter: in an unmet group of a rule that would raise the status
            # and could still be met (ignoring the act, which the operator can still record).
            matters: dict[str, bool] = {}  # dimension -> needed by a presumed-victim rule
            for rule in rules.for_age_group(profile.age_group):
                if SEVERITY[rule.outcome] <= merged:
                    continue
                unmet = rule.unmet_groups(ev.positive)
                if not all(any(achievable[d] for d in g) for g in unmet):
                    continue
                for group in unmet:
                    for d in group:
                        if achievable[d]:
                            needed = rule.outcome == "presumed_victim"
                            matters[d] = matters.get(d, False) or needed
            for ind in catalogue.indicators:
                if ind.id not in unknown or not ind.applies_to(profile.id):
                    continue
                if ind.dimension not in matters:
                    continue
                trial = _evaluate(catalogue, rules, profile, present | {ind.id}, act_present)
                others = [e for e in evaluations if e is not ev]
                raised = SEVERITY[_merge([trial, *others]).outcome] > merged
                if raised:
                    effect = "flips_status"
                elif ind.dimension in trial.positive:
                    effect = "flips_dimension"
                else:
                    effect = "contributes"
                strength = ind.strength_for(profile.id)
                key = (
                    _EFFECT_RANK[effect],
                    0 if matters[ind.dimension] else 1,
                    _STRENGTH_RANK[strength],
                    dim_order[ind.dimension],
                    ind.id,
                )
                profiles_for.setdefault(ind.id, set()).add(profile.id)
                if ind.id not in best or key < best[ind.id][0]:
                    best[ind.id] = (
                        key,
                        AskNext(
                            id=ind.id,
                            dimension=ind.dimension,
                            strength=strength,
                            effect=effect,
                            profiles=(),
                            question_en=ind.question_en,
                            question_ru=ind.question_ru,
                        ),
                    )
    ordered = sorted(best.values(), key=lambda pair: pair[0])
    return tuple(
        AskNext(
            id=item.id,
            dimension=item.dimension,
            strength=item.strength,
            effect=item.effect,
            profiles=tuple(sorted(profiles_for[item.id])),
            question_en=item.question_en,
            question_ru=item.question_ru,
        )
        for _, item in ordered
    )


def _indicator_list(catalogue: Catalogue, profile: Profile, ids: Iterable[str]) -> tuple[str, str]:
    ru_strength = {"strong": "сильный", "medium": "средний", "weak": "слабый"}
    parts = [(i, catalogue.indicator(i)) for i in ids]
    en = "; ".join(f"{i} {ind.label_en} ({ind.strength_for(profile.id)})" for i, ind in parts)
    ru = "; ".join(
        f"{i} {ind.label_ru} ({ru_strength[ind.strength_for(profile.id)]})" for i, ind in parts
    )
    return en, ru


def _reasons(
    catalogue: Catalogue,
    rules: RuleSet,
    age_group: str,
    per_form: Mapping[str, list[_Evaluation]],
    chosen: Mapping[str, _Evaluation],
    act_present: bool,
    pending: bool,
) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    if age_group == "unknown":
        reasons.append(
            Reason(
                "age_unknown",
                "The person's age is not known, so the answers were screened both as an adult "
                "and as a child, and the more protective result is shown. Find out the age.",
                "Возраст человека неизвестен, поэтому ответы проверены и как для взрослого, "
                "и как для ребёнка; показан результат, который лучше защищает человека. "
                "Уточните возраст.",
            )
        )
    elif age_group == "child":
        reasons.append(
            Reason(
                "age_child",
                "The person is under 18. For a child, an act such as recruitment or transport "
                "together with exploitation is enough; force, threats or deception need not be "
                "shown.",
                "Человеку нет 18 лет. Для ребёнка достаточно действия (например, вербовки или "
                "перевозки) и эксплуатации; доказывать применение силы, угроз или обмана не нужно.",
            )
        )
    clause_text = {c.id: (c.description_en, c.description_ru) for c in rules.threshold.clauses}
    evaluated = sorted((ev for evs in per_form.values() for ev in evs), key=lambda e: e.profile.id)
    for ev in evaluated:
        for dim in ev.dimensions:
            if not dim.positive or dim.clause is None:
                continue
            info = catalogue.dimension(dim.dimension)
            listed_en, listed_ru = _indicator_list(catalogue, ev.profile, dim.indicators)
            clause_en, clause_ru = clause_text[dim.clause]
            reasons.append(
                Reason(
                    f"dimension_positive.{ev.profile.id}.{dim.dimension}",
                    f"{info.label_en} is positive for the profile "
                    f"'{ev.profile.label_en}' ({clause_en}): {listed_en}.",
                    f"Измерение «{info.label_ru}» положительно для профиля "
                    f"«{ev.profile.label_ru}» ({clause_ru}): {listed_ru}.",
                )
            )
    for form in sorted(chosen):
        ev = chosen[form]
        status_en, status_ru = STATUS_TEXT[ev.outcome]
        age_en, age_ru = AGE_TEXT[ev.profile.age_group]
        reasons.append(
            Reason(
                f"rule.{form}",
                f"{ev.profile.label_en}: {status_en}. Scored as {age_en}; rule {ev.rule.id}: "
                f"{ev.rule.description_en}",
                f"{ev.profile.label_ru}: {status_ru}. Оценено как {age_ru}; правило "
                f"{ev.rule.id}: {ev.rule.description_ru}",
            )
        )
        for other in per_form[form]:
            if (
                other.profile.age_group == "child"
                and not act_present
                and "EX" in other.positive
                and other.outcome != "presumed_victim"
            ):
                reasons.append(
                    Reason(
                        f"child_act_missing.{form}",
                        f"{other.profile.label_en}: exploitation is positive but no act "
                        "(recruitment, transport, transfer, harbouring or receipt) is recorded. "
                        "If one happened, record it: for a child that is enough to presume "
                        "trafficking.",
                        f"{other.profile.label_ru}: эксплуатация положительна, но не отмечено ни "
                        "одного действия (вербовка, перевозка, передача, укрывательство или "
                        "получение). Если оно было, отметьте его: для ребёнка этого достаточно, "
                        "чтобы предположить торговлю людьми.",
                    )
                )
    if pending:
        reasons.append(
            Reason(
                "pending_review",
                "Some indicator strengths or rules used here have not yet been checked against "
                "the primary ILO/EC text; treat this result as provisional.",
                "Часть использованных здесь весов признаков или правил ещё не сверена с "
                "первоисточником МОТ/ЕК; считайте этот результат предварительным.",
            )
        )
    return tuple(reasons)


def _pending(
    rules: RuleSet,
    indicators: Iterable[Indicator],
    chosen: Mapping[str, _Evaluation],
    evaluated_profiles: Iterable[str],
) -> tuple[str, ...]:
    profiles = tuple(evaluated_profiles)
    pending: set[str] = set()
    for ind in indicators:
        tags = {ind.verification}
        tags.update(ind.strength_verification[p] for p in profiles if ind.applies_to(p))
        if not all(rules.is_verified(t) for t in tags):
            pending.add(ind.id)
    if not rules.is_verified(rules.threshold.verification):
        pending.add(rules.threshold.id)
    for ev in chosen.values():
        if not rules.is_verified(ev.rule.verification):
            pending.add(ev.rule.id)
    return tuple(sorted(pending))


def screen(
    catalogue: Catalogue,
    rules: RuleSet,
    *,
    age: int | None,
    minor: bool | None = None,
    acts: Iterable[str],
    answers: Mapping[str, bool | None],
    profile: str | None = None,
) -> ScreeningResult:
    """Screen one call or interview.

    `ask_next` lists the unanswered indicators whose "yes" could still raise the status of a
    screened form, most decisive first. An indicator qualifies only if its dimension is not yet
    positive, belongs to a rule above the current status that can still be met (every missing
    dimension of that rule can still reach its threshold from present plus unanswered
    indicators), and could itself become positive. Sort order:
    1. effect of a "yes" on its own: raises the status, then makes its dimension positive, then
       only contributes towards it;
    2. dimensions a presumed-victim rule still needs before those that only lead to "possible";
    3. strength: strong, medium, weak;
    4. dimension order in the catalogue (DR, CR, VR, EX, CD, VD), then id.
    For several profiles (labour and sexual, or adult and child when the age is unknown) an
    indicator keeps its best position. A "no" never raises a status, so only yeses are tried.
    """
    checked_age = _check_age(age)
    checked_minor = _check_minor(minor)
    age_group = _age_group(checked_age, checked_minor)
    form_filter = _check_profile(catalogue, profile)
    checked_acts = _check_acts(catalogue, acts)
    checked_answers = _check_answers(catalogue, answers)

    present = frozenset(k for k, v in checked_answers.items() if v is True)
    unknown = catalogue.indicator_ids - frozenset(
        k for k, v in checked_answers.items() if v is not None
    )
    act_present = bool(checked_acts)
    age_groups = ("adult", "child") if age_group == "unknown" else (age_group,)
    forms = (form_filter,) if form_filter else catalogue.forms

    per_form: dict[str, list[_Evaluation]] = {}
    for form in forms:
        evaluations = []
        for group in age_groups:
            matches = [p for p in catalogue.profiles if p.form == form and p.age_group == group]
            if not matches:
                raise CatalogueError(f"{catalogue.path}: no profile for {group} / {form}")
            evaluations.append(_evaluate(catalogue, rules, matches[0], present, act_present))
        per_form[form] = evaluations
    chosen = {form: _merge(evs) for form, evs in per_form.items()}

    profile_results = tuple(
        ProfileResult(
            form=form,
            status=chosen[form].outcome,
            rule=chosen[form].rule.id,
            scored_as=chosen[form].profile.id,
            evaluated=tuple(sorted(e.profile.id for e in per_form[form])),
        )
        for form in sorted(chosen)
    )
    overall = max(profile_results, key=lambda p: (SEVERITY[p.status], -forms.index(p.form)))
    dimensions = tuple(
        sorted(
            (d for evs in per_form.values() for ev in evs for d in ev.dimensions),
            key=lambda d: (d.profile, catalogue.dimension(d.dimension).order),
        )
    )
    evaluated_profiles = sorted(ev.profile.id for evs in per_form.values() for ev in evs)
    used = [
        catalogue.indicator(i)
        for i in sorted(present)
        if any(catalogue.indicator(i).applies_to(p) for p in evaluated_profiles)
    ]
    pending = _pending(rules, used, chosen, evaluated_profiles)
    return ScreeningResult(
        age_group=age_group,
        status=overall.status,
        rule=overall.rule,
        acts=checked_acts,
        dimensions=dimensions,
        profiles=profile_results,
        reasons=_reasons(catalogue, rules, age_group, per_form, chosen, act_present, bool(pending)),
        ask_next=_ask_next(catalogue, rules, per_form, present, unknown, act_present),
        pending_review=pending,
        label=LABEL,
    )


def screen_request(
    catalogue: Catalogue, rules: RuleSet, request: ScreeningRequest
) -> ScreeningResult:
    """Screen a request that `parse_request` has already validated."""
    return screen(
        catalogue,
        rules,
        age=request.age,
        minor=request.minor,
        acts=request.acts,
        answers=request.answers,
        profile=request.profile,
    )
