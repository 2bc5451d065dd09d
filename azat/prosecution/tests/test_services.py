"""Services: permission, validation and the audit event of every write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from azat.accounts.roles import Role
from azat.cases import services as case_services
from azat.core.models import AuditEvent
from azat.knowledge.selectors import law_rows
from azat.prosecution import selectors, services
from azat.prosecution.models import CriminalCase, JointSide

pytestmark = pytest.mark.django_db


def last_event(action):
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


def test_register_writes_history_and_audit(criminal_case, prosecutor, agency, kg_article):
    assert criminal_case.status == "registered"
    assert [(h.from_status, h.to_status) for h in criminal_case.history.all()] == [
        ("", "registered")
    ]
    event = last_event("prosecution.criminalcase.register")
    assert event.actor == prosecutor and event.organisation == agency
    assert event.detail == {"jurisdiction": "KG", "articles": [kg_article]}


def test_register_refuses_a_caseworker(caseworker, agency):
    with pytest.raises(PermissionDenied):
        services.criminal_case_register(
            actor=caseworker,
            agency=agency,
            jurisdiction="KG",
            number="1",
            registered_on=dt.date(2026, 1, 1),
        )


def test_register_refuses_another_agencys_prosecutor(other_prosecutor, agency):
    with pytest.raises(PermissionDenied):
        services.criminal_case_register(
            actor=other_prosecutor,
            agency=agency,
            jurisdiction="KG",
            number="1",
            registered_on=dt.date(2026, 1, 1),
        )


def test_articles_must_be_rows_of_the_knowledge_base(prosecutor, agency):
    with pytest.raises(ValidationError) as info:
        services.criminal_case_register(
            actor=prosecutor,
            agency=agency,
            jurisdiction="KG",
            number="1",
            registered_on=dt.date(2026, 1, 1),
            articles=["KG-cc-2021:999:-:deadbeef"],
        )
    assert "articles" in info.value.message_dict


def test_articles_of_another_country_are_refused(prosecutor, agency):
    uz_key = next(r.key for r in law_rows() if r.code.country == "UZ")
    with pytest.raises(ValidationError) as info:
        services.criminal_case_register(
            actor=prosecutor,
            agency=agency,
            jurisdiction="KG",
            number="1",
            registered_on=dt.date(2026, 1, 1),
            articles=[uz_key],
        )
    assert "UZ" in info.value.message_dict["articles"][0]


def test_duplicate_number_in_one_agency_is_refused(criminal_case, prosecutor, agency):
    with pytest.raises(ValidationError) as info:
        services.criminal_case_register(
            actor=prosecutor,
            agency=agency,
            jurisdiction="KG",
            number=criminal_case.number,
            registered_on=dt.date(2026, 1, 1),
        )
    assert "number" in info.value.message_dict


def test_charge_replaces_articles_and_audits_before_and_after(
    criminal_case, prosecutor, kg_article
):
    services.criminal_case_charge(
        actor=prosecutor,
        criminal_case=criminal_case,
        expected_version=criminal_case.version,
        articles=[],
    )
    criminal_case.refresh_from_db()
    assert criminal_case.articles == []
    assert last_event("prosecution.criminalcase.charge").detail == {
        "before": [kg_article],
        "after": [],
    }


def test_steps_move_the_case_and_keep_a_dated_history(criminal_case, prosecutor):
    services.criminal_case_step(
        actor=prosecutor,
        criminal_case=criminal_case,
        expected_version=criminal_case.version,
        to_status="investigation",
        on=dt.date(2026, 1, 6),
    )
    services.criminal_case_step(
        actor=prosecutor,
        criminal_case=criminal_case,
        expected_version=criminal_case.version,
        to_status="dismissed",
        on=dt.date(2026, 2, 1),
        ground="no_crime",
        note="Art. 26: no crime in the act",
    )
    criminal_case.refresh_from_db()
    assert (criminal_case.status, criminal_case.dismissal_ground) == ("dismissed", "no_crime")
    assert [h.to_status for h in criminal_case.history.all()] == [
        "registered",
        "investigation",
        "dismissed",
    ]
    assert last_event("prosecution.criminalcase.step").detail == {
        "from": "investigation",
        "to": "dismissed",
        "ground": "no_crime",
        "on": "2026-02-01",
    }


def test_invalid_step_is_refused_with_a_message(criminal_case, prosecutor):
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.criminal_case_step(
            actor=prosecutor,
            criminal_case=criminal_case,
            expected_version=criminal_case.version,
            to_status="verdict",
            on=dt.date(2026, 1, 6),
        )
    message = info.value.message_dict["to_status"][0]
    assert "cannot go to" in message and "Under investigation" in message
    assert not AuditEvent.objects.filter(action="prosecution.criminalcase.step").exists()


def test_dismissal_without_ground_names_the_ground_field(criminal_case, prosecutor):
    with pytest.raises(ValidationError) as info:
        services.criminal_case_step(
            actor=prosecutor,
            criminal_case=criminal_case,
            expected_version=criminal_case.version,
            to_status="dismissed",
            on=dt.date(2026, 1, 6),
        )
    assert list(info.value.message_dict) == ["ground"]


def _to_verdict(criminal_case, prosecutor):
    for status, day in (("investigation", 6), ("court", 7), ("verdict", 8)):
        services.criminal_case_step(
            actor=prosecutor,
            criminal_case=criminal_case,
            expected_version=criminal_case.version,
            to_status=status,
            on=dt.date(2026, 1, day),
        )


def test_defendant_verdict_needs_the_case_at_verdict(criminal_case, prosecutor):
    defendant = services.defendant_add(
        actor=prosecutor, criminal_case=criminal_case, name="Marat", role="recruiter"
    )
    assert last_event("prosecution.defendant.add").detail == {
        "criminal_case_id": criminal_case.pk,
        "role": "recruiter",
        "perpetrator_id": None,
    }
    with pytest.raises(ValidationError):
        services.defendant_verdict(
            actor=prosecutor,
            defendant=defendant,
            verdict="convicted",
            verdict_on=dt.date(2026, 1, 8),
            sentence="6 years",
        )
    _to_verdict(criminal_case, prosecutor)
    defendant.criminal_case.refresh_from_db()
    services.defendant_verdict(
        actor=prosecutor,
        defendant=defendant,
        verdict="convicted",
        verdict_on=dt.date(2026, 1, 8),
        sentence="6 years",
        confiscation=True,
    )
    defendant.refresh_from_db()
    assert (defendant.verdict, defendant.sentence, defendant.confiscation) == (
        "convicted",
        "6 years",
        True,
    )
    event = last_event("prosecution.defendant.verdict")
    assert event.detail == {
        "criminal_case_id": criminal_case.pk,
        "verdict": "convicted",
        "confiscation": True,
    }
    assert "6 years" not in str(event.detail) and "Marat" not in str(event.detail)


def test_acquittal_has_no_sentence(criminal_case, prosecutor):
    defendant = services.defendant_add(
        actor=prosecutor, criminal_case=criminal_case, name="K.", role="transporter"
    )
    _to_verdict(criminal_case, prosecutor)
    defendant.criminal_case.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        services.defendant_verdict(
            actor=prosecutor,
            defendant=defendant,
            verdict="acquitted",
            verdict_on=dt.date(2026, 1, 8),
            sentence="2 years",
        )
    assert "sentence" in info.value.message_dict


def test_linking_a_case_needs_law_enforcement_consent(criminal_case, prosecutor, ngo_case):
    with pytest.raises(ValidationError) as info:
        services.victim_add(actor=prosecutor, criminal_case=criminal_case, case=ngo_case)
    assert "case" in info.value.message_dict
    assert not criminal_case.victims.exists()


def test_victim_name_shows_only_while_consent_stands(
    criminal_case, prosecutor, ngo_case, law_consent, caseworker
):
    victim = services.victim_add(
        actor=prosecutor,
        criminal_case=criminal_case,
        case=ngo_case,
        protection=["closed_hearing"],
        compensation_claimed=Decimal("1000"),
        currency="KGS",
    )
    event = last_event("prosecution.victim.add")
    assert event.detail == {
        "criminal_case_id": criminal_case.pk,
        "case_id": ngo_case.pk,
        "standing": "injured_party",
        "protection": ["closed_hearing"],
    }
    assert selectors.victim_identity(victim) == "Жылдыз Ахметова"
    case_services.consent_withdraw(actor=caseworker, consent=law_consent)
    victim.refresh_from_db()
    assert selectors.victim_identity(victim) is None


def test_amounts_need_a_currency(criminal_case, prosecutor):
    with pytest.raises(ValidationError) as info:
        services.victim_add(
            actor=prosecutor, criminal_case=criminal_case, compensation_claimed=Decimal("5")
        )
    assert "currency" in info.value.message_dict


def test_victim_update_audits_without_amounts(criminal_case, prosecutor):
    victim = services.victim_add(actor=prosecutor, criminal_case=criminal_case)
    services.victim_update(
        actor=prosecutor,
        victim=victim,
        standing="witness",
        protection=["remote_testimony"],
        compensation_claimed=None,
        compensation_awarded=Decimal("700"),
        currency="USD",
    )
    assert last_event("prosecution.victim.update").detail == {
        "criminal_case_id": criminal_case.pk,
        "standing": "witness",
        "protection": ["remote_testimony"],
        "claimed": False,
        "awarded": True,
    }


def test_joint_investigation_opens_attaches_and_shares_the_summary(
    criminal_case, prosecutor, other_prosecutor, other_agency, agency
):
    joint = services.joint_open(
        actor=prosecutor,
        criminal_case=criminal_case,
        title="Osh – Tashkent",
        summary="Recruiter in Osh.",
        partners=[other_agency],
    )
    assert last_event("prosecution.joint.open").detail == {
        "criminal_case_id": criminal_case.pk,
        "partner_ids": [other_agency.pk],
    }
    uz_case = services.criminal_case_register(
        actor=other_prosecutor,
        agency=other_agency,
        jurisdiction="UZ",
        number="UZ-1",
        registered_on=dt.date(2026, 1, 3),
    )
    services.joint_attach(actor=other_prosecutor, joint=joint, criminal_case=uz_case)
    assert JointSide.objects.get(joint=joint, agency=other_agency).criminal_case == uz_case
    assert last_event("prosecution.joint.attach").organisation == other_agency
    services.joint_summary_update(
        actor=other_prosecutor,
        joint=joint,
        expected_version=joint.version,
        summary="Transport firm in Tashkent.",
        agency_id=other_agency.pk,
    )
    joint.refresh_from_db()
    assert joint.summary == "Transport firm in Tashkent."
    assert last_event("prosecution.joint.summary").detail == {"agency_id": other_agency.pk}


def test_agency_not_invited_cannot_attach(
    criminal_case, prosecutor, other_agency, make_org, make_member
):
    joint = services.joint_open(
        actor=prosecutor,
        criminal_case=criminal_case,
        title="T",
        summary="",
        partners=[other_agency],
    )
    third = make_org("prosecutor", "TJ", name="Dushanbe Prosecutor")
    third_prosecutor = make_member(Role.PROSECUTOR, third)
    tj_case = services.criminal_case_register(
        actor=third_prosecutor,
        agency=third,
        jurisdiction="TJ",
        number="TJ-1",
        registered_on=dt.date(2026, 1, 3),
    )
    with pytest.raises(PermissionDenied):
        services.joint_attach(actor=third_prosecutor, joint=joint, criminal_case=tj_case)


def test_partner_must_be_a_law_enforcement_agency(criminal_case, prosecutor, org):
    with pytest.raises(ValidationError):
        services.joint_open(
            actor=prosecutor, criminal_case=criminal_case, title="T", summary="", partners=[org]
        )


def test_criminal_case_view_is_audited(criminal_case, prosecutor, agency):
    from azat.accounts.models import Membership

    membership = Membership.objects.get(user=prosecutor)
    seen = selectors.criminal_case_get_for_user(
        user=prosecutor, membership=membership, id=criminal_case.pk
    )
    assert seen == criminal_case
    event = last_event("prosecution.criminalcase.view")
    assert (event.actor, event.object_id) == (prosecutor, str(criminal_case.pk))


def test_demo_populates_cases_in_different_states():
    from azat.accounts import demo as accounts_demo
    from azat.cases import demo as cases_demo
    from azat.prosecution import demo

    world: dict = {}
    accounts_demo.populate(world)
    cases_demo.populate(world)
    made = demo.populate(world)
    statuses = sorted(c.status for c in made)
    assert statuses == ["dismissed", "investigation", "investigation", "verdict"]
    assert CriminalCase.objects.filter(agency=world["organisations"]["prosecutor_kg"]).count() == 3
    # Running again reuses what is there.
    assert len(demo.populate(world)) == 3
