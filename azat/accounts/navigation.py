"""The main navigation: which sections each role sees. Apps add their entries here."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from azat.accounts.models import Membership
from azat.accounts.roles import Role

R = Role


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: frozenset[str]
    description: str | Promise = ""


NAVIGATION: list[NavItem] = [
    NavItem("home", _("Home"), frozenset(Role.values)),
    NavItem(
        "accounts:organisation_list",
        _("Organisations"),
        frozenset({R.SYS_ADMIN}),
        _("Organisations in the referral mechanism, their type, country and status."),
    ),
    NavItem(
        "accounts:member_list",
        _("People"),
        frozenset({R.ORG_ADMIN, R.SYS_ADMIN}),
        _("Invite staff, change their roles, end their access."),
    ),
    NavItem(
        "core:audit_list",
        _("Audit trail"),
        frozenset({R.ORG_ADMIN, R.SYS_ADMIN}),
        _("Who read or changed which record, and when."),
    ),
]


def navigation_for(membership: Membership | None) -> list[dict[str, str]]:
    if membership is None:
        return []
    items = []
    for item in NAVIGATION:
        if membership.role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "url": url,
                "label": str(item.label),
                "name": item.url_name,
                "description": str(item.description),
            }
        )
    return items
