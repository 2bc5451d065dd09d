"""A caseworker records the perpetrators; the prosecutor links a defendant, records evidence and
prints the memo with the evidence under each fact. Screenshots to look at."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from azat.network import services as network_services
from azat.prosecution import services


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_perpetrators_defendant_link_evidence_and_memo(
    page,
    live_server,
    browser_login,
    screenshot,
    prosecutor,
    caseworker,
    criminal_case,
    ngo_case,
    law_consent,
):
    page.set_viewport_size({"width": 1280, "height": 900})
    recruit = ngo_case.events.get(kind="Recruitment")
    network_services.perpetrator_record(
        actor=caseworker,
        case=ngo_case,
        data=network_services.PerpetratorInput(
            role="recruiter",
            name="Марат Исаков",
            aliases=["Дядя Марат"],
            sex="Masculine",
            estimated_age=45,
            citizenship="KG",
            relation="acquaintance",
            phones=["+996 555 010 203"],
            online_accounts=["@marat_jobs (Telegram)"],
            events=[recruit],
        ),
    )
    browser_login(page, caseworker, lang="ru")
    page.goto(f"{live_server.url}/ru/work/cases/{ngo_case.pk}/perpetrators/new/")
    page.fill("#id_aliases", "Бригадир Серик")
    page.select_option("#id_role", "exploiter")
    page.select_option("#id_relation", "stranger")
    page.fill("#id_phones", "+7 701 000 1122")
    page.fill("#id_companies", "ТОО «СтройИнвест»")
    screenshot(page, "network-perpetrator-form")
    page.click("form.case-form button[type=submit]")
    expect(page.locator("#h-perpetrators")).to_be_visible()
    page.locator("#h-perpetrators").scroll_into_view_if_needed()
    screenshot(page, "network-case-perpetrators")
    page.context.clear_cookies()

    services.victim_add(actor=prosecutor, criminal_case=criminal_case, case=ngo_case)
    services.evidence_record(
        actor=prosecutor,
        criminal_case=criminal_case,
        kind="messages",
        description="Переписка в Telegram с вербовщиком: предложение работы и обещанная зарплата",
        obtained_on=dt.date(2026, 1, 12),
        held_by="Следователь, распечатка и образ телефона",
        facts=["ACT_RECRUITMENT", "MEANS_DECEPTION"],
    )
    browser_login(page, prosecutor, lang="ru")
    page.goto(f"{live_server.url}/ru/work/prosecution/{criminal_case.pk}/")
    page.select_option("select[name=perpetrator]", label=None, index=1)
    expect(page.locator("select[name=role]")).to_have_value("recruiter")
    page.fill("#id_name", "Исаков М.")
    page.click("form.inline-form button[type=submit]")
    expect(page.locator(".perpetrator-link")).to_contain_text("Марат Исаков")
    page.goto(f"{live_server.url}/ru/work/prosecution/{criminal_case.pk}/evidence/new/")
    page.select_option("#id_kind", "victim_testimony")
    page.fill("#id_description", "Допрос потерпевшей: вербовка знакомым, обещание работы в Москве")
    page.fill("#id_obtained_on", "2026-01-15")
    page.check("input[name=facts][value=PURP_FORCED_LABOUR]")
    page.check("input[name=facts][value=ACT_RECRUITMENT]")
    screenshot(page, "prosecution-evidence-form")
    page.click("form.evidence-form button[type=submit]")
    expect(page.locator("#h-evidence")).to_be_visible()
    screenshot(page, "prosecution-criminal-case")

    page.goto(f"{live_server.url}/ru/work/prosecution/qualify/case/{ngo_case.pk}/")
    page.check("input[name=aggravating][value=AGG_GROUP]")  # what if: a group, no evidence yet
    page.click("button[name=action][value=qualify]")
    expect(page.locator("#j-KG")).to_be_visible()
    with page.context.expect_page() as memo_page:
        page.click("button[name=country][value=KG]")
    memo = memo_page.value
    memo.set_viewport_size({"width": 1000, "height": 900})
    memo.wait_for_load_state()
    expect(memo.locator(".evidence-cell").first).to_be_visible()
    expect(memo.locator(".evidence-cell .badge-danger").first).to_contain_text(
        "доказательства ещё не записаны"
    )
    screenshot(memo, "law-memo-evidence")
    memo.emulate_media(media="print")
    screenshot(memo, "law-memo-evidence-print")
