"""Verification tags and file errors shared by the public site's data files.

Every row in ``azat/public/data/*.toml`` carries the ``verification`` tag of the domain note it
comes from, copied exactly (``seed``, ``V-P``, ``V-S``, ``V:S12(2nd)``, ``U``, ``R``, ``INF``, or
several joined by ``;``). The site must never show an unchecked phone number or claim as checked,
so the tag is parsed here once and turned into a coarse status the templates can badge.
"""

from __future__ import annotations

import re
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

__all__ = [
    "DataFileError",
    "RowReader",
    "Status",
    "read_toml",
    "table_list",
    "tag_problem",
    "tag_status",
]


class Status(StrEnum):
    """How far a row can be trusted, from the public reader's point of view."""

    VERIFIED = "verified"  # checked against a primary or secondary source (V-P, V-S, V:<id>)
    SEED = "seed"  # taken from the project's seed documents, no independent check
    DESIGN = "design"  # our own inference or design choice (INF), not a published fact
    UNVERIFIED = "unverified"  # recalled or explicitly unverified (U, R): show as pending review


_TOKEN = re.compile(r"^(seed|U|R|INF|V-P|V-S|V:[A-Za-z0-9]+(\([^()]*\))?)$")


def _tokens(tag: str) -> list[str]:
    return [part.strip() for part in tag.split(";")]


def tag_problem(tag: object) -> str | None:
    """Say what is wrong with a verification tag, or ``None`` when it is well formed.

    A typo in a tag must stop the file from loading: a silently unknown tag would have to be
    guessed at, and guessing "verified" is exactly the mistake this module exists to prevent.
    """
    if not isinstance(tag, str) or not tag.strip():
        return "verification tag must be a non-empty string"
    bad = [token for token in _tokens(tag) if not _TOKEN.match(token)]
    if bad:
        return (
            f"unknown verification tag {', '.join(repr(b) for b in bad)} "
            "(expected seed, V-P, V-S, V:<id>, U, R or INF, joined by ';')"
        )
    return None


def tag_status(tag: str) -> Status:
    """Reduce a tag to one status; an explicit "unverified" always wins.

    ``seed; U`` (a seed number nobody confirmed) stays unverified even though it is in the seed,
    and ``seed; V:S12(2nd)`` is verified because a second source confirmed the seed.
    """
    tokens = _tokens(tag)
    if any(token in {"U", "R"} for token in tokens):
        return Status.UNVERIFIED
    if any(token in {"V-P", "V-S"} or token.startswith("V:") for token in tokens):
        return Status.VERIFIED
    if "seed" in tokens:
        return Status.SEED
    if "INF" in tokens:
        return Status.DESIGN
    return Status.UNVERIFIED


class DataFileError(ValueError):
    """A data file the site cannot trust; names the file, the row and the problem."""

    def __init__(self, path: Path | str, row: str | None, problem: str) -> None:
        self.path = str(path)
        self.row = row
        self.problem = problem
        where = f"{self.path}: {row}" if row else self.path
        super().__init__(f"{where}: {problem}")


def read_toml(path: Path, error: type[DataFileError]) -> dict[str, Any]:
    """Parse a TOML file; a missing or broken file becomes ``error``, not a raw OSError."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise error(path, None, "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(path, None, f"not valid TOML: {exc}") from None


def table_list(
    data: dict[str, Any], key: str, path: Path, error: type[DataFileError], *, required: bool = True
) -> list[dict[str, Any]]:
    """Return the array of tables ``[[key]]``, refusing anything else under that name."""
    value = data.get(key)
    if value is None:
        if required:
            raise error(path, None, f"no [[{key}]] rows")
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise error(path, None, f"{key!r} must be an array of tables ([[{key}]])")
    return value


class RowReader:
    """Typed access to one TOML table, failing with the file and row in the message.

    Unknown keys are refused too: a misspelt optional key (``notes`` for ``note``) would
    otherwise vanish silently and the site would show less than the editor wrote.
    """

    def __init__(
        self,
        path: Path,
        row: str,
        data: dict[str, Any],
        error: type[DataFileError],
        allowed: frozenset[str],
    ) -> None:
        self.path = path
        self.row = row
        self.data = data
        self.error = error
        unknown = sorted(set(data) - allowed)
        if unknown:
            self.fail(f"unknown key(s) {', '.join(unknown)}")

    def fail(self, problem: str) -> NoReturn:
        raise self.error(self.path, self.row, problem)

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            self.fail(f"missing {key!r}")
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key!r} must be a non-empty string")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        if key not in self.data:
            return None
        return self.text(key)

    def integer(self, key: str, *, minimum: int = 0) -> int:
        value = self.data.get(key)
        if value is None:
            self.fail(f"missing {key!r}")
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"{key!r} must be a whole number")
        if value < minimum:
            self.fail(f"{key!r} must be at least {minimum}")
        return value

    def optional_integer(self, key: str, *, minimum: int = 0) -> int | None:
        if key not in self.data:
            return None
        return self.integer(key, minimum=minimum)

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{key!r} must be true or false")
        return value

    def text_list(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(f"missing {key!r}")
            return ()
        if not isinstance(value, list) or not value:
            self.fail(f"{key!r} must be a non-empty list")
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.fail(f"{key!r} must hold only non-empty strings")
        return tuple(item.strip() for item in value)

    def slug(self, key: str = "id") -> str:
        value = self.text(key)
        if not _SLUG.match(value):
            self.fail(f"{key!r} {value!r} must be lowercase letters, digits and underscores")
        return value

    def verification(self) -> str:
        value = self.data.get("verification")
        problem = tag_problem(value)
        if problem:
            self.fail(problem)
        assert isinstance(value, str)
        return value.strip()


_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
