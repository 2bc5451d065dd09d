"""A prosecutor qualifies a case in the browser and prints the memo; screenshots to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from azat.accounts.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_prosecutor_qualifies_a_case_and_opens_the_memo(
    page, live_server, personas, browser_login, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, personas[Role.PROSECUTOR], lang="ru")
    page.goto(f"{live_server.url}/ru/work/law/qualify/")
    screenshot(page, "law-qualification-form")
    page.fill("#id_events-0-country", "KG")
    page.fill("#id_events-0-date", "2024-03-01")
    page.select_option("#id_events-0-stage", "recruitment")
    page.fill("#id_events-1-country", "KZ")
    page.fill("#id_events-1-date", "2024-03-05")
    page.select_option("#id_events-1-stage", "transit")
    page.fill("#id_events-2-country", "RU")
    page.fill("#id_events-2-date", "2024-03-10")
    page.select_option("#id_events-2-stage", "exploitation")
    page.fill("#id_victim_age", "17")
    page.check("input[name=means][value=MEANS_DECEPTION]")
    page.check("input[name=purposes][value=PURP_FORCED_LABOUR]")
    page.check("input[name=victim_exposed_to][value=EXP_ILLEGAL_BORDER_CROSSING]")
    page.click("button[name=action][value=qualify]")
    expect(page.locator("#results-title")).to_be_visible()
    expect(page.locator("#j-KG")).to_be_visible()
    expect(page.locator(".outside")).to_contain_text("Россия")
    expect(page.locator(".badge-warn").first).to_be_visible()
    screenshot(page, "law-qualification")

    with page.context.expect_page() as memo_page:
        page.click("button[name=country][value=KZ]")
    memo = memo_page.value
    memo.set_viewport_size({"width": 1000, "height": 900})
    memo.wait_for_load_state()
    expect(memo.locator("h1")).to_contain_text("Казахстан")
    screenshot(memo, "law-memo")
    memo.emulate_media(media="print")
    screenshot(memo, "law-memo-print")


def test_reader_sees_unverified_rows_on_the_article_page(
    page, live_server, personas, browser_login, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, personas[Role.CASEWORKER], lang="en")
    page.goto(f"{live_server.url}/en/work/law/")
    screenshot(page, "law-index")
    page.goto(f"{live_server.url}/en/work/law/kg/criminal/article/166/")
    expect(page.locator(".badge-danger").first).to_contain_text("disputed")
    screenshot(page, "law-article")
    page.goto(f"{live_server.url}/en/work/law/review/")
    screenshot(page, "law-review")
