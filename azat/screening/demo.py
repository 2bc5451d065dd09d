"""Synthetic demo screenings: one complete from a hotline call, one half-done, one by an NGO
caseworker. Answers are invented; nothing here is real."""

from __future__ import annotations

from typing import Any

from azat.screening import services
from azat.screening.models import Screening


def populate(world: dict[str, Any]) -> list[Screening]:
    hotline_org = world["organisations"]["hotline_kg"]
    ngo = world["organisations"]["ngo_kg"]
    operator = world["users"]["operator"]
    caseworker = world["users"]["caseworker"]
    existing = list(Screening.objects.filter(organisation__in=[hotline_org, ngo]))
    if existing:
        return existing
    calls = [c for c in world.get("calls", []) if c.topic == "help_request"]
    done = services.screening_create(
        actor=operator,
        organisation=hotline_org,
        call=calls[0] if calls else None,
        age=24,
        profile="labour",
        acts=["ACT_RECRUITMENT", "ACT_TRANSPORTATION"],
        answers={
            "DR01": True,
            "DR02": True,
            "EX01": True,
            "EX02": True,
            "CD01": True,
            "CD02": True,
        },
        complete=True,
        consent_to_open_case=True,
    )
    draft = services.screening_create(
        actor=operator,
        organisation=hotline_org,
        minor=True,
        acts=["ACT_RECRUITMENT"],
        answers={"EX01": True, "DR01": False},
    )
    ngo_draft = services.screening_create(
        actor=caseworker,
        organisation=ngo,
        age=31,
        profile="labour",
        answers={"DR02": True, "VR01": True},
    )
    return [done, draft, ngo_draft]
