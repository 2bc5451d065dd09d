"""Template helpers for referral lists."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from azat.referrals.models import Referral

register = template.Library()

# The badge modifier for each state that has one (the others are plain badges).
_STATE_BADGE = {
    "declined": " badge-danger",
    "not_completed": " badge-danger",
    "completed": " badge-ok",
    "sent": " badge-warn",
}


@register.filter
def days_overdue(referral: Referral, today: dt.date) -> int:
    return referral.days_overdue(today)


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
