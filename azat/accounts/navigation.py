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
    NavItem(
        "hotline:work_list",
        _("Hotline"),
        frozenset({R.OPERATOR, R.SUPERVISOR}),
        _("Take a call, record advice and emergencies, see today's calls and follow-ups."),
    ),
    NavItem(
        "hotline:call_stats",
        _("Hotline statistics"),
        frozenset({R.SUPERVISOR, R.ANALYST}),
        _("Call volume by day, topic and outcome: counts only."),
    ),
    NavItem(
        "screening:list",
        _("Screenings"),
        frozenset({R.OPERATOR, R.CASEWORKER, R.SUPERVISOR}),
        _("Screen what a person tells you for signs of trafficking; resume unfinished ones."),
    ),
    NavItem(
        "knowledge:index",
        _("Law"),
        frozenset({R.PROSECUTOR, R.CASEWORKER, R.SUPERVISOR, R.ANALYST}),
        _("Trafficking articles and penalties per country and code version, with their sources."),
    ),
    NavItem(
        "knowledge:qualify",
        _("Legal qualification"),
        frozenset({R.PROSECUTOR}),
        _("Candidate articles per jurisdiction for the facts of a case, and a printable memo."),
    ),
    NavItem(
        "cases:list",
        _("Cases"),
        frozenset({R.CASEWORKER, R.SUPERVISOR}),
        _("Victims' cases: NRM stage, consents, events and the timeline of each case."),
    ),
    NavItem(
        "cases:person_search",
        _("Find a person"),
        frozenset({R.CASEWORKER, R.SUPERVISOR}),
        _("Look a person up by name in any script, or by document number."),
    ),
    NavItem(
        "cases:overdue",
        _("Cases past target"),
        frozenset({R.SUPERVISOR}),
        _("Open cases that have not reached reintegration within the target time."),
    ),
    NavItem(
        "prosecution:list",
        _("Criminal cases"),
        frozenset({R.PROSECUTOR}),
        _("Your agency's trafficking cases: charges, procedural steps, defendants and victims."),
    ),
    NavItem(
        "prosecution:funnel",
        _("Prosecution funnel"),
        frozenset({R.PROSECUTOR, R.ANALYST}),
        _("Registered, sent to court, dismissed and pending cases per country and year."),
    ),
    NavItem(
        "referrals:queue",
        _("Referrals"),
        frozenset({R.CASEWORKER, R.SUPERVISOR, R.PROVIDER}),
        _("Referrals awaiting your answer, overdue ones, and those you sent."),
    ),
    NavItem(
        "referrals:directory",
        _("Service providers"),
        frozenset({R.OPERATOR, R.CASEWORKER, R.SUPERVISOR, R.PROVIDER, R.ORG_ADMIN}),
        _("Who offers shelter, medical, legal and return help, where and in which languages."),
    ),
    NavItem(
        "hotline:hotline_list",
        _("Hotlines"),
        frozenset({R.ORG_ADMIN, R.SUPERVISOR}),
        _("Your organisation's hotlines: numbers, channels, languages, hours; switch one off."),
    ),
    NavItem(
        "linkage:runs",
        _("Record linkage"),
        frozenset({R.SYS_ADMIN, R.SUPERVISOR}),
        _("Find records of one person across organisations and scripts; review likely pairs."),
    ),
    NavItem(
        "reporting:victims",
        _("Victim statistics"),
        frozenset({R.SUPERVISOR, R.ANALYST}),
        _("Persons identified per country, year, sex and form of exploitation, each counted once."),
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
