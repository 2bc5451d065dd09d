"""The case page's timeline, built by one tag: when, what and who for every kind of entry,
escaped, in English and Russian."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from azat.accounts.roles import Role
from azat.cases import selectors, services
from azat.cases.selectors import TimelineEntry
from azat.cases.templatetags.cases_tags import case_event_items, case_timeline_items
from azat.core.gates import get_visible_or_404


def _items(case, caseworker, language="en"):
    membership = caseworker.memberships.get()
    case = get_visible_or_404(
        selectors.case_list(user=caseworker, membership=membership), pk=case.pk
    )
    page = selectors.case_page(case)
    with translation.override(language):
        return str(case_timeline_items(selectors.case_timeline(page), case))


def test_every_entry_says_when_what_and_who_escaped(case, caseworker, make_org):
    services.note_add(actor=caseworker, case=case, text="First <b>line</b>\nsecond & last")
    services.event_add(actor=caseworker, case=case, kind="Recruitment", country="RU")
    services.needs_assess(
        actor=caseworker, case=case, needs=["medical"], assessed_on=dt.date(2026, 2, 3)
    )
    services.plan_item_add(actor=caseworker, case=case, type="Health")
    services.consent_record(
        actor=caseworker, case=case, purpose="referral", organisation=make_org(name="A & B")
    )
    html = _items(case, caseworker)
    who = f'<span class="muted">— {caseworker.full_name}</span>'
    assert '<li class="timeline-note"><time datetime="' in html
    assert (
        f"Note {who}<br>"
        '<span class="timeline-text">First &lt;b&gt;line&lt;/b&gt;<br>second &amp; last</span>'
    ) in html
    assert f"Event recorded: Recruitment · Russia {who}" in html
    assert f"Needs assessed (3 February 2026): Medical care {who}" in html
    assert f'Support planned: Health care <span class="badge">Planned</span> {who}' in html
    assert f"Consent given: Referral to a named organisation (A &amp; B) {who}" in html
    assert f"Case opened at Identification {who}" in html


def test_a_closed_case_shows_its_outcome_and_a_reopening_its_note(case, caseworker):
    services.case_close(actor=caseworker, case=case, outcome="lost_contact", reason="Moved")
    case.refresh_from_db()
    assert "<br>Итог: Связь потеряна" in _items(case, caseworker, "ru")
    services.case_move_stage(
        actor=caseworker, case=case, to_stage="protection_assistance", note="<again>"
    )
    case.refresh_from_db()
    html = _items(case, caseworker, "ru")
    assert '</span> <br><span class="timeline-text">&lt;again&gt;</span> </li>' in html


def test_entries_are_newest_first_with_local_time(case, caseworker, settings):
    settings.TIME_ZONE = "Asia/Bishkek"
    at = dt.datetime(2026, 3, 1, 20, 30, tzinfo=dt.UTC)
    note = services.note_add(actor=caseworker, case=case, text="x")
    with translation.override("en"), translation.override("en"):
        html = str(case_timeline_items([TimelineEntry(at, "note", note)], case))
    assert '<time datetime="2026-03-02T02:30:00+06:00">2 March 2026, 02:30</time>' in html


def test_nobody_recorded_shows_as_nothing(case, caseworker, personas):
    note = services.note_add(actor=personas[Role.SUPERVISOR], case=case, text="x")
    note.by = None
    html = str(case_timeline_items([TimelineEntry(note.at, "note", note)], case))
    assert '<span class="muted">— </span>' in html


def test_events_list_kind_country_place_months_and_description_escaped(case, caseworker):
    services.event_add(
        actor=caseworker,
        case=case,
        kind="Exploitation",
        country="RU",
        place="Farm <North>",
        date_from=dt.date(2026, 2, 1),
        date_to=dt.date(2026, 4, 30),
        description="Kept <papers>\nno pay",
    )
    services.event_add(actor=caseworker, case=case, kind="Transit")
    events = selectors.case_page(case).events
    with translation.override("ru"):
        html = str(case_event_items(events))
    # (Which comes first depends on where the database sorts a missing date.)
    assert '<li class="card event event-exploitation"><strong>Эксплуатация</strong>' in html
    assert " · Россия · Farm &lt;North&gt; " in html
    assert '<span class="muted">Фев 2026 – Апр 2026</span>' in html
    assert "<p>Kept &lt;papers&gt;<br>no pay</p>" in html
    assert '<strong>Перемещение</strong> <span class="muted"></span> </li>' in html
