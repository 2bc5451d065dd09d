"""The referral table's rows, built by one tag: what each cell shows, escaped."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.html import conditional_escape

from azat.accounts.models import Organisation
from azat.referrals.models import Referral
from azat.referrals.templatetags.referrals_tags import overdue_rows, referral_rows, referral_state

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


def test_overdue_rows_link_and_name_both_organisations_escaped():
    referral = _referral(urgency="routine", due_on=dt.date(2026, 11, 19))
    with translation.override("en"):
        html = overdue_rows([referral], empty="none")
    assert html == (
        '<tr><td><a href="/en/work/referrals/42/">R-00042</a></td>'
        "<td>IOM &lt;Moscow&gt;</td><td>Umut Shelter</td><td>19 November 2026</td>"
        '<td><span class="badge referral-state state-sent badge-warn">Sent</span></td></tr>'
    )


def test_an_empty_overdue_table_says_so_once_escaped():
    # The template passes text it has escaped already: it is not escaped twice.
    html = overdue_rows([], empty=conditional_escape("Nothing's <late>"))
    assert html == '<tr><td colspan="5" class="muted">Nothing&#x27;s &lt;late&gt;</td></tr>'


def test_a_state_badge_escapes_its_label():
    referral = _referral(urgency="routine")
    referral.state = "<odd>"
    assert str(referral_state(referral)) == (
        '<span class="badge referral-state state-&lt;odd&gt;">&lt;odd&gt;</span>'
    )


def test_timeline_words_a_step_and_a_service_with_values_escaped():
    from azat.accounts.models import User
    from azat.referrals.models import ReferralEvent, ServiceDelivery
    from azat.referrals.templatetags.referrals_tags import referral_timeline_text

    step = ReferralEvent(
        referral=_referral(), to_state="accepted", by=User(full_name="A <b>"), note="Bed <3>"
    )
    delivery = ServiceDelivery(
        service="shelter", provider=Organisation(name="P & Q"), delivered_on=TODAY
    )
    with translation.override("en"):
        assert referral_timeline_text(step) == (
            'Referral R-00042 to Umut Shelter: Accepted <span class="muted">— A &lt;b&gt;</span>'
            '<br><span class="timeline-text">Bed &lt;3&gt;</span>'
        )
        assert referral_timeline_text(delivery) == (
            "Service delivered: Shelter by P &amp; Q, 22 November 2026 "
            '<span class="muted">— </span>'
        )


def test_case_page_rows_name_the_receiver_and_services_or_say_there_are_none():
    from azat.referrals.templatetags.referrals_tags import case_referral_rows

    referral = _referral(urgency="routine")
    referral.receiver.name = "Umut <Shelter>"
    referral.services = ["shelter", "medical"]
    with translation.override("en"):
        assert case_referral_rows([referral]) == (
            '<tr><td><a href="/en/work/referrals/42/">R-00042</a></td>'
            "<td>Umut &lt;Shelter&gt;</td><td>Shelter, Medical care</td>"
            '<td><span class="badge referral-state state-sent badge-warn">Sent</span></td></tr>'
        )
    with translation.override("ru"):
        assert case_referral_rows([]) == (
            '<tr><td colspan="4" class="muted">Направлений пока нет.</td></tr>'
        )
