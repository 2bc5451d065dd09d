"""A prosecutor's journey in a real browser: the file of a decided case, then the funnel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from azat.prosecution import services


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_prosecutor_reads_the_file_and_the_funnel(
    page,
    live_server,
    browser_login,
    screenshot,
    prosecutor,
    criminal_case,
    ngo_case,
    law_consent,
    other_agency,
):
    for status, day in (("investigation", 6), ("court", 20)):
        services.criminal_case_step(
            actor=prosecutor,
            criminal_case=criminal_case,
            expected_version=criminal_case.version,
            to_status=status,
            on=dt.date(2026, 1, day),
        )
    services.defendant_add(
        actor=prosecutor, criminal_case=criminal_case, name="«Дядя Марат»", role="recruiter"
    )
    services.victim_add(
        actor=prosecutor,
        criminal_case=criminal_case,
        case=ngo_case,
        protection=["closed_hearing", "no_confrontation"],
        compensation_claimed=Decimal("250000"),
        currency="KGS",
    )
    services.victim_add(actor=prosecutor, criminal_case=criminal_case, standing="witness")
    services.joint_open(
        actor=prosecutor,
        criminal_case=criminal_case,
        title="Ош – Ташкент",
        summary="Вербовщик в Оше.",
        partners=[other_agency],
    )
    dismissed = services.criminal_case_register(
        actor=prosecutor,
        agency=criminal_case.agency,
        jurisdiction="KG",
        number="02-166-0002",
        registered_on=dt.date(2026, 1, 8),
    )
    services.criminal_case_step(
        actor=prosecutor,
        criminal_case=dismissed,
        expected_version=dismissed.version,
        to_status="dismissed",
        on=dt.date(2026, 2, 1),
        ground="no_crime",
    )

    browser_login(page, prosecutor)
    page.goto(f"{live_server.url}/ru/work/prosecution/{criminal_case.pk}/")
    assert page.get_by_text("Жылдыз Ахметова").is_visible()
    assert page.get_by_role("heading", name="Статьи обвинения").is_visible()
    # The ground of a dismissal is asked only when the next step is a dismissal.
    assert not page.locator("select[name=ground]").is_visible()
    screenshot(page, "prosecution-case")

    page.goto(f"{live_server.url}/ru/work/prosecution/funnel/")
    assert page.locator("a.case-chip", has_text="02-166-0002").is_visible()
    screenshot(page, "prosecution-funnel")
