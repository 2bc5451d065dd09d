"""An operator takes a call from start to end with the keyboard alone and escalates an emergency."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from azat.accounts.roles import OrgType, Role
from azat.hotline.models import Call, CallStatus, EmergencyEscalation
from azat.hotline.tests.conftest import make_hotline


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_operator_takes_a_call_with_the_keyboard_alone(
    page, live_server, browser_login, screenshot, make_org, make_member
):
    org = make_org(OrgType.HOTLINE, "KG", name="Keyboard Hotline")
    make_hotline(org)
    operator = make_member(Role.OPERATOR, org)
    browser_login(page, operator, lang="en")
    page.goto(f"{live_server.url}/en/work/hotline/")
    keys = page.keyboard

    # The start button has the focus: Enter picks up the call.
    expect(page.locator("button[autofocus]")).to_be_focused()
    keys.press("Enter")
    page.wait_for_url(re.compile(r".*/work/hotline/calls/\d+/$"))
    call = Call.objects.get()
    # Wait for the browser to apply autofocus before typing (nothing is clicked).
    expect(page.locator("[name=caller_type]")).to_be_focused()

    # The caller type has the focus; selects answer to typing, Tab moves on in order.
    keys.type("Possible")
    keys.press("Tab")
    keys.type("Report")
    keys.press("Tab")
    keys.type("Russian")
    keys.press("Tab")
    keys.press("Tab")  # channel stays "Phone"
    keys.type("Kyrgyz")
    keys.press("Tab")
    keys.type("Russia")
    keys.press("Alt+n")
    keys.type("Says she is locked in a flat and her passport was taken.")
    screenshot(page, "hotline-call-form-typing")
    keys.press("Control+Enter")
    page.wait_for_selector("text=Call saved.")
    call.refresh_from_db()
    assert call.caller_type == "possible_victim"
    assert call.topic == "trafficking_report"
    assert call.language == "ru"
    assert call.caller_country.code == "KG"
    assert call.person_country.code == "RU"
    assert call.notes == "Says she is locked in a flat and her passport was taken."

    # Emergency: Alt+E lands on "service alerted"; Enter in "who" records the escalation.
    keys.press("Alt+e")
    keys.type("Police")
    keys.press("Tab")
    keys.type("Duty officer, 102")
    keys.press("Enter")
    page.wait_for_selector("text=Emergency escalation recorded.")
    escalation = EmergencyEscalation.objects.get()
    assert escalation.alerted_type == "police"
    assert escalation.alerted_who == "Duty officer, 102"
    assert escalation.alerted_by == operator
    screenshot(page, "hotline-call-form")

    # Outcome with Alt+O, then end the call with Alt+K.
    keys.press("Alt+o")
    keys.type("Emergency")
    keys.press("Alt+k")
    page.wait_for_url(re.compile(r".*/work/hotline/$"))
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    assert call.outcome == "emergency_escalation"
    assert call.duration_seconds is not None
    assert page.locator("text=Call ended and saved.").count() == 1
    screenshot(page, "hotline-work-list")
    page.goto(f"{live_server.url}/ru/work/hotline/calls/{call.pk}/")
    assert page.locator(".emergency-jump").inner_text().startswith("Экстренно")
    screenshot(page, "hotline-call-form-ru")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_supervisor_sees_counts_by_day_topic_and_outcome(
    page, live_server, browser_login, screenshot, make_org, make_member
):
    org = make_org(OrgType.HOTLINE, "KG", name="Counting Hotline")
    line = make_hotline(org)
    operator = make_member(Role.OPERATOR, org)
    supervisor = make_member(Role.SUPERVISOR, org)
    for topic, outcome in [
        ("safe_migration", "advice_given"),
        ("safe_migration", "advice_given"),
        ("trafficking_report", "referral_suggested"),
    ]:
        Call.objects.create(hotline=line, operator=operator, topic=topic, outcome=outcome)
    browser_login(page, supervisor, lang="en")
    page.goto(f"{live_server.url}/en/work/hotline/statistics/")
    assert page.locator(".stat-total strong").inner_text() == "3"
    assert "Safe-migration consultation" in page.locator("main").inner_text()
    screenshot(page, "hotline-statistics")
