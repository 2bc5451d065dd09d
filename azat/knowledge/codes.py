"""The criminal-law knowledge base: loads and checks the TOML files in ``data/``.

The law lives in the data files, not here, so that a lawyer can correct a penalty or a date
without touching code and every row keeps its source and its verification tag next to it. The
loader is deliberately strict: a row that is silently skipped or half-read would make the
qualification engine under-report an article to a prosecutor, so any malformed file is refused
with a `KnowledgeFileError` naming the file, the row and the problem.

This module is a pure core: standard library only, no Django.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

DATA_DIR = Path(__file__).resolve().parent / "data"
IDS_FILE = "ids.toml"

ROLES = ("trafficking", "child_trafficking", "related", "victim_exposure", "non_punishment")
CODE_KINDS = ("criminal", "administrative")
PENALTY_KINDS = (
    "imprisonment",
    "imprisonment_or_life",
    "alternatives",
    "administrative",
    "unknown",
)
SOURCE_TYPES = ("OFF", "TIP", "2nd")
ID_GROUPS = ("acts", "means", "purposes", "aggravating", "related", "exposure")
ID_PREFIXES = {
    "acts": "ACT_",
    "means": "MEANS_",
    "purposes": "PURP_",
    "aggravating": "AGG_",
    "related": "REL_",
    "exposure": "EXP_",
}
# Roles whose rows are chosen part by part (the highest matching part wins).
PART_ROLES = ("trafficking", "child_trafficking", "related")

_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_FILE_RE = re.compile(r"^(?P<cc>[a-z]{2})-(?P<code>[a-z]+)-(?P<version>[0-9A-Za-z.]+)\.toml$")
_STAGE_RE = re.compile(r"^[a-z_]+$")
# Tags as legal.md writes them: V:<source id>(free remark), "V:2nd <id>", seed, seed≠V, U.
_TAG_RE = re.compile(
    r"^(?:seed|seed≠V|U|V:(?:(?:2nd|OFF|TIP) )?(?P<source>[A-Za-z0-9_.\-]+)(?:\([^()]*\))?)$"
)


class KnowledgeFileError(ValueError):
    """A data file is malformed; says which file, which row and what is wrong."""

    def __init__(self, file: str, row: str | None, problem: str) -> None:
        self.file = file
        self.row = row
        self.problem = problem
        where = f"{file}: {row}" if row else file
        super().__init__(f"{where}: {problem}")


def tag_source_id(tag: str) -> str | None:
    """The source id a `V:` tag points to, or None for seed / U / seed≠V."""
    match = _TAG_RE.match(tag)
    if match is None:
        raise ValueError(f"unknown verification tag {tag!r}")
    return match.group("source")


def verification_status(tags: Sequence[str]) -> str:
    """Collapse a row's tags to one status the product can show.

    Any `V:` tag means a source was checked ("verified", even when the source is secondary,
    which the tag itself still says); otherwise the row is a seed, a seed contradicted by a
    source, or unverified.
    """
    if any(tag.startswith("V:") for tag in tags):
        return "verified"
    if "seed≠V" in tags:
        return "contradicted"
    if "seed" in tags:
        return "seed"
    return "unverified"


# ---------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class IdEntry:
    id: str
    group: str
    en: str
    ru: str
    palermo: bool = False
    age_below: int | None = None
    derived_from: tuple[str, ...] = ()
    derived_at_stage: str | None = None
    multiple_countries: bool = False


@dataclass(frozen=True)
class Stage:
    id: str
    en: str
    ru: str
    act: str


@dataclass(frozen=True)
class IdVocabulary:
    entries: Mapping[str, IdEntry]
    stages: Mapping[str, Stage]

    def group(self, name: str) -> tuple[IdEntry, ...]:
        return tuple(sorted((e for e in self.entries.values() if e.group == name), key=_by_id))

    def group_of(self, fact_id: str) -> str | None:
        entry = self.entries.get(fact_id)
        return entry.group if entry else None


def _by_id(entry: IdEntry) -> str:
    return entry.id


@dataclass(frozen=True)
class Penalty:
    kind: str
    min_years: float | None = None
    max_years: float | None = None
    confiscation: bool = False
    life: bool = False
    text_en: str | None = None
    text_ru: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "min_years": _number(self.min_years),
            "max_years": _number(self.max_years),
            "confiscation": self.confiscation,
            "life": self.life,
            "text": {"en": self.text_en, "ru": self.text_ru} if self.text_en else None,
        }


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Reading:
    """One source's version of a disputed row."""

    penalty: Penalty | None
    verification: tuple[str, ...]
    source: tuple[str, ...]
    note_en: str | None = None
    note_ru: str | None = None

    @property
    def status(self) -> str:
        return verification_status(self.verification)


@dataclass(frozen=True)
class Provision:
    """One part of one article (or one non-punishment rule), as a data file row says."""

    row: str
    role: str
    title_en: str
    title_ru: str
    article: str | None
    part: str | None
    rank: int
    base: bool
    acts: tuple[str, ...]
    means: tuple[str, ...]
    purposes: tuple[str, ...]
    purpose_required: bool
    aggravating: tuple[str, ...]
    items: tuple[tuple[str, tuple[str, ...]], ...]
    requires: tuple[str, ...]
    related: tuple[str, ...]
    exposure: tuple[str, ...]
    offence: bool
    penalty: Penalty | None
    disputed: bool
    readings: tuple[Reading, ...]
    valid_from: date | None
    valid_to: date | None
    source: tuple[str, ...]
    verification: tuple[str, ...]
    field_verification: tuple[tuple[str, str], ...]
    instrument: str | None
    note_en: str | None
    note_ru: str | None

    @property
    def status(self) -> str:
        if self.disputed:
            return "disputed"
        return verification_status(self.verification)

    @property
    def all_aggravating(self) -> tuple[str, ...]:
        """The circumstances that select this part, whether listed flat or by item letter."""
        ids = set(self.aggravating)
        for _, item_ids in self.items:
            ids.update(item_ids)
        return tuple(sorted(ids))

    @property
    def elements_recorded(self) -> bool:
        """False for a higher part whose distinguishing elements the research did not record."""
        return self.base or bool(self.all_aggravating)

    def in_force(self, on: date) -> bool:
        return _in_window(on, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class ArticleInfo:
    article: str
    title_en: str
    title_ru: str
    overall: Penalty
    verification: tuple[str, ...]
    source: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    note_en: str | None
    note_ru: str | None

    def in_force(self, on: date) -> bool:
        return _in_window(on, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class CodeNote:
    en: str
    ru: str
    verification: tuple[str, ...]
    source: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    when: tuple[str, ...]

    def in_force(self, on: date) -> bool:
        return _in_window(on, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class SourceRef:
    id: str
    type: str
    title: str
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class CodeVersion:
    """One version of one code of one country, i.e. one data file."""

    key: str
    file: str
    country: str
    code: str
    version: str
    title_en: str
    title_ru: str
    valid_from: date
    valid_to: date | None
    dates_verification: tuple[tuple[str, str], ...]
    source: tuple[str, ...]
    verification: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    articles: tuple[ArticleInfo, ...]
    notes: tuple[CodeNote, ...]
    provisions: tuple[Provision, ...]

    def in_force(self, on: date) -> bool:
        return _in_window(on, self.valid_from, self.valid_to)

    def provisions_on(self, on: date) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if p.in_force(on))

    def overall(self, article: str, on: date) -> ArticleInfo | None:
        for info in self.articles:
            if info.article == article and info.in_force(on):
                return info
        return None


@dataclass(frozen=True)
class KnowledgeBase:
    ids: IdVocabulary
    codes: tuple[CodeVersion, ...]

    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({code.country for code in self.codes}))

    def codes_in_force(self, country: str, on: date) -> tuple[CodeVersion, ...]:
        return tuple(c for c in self.codes if c.country == country and c.in_force(on))

    def code(self, key: str) -> CodeVersion:
        for code in self.codes:
            if code.key == key:
                return code
        raise KeyError(key)


def _in_window(on: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)


# ---------------------------------------------------------------------------- table reader


class _Table:
    """Typed access to one TOML table that reports problems with file and row."""

    def __init__(
        self, data: Any, file: str, row: str | None, allowed: Iterable[str] | None = None
    ) -> None:
        self.file = file
        self.row = row
        if not isinstance(data, Mapping):
            self.fail("expected a table")
        self.data: Mapping[str, Any] = data
        if allowed is not None:
            unknown = sorted(set(data) - set(allowed))
            if unknown:
                self.fail(f"unknown field {unknown[0]!r}")

    def fail(self, problem: str) -> NoReturn:
        raise KnowledgeFileError(self.file, self.row, problem)

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str) -> str:
        value = self.optional_text(key)
        if value is None:
            self.fail(f"missing field {key!r}")
        return value

    def optional_text(self, key: str) -> str | None:
        if key not in self.data:
            return None
        value = self.data[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(f"field {key!r} must be a non-empty string")
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"field {key!r} must be true or false")
        return value

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(f"field {key!r} must be a whole number of at least 0")
        return value

    def years(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            self.fail(f"field {key!r} must be a number of years of at least 0")
        return float(value)

    def day(self, key: str) -> date | None:
        if key not in self.data:
            return None
        value = self.data[key]
        if isinstance(value, date) and type(value) is date:
            return value
        if isinstance(value, str):
            try:
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(f"field {key!r} is not a date (YYYY-MM-DD): {value!r}")

    def strings(self, key: str) -> tuple[str, ...]:
        """A string or a list of strings, as a tuple; empty when absent."""
        if key not in self.data:
            return ()
        value = self.data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(f"field {key!r} must be a string or a list of strings")
        return tuple(value)

    def tables(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail(f"field {key!r} must be an array of tables")
        return value


# ---------------------------------------------------------------------------- ids.toml


def load_ids(directory: Path | str | None = None) -> IdVocabulary:
    """Read and check the fact-id vocabulary (``ids.toml``)."""
    path = Path(directory) if directory is not None else DATA_DIR
    file = path / IDS_FILE
    raw = _read_toml(file)
    top = _Table(raw, file.name, None, (*ID_GROUPS, "stages"))
    entries: dict[str, IdEntry] = {}
    for group in ID_GROUPS:
        section = top.data.get(group)
        if not isinstance(section, Mapping) or not section:
            top.fail(f"missing table [{group}]")
        for fact_id, body in section.items():
            row = f"{group}.{fact_id}"
            table = _Table(
                body,
                file.name,
                row,
                (
                    "en",
                    "ru",
                    "palermo",
                    "age_below",
                    "derived_from",
                    "derived_at_stage",
                    "multiple_countries",
                ),
            )
            if not fact_id.startswith(ID_PREFIXES[group]):
                table.fail(f"id must start with {ID_PREFIXES[group]}")
            if fact_id in entries:
                table.fail("id defined twice")
            entries[fact_id] = IdEntry(
                id=fact_id,
                group=group,
                en=table.text("en"),
                ru=table.text("ru"),
                palermo=table.flag("palermo"),
                age_below=table.integer("age_below"),
                derived_from=table.strings("derived_from"),
                derived_at_stage=table.optional_text("derived_at_stage"),
                multiple_countries=table.flag("multiple_countries"),
            )
    stages: dict[str, Stage] = {}
    stage_section = top.data.get("stages")
    if not isinstance(stage_section, Mapping) or not stage_section:
        top.fail("missing table [stages]")
    for stage_id, body in stage_section.items():
        table = _Table(body, file.name, f"stages.{stage_id}", ("en", "ru", "act"))
        if not _STAGE_RE.match(stage_id):
            table.fail("stage ids are lower-case words")
        act = table.text("act")
        if act not in entries or entries[act].group != "acts":
            table.fail(f"unknown id {act!r} (expected an ACT_ id)")
        stages[stage_id] = Stage(stage_id, table.text("en"), table.text("ru"), act)
    for entry in entries.values():
        for source_id in entry.derived_from:
            if source_id not in entries:
                raise KnowledgeFileError(
                    file.name, f"{entry.group}.{entry.id}", f"unknown id {source_id!r}"
                )
        if entry.derived_at_stage is not None and entry.derived_at_stage not in stages:
            raise KnowledgeFileError(
                file.name,
                f"{entry.group}.{entry.id}",
                f"unknown stage {entry.derived_at_stage!r}",
            )
    return IdVocabulary(entries=dict(sorted(entries.items())), stages=dict(sorted(stages.items())))


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        with file.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise KnowledgeFileError(file.name, None, "file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeFileError(file.name, None, f"not valid TOML: {error}") from None


# ---------------------------------------------------------------------------- code files

_CODE_FIELDS = (
    "country",
    "code",
    "version",
    "title_en",
    "title_ru",
    "valid_from",
    "valid_from_verification",
    "valid_to",
    "valid_to_verification",
    "source",
    "verification",
    "sources",
    "articles",
    "notes",
    "provisions",
)
_PROVISION_FIELDS = (
    "article",
    "part",
    "rank",
    "base",
    "role",
    "title_en",
    "title_ru",
    "acts",
    "means",
    "purposes",
    "purpose_required",
    "aggravating",
    "items",
    "requires",
    "related",
    "exposure",
    "offence",
    "penalty",
    "disputed",
    "readings",
    "valid_from",
    "valid_to",
    "source",
    "verification",
    "part_verification",
    "title_verification",
    "penalty_verification",
    "structure_verification",
    "article_verification",
    "instrument",
    "note_en",
    "note_ru",
)
_FIELD_TAGS = (
    "article_verification",
    "part_verification",
    "title_verification",
    "penalty_verification",
    "structure_verification",
)
_PENALTY_FIELDS = ("kind", "min_years", "max_years", "confiscation", "life", "text_en", "text_ru")


class _CodeParser:
    def __init__(self, file: Path, ids: IdVocabulary) -> None:
        self.file = file
        self.name = file.name
        self.ids = ids
        self.sources: dict[str, SourceRef] = {}
        self.file_source: tuple[str, ...] = ()
        self.window: tuple[date, date | None] = (date.min, None)

    def parse(self) -> CodeVersion:
        top = _Table(_read_toml(self.file), self.name, None, _CODE_FIELDS)
        match = _FILE_RE.match(self.name)
        if match is None:
            top.fail("file name must be <cc>-<code>-<version>.toml")
        country = top.text("country")
        if not _COUNTRY_RE.match(country):
            top.fail(f"country must be two capital letters, not {country!r}")
        code = top.text("code")
        if code not in CODE_KINDS:
            top.fail(f"unknown code kind {code!r} (expected one of {', '.join(CODE_KINDS)})")
        version = top.text("version")
        expected = (country.lower(), code, version)
        if (match["cc"], match["code"], match["version"]) != expected:
            top.fail(f"file name does not match country/code/version {'-'.join(expected)}")
        valid_from = top.day("valid_from")
        if valid_from is None:
            top.fail("missing field 'valid_from'")
        valid_to = top.day("valid_to")
        if valid_to is not None and valid_to < valid_from:
            top.fail("valid_to is before valid_from")
        self._parse_sources(top)
        dates_verification = []
        for key in ("valid_from_verification", "valid_to_verification"):
            if top.has(key):
                dates_verification.append((key.removesuffix("_verification"), self._tag(top, key)))
        verification = self._tags(top, "verification", required=True)
        source = top.strings("source")
        if not source:
            top.fail("missing field 'source'")
        self.file_source = source
        self.window = (valid_from, valid_to)
        articles = tuple(
            self._parse_article(_Table(raw, self.name, f"articles[{i}]"))
            for i, raw in enumerate(top.tables("articles"))
        )
        notes = tuple(
            self._parse_note(_Table(raw, self.name, f"notes[{i}]"))
            for i, raw in enumerate(top.tables("notes"))
        )
        provisions = tuple(
            self._parse_provision(i, raw) for i, raw in enumerate(top.tables("provisions"))
        )
        if not provisions:
            top.fail("a code file needs at least one [[provisions]] row")
        _check_duplicates(self.name, provisions)
        return CodeVersion(
            key=self.name.removesuffix(".toml"),
            file=self.name,
            country=country,
            code=code,
            version=version,
            title_en=top.text("title_en"),
            title_ru=top.text("title_ru"),
            valid_from=valid_from,
            valid_to=valid_to,
            dates_verification=tuple(dates_verification),
            source=source,
            verification=verification,
            sources=tuple(sorted(self.sources.values(), key=lambda s: s.id)),
            articles=articles,
            notes=notes,
            provisions=provisions,
        )

    def _parse_sources(self, top: _Table) -> None:
        raw = top.data.get("sources", {})
        if not isinstance(raw, Mapping):
            top.fail("[sources] must be a table")
        for source_id, body in raw.items():
            table = _Table(body, self.name, f"sources.{source_id}", ("type", "title", "address"))
            kind = table.text("type")
            if kind not in SOURCE_TYPES:
                table.fail(f"unknown source type {kind!r}")
            addresses = table.strings("address")
            if not addresses:
                table.fail("missing field 'address'")
            self.sources[source_id] = SourceRef(source_id, kind, table.text("title"), addresses)

    def _tag(self, table: _Table, key: str) -> str:
        value = table.text(key)
        self._check_tag(table, value)
        return value

    def _check_tag(self, table: _Table, tag: str) -> None:
        match = _TAG_RE.match(tag)
        if match is None:
            table.fail(f"unknown verification tag {tag!r}")
        source_id = match.group("source")
        if source_id is not None and source_id not in self.sources:
            table.fail(f"verification tag {tag!r} cites source {source_id!r} not in [sources]")

    def _tags(self, table: _Table, key: str, *, required: bool) -> tuple[str, ...]:
        tags = table.strings(key)
        if required and not tags:
            table.fail(f"missing field {key!r}")
        for tag in tags:
            self._check_tag(table, tag)
        return tags

    def _source_for(self, table: _Table, tags: Sequence[str]) -> tuple[str, ...]:
        """Explicit `source`, else the addresses of the cited sources, else the file's source."""
        explicit = table.strings("source")
        if explicit:
            return explicit
        addresses: list[str] = []
        for tag in tags:
            source_id = tag_source_id(tag)
            if source_id is not None:
                for address in self.sources[source_id].addresses:
                    if address not in addresses:
                        addresses.append(address)
        return tuple(addresses) or self.file_source

    def _window(self, table: _Table) -> tuple[date | None, date | None]:
        start, end = table.day("valid_from"), table.day("valid_to")
        if start is not None and end is not None and end < start:
            table.fail("valid_to is before valid_from")
        code_start, code_end = self.window
        if start is not None and start < code_start:
            table.fail(f"valid_from {start} is before the code's valid_from {code_start}")
        if end is not None and code_end is not None and end > code_end:
            table.fail(f"valid_to {end} is after the code's valid_to {code_end}")
        if start is not None and code_end is not None and start > code_end:
            table.fail(f"valid_from {start} is after the code's valid_to {code_end}")
        return start, end

    def _ids(self, table: _Table, key: str, group: str) -> tuple[str, ...]:
        values = table.strings(key)
        for value in values:
            if self.ids.group_of(value) != group:
                table.fail(f"unknown id {value!r} in {key!r} (expected a {group} id)")
        return tuple(sorted(set(values)))

    def _penalty(self, table: _Table, key: str = "penalty") -> Penalty | None:
        raw = table.data.get(key)
        if raw is None:
            return None
        sub = _Table(raw, self.name, f"{table.row} {key}", _PENALTY_FIELDS)
        kind = sub.text("kind")
        if kind not in PENALTY_KINDS:
            sub.fail(f"unknown penalty kind {kind!r}")
        low, high = sub.years("min_years"), sub.years("max_years")
        if low is not None and high is not None and high < low:
            sub.fail("max_years is below min_years")
        text_en, text_ru = sub.optional_text("text_en"), sub.optional_text("text_ru")
        if (text_en is None) != (text_ru is None):
            sub.fail("text_en and text_ru go together")
        return Penalty(
            kind=kind,
            min_years=low,
            max_years=high,
            confiscation=sub.flag("confiscation"),
            life=sub.flag("life"),
            text_en=text_en,
            text_ru=text_ru,
        )

    def _note_pair(self, table: _Table) -> tuple[str | None, str | None]:
        en, ru = table.optional_text("note_en"), table.optional_text("note_ru")
        if (en is None) != (ru is None):
            table.fail("note_en and note_ru go together")
        return en, ru

    def _parse_article(self, table: _Table) -> ArticleInfo:
        allowed = (
            "article",
            "title_en",
            "title_ru",
            "overall",
            "verification",
            "source",
            "valid_from",
            "valid_to",
            "note_en",
            "note_ru",
        )
        table = _Table(table.data, self.name, table.row, allowed)
        overall = self._penalty(table, "overall")
        if overall is None:
            table.fail("missing field 'overall'")
        tags = self._tags(table, "verification", required=True)
        start, end = self._window(table)
        note_en, note_ru = self._note_pair(table)
        return ArticleInfo(
            article=table.text("article"),
            title_en=table.text("title_en"),
            title_ru=table.text("title_ru"),
            overall=overall,
            verification=tags,
            source=self._source_for(table, tags),
            valid_from=start,
            valid_to=end,
            note_en=note_en,
            note_ru=note_ru,
        )

    def _parse_note(self, table: _Table) -> CodeNote:
        allowed = ("en", "ru", "verification", "source", "valid_from", "valid_to", "when")
        table = _Table(table.data, self.name, table.row, allowed)
        tags = self._tags(table, "verification", required=True)
        when = table.strings("when")
        for fact_id in when:
            if self.ids.group_of(fact_id) is None:
                table.fail(f"unknown id {fact_id!r} in 'when'")
        start, end = self._window(table)
        return CodeNote(
            en=table.text("en"),
            ru=table.text("ru"),
            verification=tags,
            source=self._source_for(table, tags),
            valid_from=start,
            valid_to=end,
            when=tuple(sorted(set(when))),
        )

    def _parse_provision(self, index: int, raw: Any) -> Provision:
        label = f"provisions[{index}]"
        if isinstance(raw, Mapping) and isinstance(raw.get("article"), str):
            part = raw.get("part")
            label += f" (art. {raw['article']}" + (f" p.{part})" if part else ")")
        table = _Table(raw, self.name, label, _PROVISION_FIELDS)
        role = table.text("role")
        if role not in ROLES:
            table.fail(f"unknown role {role!r} (expected one of {', '.join(ROLES)})")
        article = table.optional_text("article")
        if article is None and role in PART_ROLES:
            table.fail("missing field 'article'")
        part = table.optional_text("part")
        base = table.flag("base")
        rank = table.integer("rank")
        if rank is None:
            if part is not None and part.isdigit():
                rank = int(part)
            elif role in PART_ROLES:
                table.fail("missing field 'rank' (needed when part is not a plain number)")
            else:
                rank = 0
        aggravating = self._ids(table, "aggravating", "aggravating")
        items = self._items(table)
        if base and (aggravating or items):
            table.fail("a base part cannot list aggravating circumstances")
        related = self._ids(table, "related", "related")
        exposure = self._ids(table, "exposure", "exposure")
        if role == "related" and not related:
            table.fail("missing field 'related' (a related row needs the conduct ids it covers)")
        if role == "victim_exposure" and not exposure:
            table.fail("missing field 'exposure'")
        instrument = table.optional_text("instrument")
        if role == "non_punishment" and instrument is None:
            table.fail("missing field 'instrument'")
        disputed = table.flag("disputed")
        readings = tuple(
            self._reading(_Table(r, self.name, f"{label} readings[{i}]"))
            for i, r in enumerate(table.tables("readings"))
        )
        if disputed:
            if len(readings) < 2:
                table.fail("a disputed row needs at least two readings")
            for key in ("penalty", "verification"):
                if table.has(key):
                    table.fail(f"a disputed row keeps {key!r} in its readings")
            tags: tuple[str, ...] = ()
            source = tuple(dict.fromkeys(a for r in readings for a in r.source))
        else:
            if readings:
                table.fail("readings are only allowed on a row marked disputed = true")
            tags = self._tags(table, "verification", required=True)
            source = self._source_for(table, tags)
        field_tags = tuple(
            (key.removesuffix("_verification"), self._tag(table, key))
            for key in _FIELD_TAGS
            if table.has(key)
        )
        start, end = self._window(table)
        note_en, note_ru = self._note_pair(table)
        return Provision(
            row=label,
            role=role,
            title_en=table.text("title_en"),
            title_ru=table.text("title_ru"),
            article=article,
            part=part,
            rank=rank,
            base=base,
            acts=self._ids(table, "acts", "acts"),
            means=self._ids(table, "means", "means"),
            purposes=self._ids(table, "purposes", "purposes"),
            purpose_required=table.flag("purpose_required"),
            aggravating=aggravating,
            items=items,
            requires=self._ids(table, "requires", "aggravating"),
            related=related,
            exposure=exposure,
            offence=table.flag("offence", default=True),
            penalty=None if disputed else self._penalty(table),
            disputed=disputed,
            readings=readings,
            valid_from=start,
            valid_to=end,
            source=source,
            verification=tags,
            field_verification=field_tags,
            instrument=instrument,
            note_en=note_en,
            note_ru=note_ru,
        )

    def _items(self, table: _Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
        raw = table.data.get("items")
        if raw is None:
            return ()
        if not isinstance(raw, Mapping) or not raw:
            table.fail("field 'items' must be a table of item letter = [aggravating ids]")
        items = []
        for letter, ids in sorted(raw.items()):
            sub = _Table({"ids": ids}, self.name, table.row)
            values = sub.strings("ids")
            if not values:
                table.fail(f"item {letter!r} lists no aggravating ids")
            for value in values:
                if self.ids.group_of(value) != "aggravating":
                    table.fail(f"unknown id {value!r} in item {letter!r}")
            items.append((letter, tuple(sorted(set(values)))))
        return tuple(items)

    def _reading(self, table: _Table) -> Reading:
        table = _Table(
            table.data,
            self.name,
            table.row,
            ("penalty", "verification", "source", "note_en", "note_ru"),
        )
        tags = self._tags(table, "verification", required=True)
        note_en, note_ru = self._note_pair(table)
        return Reading(
            penalty=self._penalty(table),
            verification=tags,
            source=self._source_for(table, tags),
            note_en=note_en,
            note_ru=note_ru,
        )


def _check_duplicates(file: str, provisions: Sequence[Provision]) -> None:
    """Two rows for the same part in force on the same day would make the answer ambiguous."""
    for i, first in enumerate(provisions):
        for second in provisions[i + 1 :]:
            same = (first.role, first.article, first.part, first.title_en) == (
                second.role,
                second.article,
                second.part,
                second.title_en,
            )
            if same and _overlap(
                first.valid_from, first.valid_to, second.valid_from, second.valid_to
            ):
                raise KnowledgeFileError(
                    file, second.row, f"duplicates {first.row} for the same period"
                )


def _overlap(
    a_from: date | None, a_to: date | None, b_from: date | None, b_to: date | None
) -> bool:
    return (a_to is None or b_from is None or b_from <= a_to) and (
        b_to is None or a_from is None or a_from <= b_to
    )


def load_knowledge(directory: Path | str | None = None) -> KnowledgeBase:
    """Load every code file and the id vocabulary from `directory` (default: ``data/``).

    Refuses the whole knowledge base on the first malformed file: a partial knowledge base
    would quietly drop articles from qualifications.
    """
    path = Path(directory) if directory is not None else DATA_DIR
    ids = load_ids(path)
    codes = [
        _CodeParser(file, ids).parse()
        for file in sorted(path.glob("*.toml"))
        if file.name != IDS_FILE
    ]
    codes.sort(key=lambda c: (c.country, c.code, c.valid_from))
    for previous, current in itertools.pairwise(codes):
        if (previous.country, previous.code) != (current.country, current.code):
            continue
        if previous.valid_to is None or previous.valid_to >= current.valid_from:
            raise KnowledgeFileError(
                current.file,
                None,
                f"overlaps {previous.file}: two versions of the {current.country} "
                f"{current.code} code in force on the same day",
            )
    return KnowledgeBase(ids=ids, codes=tuple(codes))
