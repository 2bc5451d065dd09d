"""Template helpers for referral lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from azat.referrals.models import Referral, ReferralEvent, ServiceDelivery

register = template.Library()

# The badge modifier for each state that has one (the others are plain badges).
_STATE_BADGE = {
    "declined": " badge-danger",
    "not_completed": " badge-danger",
    "completed": " badge-ok",
    "sent": " badge-warn",
}


def _state_badge(referral: Referral) -> str:
    return (
        f'<span class="badge referral-state state-{escape(referral.state)}'
        f'{_STATE_BADGE.get(referral.state, "")}">{escape(referral.get_state_display())}</span>'
    )


@register.simple_tag
def referral_state(referral: Referral) -> SafeString:
    """A referral's state as a badge. A tag rather than an included template: queue and list
    pages show it on every row, and an include per row costs several times more."""
    return mark_safe(_state_badge(referral))  # every value in it is escaped


# Any id: the detail URL is reversed once per table and each row's id put in its place.
_ANY_ID = 987654321


def _reference_cell() -> Callable[[Referral], str]:
    """A row's first cell, its reference linking to the referral's page; the URL is reversed
    once per table, not once per row."""
    head, tail = reverse("referrals:detail", args=[_ANY_ID]).split(str(_ANY_ID))
    return lambda r: f'<td><a href="{head}{r.pk}{tail}">{escape(r.reference)}</a></td>'


# The rows below are built with plain string formatting, each value escaped with `escape`
# (what Django's own escaping does to text; `empty` may come escaped from the template, so it
# goes through format_html): format_html per cell cost as much as the rest of a queue page.


@register.simple_tag
def referral_rows(
    rows: list[Referral], *, show_receiver: bool, today: dt.date, empty: str
) -> SafeString:
    """The body rows of a referral table. Built here rather than with template tags per cell:
    queues show up to eighty rows, and the template language's lookups, filters and a URL
    reversal per row cost more than the rest of the page."""
    if not rows:
        return format_html('<tr><td colspan="6" class="muted">{}</td></tr>', empty)
    cross_border = escape(gettext("The two organisations are in different countries."))
    reference = _reference_cell()
    out = []
    for r in rows:
        organisation = r.receiver.name if show_receiver else r.sender.name
        # A Country's text is its ISO code.
        sender_country, receiver_country = str(r.sender.country), str(r.receiver.country)
        border = (
            f' <span class="badge" title="{cross_border}">'
            f"{escape(sender_country)} → {escape(receiver_country)}</span>"
            if r.sender_id and r.receiver_id and sender_country != receiver_country
            else ""
        )
        urgency = escape(r.get_urgency_display())
        if r.urgency != "routine":
            urgency = f'<span class="badge badge-danger">{urgency}</span>'
        due = "—"
        if r.due_on:
            days = r.days_overdue(today)
            late = (
                ' <span class="badge badge-danger">'
                + escape(
                    ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": days}
                )
                + "</span>"
                if days
                else ""
            )
            due = escape(date_format(r.due_on, "j E Y")) + late
        services = escape(", ".join(str(label) for label in r.service_labels))
        out.append(
            f"<tr>{reference(r)}"
            f"<td>{escape(organisation)}{border}</td><td>{services}</td><td>{urgency}</td>"
            f"<td>{due}</td><td>{_state_badge(r)}</td></tr>"
        )
    return mark_safe("".join(out))  # every value in it is escaped


@register.simple_tag
def overdue_rows(rows: list[Referral], *, empty: str) -> SafeString:
    """The body rows of the overdue queue (reference, from, to, due date, state), built like
    `referral_rows`."""
    if not rows:
        return format_html('<tr><td colspan="5" class="muted">{}</td></tr>', empty)
    reference = _reference_cell()
    out = []
    for r in rows:
        due = escape(date_format(r.due_on, "j E Y")) if r.due_on else ""
        out.append(
            f"<tr>{reference(r)}"
            f"<td>{escape(r.sender.name)}</td><td>{escape(r.receiver.name)}</td>"
            f"<td>{due}</td><td>{_state_badge(r)}</td></tr>"
        )
    return mark_safe("".join(out))  # every value in it is escaped


@register.simple_tag
def case_referral_rows(rows: list[Referral]) -> SafeString:
    """The body rows of the case page's referral table (reference, receiver, services, state),
    built like `referral_rows`."""
    if not rows:
        return format_html(
            '<tr><td colspan="4" class="muted">{}</td></tr>', gettext("No referral yet.")
        )
    reference = _reference_cell()
    out = []
    for r in rows:
        services = escape(", ".join(str(label) for label in r.service_labels))
        out.append(
            f"<tr>{reference(r)}"
            f"<td>{escape(r.receiver.name)}</td><td>{services}</td>"
            f"<td>{_state_badge(r)}</td></tr>"
        )
    return mark_safe("".join(out))  # every value in it is escaped


def referral_timeline_text(step_or_delivery: ReferralEvent | ServiceDelivery) -> str:
    """A referral step or a service delivered as the case timeline words it (the case page's
    `case_timeline_items` builds the rest of the entry). Values are escaped, the translated
    sentences are not (as with blocktranslate)."""
    if isinstance(step_or_delivery, ReferralEvent):
        step = step_or_delivery
        text = gettext("Referral %(ref)s to %(org)s: %(state)s") % {
            "ref": escape(step.referral.reference),
            "org": escape(step.referral.receiver.name),
            "state": escape(str(step.get_to_state_display())),
        }
        who, note = step.by, step.note
    else:
        delivery = step_or_delivery
        day = date_format(delivery.delivered_on, "j E Y") if delivery.delivered_on else ""
        text = gettext("Service delivered: %(service)s by %(org)s, %(day)s") % {
            "service": escape(str(delivery.service_label)),
            "org": escape(delivery.provider.name),
            "day": escape(day),
        }
        who, note = delivery.recorded_by, delivery.note
    text += f' <span class="muted">— {escape(str(who)) if who else ""}</span>'
    if note:
        text += f'<br><span class="timeline-text">{escape(note)}</span>'
    return text
