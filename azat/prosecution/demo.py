"""Synthetic demo criminal cases of the Bishkek prosecutor's office, in different states, and one
joint investigation with the Tashkent police.

Everything here is invented; numbers carry [DEMO]. The Kyrgyz files are made through the services
(so the audit trail is real); only two things are written directly, as a real deployment never
would: the Uzbek partner's file (the demo world has no Uzbek investigator to sign in as), and
the link to a victim whose law-enforcement consent the cases demo has already withdrawn (the
link is shown as it would look after a withdrawal: the name hidden).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from azat.cases.models import Case, Consent
from azat.knowledge.selectors import law_rows
from azat.prosecution import selectors, services
from azat.prosecution.models import CriminalCase, JointSide, ProceduralEvent, Victim

DEMO_MARK = "[DEMO]"


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _row(country: str, article: str) -> list[str]:
    """The key of the current code's trafficking row for `article` (empty if the file lacks it)."""
    for row in law_rows():
        p = row.provision
        if (
            row.code.country == country
            and row.code.valid_to is None
            and p.article == article
            and p.role in ("trafficking", "child_trafficking", "related")
        ):
            return [row.key]
    return []


def _case_with_consent(*, active: bool) -> Case | None:
    consents = Consent.objects.filter(purpose="law_enforcement", withdrawn_at__isnull=active)
    if active:
        withdrawn = Consent.objects.filter(
            purpose="law_enforcement", withdrawn_at__isnull=False
        ).values("case_id")
        consents = consents.exclude(case_id__in=withdrawn)
    consent = consents.select_related("case").order_by("case_id").first()
    return consent.case if consent else None


def populate(world: dict[str, Any]) -> list[CriminalCase]:
    organisations = world["organisations"]
    agency = organisations["prosecutor_kg"]
    prosecutor = world["users"]["prosecutor"]
    existing = list(CriminalCase.objects.filter(agency=agency))
    if existing:
        return existing

    # 1. Sent to court and decided: one recruiter convicted, one transporter acquitted.
    decided = services.criminal_case_register(
        actor=prosecutor,
        agency=agency,
        jurisdiction="KG",
        number=f"02-166-0112 {DEMO_MARK}",
        registered_on=_ago(330),
        articles=_row("KG", "166"),
    )
    for status, days in (("investigation", 320), ("court", 200), ("verdict", 60)):
        services.criminal_case_step(
            actor=prosecutor,
            criminal_case=decided,
            expected_version=decided.version,
            to_status=status,
            on=_ago(days),
        )
    recruiter = services.defendant_add(
        actor=prosecutor, criminal_case=decided, name=f"“Uncle Marat” {DEMO_MARK}", role="recruiter"
    )
    driver = services.defendant_add(
        actor=prosecutor, criminal_case=decided, name=f"Driver K. {DEMO_MARK}", role="transporter"
    )
    services.defendant_verdict(
        actor=prosecutor,
        defendant=recruiter,
        verdict="convicted",
        verdict_on=_ago(60),
        sentence="6 years' imprisonment",
        confiscation=True,
    )
    services.defendant_verdict(
        actor=prosecutor, defendant=driver, verdict="acquitted", verdict_on=_ago(60)
    )
    consenting = _case_with_consent(active=True)
    services.victim_add(
        actor=prosecutor,
        criminal_case=decided,
        case=consenting,
        standing="injured_party",
        protection=["closed_hearing", "no_confrontation"],
        compensation_claimed=Decimal("250000"),
        compensation_awarded=Decimal("120000"),
        currency="KGS",
    )

    # The recruiter is the perpetrator the victim's case recorded (network demo), and the file
    # holds the evidence the memo lists under each fact.
    for perpetrator in selectors.perpetrator_choices(decided):
        if perpetrator.role == "recruiter":
            services.defendant_link(actor=prosecutor, defendant=recruiter, perpetrator=perpetrator)
            break
    for kind, description, days, held_by, facts in (
        (
            "victim_testimony",
            "Interview of the victim: recruited by a friend with a promise of building work.",
            320,
            "Case file, vol. 1",
            ["ACT_RECRUITMENT", "MEANS_DECEPTION", "PURP_FORCED_LABOUR"],
        ),
        (
            "messages",
            "Telegram chat with the recruiter: the job offer and the wage promised.",
            318,
            "Investigator; printout and device image",
            ["ACT_RECRUITMENT", "MEANS_DECEPTION"],
        ),
        (
            "money_transfers",
            "Transfers from the workers' wages to the recruiter's card.",
            300,
            "Bank reply to the request of the investigator",
            ["PURP_FORCED_LABOUR"],
        ),
    ):
        services.evidence_record(
            actor=prosecutor,
            criminal_case=decided,
            kind=kind,
            description=f"{description} {DEMO_MARK}",
            obtained_on=_ago(days),
            held_by=held_by,
            facts=facts,
        )

    # 2. Dismissed for absence of a crime in the act, as most cases of 2020 were (CABAR, 2021).
    dismissed = services.criminal_case_register(
        actor=prosecutor,
        agency=agency,
        jurisdiction="KG",
        number=f"02-166-0087 {DEMO_MARK}",
        registered_on=_ago(400),
        articles=_row("KG", "166"),
    )
    services.criminal_case_step(
        actor=prosecutor,
        criminal_case=dismissed,
        expected_version=dismissed.version,
        to_status="investigation",
        on=_ago(395),
    )
    services.criminal_case_step(
        actor=prosecutor,
        criminal_case=dismissed,
        expected_version=dismissed.version,
        to_status="dismissed",
        on=_ago(250),
        ground="no_crime",
        note="Exploitation abroad could not be proven: no answer to the request for legal "
        "assistance. [DEMO]",
    )
    withdrawn = _case_with_consent(active=False)
    if withdrawn is not None:
        Victim.objects.create(criminal_case=dismissed, case=withdrawn, standing="witness")

    # 3. Under investigation, part of a joint investigation with the Tashkent police.
    open_case = services.criminal_case_register(
        actor=prosecutor,
        agency=agency,
        jurisdiction="KG",
        number=f"02-166-0153 {DEMO_MARK}",
        registered_on=_ago(45),
        articles=_row("KG", "166"),
    )
    services.criminal_case_step(
        actor=prosecutor,
        criminal_case=open_case,
        expected_version=open_case.version,
        to_status="investigation",
        on=_ago(44),
    )
    services.defendant_add(
        actor=prosecutor, criminal_case=open_case, name=f"“Jamshid” {DEMO_MARK}", role="recruiter"
    )
    services.victim_add(
        actor=prosecutor,
        criminal_case=open_case,
        standing="injured_party",
        protection=["anonymity", "shelter"],
    )
    partner = organisations["police_uz"]
    joint = services.joint_open(
        actor=prosecutor,
        criminal_case=open_case,
        title=f"Osh – Tashkent – Almaty construction sites {DEMO_MARK}",
        summary="Men recruited in Osh through a chat group, moved by minibus through Tashkent "
        "and held on building sites near Almaty. The Kyrgyz side investigates the recruiter; the "
        "Uzbek side the transport company. [DEMO]",
        partners=[partner],
    )
    uz_case = CriminalCase.objects.create(
        agency=partner,
        jurisdiction="UZ",
        number=f"UZ-135-0041 {DEMO_MARK}",
        registered_on=_ago(30),
        articles=_row("UZ", "135"),
        status="investigation",
    )
    ProceduralEvent.objects.create(criminal_case=uz_case, to_status="registered", on=_ago(30))
    ProceduralEvent.objects.create(
        criminal_case=uz_case, from_status="registered", to_status="investigation", on=_ago(29)
    )
    JointSide.objects.filter(joint=joint, agency=partner).update(criminal_case=uz_case)
    made = [decided, dismissed, open_case, uz_case]
    world["criminal_cases"] = made
    return made
