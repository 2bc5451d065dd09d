"""How rows of the law and qualification results read on a page, in the reader's language.

The data files and the engine carry both English and Russian texts; this module picks the one
that matches the interface language, turns penalties into a sentence, and turns every status into
a visible badge, so that no template shows an unverified row without saying so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from django_countries import countries

from azat.knowledge.codes import (
    ArticleInfo,
    CodeVersion,
    KnowledgeBase,
    Penalty,
    Provision,
)
from azat.knowledge.models import RowReview
from azat.knowledge.qualify import Jurisdiction, Qualification, QualifiedRow
from azat.knowledge.selectors import row_digest, row_key


def lang() -> str:
    return "ru" if (get_language() or "ru").startswith("ru") else "en"


def pick(en: str | None, ru: str | None) -> str:
    """The text in the interface language, falling back to the other one."""
    if lang() == "ru":
        return ru or en or ""
    return en or ru or ""


def country_name(code: str) -> str:
    if code == "KG":  # the country's own name for itself, in both languages
        return pick("Kyrgyzstan", "Кыргызстан")
    name = countries.name(code)
    return str(name) if name else code


# Countries offered in the event form: the five of the knowledge base, then common destinations
# and transit countries of Central Asian migrants (any other two-letter code may be typed).
SUGGESTED_COUNTRIES = (
    "KZ",
    "KG",
    "TJ",
    "TM",
    "UZ",
    "RU",
    "TR",
    "AE",
    "KR",
    "CN",
    "AF",
    "IR",
    "AZ",
    "BY",
    "PL",
    "DE",
)


def country_choices() -> list[tuple[str, str]]:
    return [(code, country_name(code)) for code in SUGGESTED_COUNTRIES]


def fact_label(kb: KnowledgeBase, fact_id: str) -> str:
    entry = kb.ids.entries.get(fact_id)
    return pick(entry.en, entry.ru) if entry else fact_id


def stage_label(kb: KnowledgeBase, stage_id: str) -> str:
    stage = kb.ids.stages.get(stage_id)
    return pick(stage.en, stage.ru) if stage else stage_id


# ---------------------------------------------------------------------------- penalties and badges


def _years(value: float | None) -> str:
    if value is None:
        return ""
    number = int(value) if float(value).is_integer() else value
    return str(number).replace(".", "," if lang() == "ru" else ".")


def penalty_text(penalty: Penalty | None) -> str:
    if penalty is None:
        return _("not recorded")
    low, high = penalty.min_years, penalty.max_years
    if penalty.kind in ("imprisonment", "imprisonment_or_life"):
        if low is not None and high is not None:
            text = _("imprisonment from %(min)s to %(max)s years") % {
                "min": _years(low),
                "max": _years(high),
            }
        elif high is not None:
            text = _("imprisonment of up to %(max)s years") % {"max": _years(high)}
        elif low is not None:
            text = _("imprisonment of at least %(min)s years") % {"min": _years(low)}
        else:
            text = _("imprisonment (term not recorded)")
        if penalty.life or penalty.kind == "imprisonment_or_life":
            text = _("%(term)s, or life imprisonment") % {"term": text}
    elif penalty.kind == "alternatives":
        text = _("penalties other than imprisonment")
    elif penalty.kind == "administrative":
        text = _("administrative penalty")
    else:
        text = _("penalty not known")
    if penalty.confiscation:
        text = _("%(term)s, with confiscation of property") % {"term": text}
    if penalty.text_en:
        text = f"{text} ({pick(penalty.text_en, penalty.text_ru)})"
    return text


@dataclass(frozen=True)
class Badge:
    css: str
    label: str


def badge(status: str) -> Badge:
    if status == "verified":
        return Badge("badge-ok", pgettext("verification status", "verified"))
    if status == "disputed":
        return Badge("badge-danger", _("disputed: two readings"))
    return Badge("badge-warn", _("unverified — needs legal review"))


def field_label(name: str) -> str:
    labels = {
        "article": _("article number"),
        "part": _("part number"),
        "title": _("title"),
        "penalty": _("penalty"),
        "structure": _("structure of the parts"),
    }
    return labels.get(name, name)


def role_label(role: str) -> str:
    labels = {
        "trafficking": _("Trafficking"),
        "child_trafficking": _("Child trafficking"),
        "related": _("Related offence (consider in addition)"),
        "victim_exposure": _("Offence the victim may be exposed to"),
        "non_punishment": _("Non-punishment of victims"),
    }
    return labels.get(role, role)


# ---------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class ReviewView:
    who: str
    on: date
    source: str
    note: str
    current: bool


def review_view(review: RowReview | None, provision: Provision) -> ReviewView | None:
    if review is None:
        return None
    who = review.reviewed_by.full_name or review.reviewed_by.email
    return ReviewView(
        who=who,
        on=review.reviewed_on,
        source=review.source,
        note=review.note,
        current=review.row_digest == row_digest(provision),
    )


@dataclass(frozen=True)
class ReadingView:
    penalty: str
    tags: str
    badge: Badge
    sources: tuple[str, ...]
    note: str


@dataclass
class RowView:
    key: str
    code_key: str
    code_title: str
    article: str | None
    part: str | None
    title: str
    role: str
    role_label: str
    penalty: str
    status: str
    badge: Badge
    tags: str
    sources: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    readings: list[ReadingView]
    unverified_fields: list[str]
    note: str
    instrument: str | None
    review: ReviewView | None
    items: list[str] = field(default_factory=list)
    because: list[tuple[str, str]] = field(default_factory=list)
    event_dates: list[date] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lower_parts: list[str] = field(default_factory=list)
    unrecorded_parts: list[str] = field(default_factory=list)
    overall: str = ""
    elements: list[Element] = field(default_factory=list)

    @property
    def article_label(self) -> str:
        if not self.article:
            return "—"
        text = _("Art. %(article)s") % {"article": self.article}
        if self.part:
            text += " " + _("part %(part)s") % {"part": self.part}
        if self.items:
            text += " " + _("item %(items)s") % {"items": ", ".join(self.items)}
        return text


def row_view(
    code: CodeVersion, p: Provision, reviews: Mapping[str, RowReview] | None = None
) -> RowView:
    key = row_key(code, p)
    return RowView(
        key=key,
        code_key=code.key,
        code_title=pick(code.title_en, code.title_ru),
        article=p.article,
        part=p.part,
        title=pick(p.title_en, p.title_ru),
        role=p.role,
        role_label=role_label(p.role),
        penalty=penalty_text(p.penalty) if not p.disputed else _("see the readings"),
        status=p.status,
        badge=badge(p.status),
        tags="; ".join(p.verification),
        sources=p.source,
        valid_from=p.valid_from or code.valid_from,
        valid_to=p.valid_to or code.valid_to,
        readings=[
            ReadingView(
                penalty=penalty_text(r.penalty),
                tags="; ".join(r.verification),
                badge=badge(r.status),
                sources=r.source,
                note=pick(r.note_en, r.note_ru),
            )
            for r in p.readings
        ],
        unverified_fields=[
            field_label(name) for name, tag in p.field_verification if not tag.startswith("V:")
        ],
        note=pick(p.note_en, p.note_ru),
        instrument=p.instrument,
        review=review_view((reviews or {}).get(key), p),
    )


def overall_text(info: ArticleInfo | None) -> str:
    if info is None:
        return ""
    return _("whole article: %(penalty)s (%(status)s)") % {
        "penalty": penalty_text(info.overall),
        "status": badge(_status(info.verification)).label,
    }


def _status(tags: Sequence[str]) -> str:
    return "verified" if any(t.startswith("V:") for t in tags) else "unverified"


# ---------------------------------------------------------------------------- qualification

_EVENT_RE = re.compile(r"^event (?P<stage>[a-z_]+) (?P<date>\d{4}-\d{2}-\d{2})$")
_AGE_RE = re.compile(r"^victim_age (?P<age>\d+)$")
_COUNTRIES_RE = re.compile(r"^events in (?P<countries>[A-Z, ]+)$")
_DERIVED_RE = re.compile(r"^(?P<id>[A-Z_]+) \+ (?P<stage>[a-z_]+) event in (?P<country>[A-Z]{2})$")


def origin_text(kb: KnowledgeBase, origin: str) -> str:
    """Say in words where a fact came from (the engine writes it for machines)."""
    if origin == "given":
        return _("stated in the facts")
    if match := _EVENT_RE.match(origin):
        return _("event on %(date)s: %(stage)s") % {
            "stage": stage_label(kb, match["stage"]),
            "date": match["date"],
        }
    if match := _AGE_RE.match(origin):
        return _("victim's age: %(age)s") % {"age": match["age"]}
    if match := _COUNTRIES_RE.match(origin):
        names = ", ".join(country_name(c.strip()) for c in match["countries"].split(","))
        return _("events in %(countries)s") % {"countries": names}
    if match := _DERIVED_RE.match(origin):
        return _("%(fact)s, with an event in %(country)s: %(stage)s") % {
            "fact": fact_label(kb, match["id"]),
            "stage": stage_label(kb, match["stage"]),
            "country": country_name(match["country"]),
        }
    if origin in kb.ids.entries:
        return fact_label(kb, origin)
    return origin


STATED, OPEN = "stated", "open"


@dataclass(frozen=True)
class Element:
    """One element of an offence: facts to prove (label, stated or open, fact id), and
    alternatives a stated fact makes moot."""

    heading: str
    facts: tuple[tuple[str, str, str], ...]
    alternatives: tuple[str, ...] = ()


def _elements(kb: KnowledgeBase, row: QualifiedRow, known: set[str]) -> list[Element]:
    """What must be proved for this row; each fact is either stated in the facts entered or
    still to be established. Where any one of several facts is enough and one is stated, the
    others are listed as alternatives, not as open points."""
    p = row.provision

    def any_of(heading: str, ids: Iterable[str]) -> Element:
        ids = list(dict.fromkeys(ids))
        found = [i for i in ids if i in known]
        if found:
            others = tuple(fact_label(kb, i) for i in ids if i not in known)
            return Element(heading, tuple((fact_label(kb, i), STATED, i) for i in found), others)
        return Element(heading, tuple((fact_label(kb, i), OPEN, i) for i in ids))

    def all_of(heading: str, ids: Iterable[str]) -> Element:
        facts = tuple(
            (fact_label(kb, i), STATED if i in known else OPEN, i) for i in dict.fromkeys(ids)
        )
        return Element(heading, facts)

    def stated(group: str) -> list[str]:
        return sorted(i for i in known if kb.ids.group_of(i) == group)

    out: list[Element] = []
    if p.role in ("trafficking", "child_trafficking"):
        # A higher part adds circumstances to the base part, whose acts still have to be proved.
        base = next((q for q in row.also_matched if q.base), None)
        acts = p.acts or (base.acts if base is not None else ()) or tuple(stated("acts"))
        out.append(any_of(_("One of the acts"), acts))
        if p.means:
            out.append(any_of(_("One of the means"), p.means))
        elif stated("means"):
            heading = _("Means (which ones the article needs is not on file)")
            out.append(all_of(heading, stated("means")))
        if p.purposes:
            heading = _("Purpose (required)") if p.purpose_required else _("Purpose")
            out.append(any_of(heading, p.purposes))
        elif stated("purposes"):
            out.append(all_of(_("Purpose of exploitation"), stated("purposes")))
        if p.role == "child_trafficking":
            out.append(all_of(_("Victim's age"), ["AGG_MINOR"]))
    if p.role == "related":
        out.append(any_of(_("Conduct"), p.related))
    if p.role == "victim_exposure":
        out.append(all_of(_("Conduct of the victim"), (i for i in p.exposure if i in known)))
    aggravating = [b.fact for b in row.because if b.fact[:4] == "AGG_"]
    aggravating += [i for i in p.requires if i not in aggravating]
    if p.role == "child_trafficking":
        aggravating = [i for i in aggravating if i != "AGG_MINOR"]
    if aggravating and not p.base:
        out.append(all_of(_("Aggravating circumstances for this part"), aggravating))
    return out


def qualified_row_view(
    kb: KnowledgeBase, row: QualifiedRow, reviews: Mapping[str, RowReview], known: set[str]
) -> RowView:
    view = row_view(row.code, row.provision, reviews)
    view.items = list(row.matched_items)
    view.because = [(fact_label(kb, b.fact), origin_text(kb, b.origin)) for b in row.because]
    view.event_dates = list(row.dates)
    view.notes = [pick(n.en, n.ru) for n in row.notes]
    view.lower_parts = [_part_text(p) for p in row.also_matched]
    view.unrecorded_parts = [_part_text(p) for p in row.unrecorded_parts]
    view.overall = overall_text(row.overall)
    view.elements = _elements(kb, row, known)
    return view


def _part_text(p: Provision) -> str:
    part = _("part %(part)s") % {"part": p.part} if p.part else pick(p.title_en, p.title_ru)
    penalty = penalty_text(p.penalty) if p.penalty else _("see the readings")
    return f"{part}: {penalty} ({badge(p.status).label})"


@dataclass
class NonPunishmentView:
    title: str
    article: str | None
    instrument: str | None
    badge: Badge
    tags: str
    sources: tuple[str, ...]
    unverified_fields: list[str]


@dataclass
class JurisdictionView:
    country: str
    name: str
    events: list[tuple[str, date]]
    codes: list[tuple[str, date, date | None, list[date]]]
    trafficking: list[RowView]
    related: list[RowView]
    exposure: list[RowView]
    exposed_to: list[str]
    non_punishment: list[NonPunishmentView]
    non_punishment_status: str
    exposures_without_article: list[str]
    notes: list[str]

    @property
    def all_verified(self) -> bool:
        rows = [*self.trafficking, *self.related, *self.exposure]
        return all(r.status == "verified" for r in rows)


def _known_facts(j: Jurisdiction) -> set[str]:
    known: set[str] = set()
    for row in j.rows:
        known.update(b.fact for b in row.because)
    return known


def jurisdiction_view(
    kb: KnowledgeBase,
    j: Jurisdiction,
    reviews: Mapping[str, RowReview],
    given: set[str],
) -> JurisdictionView:
    known = _known_facts(j) | given
    rows = [qualified_row_view(kb, r, reviews, known) for r in j.rows]
    victim = j.victim
    return JurisdictionView(
        country=j.country,
        name=country_name(j.country),
        events=[(stage_label(kb, e.stage), e.date) for e in j.events],
        codes=[
            (
                pick(c.code.title_en, c.code.title_ru),
                c.code.valid_from,
                c.code.valid_to,
                list(c.dates),
            )
            for c in j.codes
        ],
        trafficking=[r for r in rows if r.role in ("trafficking", "child_trafficking")],
        related=[r for r in rows if r.role == "related"],
        exposure=[r for r in rows if r.role == "victim_exposure"],
        exposed_to=[fact_label(kb, e) for e in victim.exposed_to],
        non_punishment=[
            NonPunishmentView(
                title=pick(n.provision.title_en, n.provision.title_ru),
                article=n.provision.article,
                instrument=n.provision.instrument,
                badge=badge(n.provision.status),
                tags="; ".join(n.provision.verification),
                sources=n.provision.source,
                unverified_fields=[
                    field_label(name)
                    for name, tag in n.provision.field_verification
                    if not tag.startswith("V:")
                ],
            )
            for n in victim.provisions
        ],
        non_punishment_status=victim.status,
        exposures_without_article=[fact_label(kb, e) for e in victim.without_article],
        notes=[pick(n.en, n.ru) for n in j.notes],
    )


@dataclass
class QualificationView:
    jurisdictions: list[JurisdictionView]
    outside: list[tuple[str, list[tuple[str, date]]]]
    derived: list[tuple[str, str]]
    notes: list[str]

    @property
    def summary(self) -> str:
        count = len(self.jurisdictions)
        return ngettext(
            "%(count)d jurisdiction in the knowledge base",
            "%(count)d jurisdictions in the knowledge base",
            count,
        ) % {"count": count}


def qualification_view(
    kb: KnowledgeBase, result: Qualification, reviews: Mapping[str, RowReview], given: set[str]
) -> QualificationView:
    return QualificationView(
        jurisdictions=[jurisdiction_view(kb, j, reviews, given) for j in result.jurisdictions],
        outside=[
            (country_name(c), [(stage_label(kb, e.stage), e.date) for e in events])
            for c, events in result.outside_knowledge_base
        ],
        derived=[(fact_label(kb, b.fact), origin_text(kb, b.origin)) for b in result.derived],
        notes=[pick(n.en, n.ru) for n in result.notes],
    )


def qualification_row_keys(result: Qualification) -> list[str]:
    return [row_key(r.code, r.provision) for j in result.jurisdictions for r in j.rows]
