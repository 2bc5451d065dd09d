"""`{% known_elsewhere_notice person %}`: the "may already be known to" notice on a person's
and a case's page, for the person's own organisation only."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from azat.linkage import selectors

register = template.Library()


@register.inclusion_tag("linkage/_known_elsewhere.html", takes_context=True)
def known_elsewhere_notice(context: template.Context, person: Any) -> dict[str, Any]:
    membership = context.get("membership")
    if membership is None or person is None:
        return {"notices": []}
    return {"notices": selectors.known_elsewhere(person=person, membership=membership)}


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
