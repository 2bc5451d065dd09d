"""Pages through HTTP: who sees what, and what a withdrawn consent hides."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from azat.accounts.roles import Role
from azat.cases import services as case_services
from azat.core.models import AuditEvent
from azat.prosecution import services

pytestmark = pytest.mark.django_db


def url(name, *args):
    """English pages, so that the assertions read the texts as written in the code."""
    with translation.override("en"):
        return reverse(f"prosecution:{name}", args=args)


def test_prosecutor_sees_own_agency_case(client_for, prosecutor, criminal_case):
    response = client_for(prosecutor).get(url("detail", criminal_case.pk))
    assert response.status_code == 200
    assert "02-166-0001" in response.content.decode()
    assert (
        AuditEvent.objects.filter(
            action="prosecution.criminalcase.view", object_id=str(criminal_case.pk)
        ).count()
        == 1
    )


def test_list_shows_only_own_agency(client_for, prosecutor, other_prosecutor, criminal_case):
    assert "02-166-0001" in client_for(prosecutor).get(url("list")).content.decode()
    assert "02-166-0001" not in client_for(other_prosecutor).get(url("list")).content.decode()


@pytest.mark.parametrize("name", ["detail", "charge", "victim_add", "joint_new"])
def test_other_agency_prosecutor_gets_not_found(client_for, other_prosecutor, criminal_case, name):
    assert client_for(other_prosecutor).get(url(name, criminal_case.pk)).status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST, Role.SYS_ADMIN])
def test_other_roles_get_not_found(client_for, make_member, agency, criminal_case, role):
    """Even members of the agency itself, in a role other than investigator/prosecutor."""
    user = make_member(role, agency)
    assert client_for(user).get(url("detail", criminal_case.pk)).status_code == 404
    assert client_for(user).get(url("list")).status_code == 404


def test_register_through_the_form(client_for, prosecutor, kg_article):
    response = client_for(prosecutor).post(
        url("new"),
        {
            "jurisdiction": "KG",
            "number": "02-166-0099",
            "registered_on": "2026-01-20",
            "articles": [kg_article],
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="prosecution.criminalcase.register").exists()


def test_refused_step_keeps_the_form_and_says_why(client_for, prosecutor, criminal_case):
    response = client_for(prosecutor).post(
        url("step", criminal_case.pk),
        {"version": criminal_case.version, "to_status": "dismissed", "on": "2026-01-06"},
    )
    assert response.status_code == 400
    assert "Choose the legal ground of the dismissal." in response.content.decode()


def test_step_through_the_form(client_for, prosecutor, criminal_case):
    response = client_for(prosecutor).post(
        url("step", criminal_case.pk),
        {"version": criminal_case.version, "to_status": "investigation", "on": "2026-01-06"},
    )
    assert response.status_code == 302
    criminal_case.refresh_from_db()
    assert criminal_case.status == "investigation"


def test_articles_show_their_verification_status(client_for, prosecutor, criminal_case, kg_article):
    from django.utils import translation

    from azat.knowledge.presentation import badge
    from azat.knowledge.selectors import law_row_get

    with translation.override("en"):
        page = client_for(prosecutor).get(url("detail", criminal_case.pk)).content.decode()
        expected = badge(law_row_get(kg_article).status)
        assert f'<span class="badge {expected.css}">{expected.label}</span>' in page


def test_victim_identity_follows_the_consent(
    client_for, prosecutor, criminal_case, ngo_case, law_consent, caseworker
):
    client = client_for(prosecutor)
    response = client.post(
        url("victim_add", criminal_case.pk),
        {"case_reference": ngo_case.reference, "standing": "injured_party"},
    )
    assert response.status_code == 302
    assert "Жылдыз Ахметова" in client.get(url("detail", criminal_case.pk)).content.decode()
    case_services.consent_withdraw(actor=caseworker, consent=law_consent)
    page = client.get(url("detail", criminal_case.pk)).content.decode()
    assert "Жылдыз" not in page and "Ахметова" not in page
    assert "identity hidden" in page


def test_linking_without_consent_and_unknown_reference_read_the_same(
    client_for, prosecutor, criminal_case, ngo_case
):
    client = client_for(prosecutor)
    without = client.post(
        url("victim_add", criminal_case.pk),
        {"case_reference": ngo_case.reference, "standing": "injured_party"},
    ).content.decode()
    missing = client.post(
        url("victim_add", criminal_case.pk),
        {"case_reference": "C-99999", "standing": "injured_party"},
    ).content.decode()
    assert "has not agreed to share it with law enforcement" in without
    assert "has not agreed to share it with law enforcement" in missing


def test_joint_investigation_shows_own_file_and_summary_only(
    client_for, prosecutor, other_prosecutor, other_agency, criminal_case
):
    joint = services.joint_open(
        actor=prosecutor,
        criminal_case=criminal_case,
        title="Osh – Tashkent",
        summary="Shared words",
        partners=[other_agency],
    )
    own = client_for(prosecutor).get(url("joint", joint.pk)).content.decode()
    assert "02-166-0001" in own and "Shared words" in own
    partner = client_for(other_prosecutor).get(url("joint", joint.pk)).content.decode()
    assert "Shared words" in partner and "02-166-0001" not in partner


def test_joint_investigation_is_not_found_for_uninvited(
    client_for, prosecutor, other_agency, criminal_case, make_org, make_member
):
    joint = services.joint_open(
        actor=prosecutor,
        criminal_case=criminal_case,
        title="T",
        summary="S",
        partners=[other_agency],
    )
    outsider = make_member(Role.PROSECUTOR, make_org("prosecutor", "TJ", name="Dushanbe"))
    assert client_for(outsider).get(url("joint", joint.pk)).status_code == 404


# --- funnel -----------------------------------------------------------------------------------


def _register(actor, agency, number, status_path=()):
    cc = services.criminal_case_register(
        actor=actor,
        agency=agency,
        jurisdiction="KG",
        number=number,
        registered_on=dt.date(2025, 3, 1),
    )
    for day, (status, ground) in enumerate(status_path, start=2):
        services.criminal_case_step(
            actor=actor,
            criminal_case=cc,
            expected_version=cc.version,
            to_status=status,
            on=dt.date(2025, 3, day),
            ground=ground,
        )
    return cc


def test_analyst_sees_counts_only_with_small_cells_hidden(
    client_for, make_member, org, prosecutor, agency
):
    for n in range(6):
        _register(prosecutor, agency, f"D-{n}", [("dismissed", "no_crime")])
    _register(prosecutor, agency, "C-1", [("investigation", ""), ("court", "")])
    analyst = make_member(Role.ANALYST, org)
    response = client_for(analyst).get(url("funnel"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "&lt;5" in page
    assert "D-0" not in page and "C-1" not in page
    assert "Your agency" not in page


def test_prosecutor_sees_own_agency_detail(client_for, prosecutor, agency):
    _register(prosecutor, agency, "C-1", [("investigation", ""), ("court", "")])
    page = client_for(prosecutor).get(url("funnel")).content.decode()
    assert "C-1" in page
    assert AuditEvent.objects.filter(action="prosecution.funnel.view").count() == 1


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.OPERATOR, Role.PROVIDER])
def test_funnel_not_found_for_other_roles(client_for, make_member, org, role):
    assert client_for(make_member(role, org)).get(url("funnel")).status_code == 404


# --- qualification inside a case ----------------------------------------------------------------


def test_caseworker_qualifies_own_case_with_facts_prefilled(client_for, caseworker, ngo_case):
    response = client_for(caseworker).get(url("case_qualify", ngo_case.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="2025-05-01"' in page and 'value="KG"' in page
    assert re.search(r'value="PURP_FORCED_LABOUR"[^>]*checked', page)
    assert not re.search(r'value="PURP_BEGGING"[^>]*checked', page)


def test_an_official_recorded_in_the_case_prefills_official_position(
    client_for, caseworker, ngo_case
):
    from azat.network import services as network_services

    network_services.perpetrator_record(
        actor=caseworker,
        case=ngo_case,
        data=network_services.PerpetratorInput(role="official", aliases=["Border officer"]),
    )
    page = client_for(caseworker).get(url("case_qualify", ngo_case.pk)).content.decode()
    assert re.search(r'value="AGG_OFFICIAL_POSITION"[^>]*checked', page)
    assert f'name="case" value="{ngo_case.pk}"' in page


def test_qualification_results_come_from_the_knowledge_engine(client_for, caseworker, ngo_case):
    response = client_for(caseworker).post(
        url("case_qualify", ngo_case.pk),
        {
            "action": "qualify",
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "0",
            "events-0-country": "KG",
            "events-0-date": "2025-05-01",
            "events-0-stage": "recruitment",
            "purposes": ["PURP_FORCED_LABOUR"],
            "means": ["MEANS_DECEPTION"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Candidate articles" in page and 'id="j-KG"' in page


def test_caseworker_of_another_organisation_gets_not_found(
    client_for, make_member, other_org, ngo_case
):
    outsider = make_member(Role.CASEWORKER, other_org)
    assert client_for(outsider).get(url("case_qualify", ngo_case.pk)).status_code == 404


def test_prosecutor_without_a_linked_criminal_case_gets_not_found(
    client_for, prosecutor, ngo_case, law_consent
):
    assert client_for(prosecutor).get(url("case_qualify", ngo_case.pk)).status_code == 404


def test_prosecutor_with_linked_case_sees_facts_until_consent_is_withdrawn(
    client_for, prosecutor, criminal_case, ngo_case, law_consent, caseworker
):
    services.victim_add(actor=prosecutor, criminal_case=criminal_case, case=ngo_case)
    client = client_for(prosecutor)
    page = client.get(url("case_qualify", ngo_case.pk)).content.decode()
    assert 'value="2025-05-01"' in page
    case_services.consent_withdraw(actor=caseworker, consent=law_consent)
    page = client.get(url("case_qualify", ngo_case.pk)).content.decode()
    assert 'value="2025-05-01"' not in page
    assert "no longer agrees" in page
    assert AuditEvent.objects.filter(action="prosecution.qualification.view").count() == 2
