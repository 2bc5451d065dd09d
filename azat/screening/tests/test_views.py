from __future__ import annotations

from azat.core.models import AuditEvent
from azat.hotline.tests.conftest import make_call
from azat.screening import services
from azat.screening.models import Screening, ScreeningState

LIST = "/en/work/screening/"
EDIT = "/en/work/screening/{}/"
PREVIEW = "/en/work/screening/preview/"


def _form(version=1, **answers):
    data = {"version": version, "age": "16", "minor": "", "profile": "labour", "action": "draft"}
    data.update(answers)
    return data


def test_operator_starts_a_screening_from_own_call(operator, hotline, client_for):
    call = make_call(hotline, operator)
    response = client_for(operator).post("/en/work/screening/start/", {"call": call.pk})
    screening = Screening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == EDIT.format(screening.pk)
    assert screening.call == call


def test_caseworker_gets_not_found_when_linking_a_call(caseworker, operator, hotline, client_for):
    call = make_call(hotline, operator)
    response = client_for(caseworker).post("/en/work/screening/start/", {"call": call.pk})
    assert response.status_code == 404
    assert not Screening.objects.exists()


def test_caseworker_screens_without_a_call(caseworker, client_for):
    client = client_for(caseworker)
    response = client.post("/en/work/screening/start/")
    assert response.status_code == 302
    screening = Screening.objects.get()
    page = client.get(EDIT.format(screening.pk))
    assert page.status_code == 200
    assert "Screening, not identification." in page.text


def test_interview_groups_questions_by_phase(operator, hotline_org, client_for):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    response = client_for(operator).get(EDIT.format(screening.pk))
    assert response.status_code == 200
    phases = [p.id for p in response.context["form"].phases()]
    assert phases == ["recruitment", "travel", "work_living", "control", "vulnerability"]
    assert 'id="q-DR01"' in response.text
    assert AuditEvent.objects.filter(action="screening.screening.view").count() == 1


def test_preview_runs_the_engine_without_saving(operator, hotline_org, client_for):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    data = _form(EX01="yes", EX02="yes", acts=["ACT_RECRUITMENT"])
    response = client_for(operator).post(PREVIEW, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Presumed victim of trafficking" in response.text
    assert "CHILD_PALERMO_3C" in response.text
    assert "pending review" in response.text
    assert Screening.objects.get(pk=screening.pk).status == "not_indicated"
    assert Screening.objects.get(pk=screening.pk).version == 1


def test_preview_speaks_russian_on_russian_pages(operator, client_for):
    data = _form(EX01="yes", EX02="yes", acts=["ACT_RECRUITMENT"])
    response = client_for(operator).post("/ru/work/screening/preview/", data)
    assert "Ребёнку" in response.text or "Ребёнок" in response.text
    assert "Это предварительная проверка" in response.text


def test_preview_is_post_only(operator, client_for):
    assert client_for(operator).get(PREVIEW).status_code == 405


def test_save_half_done_and_resume(operator, hotline_org, client_for):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    client = client_for(operator)
    response = client.post(EDIT.format(screening.pk), _form(DR01="yes", EX04="no"))
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.answers == {"DR01": True, "EX04": False}
    assert screening.state == ScreeningState.DRAFT
    resumed = client.get(EDIT.format(screening.pk))
    form = resumed.context["form"]
    assert form.initial["DR01"] == "yes"
    assert form.initial["EX04"] == "no"
    assert form.initial["age"] == 16
    assert "DR01" in resumed.text


def test_save_as_complete(operator, hotline_org, client_for):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    data = _form(action="complete", consent_to_open_case="on")
    response = client_for(operator).post(EDIT.format(screening.pk), data)
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.state == ScreeningState.COMPLETE
    assert screening.consent_to_open_case is True
    assert screening.consent_recorded_by == operator


def test_other_organisation_gets_not_found_for_a_screening(
    operator, outsider, hotline_org, client_for
):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    client = client_for(outsider)
    assert client.get(EDIT.format(screening.pk)).status_code == 404
    assert client.post(EDIT.format(screening.pk), _form()).status_code == 404
    listing = client.get(LIST)
    assert list(listing.context["drafts"]) == []
    assert EDIT.format(screening.pk) not in listing.text


def test_analyst_gets_not_found_for_screenings(operator, analyst, hotline_org, client_for):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    client = client_for(analyst)
    assert client.get(LIST).status_code == 404
    assert client.get(EDIT.format(screening.pk)).status_code == 404


def test_list_shows_drafts_and_complete(operator, supervisor, hotline_org, client_for):
    draft = services.screening_create(actor=operator, organisation=hotline_org)
    done = services.screening_create(actor=operator, organisation=hotline_org, complete=True)
    response = client_for(supervisor).get(LIST)
    assert [s.pk for s in response.context["drafts"]] == [draft.pk]
    assert [s.pk for s in response.context["page"]] == [done.pk]


def _complete(screening, *, consent: bool, case_id=None):
    Screening.objects.filter(pk=screening.pk).update(
        state=ScreeningState.COMPLETE, consent_to_open_case=consent, case_id=case_id
    )


def test_caseworker_can_open_a_case_from_a_complete_screening_with_consent(
    caseworker, hotline_org, client_for
):
    screening = services.screening_create(actor=caseworker, organisation=hotline_org)
    _complete(screening, consent=True)
    response = client_for(caseworker).get(EDIT.format(screening.pk))
    assert response.status_code == 200
    assert f'href="/en/work/cases/new/?screening={screening.pk}"' in response.text
    assert "Open a case from this screening" in response.text


def test_operator_is_not_offered_the_open_case_button(operator, hotline_org, client_for):
    screening = services.screening_create(actor=operator, organisation=hotline_org)
    _complete(screening, consent=True)
    response = client_for(operator).get(EDIT.format(screening.pk))
    assert "/en/work/cases/new/" not in response.text
    assert "A caseworker or supervisor can open it from this screening." in response.text


def test_screening_without_consent_says_consent_is_needed_first(
    supervisor, hotline_org, client_for
):
    screening = services.screening_create(actor=supervisor, organisation=hotline_org)
    _complete(screening, consent=False)
    response = client_for(supervisor).get(EDIT.format(screening.pk))
    assert "/en/work/cases/new/" not in response.text
    assert "A case can be opened only after the person's consent" in response.text


def test_draft_screening_offers_no_case(caseworker, hotline_org, client_for):
    screening = services.screening_create(actor=caseworker, organisation=hotline_org)
    Screening.objects.filter(pk=screening.pk).update(consent_to_open_case=True)
    response = client_for(caseworker).get(EDIT.format(screening.pk))
    assert 'id="case-link"' not in response.text


def test_screening_with_a_case_links_to_the_case(caseworker, hotline_org, client_for):
    screening = services.screening_create(actor=caseworker, organisation=hotline_org)
    _complete(screening, consent=True, case_id=4321)
    response = client_for(caseworker).get(EDIT.format(screening.pk))
    assert "Case opened" in response.text
    assert 'href="/en/work/cases/4321/"' in response.text
    assert "Open a case from this screening" not in response.text
