"""Linkage pages through HTTP: who may open them, what each side of a pair shows, the notice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from azat.core.models import AuditEvent
from azat.linkage import services
from azat.linkage.models import CandidateLink, LinkDecision, LinkRun, LinkState, RunStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(people, same_person):
    services.linkage_run_start(actor=people["sysadmin"])
    link = CandidateLink.objects.get()
    # Put the pair in the review range, as a weaker pair would be.
    CandidateLink.objects.filter(pk=link.pk).update(state=LinkState.REVIEW, probability=0.8)
    return CandidateLink.objects.get()


def test_supervisor_starts_a_run_and_sees_its_page(people, client_for, same_person):
    client = client_for(people["supervisor"])
    response = client.post(reverse("linkage:runs"))
    run = LinkRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("linkage:run_detail", args=[run.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert run.status == RunStatus.DONE
    assert 'data-status="done"' in page.content.decode()


def test_run_page_polls_while_running_and_answers_htmx_with_the_status_only(people, client_for):
    run = LinkRun.objects.create(status=RunStatus.RUNNING, progress=0.4, phase="train")
    client = client_for(people["sysadmin"])
    page = client.get(reverse("linkage:run_detail", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "<script>" not in page
    partial = client.get(reverse("linkage:run_detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert text.lstrip().startswith('<section id="run-status"')
    assert 'value="40"' in text
    LinkRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=1.0)
    done = client.get(reverse("linkage:run_detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in done.content.decode()


def test_second_start_while_running_says_so(people, client_for):
    LinkRun.objects.create(status=RunStatus.RUNNING)
    response = client_for(people["supervisor"]).post(reverse("linkage:runs"), follow=True)
    assert "already under way" in response.content.decode()
    assert LinkRun.objects.count() == 1


def test_review_queue_lists_the_pair_for_both_organisations(people, client_for, linked):
    for who in ("supervisor", "kz_supervisor"):
        page = client_for(people[who]).get(reverse("linkage:review")).content.decode()
        assert reverse("linkage:pair", args=[linked.pk]) in page


def test_pair_page_shows_own_values_and_only_outcomes_of_the_other_organisation(
    people, client_for, linked
):
    page = client_for(people["supervisor"]).get(reverse("linkage:pair", args=[linked.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Жылдыз" in html and "Ахметова" in html and "AC1234567" in html
    # The other organisation's values never reach the HTML, only its name and the outcomes.
    for value in ("Zhyldyz", "Akhmetova", "АС1234567"):
        assert value not in html
    assert "IOM Almaty" in html
    assert "same after transliteration" in html
    # And the other way round.
    other = client_for(people["kz_supervisor"]).get(reverse("linkage:pair", args=[linked.pk]))
    html = other.content.decode()
    assert "Zhyldyz" in html
    for value in ("Жылдыз", "Ахметова", "AC1234567"):
        assert value not in html


def test_pair_page_names_each_comparison_as_its_field_table_does(people, client_for, linked):
    # In the product a record's place is the person's citizenship.
    CandidateLink.objects.filter(pk=linked.pk).update(
        drivers=[["place", "exact", 0.8], ["given_name", "somewhat_similar", -0.59]]
    )
    html = client_for(people["supervisor"]).get(reverse("linkage:pair", args=[linked.pk]))
    drivers = html.content.decode().split('class="drivers"')[1]
    assert "<td>Citizenship</td><td>same country</td>" in drivers
    assert "Place" not in drivers


def test_pair_page_says_an_estimated_birth_year_is_an_estimate(people, client_for, linked):
    import datetime as dt

    from azat.cases.models import Person

    own = Person.objects.get(organisation=people["supervisor"].memberships.get().organisation)
    Person.objects.filter(pk=own.pk).update(
        birth_date=None, estimated_age=30, age_estimated_on=dt.date(2025, 6, 1)
    )
    html = client_for(people["supervisor"]).get(reverse("linkage:pair", args=[linked.pk]))
    assert "about 1995 (age 30 estimated on 1 June 2025)" in html.content.decode()


def test_reviewer_confirms_and_undoes_through_the_pages(people, client_for, linked):
    client = client_for(people["supervisor"])
    response = client.post(
        reverse("linkage:pair", args=[linked.pk]), {"verdict": "confirmed", "reason": "same DOB"}
    )
    assert response.status_code == 302
    decision = LinkDecision.objects.get()
    assert decision.verdict == "confirmed"
    assert (
        reverse("linkage:pair", args=[linked.pk])
        not in client.get(reverse("linkage:review")).content.decode()
    )
    listing = client.get(reverse("linkage:decisions")).content.decode()
    assert reverse("linkage:decision_undo", args=[decision.pk]) in listing
    client.post(reverse("linkage:decision_undo", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.reversed_at is not None
    assert AuditEvent.objects.filter(action="linkage.decision.undo").exists()


def test_decision_without_a_verdict_keeps_the_reason_and_names_the_problem(
    people, client_for, linked
):
    response = client_for(people["supervisor"]).post(
        reverse("linkage:pair", args=[linked.pk]), {"reason": "not sure yet"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "not sure yet" in html
    assert "Choose “same person” or “different persons”." in html
    assert not LinkDecision.objects.exists()


def test_outsiders_get_not_found(people, client_for, linked, make_org, make_member):
    outsider = make_member("supervisor", make_org())
    client = client_for(outsider)
    assert client.get(reverse("linkage:pair", args=[linked.pk])).status_code == 404
    assert (
        reverse("linkage:pair", args=[linked.pk])
        not in client.get(reverse("linkage:review")).content.decode()
    )
    decision = services.link_decide(
        actor=people["supervisor"], candidate=linked, verdict="confirmed"
    )
    assert client.post(reverse("linkage:decision_undo", args=[decision.pk])).status_code == 404
    caseworker = client_for(people["caseworker"])
    for url in (reverse("linkage:runs"), reverse("linkage:review")):
        assert caseworker.get(url).status_code == 404


def test_caseworker_sees_the_other_organisation_and_how_to_reach_it_but_not_its_data(
    people, client_for, same_person
):
    kg, _kz = same_person
    services.linkage_run_start(actor=people["sysadmin"])
    client = client_for(people["caseworker"])
    for url in (
        reverse("cases:person_detail", args=[kg.pk]),
        reverse("cases:detail", args=[kg.cases.get().pk]),
    ):
        html = client.get(url).content.decode()
        assert "may already be known to another organisation" in html
        assert "IOM Almaty" in html
        assert "kz.supervisor@iom.example" in html
        for value in ("Zhyldyz", "Akhmetova", "АС1234567"):
            assert value not in html


def test_notice_appears_right_after_a_case_is_opened_before_any_run(
    people, client_for, org, org_kz, make_person
):
    make_person(people["kz_caseworker"], org_kz, "Zhyldyz", "Akhmetova")
    client = client_for(people["caseworker"])
    response = client.post(
        reverse("cases:new"),
        {
            "given_name": "Жылдыз",
            "family_name": "Ахметова",
            "identified_on": "2026-11-01",
            "trafficking_status": "PossibleVictimOfTrafficking",
            "legal_basis": "consent",
            "consent_given_by": "person",
            "gender": "Feminine",
            "document_status": "held",
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain, html
    assert "may already be known to another organisation" in html, html[:3000]
    assert "same name or document number" in html
    assert "IOM Almaty" in html
    assert "Zhyldyz" not in html


def test_rejected_pair_raises_no_notice(people, client_for, same_person):
    kg, _kz = same_person
    services.linkage_run_start(actor=people["sysadmin"])
    services.link_decide(
        actor=people["supervisor"], candidate=CandidateLink.objects.get(), verdict="rejected"
    )
    html = (
        client_for(people["caseworker"])
        .get(reverse("cases:person_detail", args=[kg.pk]))
        .content.decode()
    )
    assert "may already be known" not in html


def test_a_namesake_the_run_compared_and_did_not_link_raises_no_notice(
    people, client_for, org, org_kz, make_person
):
    import datetime as dt

    from azat.cases.models import Gender

    # Same name, different woman: born 16 years apart, different passports.
    kg = make_person(
        people["caseworker"],
        org,
        "Айгуль",
        "Исмаилова",
        birth=dt.date(1993, 4, 2),
        gender=Gender.FEMININE,
        document="AC7654321",
    )
    make_person(
        people["kz_caseworker"],
        org_kz,
        "Aigul",
        "Ismailova",
        birth=dt.date(1977, 9, 30),
        gender=Gender.FEMININE,
        document="N1122334",
    )
    client = client_for(people["caseworker"])
    url = reverse("cases:person_detail", args=[kg.pk])
    # Before any run the bare name hash is a hint worth showing.
    assert "may already be known" in client.get(url).content.decode()
    services.linkage_run_start(actor=people["sysadmin"])
    assert not CandidateLink.objects.filter(state=LinkState.AUTO).exists()
    # The run saw both and did not join them: the namesake is not raised again.
    assert "may already be known" not in client.get(url).content.decode()


def test_match_probability_is_written_the_way_the_reader_writes_numbers(people, client_for, linked):
    from django.utils import translation

    url = reverse("linkage:review")
    assert "80.0%" in client_for(people["supervisor"]).get(url).content.decode()
    with translation.override("ru"):
        ru_url = reverse("linkage:review")
    assert "80,0%" in client_for(people["supervisor"]).get(ru_url).content.decode()


def test_notice_gives_the_other_organisations_service_phone_and_email(
    people, client_for, org, org_kz, make_person
):
    from azat.referrals.models import Provider

    Provider.objects.create(
        organisation=org_kz, services=["shelter"], phone="+7 727 000 11 22", email="desk@iom.kz"
    )
    make_person(people["kz_caseworker"], org_kz, "Zhyldyz", "Akhmetova")
    kg = make_person(people["caseworker"], org, "Жылдыз", "Ахметова")
    html = (
        client_for(people["caseworker"])
        .get(reverse("cases:detail", args=[kg.cases.get().pk]))
        .content.decode()
    )
    assert "may already be known to another organisation" in html
    assert 'href="tel:+7 727 000 11 22"' in html
    assert 'href="mailto:desk@iom.kz"' in html
    assert "kz.supervisor@iom.example" in html


def test_notice_before_any_run_also_finds_a_document_number_under_another_name(
    people, client_for, org, org_kz, make_person
):
    make_person(people["kz_caseworker"], org_kz, "Aida", "Sultanova", document="AC 7654321")
    kg = make_person(people["caseworker"], org, "Айгуль", "Исмаилова", document="ac7654321")
    stranger = make_person(people["caseworker"], org, "Нурлан", "Беков", document="AC1111111")
    client = client_for(people["caseworker"])
    html = client.get(reverse("cases:person_detail", args=[kg.pk])).content.decode()
    assert "same name or document number" in html and "IOM Almaty" in html
    assert "Sultanova" not in html
    html = client.get(reverse("cases:person_detail", args=[stranger.pk])).content.decode()
    assert "may already be known" not in html
