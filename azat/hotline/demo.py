"""Synthetic demo calls for the demo hotline: two weeks of believable traffic, a few follow-ups
and two emergencies. Nothing here is real; every name carries [DEMO]."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from azat.accounts.models import Membership
from azat.accounts.roles import Role
from azat.hotline.models import Call, CallStatus, EmergencyEscalation, Hotline

NOTES = [
    "[DEMO] Plans to go to work on a construction site; asked how to check the agency.",
    "[DEMO] Son abroad stopped answering three weeks ago; employer has his passport.",
    "[DEMO] Offered a job as a waitress abroad, travel paid 'from the first wages'.",
    "[DEMO] Works on a farm, not paid for two months, cannot leave the compound.",
    "[DEMO] Asked which documents are needed for a work permit.",
    "[DEMO] Neighbour's daughter (16) left with a recruiter; family worried.",
    "[DEMO] Teacher calling about a pupil who talks of a 'sponsor' abroad.",
    "[DEMO] Wants the embassy number in the destination country.",
]
# topic, caller type, outcome, advice ids, weight
PATTERNS: list[tuple[str, str, str, list[str], int]] = [
    (
        "safe_migration",
        "prospective_migrant",
        "advice_given",
        ["ADV_LICENCE", "ADV_WRITTEN_CONTRACT", "ADV_WORK_VISA", "ADV_KEEP_PASSPORT"],
        10,
    ),
    ("safe_migration", "relative", "advice_given", ["ADV_TELL_FAMILY", "ADV_HOTLINE"], 3),
    ("trafficking_report", "relative", "referral_suggested", ["ADV_EMBASSY_CONTACTS"], 3),
    ("help_request", "migrant_abroad", "screening_done", ["ADV_ASK_FOR_HELP"], 3),
    ("missing_person", "relative", "referral_suggested", [], 2),
    ("trafficking_report", "third_party", "referral_suggested", [], 1),
    ("help_request", "possible_victim", "case_opened", [], 1),
    ("other", "professional", "advice_given", ["ADV_CONSULT_CENTRE"], 2),
]
LANGS = ["ky", "ky", "ru", "ru", "ru", "uz"]
DESTINATIONS = ["RU", "RU", "RU", "KZ", "KZ", "TR", "KR", "AE"]


def populate(world: dict[str, Any]) -> list[Call]:
    org = world["organisations"]["hotline_kg"]
    operator = world["users"]["operator"]
    supervisor = world["users"]["supervisor"]
    # The demo supervisor also supervises the hotline, so its statistics page has numbers.
    Membership.objects.get_or_create(user=supervisor, organisation=org, role=Role.SUPERVISOR)
    hotline, _ = Hotline.objects.get_or_create(
        organisation=org,
        name="[DEMO] Safe Journey Line",
        defaults={
            "country": "KG",
            "numbers": ["+996 000 000 000 [DEMO]"],
            "channels": ["phone", "whatsapp", "telegram", "walk_in"],
            "languages": ["ky", "ru", "uz"],
            "hours": "Mon-Sat 08:00-20:00",
        },
    )
    world["hotline"] = hotline
    existing = list(hotline.calls.all())
    if existing:
        world["calls"] = existing
        return existing
    rng = random.Random(1899)  # stable demo data run after run
    now = timezone.now()
    weights = [p[4] for p in PATTERNS]
    calls = []
    for days_ago in range(13, -1, -1):
        for _n in range(rng.randint(1, 5)):
            topic, caller, outcome, advice, _w = rng.choices(PATTERNS, weights)[0]
            started = (now - dt.timedelta(days=days_ago)).replace(
                hour=rng.randint(8, 19), minute=rng.randint(0, 59), second=0, microsecond=0
            )
            if started > now:
                started = now - dt.timedelta(minutes=rng.randint(5, 90))
            duration = rng.randint(180, 1500)
            follow_up = topic in ("trafficking_report", "missing_person", "help_request")
            named = follow_up and rng.random() < 0.3
            calls.append(
                Call(
                    hotline=hotline,
                    operator=operator,
                    started_at=started,
                    ended_at=started + dt.timedelta(seconds=duration),
                    duration_seconds=duration,
                    status=CallStatus.CLOSED,
                    channel=rng.choice(["phone", "phone", "phone", "whatsapp", "telegram"]),
                    caller_type=caller,
                    language=rng.choice(LANGS),
                    caller_country="KG",
                    person_country=rng.choice(DESTINATIONS),
                    topic=topic,
                    is_anonymous=not named,
                    caller_name="[DEMO] Caller" if named else "",
                    caller_contact="[DEMO] +996 000 00 00" if named else "",
                    notes=rng.choice(NOTES),
                    advice_given=advice,
                    outcome=outcome,
                    callback_consent=named,
                    safe_contact="[DEMO] Evenings only; say it is the clinic." if named else "",
                    follow_up_due=(started + dt.timedelta(days=3)).date() if follow_up else None,
                    follow_up_done=follow_up and days_ago > 6,
                    updated_by=operator,
                )
            )
    Call.objects.bulk_create(calls)
    calls = list(hotline.calls.order_by("started_at"))
    # One call still in progress, and two emergencies this week.
    live = calls[-1]
    live.status, live.ended_at, live.duration_seconds, live.outcome = (
        CallStatus.OPEN,
        None,
        None,
        "",
    )
    live.save()
    for call, kind, who in [
        (calls[-4], "police", "[DEMO] Duty officer, anti-trafficking unit"),
        (calls[-9], "embassy", "[DEMO] Consular duty line"),
    ]:
        call.outcome = "emergency_escalation"
        call.save()
        EmergencyEscalation.objects.create(
            call=call,
            alerted_type=kind,
            alerted_who=who,
            alerted_at=call.started_at + dt.timedelta(minutes=6),
            alerted_by=operator,
        )
    world["calls"] = calls
    return calls
