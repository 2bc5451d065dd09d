"""Shared fixtures: role personas (healthchecks' alice/bob style), MFA-enrolled clients."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import OrgType, Role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in tests only

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate limits and TOTP replay marks live in the cache; no test inherits another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def make_org(db: None) -> Callable[..., Organisation]:
    counter = {"n": 0}

    def make(type: str = OrgType.NGO, country: str = "KG", name: str | None = None) -> Organisation:
        counter["n"] += 1
        return Organisation.objects.create(
            name=name or f"Org {counter['n']} {type}", type=type, country=country, languages=["ru"]
        )

    return make


@pytest.fixture
def make_member(db: None) -> Callable[..., User]:
    counter = {"n": 0}

    def make(
        role: str, organisation: Organisation, *, mfa: bool = True, email: str | None = None
    ) -> User:
        counter["n"] += 1
        user = User.objects.create_user(
            email=email or f"{role}{counter['n']}@example.org",
            password=PASSWORD,
            full_name=f"{role} {counter['n']}",
        )
        Membership.objects.create(user=user, organisation=organisation, role=role)
        if mfa:
            TOTP.activate(user, generate_totp_secret())
        return user

    return make


@pytest.fixture
def org(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org(OrgType.NGO, "KG", name="Home NGO")


@pytest.fixture
def other_org(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org(OrgType.NGO, "KZ", name="Other NGO")


@pytest.fixture
def personas(make_member: Callable[..., User], org: Organisation) -> dict[str, User]:
    """One user per role in the same organisation."""
    return {role: make_member(role, org) for role in Role.values}


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    """A client signed in as the user, with the session marked as having passed MFA."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# --- Browser tests (Playwright driving Debian's Chromium; never Playwright's own download) ---

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "test-results", "screenshots")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "ru-RU", "timezone_id": "Asia/Bishkek"}


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under test-results/screenshots/ for people to look at."""
    os.makedirs(SCREENSHOTS, exist_ok=True)

    def take(page, name: str) -> str:
        path = os.path.join(SCREENSHOTS, f"{name}.png")
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def browser_login(live_server):
    """Sign a user in through the real forms: password, then the current TOTP code."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from django.core.cache import cache

    from azat.accounts.adapters import MFAAdapter

    def login(page, user: User, password: str = PASSWORD, lang: str = "ru") -> None:
        page.goto(f"{live_server.url}/{lang}/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        page.keyboard.press("Enter")
        page.wait_for_url("**/2fa/authenticate/**")
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        secret = MFAAdapter().decrypt(authenticator.data["secret"])
        if 30 - time.time() % 30 < 4:
            time.sleep(30 - time.time() % 30 + 0.2)  # a code about to expire would be refused
        cache.clear()  # the same person signing in twice in one window reuses the code
        page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
        page.keyboard.press("Enter")
        page.wait_for_url("**/work/**")

    return login
