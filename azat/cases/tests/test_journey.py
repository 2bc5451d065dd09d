"""The whole journey a person's file takes, in a browser: a saved screening becomes a case
through the screening page's button, the caseworker records consent, refers the person to a
shelter, the shelter accepts and records the service, and the caseworker closes the case.

Screenshots at each step land in test-results/screenshots/journey-*.png for people to look at.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from azat.accounts.roles import OrgType, Role
from azat.cases import services as case_services
from azat.cases.models import Case
from azat.cases.services import DocumentInput
from azat.referrals import services as referral_services
from azat.referrals.models import Referral, ServiceDelivery
from azat.screening import services as screening_services
from azat.screening.models import Screening

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shelter(make_org):
    return make_org(OrgType.SHELTER, "KG", name="Umut Shelter")


@pytest.fixture
def shelter_user(make_member, shelter):
    user = make_member(Role.PROVIDER, shelter)
    referral_services.provider_profile_save(
        actor=user,
        organisation=shelter,
        services=["shelter", "medical", "psychological"],
        countries=["KG"],
        regions=["Chuy"],
        languages=["kir", "rus"],
        capacity=10,
        opening_hours="24/7",
    )
    return user


def _sign_out(page):
    page.locator(".user-menu summary").click()
    page.locator(".user-menu form[action*='logout'] button").click()
    page.wait_for_load_state()


def test_from_screening_to_closed_case(
    page, live_server, browser_login, screenshot, personas, org, shelter, shelter_user
):
    caseworker = personas[Role.CASEWORKER]
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    screening = screening_services.screening_create(
        actor=caseworker,
        organisation=org,
        age=24,
        answers={"EX01": True, "EX02": True},
        complete=True,
        consent_to_open_case=True,
    )

    # 1. The saved screening offers to open a case; the button leads to the new-case form.
    browser_login(page, caseworker)
    page.goto(f"{base}/ru/work/screening/{screening.pk}/")
    button = page.locator("#case-link a.button")
    expect(button).to_have_text("Открыть дело по этому скринингу")
    shot = screenshot(page, "journey-01-screening")
    page.screenshot(path=shot.replace(".png", "-top.png"))  # the part a person reads first
    button.click()
    page.wait_for_url(re.compile(r"/ru/work/cases/new/\?screening=\d+"))
    expect(page.locator("[role=note]").first).to_contain_text(f"скрининга №{screening.pk}")
    expect(page.locator("input[name=estimated_age]")).to_have_value("24")  # from the screening
    page.fill("input[name=given_name]", "Жылдыз")
    page.fill("input[name=family_name]", "Ахметова")
    page.select_option("select[name=gender]", "Feminine")
    page.check("input[name=languages][value=kir]")
    page.check("input[name=languages][value=rus]")
    page.check("input[name=exploitation][value=ForcedLabour]")
    screenshot(page, "journey-02-new-case")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator(".messages")).to_contain_text("открыто")
    case = Case.objects.get()
    assert case.screening_id == screening.pk
    assert Screening.objects.get(pk=screening.pk).case_id == case.pk
    assert case.consents.get().purpose == "assistance"  # recorded with the case
    screening_link = f"a[href='/ru/work/screening/{screening.pk}/']"
    expect(page.locator(f"dd {screening_link}")).to_have_text(f"#{screening.pk}")
    # The timeline tells where the case came from too.
    expect(page.locator(f".timeline {screening_link}")).to_have_text(f"Скрининг №{screening.pk}")
    screenshot(page, "journey-03-case-opened")

    # 2. Consent to refer to the shelter.
    page.locator(f"a[href='/ru/work/cases/{case.pk}/consents/new/']").first.click()
    page.select_option("select[name=purpose]", "referral")
    page.select_option("select[name=organisation]", str(shelter.pk))
    screenshot(page, "journey-04-consent")
    page.locator("form.case-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Согласие записано")

    # 3. Refer to the shelter: a draft, then send it.
    page.locator(f"a[href='/ru/work/referrals/cases/{case.pk}/new/']").click()
    expect(page.locator(".consent-note")).to_contain_text("Umut Shelter")
    page.select_option("select[name=receiver]", str(shelter.pk))
    page.check("input[name=services][value=shelter]")
    page.fill("textarea[name=needs]", "Безопасное место на две недели.")
    page.fill("textarea[name=safety_notes]", "Не звонить родственникам.")
    screenshot(page, "journey-05-referral-new")
    page.get_by_role("button", name="Сохранить черновик").click()
    page.get_by_role("button", name="Отправить направление").click()
    expect(page.locator("h1 .referral-state")).to_have_text("Отправлено")
    expect(page.locator(".step-panel")).to_contain_text("Ждём, пока Umut Shelter примет")
    screenshot(page, "journey-06-referral-sent")
    referral = Referral.objects.get()
    _sign_out(page)

    # 4. The shelter accepts and records the service it gave.
    browser_login(page, shelter_user)
    page.goto(f"{base}/ru/work/referrals/")
    screenshot(page, "journey-07-shelter-queue")
    page.get_by_role("link", name=referral.reference).first.click()
    expect(page.locator("body")).not_to_contain_text("Ахметова")
    page.get_by_role("button", name="Принять").click()
    expect(page.locator("h1 .referral-state")).to_have_text("Принято")
    screenshot(page, "journey-08-shelter-accepted")
    page.get_by_role("link", name="Записать оказанную услугу").click()
    page.select_option("select[name=service]", "shelter")
    page.fill("textarea[name=note]", "Заселена в комнату на двоих.")
    screenshot(page, "journey-09-service-form")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("h1 .referral-state")).to_have_text("Выполняется")
    screenshot(page, "journey-10-service-recorded")
    assert ServiceDelivery.objects.get().provider_id == shelter.pk
    _sign_out(page)

    # 5. Back as the caseworker: the service is on the timeline; close the case.
    cache.clear()
    browser_login(page, caseworker)
    page.goto(f"{base}/ru/work/cases/{case.pk}/")
    expect(page.locator(".timeline")).to_contain_text("Оказана услуга: Приют, Umut Shelter")
    screenshot(page, "journey-11-case-with-service")
    page.locator(f"a[href='/ru/work/cases/{case.pk}/close/']").first.click()
    expect(page.locator("[role=note]")).to_contain_text(f"{referral.reference} — Umut Shelter")
    page.select_option("select[name=outcome]", "reintegrated")

    page.fill("textarea[name=reason]", "Живёт у сестры, работает.")
    screenshot(page, "journey-12-close")
    page.locator("form.case-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Дело закрыто")
    screenshot(page, "journey-13-closed")
    case.refresh_from_db()
    assert (case.stage, case.closing_outcome) == ("closed", "reintegrated")


def test_second_person_editor_keeps_their_words_and_is_told_who_saved(
    page, live_server, browser_login, screenshot, personas, make_person
):
    caseworker, supervisor = personas[Role.CASEWORKER], personas[Role.SUPERVISOR]
    person = make_person(
        documents=[DocumentInput(type="passport", number="AC 1234567", issuing_country="KG")],
        gender="Feminine",
        estimated_age=24,
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, caseworker)
    page.goto(f"{live_server.url}/ru/work/cases/persons/{person.pk}/")
    screenshot(page, "person-page")
    page.get_by_role("link", name="Изменить эти сведения").click()
    page.fill("textarea[name=safe_contact]", "Только через телефон приюта")
    case_services.person_update(
        actor=supervisor, person=person, expected_version=1, marital_status="Single"
    )
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("[role=alert]")).to_contain_text(str(supervisor))
    expect(page.locator("textarea[name=safe_contact]")).to_have_value("Только через телефон приюта")
    marked = page.locator(".field-error", has=page.locator("select[name=marital_status]"))
    expect(marked).to_contain_text("Тем временем изменено на: Не в браке")
    screenshot(page, "person-edit-conflict")
    page.select_option("select[name=marital_status]", "Single")  # merge: keep theirs too
    page.get_by_role("button", name="Сохранить").click()  # the deliberate second save
    expect(page.locator(".messages")).to_contain_text("Сведения о человеке сохранены")
    person.refresh_from_db()
    assert (person.marital_status, person.safe_contact) == ("Single", "Только через телефон приюта")
    page.get_by_role("link", name=re.compile("Изменить статус")).first.click()
    page.select_option("select[name=status]", "confiscated")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".messages")).to_contain_text("Статус документа сохранён")
    screenshot(page, "person-after-edits")
