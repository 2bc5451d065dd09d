"""Evidence in a criminal case, and the memo that lists it under each fact to prove."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from azat.cases import services as case_services
from azat.core.models import AuditEvent
from azat.core.services import StaleEdit
from azat.prosecution import services
from azat.prosecution.models import Evidence

pytestmark = pytest.mark.django_db

MEMO = "/en/work/law/qualify/memo/"


def _record(prosecutor, criminal_case, **changes):
    data = {
        "kind": "messages",
        "description": "Telegram chat with the recruiter offering work in Moscow",
        "obtained_on": dt.date(2026, 1, 12),
        "held_by": "Investigator's safe",
        "facts": ["ACT_RECRUITMENT", "MEANS_DECEPTION"],
    }
    data.update(changes)
    return services.evidence_record(actor=prosecutor, criminal_case=criminal_case, **data)


def test_record_stores_encrypted_and_audits_ids_only(prosecutor, criminal_case):
    evidence = _record(prosecutor, criminal_case)
    assert evidence.facts == ["ACT_RECRUITMENT", "MEANS_DECEPTION"]
    event = AuditEvent.objects.get(action="prosecution.evidence.record")
    assert event.actor == prosecutor and event.object_id == str(evidence.pk)
    assert event.detail == {
        "criminal_case_id": criminal_case.pk,
        "kind": "messages",
        "facts": ["ACT_RECRUITMENT", "MEANS_DECEPTION"],
    }
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT description, held_by FROM prosecution_evidence")
        stored = cursor.fetchone()
    assert "Telegram" not in stored[0] and "safe" not in stored[1]


def test_refuses_unknown_facts_empty_description_and_future_date(prosecutor, criminal_case):
    with pytest.raises(ValidationError) as info:
        _record(
            prosecutor,
            criminal_case,
            description=" ",
            facts=["NOT_A_FACT", "EXP_PROSTITUTION"],
            obtained_on=dt.date.today() + dt.timedelta(days=2),
        )
    errors = info.value.message_dict
    assert "NOT_A_FACT" in errors["facts"][0] and "EXP_PROSTITUTION" in errors["facts"][0]
    assert "description" in errors and "obtained_on" in errors
    assert not Evidence.objects.exists()


def test_outsider_agency_may_not_record(other_prosecutor, criminal_case):
    with pytest.raises(PermissionDenied):
        _record(other_prosecutor, criminal_case)


def test_update_is_versioned_and_audited(prosecutor, criminal_case):
    evidence = _record(prosecutor, criminal_case)
    services.evidence_update(
        actor=prosecutor,
        evidence=evidence,
        expected_version=1,
        kind="documents",
        description="Contract",
        obtained_on=None,
        held_by="",
        facts=["AGG_FORGED_DOCUMENTS"],
    )
    event = AuditEvent.objects.get(action="prosecution.evidence.update")
    assert event.detail["before"] == ["ACT_RECRUITMENT", "MEANS_DECEPTION"]
    assert event.detail["facts"] == ["AGG_FORGED_DOCUMENTS"]
    with pytest.raises(StaleEdit):
        services.evidence_update(
            actor=prosecutor,
            evidence=evidence,
            expected_version=1,
            kind="documents",
            description="Contract",
            obtained_on=None,
            held_by="",
            facts=[],
        )


def test_remove_is_audited(prosecutor, criminal_case):
    evidence = _record(prosecutor, criminal_case)
    services.evidence_remove(actor=prosecutor, evidence=evidence)
    assert not Evidence.objects.exists()
    event = AuditEvent.objects.get(action="prosecution.evidence.remove")
    assert event.detail == {"criminal_case_id": criminal_case.pk, "kind": "messages"}


def test_prosecutor_records_evidence_through_the_page_and_sees_it_listed(
    client_for, prosecutor, criminal_case
):
    client = client_for(prosecutor)
    url = reverse("prosecution:evidence_add", args=[criminal_case.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"kind": "messages", "description": "", "facts": ["ACT_RECRUITMENT"]})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    response = client.post(
        url,
        {
            "kind": "money_transfers",
            "description": "Bank transfers to the recruiter's card",
            "obtained_on": "2026-01-20",
            "held_by": "",
            "facts": ["PURP_FORCED_LABOUR"],
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("prosecution:detail", args=[criminal_case.pk])).content.decode()
    assert "Bank transfers to the recruiter&#x27;s card" in page
    assert "forced labour" in page or "принудительный труд" in page
    evidence = Evidence.objects.get()
    edit = reverse("prosecution:evidence_edit", args=[criminal_case.pk, evidence.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"action": "remove"}).status_code == 302
    assert not Evidence.objects.exists()


def test_evidence_pages_are_not_found_for_another_agency(
    client_for, prosecutor, other_prosecutor, criminal_case
):
    evidence = _record(prosecutor, criminal_case)
    client = client_for(other_prosecutor)
    assert (
        client.get(reverse("prosecution:evidence_add", args=[criminal_case.pk])).status_code == 404
    )
    edit = reverse("prosecution:evidence_edit", args=[criminal_case.pk, evidence.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"action": "remove"}).status_code == 404
    assert Evidence.objects.count() == 1


# --- the memo ----------------------------------------------------------------------------------


def _facts(**extra):
    data = {
        "events-TOTAL_FORMS": "3",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "30",
        "events-0-country": "KG",
        "events-0-date": "2025-05-01",
        "events-0-stage": "recruitment",
        "events-1-country": "RU",
        "events-1-date": "2025-06-01",
        "events-1-stage": "exploitation",
        "means": ["MEANS_DECEPTION"],
        "purposes": ["PURP_FORCED_LABOUR"],
        "action": "qualify",
        "country": "KG",
    }
    data.update(extra)
    return data


def _memo_rows(html):
    """(fact label, evidence cell text) of every fact row of the memo."""
    import re

    rows = re.findall(
        r'<tr class="element-(?:stated|open)"><td>.*?</td><td>(.*?)</td><td>.*?</td>\s*'
        r'<td class="evidence-cell">(.*?)</td>',
        html,
        re.S,
    )
    return {label: re.sub(r"<[^>]+>", " ", cell) for label, cell in rows}


def test_memo_lists_the_evidence_per_fact_and_the_gaps(client_for, prosecutor, criminal_case):
    _record(prosecutor, criminal_case)
    html = client_for(prosecutor).post(MEMO, _facts(criminal_case=str(criminal_case.pk)))
    assert html.status_code == 200
    text = html.content.decode()
    rows = _memo_rows(text)
    assert "Telegram chat with the recruiter" in rows["recruitment"]
    assert f"criminal case {criminal_case.number}" in rows["recruitment"]
    assert "Telegram chat with the recruiter" in rows["deception"]
    assert "no evidence recorded yet" in rows["forced labour or services"]
    assert AuditEvent.objects.filter(action="prosecution.memo.evidence").exists()


def test_memo_without_a_criminal_case_says_no_evidence_was_looked_up(client_for, prosecutor):
    text = client_for(prosecutor).post(MEMO, _facts()).content.decode()
    assert "No criminal case was chosen" in text
    assert "evidence-cell" not in text


def test_memo_of_another_agencys_case_is_not_found(
    client_for, prosecutor, other_prosecutor, criminal_case
):
    _record(prosecutor, criminal_case)
    response = client_for(other_prosecutor).post(MEMO, _facts(criminal_case=str(criminal_case.pk)))
    assert response.status_code == 404


def test_memo_from_the_victims_case_adds_its_records_while_consent_stands(
    client_for, prosecutor, caseworker, criminal_case, ngo_case, law_consent
):
    services.victim_add(actor=prosecutor, criminal_case=criminal_case, case=ngo_case)
    _record(prosecutor, criminal_case, facts=["PURP_FORCED_LABOUR"], description="Payroll list")
    client = client_for(prosecutor)
    rows = _memo_rows(client.post(MEMO, _facts(case=str(ngo_case.pk))).content.decode())
    # The criminal case about this victim brings its evidence...
    assert "Payroll list" in rows["forced labour or services"]
    # ... and the assistance case its own records: the event and the means of control.
    assert "Trafficking event: Recruitment" in rows["recruitment"]
    assert f"assistance case {ngo_case.reference}" in rows["recruitment"]
    assert "Means of control: False promises" in rows["deception"]
    case_services.consent_withdraw(actor=caseworker, consent=law_consent)
    rows = _memo_rows(client.post(MEMO, _facts(case=str(ngo_case.pk))).content.decode())
    assert "Payroll list" in rows["forced labour or services"]
    assert "no evidence recorded yet" in rows["recruitment"]
    assert "False promises" not in rows["deception"]
