"""The public site in a real browser: keyboard-only job check, quick exit, no outside request,
no serious accessibility problem, and phone-size screenshots for people to look at."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings

from azat.public.jobcheck import load_rules
from azat.public.views import DEFAULT_QUICK_EXIT_URL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGS = [code for code, _name in settings.LANGUAGES]
PAGES = {
    "home": "",
    "what-is": "trafficking/",
    "job-check": "job-check/",
    "safety-plan": "safety-plan/",
    "help": "help/",
    "someone-in-trouble": "someone-in-trouble/",
    "after-return": "after-return/",
}
PHONE = {"width": 360, "height": 740}
SAFE = {
    "job_details": "yes_in_detail",
    "travel_costs": "i_pay",
    "written_contract": "yes_can_read",
    "passport_kept": "no",
    "work_papers": "work_visa_or_permit",
    "agency_licensed": "yes",
    "pay_level": "normal",
    "offer_channel": "state_or_licensed",
    "upfront_fee": "no",
    "workplace_address": "yes",
    "travel_documents": "myself_official",
    "free_movement": "no",
}
PATTERNS = [
    (SAFE, "low"),
    ({**SAFE, "pay_level": "much_higher", "offer_channel": "social_media"}, "caution"),
    ({**SAFE, "passport_kept": "yes", "travel_costs": "loan_from_wages"}, "high"),
]


def _tab_to(page, test: str, limit: int = 80) -> None:
    """Press Tab until the focused element passes ``test`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {test}; }})()"):
            return
    raise AssertionError(f"keyboard focus never reached: {test}")


def _answer_with_keyboard(page, answers: dict[str, str]) -> None:
    rules = load_rules()
    for question in rules.questions:
        index = [option.id for option in question.options].index(answers[question.id])
        _tab_to(page, f"el.name === {question.id!r}")
        if index == 0:
            page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowDown")
        checked = page.evaluate(
            f"document.querySelector('input[name={question.id}]:checked').value"
        )
        assert checked == answers[question.id]
    _tab_to(page, "el.id === 'check-button'")
    page.keyboard.press("Enter")


def _serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_loads(page, live_server, lang):
    page.goto(f"{live_server.url}/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    assert page.context.cookies() == []


@pytest.mark.parametrize("lang", LANGS)
def test_job_check_can_be_done_with_the_keyboard_alone(page, live_server, lang):
    page.set_viewport_size(PHONE)
    for answers, level in PATTERNS:
        page.goto(f"{live_server.url}/{lang}/job-check/")
        _answer_with_keyboard(page, answers)
        page.wait_for_selector("#result")
        assert page.locator("#result").get_attribute("data-level") == level
    assert page.context.cookies() == []


@pytest.mark.parametrize("lang", LANGS)
def test_quick_exit_leaves_and_back_does_not_return(page, live_server, lang):
    neutral_host = urlsplit(DEFAULT_QUICK_EXIT_URL).netloc
    # The neutral site is answered locally: the test must not reach the internet.
    page.route(
        f"https://{neutral_host}/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>weather</p>"),
    )
    page.goto(f"{live_server.url}/{lang}/help/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"
    page.keyboard.press("Enter")
    page.wait_for_url(f"https://{neutral_host}/**")
    page.go_back()
    assert not page.url.startswith(live_server.url)


def test_escape_twice_also_leaves(page, live_server):
    neutral_host = urlsplit(DEFAULT_QUICK_EXIT_URL).netloc
    page.route(
        f"https://{neutral_host}/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>weather</p>"),
    )
    page.goto(f"{live_server.url}/ru/job-check/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(f"https://{neutral_host}/**")
    page.go_back()
    assert not page.url.startswith(live_server.url)


@pytest.mark.parametrize("lang", LANGS)
def test_no_request_leaves_the_site(page, live_server, lang):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES.values():
        page.goto(f"{live_server.url}/{lang}/{path}")
    page.goto(f"{live_server.url}/{lang}/job-check/")
    _answer_with_keyboard(page, SAFE)
    page.wait_for_selector("#result")
    own = urlsplit(live_server.url).netloc
    outside = [url for url in requested if urlsplit(url).netloc != own]
    assert requested and outside == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_serious_accessibility_violation(page, live_server, lang):
    page.set_viewport_size(PHONE)
    problems = {}
    for name, path in PAGES.items():
        page.goto(f"{live_server.url}/{lang}/{path}")
        found = _serious_violations(page)
        if found:
            problems[name] = found
    page.goto(f"{live_server.url}/{lang}/job-check/")
    page.locator("#check-button").click()  # all answers missing: the error state
    found = _serious_violations(page)
    if found:
        problems["job-check-errors"] = found
    _answer_with_keyboard(page, PATTERNS[2][0])
    page.wait_for_selector("#result")
    found = _serious_violations(page)
    if found:
        problems["job-check-result"] = found
    assert problems == {}


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_phone_screenshots(page, live_server, screenshot, lang):
    page.set_viewport_size(PHONE)
    for name, path in PAGES.items():
        page.goto(f"{live_server.url}/{lang}/{path}")
        screenshot(page, f"public-{lang}-{name}")
    page.goto(f"{live_server.url}/{lang}/job-check/")
    _answer_with_keyboard(page, PATTERNS[1][0])
    page.wait_for_selector("#result")
    screenshot(page, f"public-{lang}-job-check-result")
    page.goto(f"{live_server.url}/{lang}/job-check/")
    page.locator("#check-button").click()
    page.wait_for_selector("#problems")
    screenshot(page, f"public-{lang}-job-check-errors")
