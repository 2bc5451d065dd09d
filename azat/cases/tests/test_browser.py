"""A caseworker opens a case page that tells the story at a glance. Screenshots for people."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from azat.cases import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _story(case, caseworker, make_org):
    shelter = make_org("shelter", "KG", name="Umut Shelter")
    services.event_add(
        actor=caseworker,
        case=case,
        kind="Recruitment",
        country="KG",
        place="Osh, job post in a chat group",
        date_from=dt.date(2025, 9, 1),
    )
    services.event_add(
        actor=caseworker,
        case=case,
        kind="Exploitation",
        country="RU",
        place="Sewing workshop, Moscow region",
        date_from=dt.date(2025, 9, 20),
        date_to=dt.date(2025, 12, 20),
        description="Passport taken on arrival; paid nothing for three months.",
    )
    services.consent_record(actor=caseworker, case=case, purpose="referral", organisation=shelter)
    police = services.consent_record(actor=caseworker, case=case, purpose="law_enforcement")
    services.consent_withdraw(actor=caseworker, consent=police)
    services.case_move_stage(actor=caseworker, case=case, to_stage="protection_assistance")
    services.note_add(
        actor=caseworker, case=case, text="Placed in the shelter; medical check done."
    )


def test_case_page_tells_the_story(
    page, live_server, browser_login, screenshot, make_case, make_person, caseworker, make_org
):
    person = make_person(
        gender="Feminine",
        estimated_age=24,
        citizenships=["KG"],
        languages=["kir", "rus"],
        safe_contact="Only through the shelter's phone; never call the family.",
    )
    case = make_case(
        person=person,
        identified_on=dt.date.today() - dt.timedelta(days=100),
        exploitation=["ForcedLabour"],
        means_of_control=["WithholdsDocuments", "DebtBondage"],
        recruitment_methods=["ThroughOnlineSocialNetworks"],
        recruitment_platforms=["Telegram"],
        recruiter_relation="acquaintance",
    )
    _story(case, caseworker, make_org)
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, caseworker)
    page.goto(f"{live_server.url}/ru/work/cases/?scope=all")
    expect(page.locator("table")).to_contain_text(case.reference)
    screenshot(page, "case-list")
    page.goto(f"{live_server.url}/ru/work/cases/{case.pk}/")
    expect(page.locator("h1")).to_contain_text("Жылдыз Ахметова")
    expect(page.locator(".stage-track [aria-current=step]")).to_have_text("Защита и помощь")
    expect(page.locator("text=срок превышен на 10 дней")).to_be_visible()
    screenshot(page, "case-page")


def test_withdrawing_consent_from_the_case_page(
    page, live_server, browser_login, make_case, caseworker
):
    case = make_case()
    services.consent_record(actor=caseworker, case=case, purpose="statistics")
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, caseworker, lang="en")
    page.goto(f"{live_server.url}/en/work/cases/{case.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Withdraw Anonymised statistics").click()
    expect(page.locator(".messages")).to_contain_text("Consent withdrawn: Anonymised statistics")
    assert case.consents.get(purpose="statistics").withdrawn_at is not None


def test_second_editor_is_told_who_saved_first_and_keeps_their_words(
    page, live_server, browser_login, screenshot, make_case, caseworker, personas
):
    from azat.accounts.roles import Role

    case = make_case()
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, caseworker)
    page.goto(f"{live_server.url}/ru/work/cases/{case.pk}/edit/")
    page.fill("textarea[name=notes]", "Мои слова, которые нельзя потерять")
    services.case_update(
        actor=personas[Role.SUPERVISOR], case=case, expected_version=1, notes="Supervisor"
    )
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("[role=alert]")).to_contain_text(str(personas[Role.SUPERVISOR]))
    expect(page.locator("textarea[name=notes]")).to_have_value("Мои слова, которые нельзя потерять")
    screenshot(page, "case-edit-conflict")


def test_new_case_form(page, live_server, browser_login, screenshot, caseworker):
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, caseworker)
    page.goto(f"{live_server.url}/ru/work/cases/new/")
    expect(page.locator("h1")).to_have_text("Новое дело")
    screenshot(page, "case-new")


def test_needs_and_plan_section_and_date_error(
    page, live_server, browser_login, screenshot, make_case, caseworker
):
    case = make_case()
    services.needs_assess(
        actor=caseworker,
        case=case,
        needs=["housing", "medical", "documents"],
        notes="Sleeps badly.",
    )
    services.plan_item_add(
        actor=caseworker,
        case=case,
        type="Health",
        objective="Full medical check",
        planned_start=dt.date(2026, 1, 12),
        planned_end=dt.date(2026, 1, 30),
        status="in_progress",
        actual_start=dt.date(2026, 1, 13),
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, caseworker)
    page.goto(f"{live_server.url}/ru/work/cases/{case.pk}/")
    section = page.locator("section[aria-labelledby=h-plan]")
    expect(section).to_contain_text("Медицинская помощь")
    expect(section).to_contain_text("Безопасное жильё")
    section.scroll_into_view_if_needed()
    screenshot(page, "case-needs-plan")
    page.goto(f"{live_server.url}/ru/work/cases/{case.pk}/plan/new/")
    page.select_option("select[name=type]", "Education")
    page.fill("input[name=planned_start]", "2026-03-01")
    page.fill("input[name=planned_end]", "2026-02-01")
    page.get_by_role("button", name="Добавить").click()
    expect(page.locator("form.case-form")).to_contain_text(
        "Плановое окончание раньше планового начала."
    )
    expect(page.locator("input[name=planned_end]")).to_have_value("2026-02-01")
    screenshot(page, "case-plan-date-error")
