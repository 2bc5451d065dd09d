"""The referral journey in a browser: consent, referral, the shelter's answer, closing the case.

Screenshots for people: the shelter's queue and the referral package as the shelter sees it.
"""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from azat.cases.models import Case
from azat.referrals.models import Referral, ServiceDelivery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page):
    page.locator(".user-menu summary").click()
    page.locator(".user-menu form[action*='logout'] button").click()
    page.wait_for_load_state()


def test_referral_from_consent_to_closing_the_case(
    page,
    live_server,
    browser_login,
    screenshot,
    case,
    caseworker,
    shelter,
    shelter_profile,
    provider_user,
):
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})

    # The caseworker records consent to refer to the shelter, then drafts and sends.
    browser_login(page, caseworker)
    page.goto(f"{base}/ru/work/cases/{case.pk}/")
    page.locator(f"a[href='/ru/work/cases/{case.pk}/consents/new/']").first.click()
    page.select_option("select[name=purpose]", "referral")
    page.select_option("select[name=organisation]", str(shelter.pk))
    page.locator("form.case-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Согласие записано")

    page.locator(f"a[href='/ru/work/referrals/cases/{case.pk}/new/']").click()
    expect(page.locator(".consent-note")).to_contain_text("Umut Shelter")
    page.select_option("select[name=receiver]", str(shelter.pk))
    page.check("input[name=services][value=shelter]")
    page.check("input[name=services][value=psychological]")
    page.select_option("select[name=urgency]", "urgent")
    page.fill("textarea[name=needs]", "Безопасное место на две недели; плохо спит.")
    page.fill("textarea[name=safety_notes]", "Вербовщик знает её семью. Не звонить родственникам.")
    screenshot(page, "referral-new")
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(page.locator(".package")).to_contain_text("Предпросмотр")
    expect(page.locator(".package")).to_contain_text("Жылдыз")
    page.get_by_role("button", name="Отправить направление").click()
    expect(page.locator("h1 .referral-state")).to_have_text("Отправлено")
    referral = Referral.objects.get()
    _sign_out(page)

    # The shelter's provider sees the referral in its queue and only the package.
    browser_login(page, provider_user)
    page.goto(f"{base}/ru/work/referrals/")
    expect(page.locator("#h-awaiting")).to_contain_text("1")
    screenshot(page, "provider-queue")
    page.get_by_role("link", name=referral.reference).first.click()
    expect(page.locator(".package")).to_contain_text("Не звонить родственникам")
    expect(page.locator("body")).not_to_contain_text("Ахметова")
    expect(page.locator(f"a[href*='/work/cases/{case.pk}/']")).to_have_count(0)
    screenshot(page, "referral-package")
    page.get_by_role("button", name="Принять").click()
    expect(page.locator("h1 .referral-state")).to_have_text("Принято")
    page.get_by_role("link", name="Записать оказанную услугу").click()
    page.select_option("select[name=service]", "shelter")
    page.fill("input[name=cost]", "4500")
    page.select_option("select[name=currency]", "KGS")
    page.select_option("select[name=funding_source]", "donor")
    page.fill("textarea[name=note]", "Заселена в комнату на двоих.")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("h1 .referral-state")).to_have_text("Выполняется")
    expect(page.locator("table")).to_contain_text("4500")
    screenshot(page, "referral-in-progress")
    assert ServiceDelivery.objects.get().provider_id == shelter.pk
    assert page.goto(f"{base}/ru/work/cases/{case.pk}/").status == 404  # not their case
    page.goto(f"{base}/ru/work/referrals/")
    _sign_out(page)

    # The caseworker sees the service on the case timeline and closes the case. Signing in
    # twice within one 30-second window would reuse a TOTP code, which allauth rightly refuses;
    # forget the used codes (a person would simply wait for the next code).
    cache.clear()
    browser_login(page, caseworker)
    page.goto(f"{base}/ru/work/cases/{case.pk}/")
    expect(page.locator(".timeline")).to_contain_text("Оказана услуга: Приют, Umut Shelter")
    screenshot(page, "case-with-referral")
    page.locator(f"a[href='/ru/work/cases/{case.pk}/close/']").first.click()
    page.select_option("select[name=outcome]", "reintegrated")
    page.fill("textarea[name=reason]", "Живёт у сестры, работает.")
    page.locator("form.case-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Дело закрыто")
    assert Case.objects.get(pk=case.pk).stage == "closed"
