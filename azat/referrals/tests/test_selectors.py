"""Reads: the work queues' totals count every referral of a queue, not only the rows shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from azat.accounts.models import Membership
from azat.referrals import selectors, services
from azat.referrals.models import Referral, ReferralEvent

pytestmark = pytest.mark.django_db


def test_queue_totals_count_each_queue_and_leave_out_finished_and_recalled_referrals(
    case, org, shelter, caseworker, provider_user
):
    today = dt.date.today()
    past, later = today - dt.timedelta(days=3), today + dt.timedelta(days=3)
    states = [
        ("sent", past),
        ("sent", later),
        ("sent", None),
        ("accepted", past),
        ("in_progress", later),
        ("completed", past),
        ("declined", past),
        ("draft", past),
    ]
    Referral.objects.bulk_create(
        Referral(
            case=case,
            sender=org,
            receiver=shelter,
            services=["shelter"],
            state=state,
            due_on=due_on,
            created_by=caseworker,
        )
        for state, due_on in states
    )
    # Recalled: gone from the receiver's sight, still the sender's unfinished referral.
    Referral.objects.create(
        case=case,
        sender=org,
        receiver=shelter,
        services=["shelter"],
        state="sent",
        due_on=past,
        recalled_at=timezone.now(),
        created_by=caseworker,
    )

    received = selectors.referral_queues(
        user=provider_user, membership=Membership.objects.get(user=provider_user), today=today
    )
    assert (received.awaiting.total, len(received.awaiting.rows)) == (3, 3)
    assert (received.in_work.total, len(received.in_work.rows)) == (2, 2)
    assert (received.overdue.total, len(received.overdue.rows)) == (2, 2)
    assert received.sent.total == 0

    sent = selectors.referral_queues(
        user=caseworker, membership=Membership.objects.get(user=caseworker), today=today
    )
    assert sent.awaiting.total == sent.in_work.total == 0
    assert (sent.sent.total, len(sent.sent.rows)) == (7, 7)  # everything but the finished two
    assert (sent.overdue.total, len(sent.overdue.rows)) == (3, 3)


def test_queue_shows_the_first_rows_and_counts_the_rest(
    case, org, shelter, caseworker, provider_user
):
    today = dt.date.today()
    Referral.objects.bulk_create(
        Referral(
            case=case,
            sender=org,
            receiver=shelter,
            services=["shelter"],
            state="sent",
            due_on=today - dt.timedelta(days=n),
        )
        for n in range(1, selectors.QUEUE_LIMIT + 6)
    )
    queues = selectors.referral_queues(
        user=provider_user, membership=Membership.objects.get(user=provider_user), today=today
    )
    assert queues.awaiting.total == queues.overdue.total == selectors.QUEUE_LIMIT + 5
    assert len(queues.awaiting.rows) == len(queues.overdue.rows) == selectors.QUEUE_LIMIT
    assert queues.awaiting.more and queues.overdue.more
    # Most overdue first.
    assert queues.overdue.rows[0].due_on == today - dt.timedelta(days=selectors.QUEUE_LIMIT + 5)


def test_case_page_steps_of_a_referral_made_after_the_referrals_were_read_wait(
    sent, make_referral, consented_case, caseworker, monkeypatch
):
    """The steps are read by case after the referrals: a referral made in between (another
    caseworker's) has steps but no row yet. The page shows it on the next load, not an error."""
    later = services.referral_send(actor=caseworker, referral=make_referral(consented_case))
    read_before = [r for r in selectors.case_referrals(consented_case) if r.pk != later.pk]
    monkeypatch.setattr(selectors, "case_referrals", lambda case: read_before)
    page = selectors.case_page_referrals(consented_case)
    assert [r.pk for r in page.referrals] == [sent.pk]
    assert [step.pk for step in page.steps] == [
        step.pk for step in ReferralEvent.objects.filter(referral=sent)
    ]
    assert ReferralEvent.objects.filter(referral=later).exists()  # read, and left for next time
