"""The records the linkage engine reads, and the CSV format a data hub hands it.

A record is what one organisation wrote about one person. Names, phones, documents, places and
addresses are kept exactly as written: the keys the engine compares are derived from them
(``keys.py``) and the originals stay beside them for a reviewer. Only the date of birth and sex
are put in one form on the way in, because a file that writes them some other way is a file to
refuse with a message, not to guess at.

A malformed file raises ``RecordFileError`` naming the line and the column, so a data hub can fix
it; nothing is linked from a file that is only partly readable.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from azat.linkage.names import birth_date_parts

COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "patronymic",
    "birth_date",
    "sex",
    "phone",
    "document_number",
    "place",
    "address",
    "source",
)
REQUIRED_COLUMNS = ("record_id",)

_SEX = {
    "m": "m",
    "male": "m",
    "man": "m",
    "м": "m",
    "муж": "m",
    "мужской": "m",
    "f": "f",
    "female": "f",
    "woman": "f",
    "w": "f",
    "ж": "f",
    "жен": "f",
    "женский": "f",
    "": "",
    "u": "",
    "x": "",
    "unknown": "",
    "?": "",
    "-": "",
}


def normalise_sex(raw: str) -> str:
    """Read sex as "m", "f" or "" (not known); raise ValueError for anything else."""
    value = _SEX.get(raw.strip().lower().rstrip("."))
    if value is None:
        raise ValueError(f"sex {raw!r} is not one of m, f, male, female, м, ж or empty")
    return value


def normalise_birth_date(raw: str) -> str:
    """Write a date of birth as YYYY-MM-DD, YYYY-MM or YYYY, or "" when empty.

    Accepts what ``names.birth_date_parts`` accepts (including 00 for an unknown day or month);
    raises ValueError naming the problem otherwise.
    """
    if not raw.strip():
        return ""
    year, month, day = birth_date_parts(raw)
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass(frozen=True, slots=True)
class Record:
    """One organisation's record of one person, as written (see the module docstring)."""

    record_id: str
    given_name: str = ""
    family_name: str = ""
    patronymic: str = ""
    birth_date: str = ""  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | ""
    sex: str = ""  # "m" | "f" | ""
    phone: str = ""
    document_number: str = ""
    place: str = ""
    address: str = ""  # street and house, where a data hub's registry has one
    source: str = ""


class RecordFileError(ValueError):
    """A record file that cannot be read; the message names the line and the column."""

    def __init__(self, line: int, column: str, problem: str) -> None:
        self.line = line
        self.column = column
        self.problem = problem
        where = f"line {line}, column {column}" if column else f"line {line}"
        super().__init__(f"{where}: {problem}")


def _decoded_lines(stream: Iterable[Any]) -> Iterator[str]:
    """Yield the lines of a text or binary stream, refusing bytes that are not UTF-8."""
    lines = iter(stream)
    line_number = 0
    while True:
        line_number += 1
        try:
            chunk: str | bytes = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise RecordFileError(
                line_number, "", "the file is not UTF-8 text; save it as UTF-8 and try again"
            ) from None
        if isinstance(chunk, bytes):
            if line_number == 1 and chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
            try:
                text = chunk.decode("utf-8")
            except UnicodeDecodeError as error:
                raise RecordFileError(
                    line_number,
                    "",
                    f"the file is not UTF-8 text (byte {error.start + 1} of the line); "
                    "save it as UTF-8 and try again",
                ) from None
        else:
            text = str(chunk)
            if line_number == 1:
                text = text.removeprefix("\ufeff")
        yield text


def _checked_header(header: list[str]) -> list[str]:
    names = [name.strip() for name in header]
    seen: set[str] = set()
    for name in names:
        if name not in COLUMNS:
            raise RecordFileError(
                1, name, f"unknown column {name!r}; the columns are {', '.join(COLUMNS)}"
            )
        if name in seen:
            raise RecordFileError(1, name, f"column {name!r} appears twice")
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            raise RecordFileError(1, name, f"the required column {name!r} is missing")
    return names


def _record(line: int, header: list[str], row: list[str], ids: dict[str, int]) -> Record:
    if len(row) != len(header):
        column = header[len(row)] if len(row) < len(header) else f"#{len(header) + 1}"
        raise RecordFileError(
            line, column, f"expected {len(header)} fields as in the header, found {len(row)}"
        )
    values = dict(zip(header, row, strict=True))
    record_id = values["record_id"].strip()
    if not record_id:
        raise RecordFileError(line, "record_id", "record_id is empty")
    if record_id in ids:
        raise RecordFileError(
            line, "record_id", f"record_id {record_id!r} was already used on line {ids[record_id]}"
        )
    ids[record_id] = line
    values["record_id"] = record_id
    for column, normalise in (("birth_date", normalise_birth_date), ("sex", normalise_sex)):
        if column in values:
            try:
                values[column] = normalise(values[column])
            except ValueError as error:
                raise RecordFileError(line, column, str(error)) from None
    return Record(**values)


def read_csv(stream: IO[str] | IO[bytes] | Iterable[str] | Iterable[bytes]) -> list[Record]:
    """Read a record file: a header line naming the columns, then one record per line.

    ``record_id`` is required and must be unique; the other columns of ``COLUMNS`` may be left out
    or empty. Lines are counted as in a text editor (a quoted value spanning lines counts all of
    them); blank lines are skipped. Raises ``RecordFileError`` for the first problem found.
    """
    reader = csv.reader(_decoded_lines(stream), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise RecordFileError(1, "record_id", "the file is empty; expected a header line")
        columns = _checked_header(header)
        records: list[Record] = []
        ids: dict[str, int] = {}
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            records.append(_record(reader.line_num, columns, row, ids))
    except csv.Error as error:
        raise RecordFileError(reader.line_num, "", f"not valid CSV: {error}") from None
    return records


def write_csv(stream: IO[str], records: Iterable[Record]) -> None:
    """Write records in the format ``read_csv`` reads (for tests, demos and exports)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([getattr(record, column) for column in COLUMNS])


def records_from_text(text: str) -> list[Record]:
    """Read records from a CSV string (convenience for tests and small callers)."""
    return read_csv(io.StringIO(text))
