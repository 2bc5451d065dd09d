"""Where to get help: the hotline and office directory shown on the public site.

A wrong phone number on this page can cost a person in danger their one chance to call, so the
directory is a reviewed data file (``data/help_contacts.toml``) in which each row keeps the
verification tag of the research it comes from. Rows that nobody has checked still load, but
carry their status so the site shows "check before you rely on it"; rows marked
``publish = false`` stay on file for the editors and never reach the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    "KINDS",
    "ROLES",
    "ContactsFileError",
    "HelpContact",
    "HelpCountry",
    "contacts_for",
    "load_contacts",
    "load_countries",
]

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "help_contacts.toml"

KINDS = frozenset({"hotline", "iom", "ngo", "embassy", "consulate", "government", "police"})
ROLES = frozenset({"origin", "destination"})

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]*[0-9]$")
_WEB = re.compile(r"^(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/\S*)?$")


class ContactsFileError(DataFileError):
    """The directory file is missing or malformed; better no page than a wrong number."""


@dataclass(frozen=True, slots=True)
class HelpCountry:
    code: str
    name: str
    roles: tuple[str, ...]
    source: str
    verification: str


@dataclass(frozen=True, slots=True)
class HelpContact:
    id: str
    country: str
    kind: str
    name: str
    what_for: str
    phone: str | None
    web: str | None
    address: str | None
    note: str | None
    review_note: str | None
    publish: bool
    source: str
    verification: str

    @property
    def status(self) -> Status:
        return tag_status(self.verification)

    @property
    def verified(self) -> bool:
        """Only a row checked against a source counts; a seed-only number is not yet confirmed."""
        return self.status is Status.VERIFIED

    @property
    def needs_confirmation(self) -> bool:
        return not self.verified


_FILE_KEYS = frozenset({"schema", "country", "contact"})
_COUNTRY_KEYS = frozenset({"code", "name", "roles", "source", "verification"})
_CONTACT_KEYS = frozenset(
    {
        "id",
        "country",
        "kind",
        "name",
        "what_for",
        "phone",
        "web",
        "address",
        "note",
        "review_note",
        "publish",
        "source",
        "verification",
    }
)


def load_countries(path: Path | str | None = None) -> list[HelpCountry]:
    """The countries the directory covers, in file order, including those with no contact yet."""
    countries, _ = _load(Path(path) if path is not None else DEFAULT_PATH)
    return countries


def load_contacts(path: Path | str | None = None) -> list[HelpContact]:
    """Every contact in the file, published or not, in file order; the whole file is checked."""
    _, contacts = _load(Path(path) if path is not None else DEFAULT_PATH)
    return contacts


def contacts_for(
    country: str, contacts: Iterable[HelpContact], include_unverified: bool = True
) -> list[HelpContact]:
    """The published contacts for one country, checked ones first, then in file order.

    With ``include_unverified=False`` only rows whose tag shows a check are returned (seed-only
    rows are left out too). An empty list means "we have no checked number yet" and must be
    shown as such, never filled with a guess.
    """
    code = country.strip().upper()
    chosen = [
        contact
        for contact in contacts
        if contact.publish and contact.country == code and (include_unverified or contact.verified)
    ]
    return sorted(chosen, key=lambda contact: not contact.verified)


def _load(file: Path) -> tuple[list[HelpCountry], list[HelpContact]]:
    data = read_toml(file, ContactsFileError)
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise ContactsFileError(file, None, f"unknown top-level key(s) {', '.join(unknown)}")
    if data.get("schema") != 1:
        raise ContactsFileError(file, None, "'schema' must be 1")
    countries = _load_countries(file, table_list(data, "country", file, ContactsFileError))
    codes = {country.code for country in countries}
    rows = table_list(data, "contact", file, ContactsFileError, required=False)
    contacts: list[HelpContact] = []
    for number, row in enumerate(rows, start=1):
        contact = _load_contact(file, number, row, codes)
        if any(existing.id == contact.id for existing in contacts):
            raise ContactsFileError(
                file, _label("contact", number, row, "id"), f"id {contact.id!r} is used twice"
            )
        contacts.append(contact)
    return countries, contacts


def _label(kind: str, number: int, row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return f"{kind} #{number}" + (f" ({value})" if isinstance(value, str) else "")


def _load_countries(file: Path, rows: list[dict[str, Any]]) -> list[HelpCountry]:
    countries: list[HelpCountry] = []
    for number, row in enumerate(rows, start=1):
        reader = RowReader(
            file, _label("country", number, row, "code"), row, ContactsFileError, _COUNTRY_KEYS
        )
        code = reader.text("code")
        if not _COUNTRY.match(code):
            reader.fail(f"'code' {code!r} must be a two-letter ISO code in capitals")
        if any(country.code == code for country in countries):
            reader.fail(f"country {code!r} is given twice")
        roles = reader.text_list("roles")
        bad_roles = sorted(set(roles) - ROLES)
        if bad_roles:
            reader.fail(f"unknown role(s) {', '.join(bad_roles)} (expected origin, destination)")
        countries.append(
            HelpCountry(
                code=code,
                name=reader.text("name"),
                roles=roles,
                source=reader.text("source"),
                verification=reader.verification(),
            )
        )
    return countries


def _load_contact(file: Path, number: int, row: dict[str, Any], codes: set[str]) -> HelpContact:
    reader = RowReader(
        file, _label("contact", number, row, "id"), row, ContactsFileError, _CONTACT_KEYS
    )
    contact_id = reader.slug()
    country = reader.text("country")
    if country not in codes:
        reader.fail(f"country {country!r} has no [[country]] row")
    kind = reader.text("kind")
    if kind not in KINDS:
        reader.fail(f"unknown kind {kind!r} (expected one of {', '.join(sorted(KINDS))})")
    phone = reader.optional_text("phone")
    if phone is not None and not _PHONE.match(phone):
        reader.fail(f"'phone' {phone!r} must be digits, spaces or dashes, with an optional +")
    web = reader.optional_text("web")
    if web is not None and not _WEB.match(web):
        reader.fail(f"'web' {web!r} is not a web address")
    address = reader.optional_text("address")
    if phone is None and web is None and address is None:
        reader.fail("needs a 'phone', 'web' or 'address': a contact with no way to reach it")
    return HelpContact(
        id=contact_id,
        country=country,
        kind=kind,
        name=reader.text("name"),
        what_for=reader.text("what_for"),
        phone=phone,
        web=web,
        address=address,
        note=reader.optional_text("note"),
        review_note=reader.optional_text("review_note"),
        publish=reader.boolean("publish", default=True),
        source=reader.text("source"),
        verification=reader.verification(),
    )
