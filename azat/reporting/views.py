"""Statistics pages: counts only, each person once, small cells shown as "<5"."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from azat.accounts.access import AuthedRequest, role_required
from azat.accounts.roles import Role
from azat.cases.models import Exploitation, Gender
from azat.knowledge import presentation
from azat.linkage import selectors as linkage_selectors
from azat.reporting import selectors, victims

# The navigation entry (azat/accounts/navigation.py) is translated with the app it leads to.
NAVIGATION_TEXT = (
    gettext_lazy("Victim statistics"),
    gettext_lazy(
        "Persons identified per country, year, sex and form of exploitation, each counted once."
    ),
)


def _labelled(rows: list[victims.Row], labels: dict[str, str]) -> list[dict[str, object]]:
    return [{"label": labels.get(row.key, row.key), "row": row} for row in rows]


@role_required(Role.ANALYST, Role.SUPERVISOR)
def victim_statistics(request: AuthedRequest) -> HttpResponse:
    tables = selectors.victim_tables(user=request.user, membership=request.membership)
    if tables is None:
        raise Http404
    countries = {row.key: presentation.country_name(row.key) for row in tables.by_country}
    years = {victims.NO_YEAR: _("no case yet")}
    sexes = {str(k): str(v) for k, v in Gender.choices}
    forms = {str(k): str(v) for k, v in Exploitation.choices}
    return render(
        request,
        "reporting/victim_statistics.html",
        {
            "total": tables.total,
            "sections": [
                (
                    "country",
                    _("By country of the organisation"),
                    _labelled(tables.by_country, countries),
                ),
                ("year", _("By year first identified"), _labelled(tables.by_year, years)),
                ("sex", _("By sex"), _labelled(tables.by_sex, sexes)),
                (
                    "exploitation",
                    _("By form of exploitation"),
                    _labelled(tables.by_exploitation, forms),
                ),
            ],
            "run": linkage_selectors.latest_run(),
        },
    )
