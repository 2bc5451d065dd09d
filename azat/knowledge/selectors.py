"""Reads of the legal knowledge base: the loaded data files, their rows, reviews and qualifications.

The law is read from the data files once per process (they only change with a deployment), so
every page and the API share one parsed `KnowledgeBase`. Rows of the files have no database id;
`row_key` gives each one a key that survives reordering of the file, so that a legal review
stored in the database stays attached to the row it was about.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from azat.knowledge.codes import (
    ArticleInfo,
    CodeVersion,
    KnowledgeBase,
    Provision,
    load_knowledge,
)
from azat.knowledge.models import RowReview
from azat.knowledge.qualify import Qualification, parse_facts, qualify

# Roles a qualification row is shown under, and the order of the sections on a page.
ROW_ROLES = ("trafficking", "child_trafficking", "related", "victim_exposure", "non_punishment")


@cache
def knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base. A malformed file fails here (and in the system check)."""
    return load_knowledge()


# ---------------------------------------------------------------------------- row keys


def row_key(code: CodeVersion, provision: Provision) -> str:
    """A readable, stable key: code, article, part and a short hash of what identifies the row.

    The file's index of the row is not part of the key, so reordering a file keeps reviews in
    place; editing a row's title, role, part or start date gives a new key, so an old review is
    never shown against a row it did not see.
    """
    identity = "|".join(
        [
            provision.role,
            provision.article or "",
            provision.part or "",
            str(provision.rank),
            provision.valid_from.isoformat() if provision.valid_from else "",
            provision.title_en,
        ]
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:8]
    article = _key_part(provision.article)
    part = _key_part(provision.part)
    return f"{code.key}:{article}:{part}:{digest}"


def _key_part(value: str | None) -> str:
    """Article and part numbers as URL-safe pieces ("2, 4" -> "2_4")."""
    if not value:
        return "-"
    return re.sub(r"[^0-9A-Za-z.]+", "_", value).strip("_") or "-"


def row_digest(provision: Provision) -> str:
    """A fingerprint of the row's content, to tell a reviewer's verdict from a later edit."""
    content = repr(replace(provision, row=""))
    return hashlib.sha256(content.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class LawRow:
    """One row of a data file with its code and key, as listed on the pages."""

    key: str
    code: CodeVersion
    provision: Provision

    @property
    def status(self) -> str:
        return self.provision.status

    @property
    def needs_review(self) -> bool:
        return self.provision.status != "verified" or bool(self.unverified_fields)

    @property
    def unverified_fields(self) -> tuple[tuple[str, str], ...]:
        """Fields of a row tagged separately and not checked (e.g. the part number)."""
        return tuple(
            (name, tag)
            for name, tag in self.provision.field_verification
            if not tag.startswith("V:")
        )


def law_rows(kb: KnowledgeBase | None = None) -> list[LawRow]:
    base = kb if kb is not None else knowledge_base()
    return [LawRow(row_key(c, p), c, p) for c in base.codes for p in c.provisions]


def law_row_get(key: str, kb: KnowledgeBase | None = None) -> LawRow | None:
    for row in law_rows(kb):
        if row.key == key:
            return row
    return None


def rows_needing_review(kb: KnowledgeBase | None = None) -> list[LawRow]:
    """Every row whose status is not verified, or that has a field tagged unverified."""
    return [row for row in law_rows(kb) if row.needs_review]


# ---------------------------------------------------------------------------- codes


@dataclass(frozen=True)
class CodeLine:
    """All versions of one code of one country (e.g. the Kyrgyz criminal code)."""

    country: str
    code: str
    versions: tuple[CodeVersion, ...]

    @property
    def current(self) -> CodeVersion:
        return self.versions[-1]


def code_lines(kb: KnowledgeBase | None = None) -> list[CodeLine]:
    base = kb if kb is not None else knowledge_base()
    groups: dict[tuple[str, str], list[CodeVersion]] = {}
    for code in base.codes:
        groups.setdefault((code.country, code.code), []).append(code)
    return [
        CodeLine(country, kind, tuple(sorted(versions, key=lambda c: c.valid_from)))
        for (country, kind), versions in sorted(groups.items())
    ]


def code_line_get(country: str, code: str, kb: KnowledgeBase | None = None) -> CodeLine | None:
    for line in code_lines(kb):
        if line.country == country.upper() and line.code == code:
            return line
    return None


@dataclass(frozen=True)
class ArticleVersion:
    """One row of an article in one code version, with the dates it was in force."""

    row: LawRow
    valid_from: date
    valid_to: date | None
    overall: ArticleInfo | None


def article_history(line: CodeLine, article: str) -> list[ArticleVersion]:
    """Every row of `article` across the versions of a code, oldest first."""
    out: list[ArticleVersion] = []
    for code in line.versions:
        overall = next((a for a in code.articles if a.article == article), None)
        for p in code.provisions:
            if p.article != article:
                continue
            start = p.valid_from or code.valid_from
            end = p.valid_to or code.valid_to
            out.append(ArticleVersion(LawRow(row_key(code, p), code, p), start, end, overall))
    out.sort(key=lambda v: (v.valid_from, v.row.provision.rank, v.row.provision.part or ""))
    return out


def articles_of(code: CodeVersion) -> list[str]:
    """The article numbers a code version has rows for, in numeric order."""
    numbers = {p.article for p in code.provisions if p.article}
    numbers |= {a.article for a in code.articles}
    return sorted(numbers, key=article_sort)


def article_sort(article: str) -> tuple[int, ...]:
    parts = []
    for piece in article.replace("-", ".").split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


# ---------------------------------------------------------------------------- reviews


def reviews_by_key(keys: Iterable[str] | None = None) -> dict[str, RowReview]:
    """The latest review of each row (reviews are kept as a history; the newest counts)."""
    queryset = RowReview.objects.select_related("reviewed_by").order_by("reviewed_at", "pk")
    if keys is not None:
        queryset = queryset.filter(row_key__in=list(keys))
    return {review.row_key: review for review in queryset}


def review_history(key: str) -> list[RowReview]:
    """Every review of one row, newest first."""
    return list(
        RowReview.objects.filter(row_key=key)
        .select_related("reviewed_by")
        .order_by("-reviewed_at", "-pk")
    )


# ---------------------------------------------------------------------------- qualification


def qualification_run(data: Mapping[str, Any], kb: KnowledgeBase | None = None) -> Qualification:
    """Parse case facts and qualify them; raises `QualificationInputError` naming the key."""
    base = kb if kb is not None else knowledge_base()
    return qualify(base, parse_facts(data, base.ids))


def qualification_document(
    data: Mapping[str, Any], kb: KnowledgeBase | None = None
) -> dict[str, Any]:
    """The JSON answer of ``manage.py qualify`` and ``POST /api/v1/qualify/``.

    ``countries`` maps each country of the knowledge base with an event to its list of rows
    (the shape clients rely on); the engine's full answer follows beside it.
    """
    result = qualification_run(data, kb).to_dict()
    countries = {cc: j["rows"] for cc, j in result["jurisdictions"].items()}
    return {"countries": countries, **result}
