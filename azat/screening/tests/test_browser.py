"""The interview page: answers change the result panel live (htmx), then a half-done save."""

from __future__ import annotations

import pytest

from azat.accounts.roles import OrgType, Role
from azat.screening import services
from azat.screening.models import Screening


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_result_panel_follows_the_answers_and_draft_resumes(
    page, live_server, browser_login, screenshot, make_org, make_member
):
    org = make_org(OrgType.NGO, "KG", name="Interview NGO")
    caseworker = make_member(Role.CASEWORKER, org)
    screening = services.screening_create(actor=caseworker, organisation=org)
    browser_login(page, caseworker, lang="en")
    page.goto(f"{live_server.url}/en/work/screening/{screening.pk}/")
    panel = page.locator("#result-panel")
    assert "No trafficking indicated" in panel.inner_text()

    page.fill("#id_age", "16")
    page.select_option("#id_profile", "labour")
    page.check("#id_acts_0")
    page.check("#q-EX01 input[value=yes]")
    page.check("#q-EX02 input[value=yes]")
    page.wait_for_selector("#result-panel .status-presumed_victim")
    text = panel.inner_text()
    assert "CHILD_PALERMO_3C" in text
    assert "pending review" in text
    assert "Screening, not identification." in text
    assert Screening.objects.get().status == "not_indicated"  # the preview saved nothing
    shot = screenshot(page, "screening-interview")
    page.locator("#phase-work_living").scroll_into_view_if_needed()
    page.screenshot(path=shot.replace(".png", "-viewport.png"))

    page.click("button[value=draft]:not([tabindex])")
    page.wait_for_selector("text=Screening saved.")
    saved = Screening.objects.get()
    assert saved.status == "presumed_victim"
    assert saved.answers == {"EX01": True, "EX02": True}
    assert page.locator("#q-EX01 input[value=yes]").is_checked()
    page.goto(f"{live_server.url}/ru/work/screening/{saved.pk}/")
    assert "Предполагаемая жертва торговли людьми" in panel.inner_text()
    page.locator("#result-panel").scroll_into_view_if_needed()
    page.screenshot(path=shot.replace(".png", "-ru.png"))
