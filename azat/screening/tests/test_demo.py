from __future__ import annotations

import pytest

from azat.accounts import demo as accounts_demo
from azat.hotline import demo as hotline_demo
from azat.hotline.models import Call, EmergencyEscalation
from azat.screening import demo as screening_demo
from azat.screening.models import Screening


@pytest.mark.django_db
def test_demo_world_has_two_weeks_of_calls_and_screenings_and_is_idempotent():
    world: dict = {}
    accounts_demo.populate(world)
    calls = hotline_demo.populate(world)
    screenings = screening_demo.populate(world)
    assert len(calls) >= 14
    assert EmergencyEscalation.objects.count() == 2
    assert Call.objects.filter(status="open").count() == 1
    assert {s.state for s in screenings} == {"draft", "complete"}
    assert Screening.objects.get(state="complete").status == "presumed_victim"
    named = [c for c in Call.objects.all() if c.caller_name]
    assert all("[DEMO]" in c.caller_name for c in named)
    assert all("[DEMO]" in c.notes for c in Call.objects.all())
    hotline_demo.populate(world)
    screening_demo.populate(world)
    assert Call.objects.count() == len(calls)
    assert Screening.objects.count() == 3
