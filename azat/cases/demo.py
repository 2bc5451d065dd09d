"""Synthetic demo cases: persons from the five countries, at every NRM stage, some past target.

Everything here is invented. Every family name carries [DEMO]; each person also has a Latin
"other spelling" without the marker, so the cross-script lookup can be tried ("Айгерим
Токтогулова" finds "Aigerim Toktogulova"). Cases are made through the services (so the audit
trail is real); only the dates of the stage history are moved back afterwards, which a real
deployment never does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from azat.cases import services
from azat.cases.models import Case, Consent, NameKind, Person, StageChange, TraffickingEvent
from azat.cases.services import DocumentInput

DEMO_MARK = "[DEMO]"


@dataclass(frozen=True)
class DemoCase:
    org: str
    worker: str
    given: str
    family: str
    latin: str
    gender: str
    age: int
    citizenship: str
    languages: tuple[str, ...]
    days_ago: int
    path: tuple[str, ...] = ()
    close: tuple[str, str] | None = None
    exploitation: tuple[str, ...] = ("ForcedLabour",)
    means: tuple[str, ...] = ()
    recruitment: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    relation: str = ""
    status: str = "PossibleVictimOfTrafficking"
    decided_by: str = ""
    events: tuple[tuple[str, str, str, int], ...] = ()  # kind, country, place, days ago
    document: tuple[str, str, str, str] | None = None  # type, number, country, status
    consents: tuple[str, ...] = ()  # extra purposes: referral:<org key>, law_enforcement, ...
    withdraw: str = ""
    guardian: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


CASES: tuple[DemoCase, ...] = (
    DemoCase(
        "ngo_kg",
        "caseworker",
        "Айгерим",
        "Токтогулова",
        "Aigerim Toktogulova",
        "Feminine",
        24,
        "KG",
        ("kir", "rus"),
        130,
        ("protection_assistance",),
        exploitation=("ForcedLabour",),
        means=("WithholdsDocuments", "DebtBondage"),
        recruitment=("ThroughOnlineSocialNetworks",),
        platforms=("Telegram",),
        relation="acquaintance",
        events=(
            ("Recruitment", "KG", "Osh, a job post in a chat group", 300),
            ("Exploitation", "RU", "Sewing workshop, Moscow region", 280),
        ),
        document=("passport", "AC1234501", "KG", "confiscated"),
        consents=("referral:shelter_kg",),
    ),
    DemoCase(
        "ngo_kg",
        "caseworker",
        "Бакыт",
        "Осмонов",
        "Bakyt Osmonov",
        "Masculine",
        31,
        "KG",
        ("kir", "rus"),
        60,
        ("protection_assistance", "return"),
        exploitation=("ForcedLabour",),
        means=("TakesEarnings", "ExcessiveWorkingHours"),
        recruitment=("ThroughFriendsOrSocialEvents",),
        relation="friend",
        status="ActualVictimOfTrafficking",
        decided_by="Police",
        events=(("Exploitation", "KZ", "Construction site, Almaty", 120),),
        document=("passport", "AC7654302", "KG", "lost"),
        consents=("law_enforcement", "statistics"),
    ),
    DemoCase(
        "ngo_kg",
        "caseworker",
        "Нургуль",
        "Асанова",
        "Nurgul Asanova",
        "Feminine",
        19,
        "KG",
        ("kir",),
        45,
        ("protection_assistance", "reintegration"),
        exploitation=("SexualExploitation",),
        means=("FalsePromises", "PsychologicalAbuse"),
        recruitment=("ThroughAnOnlineAdvertisement",),
        platforms=("Instagram",),
        relation="stranger",
        events=(
            ("Recruitment", "KG", "Bishkek", 200),
            ("Transit", "KZ", "Almaty", 190),
            ("Exploitation", "AE", "Dubai", 180),
        ),
        consents=("referral:shelter_kg", "statistics"),
    ),
    DemoCase(
        "ngo_kg",
        "caseworker",
        "Эркин",
        "Жумабаев",
        "Erkin Zhumabaev",
        "Masculine",
        16,
        "KG",
        ("kir", "rus"),
        20,
        (),
        exploitation=("ChildLabour", "ForcedBegging"),
        means=("PhysicalThreats",),
        recruitment=("ThroughFamilyOrFamilyEvents",),
        relation="family",
        events=(("Exploitation", "KG", "Bazaar, Bishkek", 40),),
        guardian="Жумабаева Гульмира (aunt)",
    ),
    DemoCase(
        "ngo_kg",
        "supervisor",
        "Дильноза",
        "Каримова",
        "Dilnoza Karimova",
        "Feminine",
        27,
        "UZ",
        ("uzb", "rus"),
        200,
        ("protection_assistance", "return", "reintegration"),
        close=("reintegrated", "Finished a dressmaking course; works from home with a grant."),
        exploitation=("ForcedLabour",),
        means=("WithholdsDocuments",),
        recruitment=("AtWork",),
        relation="acquaintance",
        status="ActualVictimOfTrafficking",
        decided_by="NGO",
        events=(("Exploitation", "KZ", "Greenhouse, Turkistan region", 300),),
        document=("passport", "FA0012345", "UZ", "reissued"),
        consents=("statistics",),
    ),
    DemoCase(
        "ngo_kg",
        "caseworker",
        "Фаррух",
        "Саидов",
        "Farrukh Saidov",
        "Masculine",
        35,
        "TJ",
        ("tgk", "rus"),
        110,
        ("protection_assistance",),
        exploitation=("ForcedLabour",),
        means=("DebtBondage", "ThreatsLawEnforcement"),
        recruitment=("ThroughFriendsOrSocialEvents",),
        platforms=("WhatsApp",),
        relation="friend",
        events=(("Exploitation", "RU", "Warehouse, Yekaterinburg", 250),),
        document=("passport", "400123456", "TJ", "confiscated"),
        withdraw="law_enforcement",
        consents=("law_enforcement",),
    ),
    DemoCase(
        "ngo_kg",
        "caseworker",
        "Чолпон",
        "Исакова",
        "Cholpon Isakova",
        "Feminine",
        22,
        "KG",
        ("kir", "rus"),
        75,
        ("protection_assistance",),
        close=("lost_contact", "Phone off for six weeks; two home visits found nobody."),
        exploitation=("ForcedMarriage",),
        means=("PsychologicalAbuse", "RestrictsFinancialAccess"),
        recruitment=("ThroughFamilyOrFamilyEvents",),
        relation="intimate_partner",
        events=(("Exploitation", "KG", "Naryn region", 100),),
    ),
    DemoCase(
        "ngo_kg",
        "supervisor",
        "Гулжан",
        "Мамытова",
        "Gulzhan Mamytova",
        "Feminine",
        41,
        "KG",
        ("kir", "rus"),
        8,
        (),
        exploitation=("Servitude",),
        means=("WithholdsNecessities", "WithholdsDocuments"),
        recruitment=("ThroughAnOnlineAdvertisement",),
        platforms=("Facebook",),
        relation="stranger",
        events=(
            ("Recruitment", "KG", "Talas", 400),
            ("Exploitation", "TR", "Household, Istanbul", 380),
        ),
        document=("passport", "AC5550001", "KG", "confiscated"),
    ),
    DemoCase(
        "iom_kz",
        "iomcaseworker",
        "Айжан",
        "Сериккызы",
        "Aizhan Serikkyzy",
        "Feminine",
        26,
        "KZ",
        ("kaz", "rus"),
        150,
        ("protection_assistance", "return"),
        exploitation=("SexualExploitation",),
        means=("DebtBondage", "PhysicalAbuse"),
        recruitment=("ThroughOnlineSocialNetworks",),
        platforms=("Instagram", "WhatsApp"),
        relation="acquaintance",
        status="ActualVictimOfTrafficking",
        decided_by="CourtOrProsecution",
        events=(("Recruitment", "KZ", "Shymkent", 260), ("Exploitation", "KR", "Seoul", 240)),
        document=("passport", "N12345678", "KZ", "held"),
        consents=("law_enforcement",),
    ),
    DemoCase(
        "iom_kz",
        "iomcaseworker",
        "Шахзод",
        "Рахимов",
        "Shakhzod Rakhimov",
        "Masculine",
        29,
        "UZ",
        ("uzb", "rus"),
        30,
        ("protection_assistance",),
        exploitation=("ForcedLabour",),
        means=("TakesEarnings", "ExcessiveWorkingHours"),
        recruitment=("ThroughFriendsOrSocialEvents",),
        relation="friend",
        events=(("Exploitation", "KZ", "Brick factory, Almaty region", 90),),
        document=("passport", "FA7654321", "UZ", "confiscated"),
    ),
    DemoCase(
        "iom_kz",
        "iomcaseworker",
        "Мохира",
        "Назарова",
        "Mokhira Nazarova",
        "Feminine",
        33,
        "TJ",
        ("tgk", "rus"),
        95,
        ("protection_assistance",),
        exploitation=("ForcedLabour", "Servitude"),
        means=("WithholdsDocuments",),
        recruitment=("ThroughFamilyOrFamilyEvents",),
        relation="family",
        events=(("Exploitation", "KZ", "Household, Astana", 200),),
        consents=("statistics",),
    ),
    DemoCase(
        "iom_kz",
        "iomcaseworker",
        "Мерген",
        "Аннаев",
        "Mergen Annayev",
        "Masculine",
        38,
        "TM",
        ("tuk", "rus"),
        140,
        ("protection_assistance", "return"),
        close=("returned_home", "Returned to Mary with an IOM return certificate."),
        exploitation=("ForcedLabour",),
        means=("WithholdsDocuments", "ThreatsLawEnforcement"),
        recruitment=("AtAPlaceOfBusiness",),
        relation="stranger",
        events=(("Exploitation", "TR", "Construction site, Antalya", 260),),
        document=("travel_document", "TM-RC-0042", "TM", "reissued"),
    ),
    DemoCase(
        "iom_kz",
        "iomcaseworker",
        "Огулджан",
        "Бердыева",
        "Ogulzhan Berdyeva",
        "Feminine",
        17,
        "TM",
        ("tuk", "rus"),
        12,
        (),
        exploitation=("SexualExploitation",),
        means=("FalsePromises",),
        recruitment=("ThroughOnlineSocialNetworks",),
        platforms=("TikTok",),
        relation="stranger",
        events=(("Transit", "KZ", "Aktau", 30), ("Exploitation", "AE", "Sharjah", 20)),
        extra={
            "legal_basis": "child_protection",
            "legal_basis_note": "Child, no parent reachable; best interests assessed by IOM.",
        },
    ),
    DemoCase(
        "iom_kz",
        "iomcaseworker",
        "Ерлан",
        "Тулегенов",
        "Yerlan Tulegenov",
        "Masculine",
        45,
        "KZ",
        ("kaz", "rus"),
        70,
        ("protection_assistance",),
        close=("transferred", "Moved to Shymkent; case handed to the social protection office."),
        exploitation=("ForcedLabour",),
        means=("DebtBondage",),
        recruitment=("ThroughANewspaperAdvert",),
        relation="stranger",
        events=(("Exploitation", "KZ", "Livestock farm, Kyzylorda region", 150),),
    ),
)


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def populate(world: dict[str, Any]) -> list[Case]:
    organisations = world["organisations"]
    users = world["users"]
    if Person.objects.filter(
        organisation__in=[organisations["ngo_kg"], organisations["iom_kz"]]
    ).exists():
        return list(
            Case.objects.filter(organisation__in=[organisations["ngo_kg"], organisations["iom_kz"]])
        )
    made = []
    for demo in CASES:
        made.append(_make(demo, organisations, users))
    world["cases"] = made
    return made


def _make(demo: DemoCase, organisations: dict[str, Any], users: dict[str, Any]) -> Case:
    actor = users[demo.worker]
    organisation = organisations[demo.org]
    documents = []
    if demo.document:
        kind, number, country, status = demo.document
        documents.append(DocumentInput(kind, number, country, status))
    person = services.person_create(
        actor=actor,
        organisation=organisation,
        names=[
            (NameKind.GIVEN, demo.given),
            (NameKind.FAMILY, f"{demo.family} {DEMO_MARK}"),
            (NameKind.OTHER_SPELLING, demo.latin),
        ],
        documents=documents,
        gender=demo.gender,
        estimated_age=demo.age,
        age_estimated_on=_days_ago(demo.days_ago),
        citizenships=[demo.citizenship],
        languages=list(demo.languages),
        safe_contact="[DEMO] Through the caseworker's office phone only.",
    )
    identified = _days_ago(demo.days_ago)
    case = services.case_open(
        actor=actor,
        person=person,
        identified_on=identified,
        trafficking_status=demo.status,
        consent_given_by="guardian" if demo.guardian else "person",
        guardian_name=demo.guardian,
        exploitation=list(demo.exploitation),
        means_of_control=list(demo.means),
        recruitment_methods=list(demo.recruitment),
        recruitment_platforms=list(demo.platforms),
        recruiter_relation=demo.relation,
        status_decided_by=demo.decided_by,
        status_decided_on=identified + dt.timedelta(days=14) if demo.decided_by else None,
        notes="[DEMO] Synthetic case for trying Azat; nothing here is real.",
        **demo.extra,
    )
    for kind, country, place, days in demo.events:
        services.event_add(
            actor=actor,
            case=case,
            kind=kind,
            country=country,
            place=place,
            date_from=_days_ago(days),
            date_to=_days_ago(max(days - 60, demo.days_ago)) if kind == "Exploitation" else None,
            description="[DEMO] Synthetic event.",
        )
    for purpose in demo.consents:
        if purpose.startswith("referral:"):
            services.consent_record(
                actor=actor,
                case=case,
                purpose="referral",
                organisation=organisations[purpose.split(":", 1)[1]],
            )
        else:
            consent = services.consent_record(actor=actor, case=case, purpose=purpose)
            if purpose == demo.withdraw:
                services.consent_withdraw(actor=actor, consent=consent)
    for stage in demo.path:
        services.case_move_stage(actor=actor, case=case, to_stage=stage)
    if demo.close:
        outcome, reason = demo.close
        services.case_close(actor=actor, case=case, outcome=outcome, reason=f"[DEMO] {reason}")
    _spread_history(case, identified, demo.days_ago)
    return case


def _spread_history(case: Case, identified: dt.date, days_ago: int) -> None:
    """Demo only: place the stage changes between identification and today, in order."""
    changes = list(StageChange.objects.filter(case=case).order_by("id"))
    steps = max(1, len(changes))
    start = timezone.make_aware(dt.datetime.combine(identified, dt.time(10, 0)))
    span = dt.timedelta(days=max(1, days_ago - 2))
    for index, change in enumerate(changes):
        StageChange.objects.filter(pk=change.pk).update(at=start + span * index / steps)
    day = dt.timedelta(days=1)
    for index, consent in enumerate(Consent.objects.filter(case=case).order_by("id")):
        given = start + dt.timedelta(minutes=5) + day * min(index, 3)
        withdrawn = given + day * 5 if consent.withdrawn_at else None
        Consent.objects.filter(pk=consent.pk).update(given_at=given, withdrawn_at=withdrawn)
    TraffickingEvent.objects.filter(case=case).update(created_at=start + day)
