"""The qualification engine: case facts -> candidate articles per jurisdiction and date.

It lists *candidates* for a prosecutor, never a charge: for every country among the five where
an event took place it picks the trafficking article and the highest part the aggravating
circumstances reach, the related articles the facts reach ("consider in addition"), and the
offences the victim is exposed to with that country's non-punishment rule. Every row keeps its
verification status, because most of the underlying research is unverified and the product
must never show an unverified fact as settled. The law applied is the one in force on the date
of each act, so events in one country that straddle a change of code give both versions.

Pure core: standard library only, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from azat.knowledge.codes import (
    ArticleInfo,
    CodeVersion,
    IdVocabulary,
    KnowledgeBase,
    Provision,
    load_ids,
)

FACT_KEYS = {
    "acts": "acts",
    "means": "means",
    "purposes": "purposes",
    "aggravating": "aggravating",
    "related": "related",
    "victim_exposed_to": "exposure",
}
TOP_KEYS = ("events", "victim_age", *FACT_KEYS)
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ROLE_ORDER = {"trafficking": 0, "child_trafficking": 0, "related": 1, "victim_exposure": 2}
MAX_AGE = 120


class QualificationInputError(ValueError):
    """The case facts are malformed; `key` names the offending key (e.g. ``events[1].date``)."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}")


# ---------------------------------------------------------------------------- input


@dataclass(frozen=True)
class Event:
    country: str
    date: date
    stage: str


@dataclass(frozen=True)
class CaseFacts:
    events: tuple[Event, ...]
    acts: tuple[str, ...] = ()
    means: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    aggravating: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    victim_exposed_to: tuple[str, ...] = ()
    victim_age: int | None = None


@lru_cache(maxsize=1)
def _default_ids() -> IdVocabulary:
    return load_ids()


def parse_facts(data: Mapping[str, Any], ids: IdVocabulary | None = None) -> CaseFacts:
    """Validate the case-facts JSON; raise `QualificationInputError` naming the bad key."""
    vocabulary = ids if ids is not None else _default_ids()
    if not isinstance(data, Mapping):
        raise QualificationInputError("(root)", "expected an object")
    for key in sorted(data):
        if key not in TOP_KEYS:
            raise QualificationInputError(str(key), "unknown key")
    raw_events = data.get("events")
    if not isinstance(raw_events, list) or not raw_events:
        raise QualificationInputError("events", "expected a non-empty list of events")
    events = tuple(
        _parse_event(f"events[{i}]", raw, vocabulary) for i, raw in enumerate(raw_events)
    )
    lists: dict[str, tuple[str, ...]] = {}
    for key, group in FACT_KEYS.items():
        raw = data.get(key, [])
        if not isinstance(raw, list):
            raise QualificationInputError(key, "expected a list of ids")
        for i, value in enumerate(raw):
            if not isinstance(value, str) or vocabulary.group_of(value) != group:
                raise QualificationInputError(f"{key}[{i}]", f"unknown id {value!r}")
        lists[key] = tuple(sorted(set(raw)))
    age = data.get("victim_age")
    if age is not None and (
        isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= MAX_AGE
    ):
        raise QualificationInputError("victim_age", f"expected a whole number 0–{MAX_AGE}")
    if age is not None:
        for i, fact_id in enumerate(lists["aggravating"]):
            limit = vocabulary.entries[fact_id].age_below
            if limit is not None and age >= limit:
                raise QualificationInputError(
                    f"aggravating[{i}]", f"{fact_id} contradicts victim_age {age}"
                )
    return CaseFacts(
        events=tuple(sorted(events, key=lambda e: (e.country, e.date, e.stage))),
        victim_age=age,
        **lists,
    )


def _parse_event(key: str, raw: Any, ids: IdVocabulary) -> Event:
    if not isinstance(raw, Mapping):
        raise QualificationInputError(key, "expected an object")
    for name in sorted(raw):
        if name not in ("country", "date", "stage"):
            raise QualificationInputError(f"{key}.{name}", "unknown key")
    country = raw.get("country")
    if not isinstance(country, str) or not _COUNTRY_RE.match(country):
        raise QualificationInputError(
            f"{key}.country", f"expected a two-letter upper-case country code, got {country!r}"
        )
    when = raw.get("date")
    parsed: date | None = None
    if isinstance(when, str) and _DATE_RE.match(when):
        try:
            parsed = date.fromisoformat(when)
        except ValueError:
            parsed = None
    if parsed is None:
        raise QualificationInputError(f"{key}.date", f"expected a date YYYY-MM-DD, got {when!r}")
    stage = raw.get("stage")
    if not isinstance(stage, str) or stage not in ids.stages:
        raise QualificationInputError(
            f"{key}.stage",
            f"unknown stage {stage!r} (expected one of {', '.join(sorted(ids.stages))})",
        )
    return Event(country=country, date=parsed, stage=stage)


# ---------------------------------------------------------------------------- output


@dataclass(frozen=True)
class Because:
    """One case fact that made a row apply, and where that fact came from."""

    fact: str
    origin: str

    def to_dict(self) -> dict[str, str]:
        return {"fact": self.fact, "from": self.origin}


@dataclass(frozen=True)
class Note:
    en: str
    ru: str
    verification: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"en": self.en, "ru": self.ru}
        if self.code is not None:
            out["code"] = self.code
        if self.verification:
            out["verification"] = "; ".join(self.verification)
        if self.source:
            out["source"] = list(self.source)
        return out


@dataclass(frozen=True)
class QualifiedRow:
    code: CodeVersion
    provision: Provision
    dates: tuple[date, ...]
    because: tuple[Because, ...]
    matched_items: tuple[str, ...] = ()
    also_matched: tuple[Provision, ...] = ()
    unrecorded_parts: tuple[Provision, ...] = ()
    overall: ArticleInfo | None = None
    notes: tuple[Note, ...] = ()

    @property
    def role(self) -> str:
        role = self.provision.role
        return "trafficking" if role == "child_trafficking" else role

    @property
    def status(self) -> str:
        return self.provision.status

    def sort_key(self) -> tuple[Any, ...]:
        p = self.provision
        return (
            _ROLE_ORDER.get(p.role, 3),
            self.code.valid_from,
            p.valid_from or date.min,
            _article_key(p.article),
            -p.rank,
            p.part or "",
            p.title_en,
        )

    def to_dict(self) -> dict[str, Any]:
        p = self.provision
        out: dict[str, Any] = {
            "code": self.code.key,
            "code_title": {"en": self.code.title_en, "ru": self.code.title_ru},
            "article": p.article,
            "part": p.part,
            "items": list(self.matched_items),
            "title": {"en": p.title_en, "ru": p.title_ru},
            "role": self.role,
            "child_article": p.role == "child_trafficking",
            "penalty": p.penalty.to_dict() if p.penalty else None,
            "verification": "disputed" if p.disputed else "; ".join(p.verification),
            "status": p.status,
            "unverified_fields": dict(p.field_verification),
            "because": [b.to_dict() for b in self.because],
            "source": list(p.source),
            "valid_from": _iso(p.valid_from or self.code.valid_from),
            "valid_to": _iso(p.valid_to or self.code.valid_to),
            "event_dates": [d.isoformat() for d in self.dates],
            "notes": [n.to_dict() for n in self.notes],
        }
        if p.role == "victim_exposure":
            out["offence"] = p.offence
        if p.disputed:
            out["readings"] = [
                {
                    "penalty": r.penalty.to_dict() if r.penalty else None,
                    "verification": "; ".join(r.verification),
                    "status": r.status,
                    "source": list(r.source),
                    "note": {"en": r.note_en, "ru": r.note_ru} if r.note_en else None,
                }
                for r in p.readings
            ]
        if self.overall is not None:
            out["article_overall_penalty"] = {
                "penalty": self.overall.overall.to_dict(),
                "verification": "; ".join(self.overall.verification),
            }
        if self.also_matched:
            out["also_matched"] = [_part_summary(other) for other in self.also_matched]
        if self.unrecorded_parts:
            out["parts_with_unrecorded_elements"] = [
                _part_summary(other) for other in self.unrecorded_parts
            ]
        return out


def _part_summary(p: Provision) -> dict[str, Any]:
    return {
        "part": p.part,
        "title": {"en": p.title_en, "ru": p.title_ru},
        "penalty": p.penalty.to_dict() if p.penalty else None,
        "verification": "disputed" if p.disputed else "; ".join(p.verification),
        "status": p.status,
    }


@dataclass(frozen=True)
class NonPunishmentRow:
    code: CodeVersion
    provision: Provision

    def to_dict(self) -> dict[str, Any]:
        p = self.provision
        return {
            "code": self.code.key,
            "instrument": p.instrument,
            "article": p.article,
            "title": {"en": p.title_en, "ru": p.title_ru},
            "verification": "; ".join(p.verification),
            "status": p.status,
            "unverified_fields": dict(p.field_verification),
            "source": list(p.source),
        }


@dataclass(frozen=True)
class VictimSection:
    exposed_to: tuple[str, ...]
    flag: bool
    status: str
    provisions: tuple[NonPunishmentRow, ...]
    without_article: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "exposed_to": list(self.exposed_to),
            "flag": self.flag,
            "status": self.status,
            "provisions": [p.to_dict() for p in self.provisions],
            "exposures_without_article": list(self.without_article),
        }


@dataclass(frozen=True)
class CodeUse:
    code: CodeVersion
    dates: tuple[date, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.key,
            "kind": self.code.code,
            "title": {"en": self.code.title_en, "ru": self.code.title_ru},
            "valid_from": _iso(self.code.valid_from),
            "valid_to": _iso(self.code.valid_to),
            "dates_verification": dict(self.code.dates_verification),
            "event_dates": [d.isoformat() for d in self.dates],
        }


@dataclass(frozen=True)
class Jurisdiction:
    country: str
    events: tuple[Event, ...]
    codes: tuple[CodeUse, ...]
    rows: tuple[QualifiedRow, ...]
    victim: VictimSection
    notes: tuple[Note, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "events": [_event_dict(e) for e in self.events],
            "codes": [c.to_dict() for c in self.codes],
            "rows": [r.to_dict() for r in self.rows],
            "non_punishment": self.victim.to_dict(),
            "notes": [n.to_dict() for n in self.notes],
        }


@dataclass(frozen=True)
class Qualification:
    jurisdictions: tuple[Jurisdiction, ...]
    outside_knowledge_base: tuple[tuple[str, tuple[Event, ...]], ...]
    derived: tuple[Because, ...]
    notes: tuple[Note, ...] = field(default=())

    def jurisdiction(self, country: str) -> Jurisdiction:
        for item in self.jurisdictions:
            if item.country == country:
                return item
        raise KeyError(country)

    def to_dict(self) -> dict[str, Any]:
        return {
            "jurisdictions": {j.country: j.to_dict() for j in self.jurisdictions},
            "outside_knowledge_base": [
                {"country": country, "events": [_event_dict(e) for e in events]}
                for country, events in self.outside_knowledge_base
            ],
            "derived_facts": [b.to_dict() for b in self.derived],
            "notes": [n.to_dict() for n in self.notes],
        }


def _event_dict(event: Event) -> dict[str, str]:
    return {"country": event.country, "date": event.date.isoformat(), "stage": event.stage}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _article_key(article: str | None) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", article or ""))


# ---------------------------------------------------------------------------- messages
# Engine-made notes; the law itself stays in the data files.

_MSG = {
    "code_change": (
        "The events in this country fall under more than one version of the law ({codes}). "
        "Each act is judged under the law in force when it was committed; a later, milder law "
        "may apply retroactively (general principle, not verified per country).",
        "События в этой стране подпадают под несколько редакций закона ({codes}). Каждое деяние "
        "оценивается по закону, действовавшему на момент его совершения; более мягкий "
        "последующий закон может иметь обратную силу (общий принцип, по странам не проверен).",
    ),
    "row_change": (
        "Art. {article} changed between the dates of the events; every version is shown.",
        "Ст. {article} изменялась между датами событий; показаны все редакции.",
    ),
    "no_code": (
        "No code on file covers {date}.",
        "Ни один кодекс в базе не охватывает дату {date}.",
    ),
    "no_trafficking": (
        "No trafficking article of this code on file covers {date}.",
        "В базе нет статьи этого кодекса о торговле людьми, действовавшей на {date}.",
    ),
    "no_child_article": (
        "No separate child-trafficking article of this code is on file; the victim's age is "
        "used as an aggravating circumstance.",
        "Отдельной статьи этого кодекса о торговле детьми в базе нет; возраст потерпевшего "
        "учитывается как отягчающее обстоятельство.",
    ),
    "acts_outside": (
        "The acts in this country ({acts}) are not among those this part lists; check whether "
        "the article reaches them.",
        "Деяния в этой стране ({acts}) не входят в перечень этой части; проверить, охватывает "
        "ли их статья.",
    ),
    "consider_in_addition": (
        "Related articles are to be considered in addition, never charged automatically; how "
        "they combine with trafficking is for the prosecutor to judge.",
        "Смежные статьи — для рассмотрения дополнительно, а не для автоматического вменения; "
        "их совокупность с торговлей людьми оценивает прокурор.",
    ),
    "pending_review": (
        "Rows whose status is not 'verified' are pending review and must not be relied on as "
        "fact; re-check them on the official portal.",
        "Строки со статусом, отличным от «проверено» (verified), ожидают проверки и не могут "
        "считаться установленными; сверить их с официальным порталом.",
    ),
    "non_punishment": (
        "The victim may have a non-punishment defence for offences committed as a result of "
        "being trafficked.",
        "У жертвы может быть защита по принципу ненаказуемости за правонарушения, совершённые "
        "вследствие торговли людьми.",
    ),
    "outside": (
        "Events in {countries} are outside the knowledge base (KZ, KG, TJ, TM, UZ); no "
        "articles are suggested for them.",
        "События в {countries} — вне базы знаний (KZ, KG, TJ, TM, UZ); статьи для них не "
        "предлагаются.",
    ),
}


def _note(name: str, **values: str) -> Note:
    en, ru = _MSG[name]
    return Note(en=en.format(**values), ru=ru.format(**values))


# ---------------------------------------------------------------------------- engine


@dataclass
class _Facts:
    """The case facts after derivation, each id with the reasons it holds."""

    aggravating: dict[str, list[str]]
    related: dict[str, list[str]]
    acts: dict[str, list[str]]
    exposure: tuple[str, ...]
    purposes: tuple[str, ...]
    all_ids: set[str]


def _add(target: dict[str, list[str]], fact: str, origin: str) -> None:
    origins = target.setdefault(fact, [])
    if origin not in origins:
        origins.append(origin)


def _derive(kb: KnowledgeBase, facts: CaseFacts, country: str) -> _Facts:
    """Apply the derivation rules of ids.toml for one country."""
    ids = kb.ids
    local_events = [e for e in facts.events if e.country == country]
    stages = {e.stage for e in local_events}
    countries = sorted({e.country for e in facts.events})
    given = set(facts.acts) | set(facts.means) | set(facts.purposes) | set(facts.aggravating)
    given |= set(facts.related)
    aggravating: dict[str, list[str]] = {}
    related: dict[str, list[str]] = {}
    acts: dict[str, list[str]] = {}
    for fact_id in facts.aggravating:
        _add(aggravating, fact_id, "given")
    for fact_id in facts.related:
        _add(related, fact_id, "given")
    for fact_id in facts.acts:
        _add(acts, fact_id, "given")
    for event in local_events:
        _add(acts, ids.stages[event.stage].act, f"event {event.stage} {event.date.isoformat()}")
    # Two passes, so that a fact derived in the first (e.g. an AGG_) can feed a REL_ rule.
    for _ in range(2):
        for entry in ids.entries.values():
            target = {"aggravating": aggravating, "related": related}.get(entry.group)
            if target is None:
                continue
            age = facts.victim_age
            if entry.age_below is not None and age is not None and age < entry.age_below:
                _add(target, entry.id, f"victim_age {age}")
            if entry.multiple_countries and len(countries) > 1:
                _add(target, entry.id, f"events in {', '.join(countries)}")
            if entry.derived_at_stage is not None and entry.derived_at_stage not in stages:
                continue
            for source_id in entry.derived_from:
                if source_id in given or source_id in aggravating or source_id in related:
                    origin = source_id
                    if entry.derived_at_stage is not None:
                        origin += f" + {entry.derived_at_stage} event in {country}"
                    _add(target, entry.id, origin)
    exposure = tuple(facts.victim_exposed_to)
    all_ids = set(given) | set(aggravating) | set(related) | set(acts) | set(exposure)
    return _Facts(aggravating, related, acts, exposure, tuple(facts.purposes), all_ids)


def _because(ids: Iterable[str], known: Mapping[str, list[str]]) -> list[Because]:
    return [Because(fact, origin) for fact in sorted(ids) for origin in known.get(fact, [])]


def _matched_items(p: Provision, aggravating: Mapping[str, list[str]]) -> list[str]:
    return [letter for letter, ids in p.items if any(i in aggravating for i in ids)]


def _hits(p: Provision, derived: _Facts) -> list[str]:
    return sorted(i for i in p.all_aggravating if i in derived.aggravating)


@dataclass
class _Acc:
    """Accumulates one output row over the event dates on which it applies."""

    code: CodeVersion
    provision: Provision
    dates: list[date] = field(default_factory=list)
    because: list[Because] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    also: list[Provision] = field(default_factory=list)
    unrecorded: list[Provision] = field(default_factory=list)
    overall: ArticleInfo | None = None
    notes: list[Note] = field(default_factory=list)

    def merge(self, when: date, because: Iterable[Because], items: Iterable[str]) -> None:
        _extend(self.dates, [when])
        _extend(self.because, because)
        _extend(self.items, items)

    def freeze(self) -> QualifiedRow:
        return QualifiedRow(
            code=self.code,
            provision=self.provision,
            dates=tuple(sorted(self.dates)),
            because=tuple(sorted(self.because, key=lambda b: (b.fact, b.origin))),
            matched_items=tuple(sorted(self.items)),
            also_matched=tuple(self.also),
            unrecorded_parts=tuple(self.unrecorded),
            overall=self.overall,
            notes=tuple(self.notes),
        )


def _extend[T](target: list[T], values: Iterable[T]) -> None:
    for value in values:
        if value not in target:
            target.append(value)


class _CountryRun:
    def __init__(self, kb: KnowledgeBase, facts: CaseFacts, country: str) -> None:
        self.kb = kb
        self.country = country
        self.events = tuple(e for e in facts.events if e.country == country)
        self.derived = _derive(kb, facts, country)
        self.rows: dict[tuple[str, str], _Acc] = {}
        self.notes: list[Note] = []
        self.non_punishment: dict[tuple[str, str], NonPunishmentRow] = {}
        self.uses: dict[str, list[date]] = {}
        self.exposure_rows: set[str] = set()

    def run(self) -> Jurisdiction:
        for when in sorted({e.date for e in self.events}):
            codes = self.kb.codes_in_force(self.country, when)
            if not any(c.code == "criminal" for c in codes):
                _extend(self.notes, [_note("no_code", date=when.isoformat())])
            for code in codes:
                _extend(self.uses.setdefault(code.key, []), [when])
                self._evaluate(code, when)
        self._general_notes()
        rows = tuple(sorted((acc.freeze() for acc in self.rows.values()), key=_row_key))
        return Jurisdiction(
            country=self.country,
            events=self.events,
            codes=tuple(
                CodeUse(self.kb.code(key), tuple(sorted(dates)))
                for key, dates in sorted(
                    self.uses.items(), key=lambda kv: self.kb.code(kv[0]).valid_from
                )
            ),
            rows=rows,
            victim=self._victim_section(),
            notes=tuple(self.notes),
        )

    # -- per code and date

    def _evaluate(self, code: CodeVersion, when: date) -> None:
        provisions = code.provisions_on(when)
        if code.code == "criminal":
            self._trafficking(code, when, provisions)
            self._related(code, when, provisions)
        self._exposure(code, when, provisions)
        for p in provisions:
            if p.role == "non_punishment":
                self.non_punishment[(code.key, p.row)] = NonPunishmentRow(code, p)
        for data_note in code.notes:
            if data_note.in_force(when) and (
                not data_note.when or set(data_note.when) & self.derived.all_ids
            ):
                _extend(
                    self.notes,
                    [
                        Note(
                            data_note.en,
                            data_note.ru,
                            data_note.verification,
                            data_note.source,
                            code.key,
                        )
                    ],
                )

    def _trafficking(self, code: CodeVersion, when: date, provisions: Sequence[Provision]) -> None:
        child = "AGG_MINOR" in self.derived.aggravating
        has_child_article = any(p.role == "child_trafficking" for p in provisions)
        role = "child_trafficking" if child and has_child_article else "trafficking"
        rows = [p for p in provisions if p.role == role]
        if not rows:
            _extend(self.notes, [_note("no_trafficking", date=when.isoformat())])
            return
        extra: list[Note] = []
        if child and not has_child_article:
            extra.append(_note("no_child_article"))
        event_because = _because(self.derived.acts, self.derived.acts)
        for article, group in _by_article(rows):
            candidates = [p for p in group if self._part_applies(p)]
            if not candidates:
                continue
            self._select(code, when, article, group, candidates, event_because, extra)

    def _part_applies(self, p: Provision) -> bool:
        if p.purpose_required and not set(p.purposes) & set(self.derived.purposes):
            return False
        if any(r not in self.derived.aggravating for r in p.requires):
            return False
        return p.base or bool(_hits(p, self.derived))

    def _related(self, code: CodeVersion, when: date, provisions: Sequence[Provision]) -> None:
        rows = [
            p
            for p in provisions
            if p.role == "related" and set(p.related) & set(self.derived.related)
        ]
        for article, group in _by_article(rows):
            candidates = [p for p in group if self._part_applies(p)]
            if not candidates:
                continue
            trigger = _because(
                (r for c in candidates for r in c.related if r in self.derived.related),
                self.derived.related,
            )
            self._select(code, when, article, group, candidates, trigger, [])

    def _select(
        self,
        code: CodeVersion,
        when: date,
        article: str,
        group: Sequence[Provision],
        candidates: Sequence[Provision],
        trigger: Sequence[Because],
        extra: Sequence[Note],
    ) -> None:
        """Keep the highest matching part(s); lower matches are listed under it."""
        top = max(p.rank for p in candidates)
        selected = [p for p in candidates if p.rank == top]
        lower = sorted((p for p in candidates if p.rank < top), key=lambda p: -p.rank)
        unrecorded = sorted(
            (p for p in group if not p.elements_recorded and p.rank > top),
            key=lambda p: p.rank,
        )
        local_acts = {a for a, origins in self.derived.acts.items() if origins}
        for p in selected:
            hits = _hits(p, self.derived)
            if p.role == "child_trafficking":
                hits = sorted({*hits, "AGG_MINOR"})
            because = [*trigger, *_because(hits, self.derived.aggravating)]
            because += _because(p.requires, self.derived.aggravating)
            acc = self.rows.get((code.key, p.row))
            if acc is None:
                acc = _Acc(code, p, overall=code.overall(article, when))
                self.rows[(code.key, p.row)] = acc
                _extend(acc.notes, extra)
                if p.acts and p.role != "related" and not local_acts & set(p.acts):
                    _extend(acc.notes, [_note("acts_outside", acts=", ".join(sorted(local_acts)))])
            acc.merge(when, because, _matched_items(p, self.derived.aggravating))
            _extend(acc.also, lower)
            _extend(acc.unrecorded, unrecorded)

    def _exposure(self, code: CodeVersion, when: date, provisions: Sequence[Provision]) -> None:
        exposed = set(self.derived.exposure)
        for p in provisions:
            if p.role != "victim_exposure":
                continue
            hit = sorted(set(p.exposure) & exposed)
            if not hit:
                continue
            self.exposure_rows.update(hit)
            acc = self.rows.get((code.key, p.row))
            if acc is None:
                acc = _Acc(code, p)
                self.rows[(code.key, p.row)] = acc
            acc.merge(when, [Because(e, "given") for e in hit], [])

    # -- summaries

    def _victim_section(self) -> VictimSection:
        exposed = tuple(self.derived.exposure)
        rows = tuple(
            row
            for _, row in sorted(
                self.non_punishment.items(), key=lambda kv: (kv[1].code.valid_from, kv[0][1])
            )
        )
        if any(r.provision.status == "verified" for r in rows):
            status = "verified"
        elif rows:
            status = "unverified"
        else:
            status = "none_known"
        return VictimSection(
            exposed_to=exposed,
            flag=bool(exposed),
            status=status,
            provisions=rows if exposed else (),
            without_article=tuple(e for e in exposed if e not in self.exposure_rows),
        )

    def _general_notes(self) -> None:
        criminal = [key for key in self.uses if self.kb.code(key).code == "criminal"]
        if len(criminal) > 1:
            self.notes.insert(0, _note("code_change", codes=", ".join(criminal)))
        versions: dict[tuple[str, str], set[tuple[date | None, date | None]]] = {}
        for acc in self.rows.values():
            p = acc.provision
            if p.role in ("trafficking", "child_trafficking") and p.article:
                key = (acc.code.key, p.article)
                versions.setdefault(key, set()).add((p.valid_from, p.valid_to))
        changed = sorted({key[1] for key, spans in versions.items() if len(spans) > 1})
        for article in changed:
            _extend(self.notes, [_note("row_change", article=article)])
        roles = {acc.provision.role for acc in self.rows.values()}
        if "related" in roles:
            _extend(self.notes, [_note("consider_in_addition")])
        if any(acc.provision.status != "verified" for acc in self.rows.values()):
            _extend(self.notes, [_note("pending_review")])
        if self.derived.exposure:
            _extend(self.notes, [_note("non_punishment")])


def _by_article(rows: Sequence[Provision]) -> list[tuple[str, list[Provision]]]:
    groups: dict[str, list[Provision]] = {}
    for p in rows:
        groups.setdefault(p.article or "", []).append(p)
    return sorted(groups.items(), key=lambda kv: _article_key(kv[0]))


def _row_key(row: QualifiedRow) -> tuple[Any, ...]:
    return row.sort_key()


def qualify(kb: KnowledgeBase, facts: CaseFacts) -> Qualification:
    """Candidate articles for `facts` in every country of the knowledge base with an event."""
    known = set(kb.countries())
    countries = sorted({e.country for e in facts.events})
    jurisdictions = tuple(_CountryRun(kb, facts, c).run() for c in countries if c in known)
    outside = tuple(
        (c, tuple(e for e in facts.events if e.country == c)) for c in countries if c not in known
    )
    notes: tuple[Note, ...] = ()
    if outside:
        notes = (_note("outside", countries=", ".join(c for c, _ in outside)),)
    derived_all: list[Because] = []
    for country in (c for c in countries if c in known):
        derived = _derive(kb, facts, country)
        for table in (derived.aggravating, derived.related):
            for fact, origins in table.items():
                _extend(derived_all, [Because(fact, o) for o in origins if o != "given"])
    return Qualification(
        jurisdictions=jurisdictions,
        outside_knowledge_base=outside,
        derived=tuple(sorted(derived_all, key=lambda b: (b.fact, b.origin))),
        notes=notes,
    )


def list_ids(kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
    """The vocabulary a case-facts document may use, for ``qualify --list-ids``."""
    out: dict[str, list[dict[str, Any]]] = {
        "stages": [
            {"id": s.id, "en": s.en, "ru": s.ru, "act": s.act} for s in kb.ids.stages.values()
        ]
    }
    for group in ("acts", "means", "purposes", "aggravating", "related", "exposure"):
        key = "victim_exposed_to" if group == "exposure" else group
        out[key] = [
            {
                "id": e.id,
                "en": e.en,
                "ru": e.ru,
                **({"palermo": e.palermo} if group in ("acts", "means", "purposes") else {}),
            }
            for e in kb.ids.group(group)
        ]
    return out
