"""`{% known_elsewhere_notice person %}`: the "may already be known to" notice on a person's
and a case's page, for the person's own organisation only."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from django import template
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from azat.linkage import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def known_elsewhere_notice(context: template.Context, person: Any) -> SafeString:
    """The whole notice, or nothing when no other organisation may know the person. Built as a
    string, like its items: on the case page the template language's inclusion of it cost more
    than the read behind it (docs/adr/0007-hot-reads-without-the-orm.md)."""
    membership = context.get("membership")
    if membership is None or person is None:
        return mark_safe("")
    notices = selectors.known_elsewhere(person=person, membership=membership)
    if not notices:
        return mark_safe("")
    heading = gettext("This person may already be known to another organisation")
    help_text = gettext(
        "Another organisation has a record that may be the same person: linked by record "
        "linkage, waiting for a reviewer, or only the same name or document number, as each "
        "line says. Their data is not shown here. Contact them, with the person's consent, to "
        "coordinate help and avoid asking the person to tell their story again."
    )
    return mark_safe(  # every value in it is escaped
        f'<link rel="stylesheet" href="{escape(static("linkage/notice.css"))}">'
        '<aside class="known-elsewhere" role="note" aria-labelledby="h-known-elsewhere">\n'
        f'  <h2 id="h-known-elsewhere">{escape(heading)}</h2>\n'
        f'  <p class="help">{escape(help_text)}</p>\n'
        f'  <ul class="plain">{known_elsewhere_items(notices)}</ul>\n'
        "</aside>"
    )


def _basis(basis: str) -> str:
    # Each gettext outside the f-strings, where makemessages finds it.
    if basis == "linked":
        label = gettext("linked by record linkage")
        return f'<span class="badge badge-warn">{escape(label)}</span>'
    if basis == "candidate":
        label = gettext("possible match, awaiting review")
    else:
        label = gettext("same name or document number")
    return f'<span class="badge">{escape(label)}</span>'


def _mailto(email: str) -> str:
    return f'<a href="mailto:{escape(email)}">{escape(email)}</a>'


def _contacts(notice: selectors.KnownElsewhere) -> str:
    people = ", ".join(
        f"{escape(contact.name or contact.email)} ({_mailto(contact.email)})"
        for contact in notice.contacts
    )
    parts = [people] if people else []
    if notice.phone:
        phone = escape(notice.phone)
        word = gettext("phone")
        parts.append(f'{escape(word)} <a href="tel:{phone}">{phone}</a>')
    if notice.email:
        parts.append(_mailto(notice.email))
    if not parts:
        return escape(
            gettext("no contact recorded; ask your supervisor or the system administrator.")
        )
    return " · ".join(parts)


@register.simple_tag
def known_elsewhere_items(notices: Sequence[selectors.KnownElsewhere]) -> SafeString:
    """One item per organisation: its name and country, how sure the match is, and whom to
    contact. Built with plain string formatting, every value escaped (as the case page's rows
    in `cases_tags`): a person with many namesakes raises a notice for each organisation."""
    contact = escape(gettext("Contact:"))
    out = []
    for notice in notices:
        organisation = notice.organisation
        where = f"<strong>{escape(organisation.name)}</strong>"
        country: Any = organisation.country  # a django-countries Country
        if country:
            where += f" · {escape(str(country.name))}"
        out.append(
            f'<li class="known-org">{where} · {_basis(notice.basis)}'
            f'<br><span class="muted">{contact}</span> {_contacts(notice)}</li>'
        )
    return mark_safe("".join(out))  # every value in it is escaped
