"""Synthetic perpetrators for the demo cases, recorded through the services by each case's
caseworker. Everything is invented and marked [DEMO]; phone numbers are in unassigned-looking
ranges of the demo countries."""

from __future__ import annotations

from typing import Any

from azat.cases.models import Case, Consent
from azat.network import services
from azat.network.models import Perpetrator

DEMO_MARK = "[DEMO]"


def _consenting_case() -> Case | None:
    """The case the prosecution demo links as a victim (the first with an active
    law-enforcement consent)."""
    withdrawn = Consent.objects.filter(
        purpose="law_enforcement", withdrawn_at__isnull=False
    ).values("case_id")
    consent = (
        Consent.objects.filter(purpose="law_enforcement", withdrawn_at__isnull=True)
        .exclude(case_id__in=withdrawn)
        .select_related("case")
        .order_by("case_id")
        .first()
    )
    return consent.case if consent else None


def _events(case: Case, *kinds: str) -> list[Any]:
    return [e for e in case.events.all() if e.kind in kinds]


def populate(world: dict[str, Any]) -> list[Perpetrator]:
    if Perpetrator.objects.exists():
        return list(Perpetrator.objects.all())
    made: list[Perpetrator] = []
    case = _consenting_case()
    if case is not None and case.caseworker is not None:
        actor = case.caseworker
        made.append(
            services.perpetrator_record(
                actor=actor,
                case=case,
                data=services.PerpetratorInput(
                    role="recruiter",
                    name=f"Марат Исаков {DEMO_MARK}",
                    aliases=["Uncle Marat", "Марат-ага"],
                    sex="Masculine",
                    estimated_age=45,
                    citizenship="KG",
                    relation="friend",
                    phones=["+996 555 010 203"],
                    online_accounts=["@marat_jobs_demo (Telegram)"],
                    events=_events(case, "Recruitment", "Exploitation")[:1],
                    notes=f"{DEMO_MARK} Offered building work in Almaty to men from his street.",
                ),
            )
        )
        made.append(
            services.perpetrator_record(
                actor=actor,
                case=case,
                data=services.PerpetratorInput(
                    role="exploiter",
                    aliases=[f"Foreman Serik {DEMO_MARK}"],
                    sex="Masculine",
                    estimated_age=50,
                    citizenship="KZ",
                    relation="stranger",
                    phones=["+7 701 000 1122"],
                    companies=[f"StroiInvest LLP {DEMO_MARK}"],
                    addresses=[f"Almaty, a building site off the ring road {DEMO_MARK}"],
                    events=_events(case, "Exploitation"),
                ),
            )
        )
    others = Case.objects.filter(events__kind="Transit").order_by("pk")
    if case is not None:
        others = others.exclude(pk=case.pk)
    other = others.first()
    if other is not None and other.caseworker is not None:
        made.append(
            services.perpetrator_record(
                actor=other.caseworker,
                case=other,
                data=services.PerpetratorInput(
                    role="official",
                    aliases=[f"Officer at the border post {DEMO_MARK}"],
                    sex="Masculine",
                    relation="stranger",
                    events=_events(other, "Transit"),
                    notes=f"{DEMO_MARK} Let the group through without checking their papers.",
                ),
            )
        )
    world["perpetrators"] = made
    return made
