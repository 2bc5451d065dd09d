"""Synthetic demo referrals: provider profiles and referrals in every state from demo cases.

Everything here is invented and marked [DEMO]. Referrals go through the services (consent
checks, audit trail); only due dates are moved into the past afterwards, to show the overdue
queue, which a real deployment never does. Providers other than the shelter have no provider
user in the demo world, so their profiles are written directly (demo only).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from azat.accounts.models import Organisation, User
from azat.cases import services as case_services
from azat.cases.models import Case, Person
from azat.referrals import services
from azat.referrals.models import Provider, Referral

PROVIDERS: dict[str, dict[str, Any]] = {
    "shelter_kg": {
        "services": [
            "shelter",
            "medical",
            "psychological",
            "temporary_housing",
            "vocational_training",
            "interpretation",
        ],
        "countries": ["KG"],
        "regions": ["Chuy", "Bishkek"],
        "languages": ["kir", "rus", "uzb"],
        "capacity": 12,
        "opening_hours": "24/7; admissions 9:00–18:00",
        "phone": "+996 555 000 001",
        "email": "shelter@demo.azat.invalid",
        "address": "[DEMO] Chuy region (address given by phone)",
        "description": "[DEMO] Shelter for women and children: a safe place, a doctor twice a "
        "week, a psychologist, sewing and hairdressing courses.",
    },
    "iom_kz": {
        "services": [
            "return_travel_documents",
            "return_escort",
            "return_reception",
            "family_tracing",
            "reintegration_grant",
            "vocational_training",
        ],
        "countries": ["KZ", "KG", "TJ", "TM", "UZ"],
        "regions": ["Almaty", "Astana", "Shymkent"],
        "languages": ["kaz", "rus", "eng"],
        "capacity": 40,
        "opening_hours": "Mon–Fri 9:00–18:00",
        "phone": "+7 727 000 0002",
        "email": "iom@demo.azat.invalid",
        "address": "[DEMO] Almaty",
        "description": "[DEMO] Return across the region, family tracing and reintegration grants.",
    },
    "legal_tj": {
        "services": ["legal_aid", "document_reissue"],
        "countries": ["TJ"],
        "regions": ["Khatlon", "Dushanbe"],
        "languages": ["tgk", "rus"],
        "capacity": 25,
        "opening_hours": "Mon–Sat 8:00–17:00",
        "phone": "+992 37 000 0003",
        "email": "legal@demo.azat.invalid",
        "address": "[DEMO] Bokhtar",
        "description": "[DEMO] Lawyers for victims: documents, court, claims for unpaid wages.",
    },
    "health_tj": {
        "services": ["medical", "psychological"],
        "countries": ["TJ"],
        "regions": ["Dushanbe"],
        "languages": ["tgk", "rus"],
        "capacity": None,
        "opening_hours": "Every day 8:00–20:00",
        "phone": "+992 37 000 0004",
        "description": "[DEMO] Free examination and treatment for referred victims.",
    },
    "social_kz": {
        "services": ["social_aid", "temporary_housing", "document_reissue", "education"],
        "countries": ["KZ"],
        "regions": ["Turkistan", "Shymkent"],
        "languages": ["kaz", "rus", "uzb"],
        "capacity": 15,
        "opening_hours": "Mon–Fri 9:00–18:00",
        "phone": "+7 7252 000 005",
        "description": "[DEMO] State social aid, temporary housing and help with documents.",
    },
}


def _case_of(organisation: Organisation, latin: str) -> Case | None:
    """Find a demo case by the Latin spelling its person carries (no decryption needed twice)."""
    for person in Person.objects.filter(organisation=organisation).prefetch_related("names"):
        if any(n.value == latin for n in person.names.all()):
            return person.cases.order_by("pk").first()
    return None


def _consent(actor: User, case: Case, organisation: Organisation) -> None:
    if not case.consents.active().filter(purpose="referral", organisation=organisation).exists():
        case_services.consent_record(
            actor=actor, case=case, purpose="referral", organisation=organisation
        )


def populate(world: dict[str, Any]) -> list[Referral]:
    organisations: dict[str, Organisation] = world["organisations"]
    users: dict[str, User] = world["users"]
    if Provider.objects.filter(organisation=organisations["shelter_kg"]).exists():
        return list(Referral.objects.all())
    shelter_user = users["shelter"]
    services.provider_profile_save(
        actor=shelter_user, organisation=organisations["shelter_kg"], **PROVIDERS["shelter_kg"]
    )
    for key, fields in PROVIDERS.items():
        if key == "shelter_kg":
            continue
        provider = Provider(organisation=organisations[key], **fields)
        provider.full_clean()
        provider.save()
    world["providers"] = list(Provider.objects.all())
    return _referrals(organisations, users)


def _referrals(organisations: dict[str, Organisation], users: dict[str, User]) -> list[Referral]:
    today = timezone.localdate()
    ngo, iom, shelter = (
        organisations["ngo_kg"],
        organisations["iom_kz"],
        organisations["shelter_kg"],
    )
    worker, supervisor, iom_worker = (
        users["caseworker"],
        users["supervisor"],
        users["iomcaseworker"],
    )
    shelter_user = users["shelter"]
    made: list[Referral] = []
    basic = ["first_name", "age", "sex", "languages", "needs", "safety_notes"]

    aigerim = _case_of(ngo, "Aigerim Toktogulova")
    if aigerim is not None:
        _consent(worker, aigerim, shelter)
        stay = services.referral_create(
            actor=worker,
            case=aigerim,
            receiver=shelter,
            services=["shelter", "psychological"],
            urgency="urgent",
            due_on=today + dt.timedelta(days=2),
            package_fields=basic,
            needs="[DEMO] A safe place to stay for a few weeks; sleeps badly, afraid to go out.",
            safety_notes="[DEMO] The recruiter knows her family in Osh. Never call relatives.",
        )
        services.referral_send(actor=worker, referral=stay)
        services.referral_accept(actor=shelter_user, referral=stay)
        for days, service, note in (
            (20, "shelter", "[DEMO] Admitted; room shared with one other resident."),
            (18, "psychological", "[DEMO] First session; weekly sessions agreed."),
        ):
            services.service_record(
                actor=shelter_user,
                case=aigerim,
                referral=stay,
                service=service,
                delivered_on=today - dt.timedelta(days=days),
                cost=None if service == "psychological" else Decimal(4500),
                currency="" if service == "psychological" else "KGS",
                funding_source="donor" if service == "shelter" else "organisation",
                note=note,
            )
        made.append(stay)
        checkup = services.referral_create(
            actor=worker,
            case=aigerim,
            receiver=shelter,
            services=["medical"],
            package_fields=["first_name", "age", "sex", "needs"],
            needs="[DEMO] General health check.",
        )
        services.referral_send(actor=worker, referral=checkup)
        services.referral_accept(actor=shelter_user, referral=checkup)
        services.service_record(
            actor=shelter_user,
            case=aigerim,
            referral=checkup,
            service="medical",
            delivered_on=today - dt.timedelta(days=15),
            funding_source="free",
            note="[DEMO] Examination done; no follow-up needed.",
        )
        services.referral_complete(actor=shelter_user, referral=checkup)
        made.append(checkup)

    nurgul = _case_of(ngo, "Nurgul Asanova")
    if nurgul is not None:
        course = services.referral_create(
            actor=worker,
            case=nurgul,
            receiver=shelter,
            services=["vocational_training"],
            due_on=today + dt.timedelta(days=1),
            package_fields=["first_name", "age", "languages", "needs"],
            needs="[DEMO] Wants to learn dressmaking and work from home.",
        )
        services.referral_send(actor=worker, referral=course)
        Referral.objects.filter(pk=course.pk).update(due_on=today - dt.timedelta(days=3))
        made.append(course)

    farrukh = _case_of(ngo, "Farrukh Saidov")
    if farrukh is not None:
        _consent(worker, farrukh, shelter)
        refused = services.referral_create(
            actor=worker,
            case=farrukh,
            receiver=shelter,
            services=["temporary_housing"],
            package_fields=["alias", "sex", "needs"],
            alias="F.",
            needs="[DEMO] A bed for two weeks while his documents are reissued.",
        )
        services.referral_send(actor=worker, referral=refused)
        services.referral_decline(
            actor=shelter_user,
            referral=refused,
            reason="[DEMO] We take women and children only; try the social protection office.",
        )
        made.append(refused)

    bakyt = _case_of(ngo, "Bakyt Osmonov")
    if bakyt is not None:
        draft = services.referral_create(
            actor=worker,
            case=bakyt,
            receiver=iom,
            services=["return_travel_documents", "return_reception"],
            package_fields=["first_name", "age", "sex", "languages", "needs"],
            needs="[DEMO] Passport lost; needs a return certificate and to be met in Osh.",
        )
        made.append(draft)

    gulzhan = _case_of(ngo, "Gulzhan Mamytova")
    if gulzhan is not None:
        withdrawn = services.referral_create(
            actor=supervisor,
            case=gulzhan,
            receiver=shelter,
            services=["shelter"],
            package_fields=["first_name", "age"],
        )
        services.referral_withdraw(
            actor=supervisor, referral=withdrawn, reason="[DEMO] She is staying with her sister."
        )
        made.append(withdrawn)

    mokhira = _case_of(iom, "Mokhira Nazarova")
    if mokhira is not None:
        legal = organisations["legal_tj"]
        _consent(iom_worker, mokhira, legal)
        cross = services.referral_create(
            actor=iom_worker,
            case=mokhira,
            receiver=legal,
            services=["document_reissue", "legal_aid"],
            urgency="urgent",
            due_on=today + dt.timedelta(days=5),
            package_fields=["first_name", "age", "sex", "languages", "needs", "safety_notes"],
            needs="[DEMO] Passport held by the employer in Astana; wants to claim unpaid wages.",
            safety_notes="[DEMO] Returning to Khatlon next week; contact only through IOM.",
        )
        services.referral_send(actor=iom_worker, referral=cross)
        made.append(cross)
    return made
