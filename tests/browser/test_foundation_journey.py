"""A person signs in with a password and a TOTP code, reaches home, and an administrator reads the
audit trail; a new person is made to enrol in MFA first. Screenshots for people to look at."""

import pytest
from playwright.sync_api import expect

from azat.accounts.roles import Role
from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_totp_and_read_the_audit_trail(
    page, live_server, personas, browser_login, screenshot
):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/ru/accounts/login/")
    expect(page.locator("input[name=login]")).to_be_visible()
    screenshot(page, "foundation-login-ru")
    browser_login(page, personas[Role.ORG_ADMIN])
    expect(page.locator("h1")).to_contain_text(str(personas[Role.ORG_ADMIN]))
    screenshot(page, "foundation-home-ru")
    page.goto(f"{live_server.url}/ru/work/audit/")
    expect(page.locator("table")).to_be_visible()
    screenshot(page, "foundation-audit-ru")


def test_new_person_must_enrol_before_anything_else(
    page, live_server, make_member, org, screenshot
):
    user = make_member(Role.CASEWORKER, org, mfa=False)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/reauthenticate/**")
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/2fa/totp/activate/**")
    expect(page.locator("img")).not_to_have_count(0)
    screenshot(page, "foundation-mfa-enrolment-en")
    page.goto(f"{live_server.url}/en/work/")
    assert "/2fa/totp/activate/" in page.url
