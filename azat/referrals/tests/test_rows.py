"""The referral table's rows, built by one tag: what each cell shows, escaped."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from azat.accounts.models import Organisation
from azat.referrals.models import Referral
from azat.referrals.templatetags.referrals_tags import referral_rows

TODAY = dt.date(2026, 11, 22)


def _referral(**fields) -> Referral:
    sender = Organisation(id=1, name="IOM <Moscow>", country="RU")
    receiver = Organisation(id=2, name="Umut Shelter", country="KG")
    return Referral(
        id=42, sender=sender, receiver=receiver, services=["shelter"], state="sent", **fields
    )


def test_a_row_links_names_and_flags_what_it_must():
    referral = _referral(urgency="urgent", due_on=dt.date(2026, 11, 19))
    with translation.override("en"):
        html = referral_rows([referral], show_receiver=False, today=TODAY, empty="none")
    assert '<a href="/en/work/referrals/42/">R-00042</a>' in html
    # The organisation's name is escaped, and the crossing of a border is shown.
    assert "IOM &lt;Moscow&gt;" in html and "RU → KG" in html
    assert '<span class="badge badge-danger">' in html
    assert "19 November 2026" in html and "3 days overdue" in html
    assert "state-sent" in html


def test_the_receiver_is_shown_on_sent_tables_and_a_missing_due_date_as_a_dash():
    referral = _referral(urgency="routine", due_on=None)
    with translation.override("ru"):
        html = referral_rows([referral], show_receiver=True, today=TODAY, empty="")
    assert "Umut Shelter" in html and "IOM" not in html.split("</td>", 2)[1]
    assert "<td>—</td>" in html
    assert "badge-danger" not in html


def test_an_empty_table_says_so():
    html = referral_rows([], show_receiver=False, today=TODAY, empty="Nothing <here>")
    assert html == '<tr><td colspan="6" class="muted">Nothing &lt;here&gt;</td></tr>'
