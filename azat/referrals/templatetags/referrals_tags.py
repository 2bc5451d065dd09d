"""Template helpers for referral lists."""

from __future__ import annotations

import datetime as dt

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from azat.referrals.models import Referral

register = template.Library()

# The badge modifier for each state that has one (the others are plain badges).
_STATE_BADGE = {
    "declined": " badge-danger",
    "not_completed": " badge-danger",
    "completed": " badge-ok",
    "sent": " badge-warn",
}


@register.simple_tag
def referral_state(referral: Referral) -> SafeString:
    """A referral's state as a badge. A tag rather than an included template: queue and list
    pages show it on every row, and an include per row costs several times more."""
    return format_html(
        '<span class="badge referral-state state-{}{}">{}</span>',
        referral.state,
        _STATE_BADGE.get(referral.state, ""),
        referral.get_state_display(),
    )


# Any id: the detail URL is reversed once per table and each row's id put in its place.
_ANY_ID = 987654321


@register.simple_tag
def referral_rows(
    rows: list[Referral], *, show_receiver: bool, today: dt.date, empty: str
) -> SafeString:
    """The body rows of a referral table. Built here rather than with template tags per cell:
    queues show up to eighty rows, and the template language's lookups, filters and a URL
    reversal per row cost more than the rest of the page."""
    if not rows:
        return format_html('<tr><td colspan="6" class="muted">{}</td></tr>', empty)
    cross_border = gettext("The two organisations are in different countries.")
    head, tail = reverse("referrals:detail", args=[_ANY_ID]).split(str(_ANY_ID))
    out = []
    for r in rows:
        organisation = r.receiver.name if show_receiver else r.sender.name
        border = (
            format_html(
                ' <span class="badge" title="{}">{} → {}</span>',
                cross_border,
                str(r.sender.country),  # a Country's text is its ISO code
                str(r.receiver.country),
            )
            if r.is_cross_border
            else ""
        )
        urgency = r.get_urgency_display()
        if r.urgency != "routine":
            urgency = format_html('<span class="badge badge-danger">{}</span>', urgency)
        due: str = "—"
        if r.due_on:
            days = r.days_overdue(today)
            late = (
                format_html(
                    ' <span class="badge badge-danger">{}</span>',
                    ngettext("%(days)s day overdue", "%(days)s days overdue", days)
                    % {"days": days},
                )
                if days
                else ""
            )
            due = format_html("{}{}", date_format(r.due_on, "j E Y"), late)
        out.append(
            format_html(
                '<tr><td><a href="{}{}{}">{}</a></td><td>{}{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td><td>{}</td></tr>",
                head,
                r.pk,
                tail,
                r.reference,
                organisation,
                border,
                ", ".join(str(label) for label in r.service_labels),
                urgency,
                due,
                referral_state(r),
            )
        )
    # Every piece was escaped by format_html.
    return mark_safe("".join(out))
