"""Demo: one person known to two organisations under two spellings, and pairs to review.

Adds persons to the Kyrgyz NGO and IOM Almaty that are the same people written in Cyrillic
and in Latin letters (and one Tajik surname in its -ov and -zoda forms), then runs linkage once,
so the review queue, the "may already be known" notice and the victim statistics have something
to show. Synthetic data only: every family name is marked [DEMO]; each person also has the name
without the marker as another spelling, for the lookup.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from azat.cases import services as case_services
from azat.cases.models import Gender, NameKind, Person
from azat.cases.services import DocumentInput
from azat.linkage import services
from azat.linkage.models import LinkRun

DEMO_MARK = "[DEMO]"

# org key, worker, given, family, patronymic, birth date, sex, passport, exploitation, days ago
PERSONS: list[tuple[str, str, str, str, str, str, str, str, str, int]] = [
    (
        "ngo_kg",
        "caseworker",
        "Жылдыз",
        "Ахметова",
        "Асанбековна",
        "1995-03-14",
        "f",
        "AC1234567",
        "ForcedLabour",
        210,
    ),
    (
        "iom_kz",
        "iomcaseworker",
        "Zhyldyz",
        "Akhmetova",
        "Asanbek kyzy",
        "1995-03",
        "f",
        "АС1234567",
        "ForcedLabour",
        150,
    ),
    (
        "iom_kz",
        "iomcaseworker",
        "Фарход",
        "Рахмонов",
        "",
        "1990-05-02",
        "m",
        "",
        "ForcedLabour",
        90,
    ),
    ("ngo_kg", "caseworker", "Farrukh", "Rahmonzoda", "", "1990", "m", "", "ForcedLabour", 30),
    (
        "iom_kz",
        "iomcaseworker",
        "Aigerim",
        "Toktobaeva",
        "",
        "1999",
        "f",
        "",
        "SexualExploitation",
        60,
    ),
]


def _birth(text: str) -> dict[str, Any]:
    parts = text.split("-")
    if len(parts) == 3:
        return {"birth_date": dt.date.fromisoformat(text)}
    # Only the year (or year and month) known: recorded as an estimated age.
    today = timezone.localdate()
    return {"estimated_age": today.year - int(parts[0]), "age_estimated_on": today}


def populate(world: dict[str, Any]) -> LinkRun | None:
    organisations = world["organisations"]
    users = world["users"]
    if LinkRun.objects.exists():
        return LinkRun.objects.first()
    sex = {"f": Gender.FEMININE, "m": Gender.MASCULINE}
    for org, worker, given, family, patronymic, born, s, passport, form, days in PERSONS:
        names = [(NameKind.GIVEN, given), (NameKind.FAMILY, f"{family} {DEMO_MARK}")]
        if patronymic:
            names.append((NameKind.PATRONYMIC, patronymic))
        # The name without the marker too, as the cases demo does, so that the lookup form's own
        # example ("Жылдыз Ахметова" finds "Zhyldyz Akhmetova") works on the demo.
        names.append((NameKind.OTHER_SPELLING, f"{given} {family}"))
        person: Person = case_services.person_create(
            actor=users[worker],
            organisation=organisations[org],
            names=names,
            documents=[DocumentInput("passport", passport, "KG")] if passport else [],
            gender=sex[s],
            citizenships=["KG" if org == "ngo_kg" else "KZ"],
            safe_contact="[DEMO] Through the caseworker's office phone only.",
            **_birth(born),
        )
        case_services.case_open(
            actor=users[worker],
            person=person,
            identified_on=timezone.localdate() - dt.timedelta(days=days),
            exploitation=[form],
            notes="[DEMO] Synthetic case for trying record linkage.",
        )
    # Run once, here and now, so the demo has pairs before the worker starts.
    run = services.linkage_run_start(actor=users["sysadmin"])
    if run.status == "queued":
        run = services.linkage_run_execute(run_id=run.pk)
    return run
