"""A supervisor starts a linkage run, watches it finish, and decides on a pair; a caseworker
sees the notice. Screenshots for people to look at."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import override_settings
from playwright.sync_api import expect

from azat.cases.models import Gender, Person
from azat.linkage import services
from azat.linkage.models import CandidateLink, LinkRun, LinkState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _worker(run_id: int) -> threading.Thread:
    """What `manage.py db_worker` does with the queued run, in a thread of the test."""

    def work() -> None:
        try:
            services.linkage_run_execute(run_id=run_id)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_supervisor_runs_linkage_and_reviews_a_pair(
    page, live_server, browser_login, screenshot, people, org, org_kz, make_person, same_person
):
    make_person(
        people["kz_caseworker"],
        org_kz,
        "Фарход",
        "Рахмонов",
        birth=dt.date(1990, 5, 2),
        gender=Gender.MASCULINE,
    )
    # Only the year of birth known: recorded as an estimated age.
    farrukh = make_person(people["caseworker"], org, "Farrukh", "Rahmonzoda", gender="Masculine")
    today = dt.date.today()
    Person.objects.filter(pk=farrukh.pk).update(
        estimated_age=today.year - 1990, age_estimated_on=today
    )
    browser_login(page, people["supervisor"])
    page.goto(f"{live_server.url}/ru/work/linkage/")
    with override_settings(TASKS=DB_TASKS):
        page.get_by_role("button", name="Запустить связывание").click()
        page.wait_for_url("**/work/linkage/runs/*/")
    run = LinkRun.objects.get()
    expect(page.locator("#run-status [data-status]")).to_have_attribute("data-status", "queued")
    screenshot(page, "linkage-run-queued")
    worker = _worker(run.pk)
    expect(page.locator("#run-status [data-status]")).to_have_attribute(
        "data-status", "done", timeout=60_000
    )
    worker.join()
    screenshot(page, "linkage-run-done")

    # Four records are too few to train the model, and its defaults are sure of this pair; put
    # it in the review range as a larger data set would.
    CandidateLink.objects.filter(left__in=[farrukh], state=LinkState.AUTO).update(
        state=LinkState.REVIEW, probability=0.72
    ) or CandidateLink.objects.filter(right__in=[farrukh], state=LinkState.AUTO).update(
        state=LinkState.REVIEW, probability=0.72
    )
    page.goto(f"{live_server.url}/ru/work/linkage/review/")
    page.wait_for_url("**/work/linkage/review/")
    screenshot(page, "linkage-review-queue")
    page.get_by_role("link", name="Сравнить и решить").first.click()
    page.wait_for_url("**/work/linkage/review/*/")
    html = page.content()
    assert "Фарход" not in html and "Рахмонов" not in html  # the other organisation's values
    page.locator("details.drivers summary").click()
    screenshot(page, "linkage-pair")
    page.get_by_label("Один и тот же человек").check()
    page.get_by_label("Причина (необязательно)").fill("Та же дата рождения со слов человека")
    page.get_by_role("button", name="Записать решение").click()
    page.wait_for_url("**/work/linkage/review/")
    expect(page.locator(".messages")).to_contain_text("один и тот же человек")
    page.goto(f"{live_server.url}/ru/work/linkage/decisions/")
    screenshot(page, "linkage-decisions")


def test_caseworker_sees_who_else_may_know_the_person(
    page, live_server, browser_login, screenshot, people, same_person
):
    kg, _kz = same_person
    services.linkage_run_start(actor=people["sysadmin"])
    browser_login(page, people["caseworker"])
    page.goto(f"{live_server.url}/ru/work/cases/{kg.cases.get().pk}/")
    notice = page.locator(".known-elsewhere")
    expect(notice).to_contain_text("IOM Almaty")
    assert "Zhyldyz" not in page.content()
    screenshot(page, "linkage-known-elsewhere")
