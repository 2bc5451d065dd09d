"""Needs assessments and the support plan: data file, services with audit events, pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from azat.accounts.roles import Role
from azat.cases import plan, services
from azat.cases.models import CasePlanItem, NeedsAssessment
from azat.core.models import AuditEvent
from azat.core.services import StaleEdit


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_support_plan_types_are_the_htcds_picklist_with_provenance():
    types = plan.catalogue().types
    assert [t.code for t in types] == [
        "Education",
        "Financial",
        "Health",
        "LabourExploitationRehabilitation",
        "Legal",
        "Livelihood",
        "RightsBasedTraining",
        "SexualExploitationRehabilitation",
        "SocialCare",
    ]
    assert {(t.provenance.source, t.provenance.verification) for t in types} == {
        ("htcds-2.0", "V-P")
    }
    assert plan.type_label("Health", "ru") == "Медицинская помощь"
    assert plan.type_label("Health", "en") == "Health care"


def test_design_decision_needs_are_marked_pending_review():
    needs = {n.code: n for n in plan.catalogue().needs}
    assert needs["housing"].provenance.pending_review is False
    assert needs["legal_aid"].provenance.pending_review is True
    assert all(n.en and n.ru for n in needs.values())


def test_needs_assess_records_codes_and_audit_event(case, caseworker):
    assessment = services.needs_assess(
        actor=caseworker,
        case=case,
        needs=["housing", "medical", "housing"],
        assessed_on=dt.date(2026, 1, 12),
        notes="  Needs a doctor first.  ",
    )
    assessment.refresh_from_db()
    assert (assessment.needs, assessment.notes) == (["housing", "medical"], "Needs a doctor first.")
    assert assessment.need_labels == ["Safe place to stay", "Medical care"]
    event = AuditEvent.objects.get(action="cases.needs.assess")
    assert (event.actor, event.object_id) == (caseworker, str(assessment.pk))
    assert event.detail == {"case_id": case.pk, "needs": ["housing", "medical"]}


def test_needs_assess_refuses_unknown_codes(case, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.needs_assess(actor=caseworker, case=case, needs=["housing", "yacht"])
    assert exc.value.message_dict == {"needs": ["Unknown codes: yacht"]}
    assert not NeedsAssessment.objects.exists()


def test_needs_assess_is_refused_to_an_outsider(case, outsider):
    with pytest.raises(PermissionDenied):
        services.needs_assess(actor=outsider, case=case, needs=["housing"])


def test_plan_item_add_then_update_with_version_and_audit(case, caseworker):
    item = services.plan_item_add(
        actor=caseworker,
        case=case,
        type="Health",
        objective="Dental treatment",
        planned_start=dt.date(2026, 1, 15),
        planned_end=dt.date(2026, 2, 15),
    )
    assert (item.status, item.version) == ("planned", 1)
    added = AuditEvent.objects.get(action="cases.plan.add")
    assert added.detail == {"case_id": case.pk, "type": "Health", "status": "planned"}
    services.plan_item_update(
        actor=caseworker,
        item=item,
        expected_version=1,
        status="in_progress",
        actual_start=dt.date(2026, 1, 16),
    )
    item.refresh_from_db()
    assert (item.status, item.actual_start, item.version) == (
        "in_progress",
        dt.date(2026, 1, 16),
        2,
    )
    updated = AuditEvent.objects.get(action="cases.plan.update")
    assert updated.detail == {
        "case_id": case.pk,
        "fields": ["actual_start", "status"],
        "status": "in_progress",
        "version": 2,
    }


def test_plan_item_update_from_an_old_version_is_stale(case, caseworker, personas):
    item = services.plan_item_add(actor=caseworker, case=case, type="Legal")
    services.plan_item_update(actor=caseworker, item=item, expected_version=1, status="done")
    late = CasePlanItem.objects.get(pk=item.pk)
    with pytest.raises(StaleEdit):
        services.plan_item_update(
            actor=personas[Role.SUPERVISOR], item=late, expected_version=1, status="cancelled"
        )
    assert CasePlanItem.objects.get(pk=item.pk).status == "done"


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {"planned_start": dt.date(2026, 3, 1), "planned_end": dt.date(2026, 2, 1)},
            "planned_end",
            "The planned end is before the planned start.",
        ),
        (
            {"actual_start": dt.date(2026, 3, 1), "actual_end": dt.date(2026, 2, 1)},
            "actual_end",
            "The actual end is before the actual start.",
        ),
    ],
)
def test_plan_item_end_before_start_names_the_field(case, caseworker, dates, field, message):
    with pytest.raises(ValidationError) as exc:
        services.plan_item_add(actor=caseworker, case=case, type="Education", **dates)
    assert exc.value.message_dict == {field: [message]}


def test_plan_item_unknown_type_is_refused(case, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.plan_item_add(actor=caseworker, case=case, type="Yachting")
    assert list(exc.value.message_dict) == ["type"]


# --- pages --------------------------------------------------------------------------------------


def test_case_page_shows_needs_and_plan_and_timeline(case, caseworker, client_for):
    services.needs_assess(actor=caseworker, case=case, needs=["documents"])
    services.plan_item_add(actor=caseworker, case=case, type="SocialCare", objective="Shelter bed")
    body = client_for(caseworker).get(f"/en/work/cases/{case.pk}/").content.decode()
    assert "Needs and plan" in body
    assert "New identity or travel documents" in body
    assert "Shelter bed" in body
    assert "Support planned: Social care" in body


def test_case_page_in_russian_uses_russian_labels(case, caseworker, client_for):
    services.plan_item_add(actor=caseworker, case=case, type="Legal")
    body = client_for(caseworker).get(f"/ru/work/cases/{case.pk}/").content.decode()
    assert "Юридическая помощь" in body


def test_needs_page_records_an_assessment(case, caseworker, client_for):
    response = client_for(caseworker).post(
        f"/en/work/cases/{case.pk}/needs/new/",
        {"assessed_on": "2026-01-20", "needs": ["medical", "return"], "notes": ""},
    )
    assert response.status_code == 302
    assert NeedsAssessment.objects.get().needs == ["medical", "return"]


def test_plan_page_end_before_start_shows_message_and_keeps_input(case, caseworker, client_for):
    response = client_for(caseworker).post(
        f"/en/work/cases/{case.pk}/plan/new/",
        {
            "type": "Education",
            "objective": "Sewing course",
            "planned_start": "2026-03-01",
            "planned_end": "2026-02-01",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["planned_end"] == ["The planned end is before the planned start."]
    body = response.content.decode()
    assert "Sewing course" in body and 'value="2026-02-01"' in body
    assert not CasePlanItem.objects.exists()


def test_plan_edit_page_saves_and_bumps_version(case, caseworker, client_for):
    item = services.plan_item_add(actor=caseworker, case=case, type="Health")
    url = f"/en/work/cases/{case.pk}/plan/{item.pk}/edit/"
    client = client_for(caseworker)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"type": "Health", "status": "done", "actual_start": "2026-01-20", "version": "1"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.version) == ("done", 2)


def test_plan_edit_page_with_stale_version_keeps_input(case, caseworker, client_for):
    item = services.plan_item_add(actor=caseworker, case=case, type="Health")
    services.plan_item_update(actor=caseworker, item=item, expected_version=1, status="done")
    response = client_for(caseworker).post(
        f"/en/work/cases/{case.pk}/plan/{item.pk}/edit/",
        {"type": "Health", "objective": "Check-up", "status": "cancelled", "version": "1"},
    )
    assert response.status_code == 200
    assert "changed by" in response.content.decode()
    assert CasePlanItem.objects.get(pk=item.pk).status == "done"


def test_needs_and_plan_pages_are_not_found_for_an_outsider(case, caseworker, outsider, client_for):
    item = services.plan_item_add(actor=caseworker, case=case, type="Health")
    client = client_for(outsider)
    for url in [
        f"/en/work/cases/{case.pk}/needs/new/",
        f"/en/work/cases/{case.pk}/plan/new/",
        f"/en/work/cases/{case.pk}/plan/{item.pk}/edit/",
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"type": "Health", "status": "done"}).status_code == 404, url
    assert CasePlanItem.objects.get(pk=item.pk).version == 1


def test_plan_item_of_another_case_is_not_found(case, make_case, caseworker, client_for):
    other = make_case()
    item = services.plan_item_add(actor=caseworker, case=other, type="Health")
    url = f"/en/work/cases/{case.pk}/plan/{item.pk}/edit/"
    assert client_for(caseworker).get(url).status_code == 404
