"""Template helpers for referral lists."""

from __future__ import annotations

import datetime as dt

from django import template

from azat.referrals.models import Referral

register = template.Library()


@register.filter
def days_overdue(referral: Referral, today: dt.date) -> int:
    return referral.days_overdue(today)
