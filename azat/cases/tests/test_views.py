"""Case pages through HTTP: allowed for the organisation's caseworkers and supervisors, the same
404 for everybody else, every case read audited."""

import datetime as dt

import pytest
from django.utils import timezone

from azat.accounts.roles import Role
from azat.cases import selectors, services
from azat.cases.models import Case, Consent, Person
from azat.core.models import AuditEvent

NOT_CASE_ROLES = [
    Role.OPERATOR,
    Role.PROVIDER,
    Role.PROSECUTOR,
    Role.ANALYST,
    Role.ORG_ADMIN,
    Role.SYS_ADMIN,
]


def _case_urls(case, consent_pk=1):
    base = f"/ru/work/cases/{case.pk}/"
    return [
        base,
        base + "edit/",
        base + "stage/",
        base + "close/",
        base + "consents/new/",
        base + "events/new/",
        base + "summary/",
        f"/ru/work/cases/persons/{case.person_id}/",
    ]


def test_caseworker_sees_the_case_page_and_the_read_is_audited(case, caseworker, client_for):
    response = client_for(caseworker).get(f"/ru/work/cases/{case.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Жылдыз Ахметова" in body and case.reference in body
    event = AuditEvent.objects.get(action="cases.case.view")
    assert (event.actor, event.object_id, event.detail) == (caseworker, str(case.pk), {})


def test_every_case_read_writes_an_audit_event(case, caseworker, client_for):
    client = client_for(caseworker)
    for url in _case_urls(case)[:-1]:
        assert client.get(url).status_code == 200, url
    assert AuditEvent.objects.filter(action="cases.case.view").count() == 7
    assert client.get(_case_urls(case)[-1]).status_code == 200
    assert AuditEvent.objects.filter(action="cases.person.view").count() == 1


def test_supervisor_sees_any_case_of_the_organisation(case, personas, client_for):
    response = client_for(personas[Role.SUPERVISOR]).get(f"/ru/work/cases/{case.pk}/")
    assert response.status_code == 200


def test_another_organisations_caseworker_gets_not_found(case, outsider, client_for):
    client = client_for(outsider)
    for url in _case_urls(case):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/ru/work/cases/{case.pk}/notes/new/", {"text": "x"}).status_code == 404
    assert not AuditEvent.objects.filter(action="cases.case.view").exists()


@pytest.mark.parametrize("role", NOT_CASE_ROLES)
def test_other_roles_of_the_same_organisation_get_not_found(case, personas, client_for, role):
    client = client_for(personas[role])
    for url in [*_case_urls(case), "/ru/work/cases/", "/ru/work/cases/new/"]:
        assert client.get(url).status_code == 404, (role, url)


def test_case_list_shows_my_open_cases_with_stage_and_past_target(
    make_case, caseworker, personas, client_for
):
    overdue = make_case(identified_on=dt.date.today() - dt.timedelta(days=120))
    fresh = make_case(identified_on=dt.date.today())
    other = make_case(caseworker=personas[Role.SUPERVISOR])
    response = client_for(caseworker).get("/ru/work/cases/")
    assert response.status_code == 200
    rows = {case.pk: past for case, past in response.context["rows"]}
    assert rows == {overdue.pk: True, fresh.pk: False}
    assert other.pk not in rows
    everyone = client_for(caseworker).get("/ru/work/cases/?scope=all").context["rows"]
    assert {case.pk for case, _ in everyone} == {overdue.pk, fresh.pk, other.pk}


def test_case_list_rows_show_what_the_case_itself_says(
    make_case, make_person, caseworker, client_for
):
    """The list reads names and stage history its own lighter way; each row must still agree
    with the case read in full."""
    from azat.cases.models import StageChange

    long_ago = dt.date.today() - dt.timedelta(days=200)
    # Reached reintegration within the 90 days: on time by its history, however old it is.
    reintegrated = make_case(identified_on=long_ago)
    for stage in ("protection_assistance", "reintegration"):
        services.case_move_stage(actor=caseworker, case=reintegrated, to_stage=stage)
    StageChange.objects.filter(case=reintegrated).update(at=timezone.now() - dt.timedelta(days=150))
    stuck = make_case(identified_on=long_ago)
    named = make_case(
        person=make_person(
            names=[
                ("given", "Zhyldyz"),
                ("family", "Akhmetova"),
                ("patronymic", "Bakytovna"),
                ("document", "AKHMETOVA ZHYLDYZ"),
            ]
        ),
        identified_on=dt.date.today() - dt.timedelta(days=20),
    )
    unnamed = make_case(person=make_person(names=[("document", "SULTANOVA AIDA")]))
    response = client_for(caseworker).get("/ru/work/cases/")
    rows = {case.pk: (case.person.display_name, past) for case, past in response.context["rows"]}
    for pk in (reintegrated.pk, stuck.pk, named.pk, unnamed.pk):
        case = Case.objects.get(pk=pk)
        expected = selectors.case_is_past_target(case, today=dt.date.today())
        assert rows[pk] == (case.person.display_name, expected)
    assert (rows[reintegrated.pk][1], rows[stuck.pk][1], rows[named.pk][1]) == (False, True, False)
    assert rows[named.pk][0] == "Zhyldyz Bakytovna Akhmetova"
    assert rows[unnamed.pk][0] == "SULTANOVA AIDA"
    assert "Zhyldyz Bakytovna Akhmetova" in response.content.decode()


def test_new_case_creates_person_case_and_consent(caseworker, client_for):
    response = client_for(caseworker).post(
        "/ru/work/cases/new/",
        {
            "given_name": "Айгерим",
            "family_name": "Садыкова",
            "gender": "Feminine",
            "estimated_age": "24",
            "citizenships": ["KZ"],
            "languages": ["kaz", "rus"],
            "document_type": "passport",
            "document_number": "N0000001",
            "document_country": "KZ",
            "document_status": "confiscated",
            "identified_on": "2026-02-01",
            "trafficking_status": "PossibleVictimOfTrafficking",
            "exploitation": ["ForcedLabour"],
            "legal_basis": "consent",
            "consent_given_by": "person",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ru/work/cases/{case.pk}/"
    assert case.person.display_name == "Айгерим Садыкова"
    assert case.person.documents.get().status == "confiscated"
    assert Consent.objects.get(case=case).purpose == "assistance"
    assert case.exploitation == ["ForcedLabour"]


def test_new_case_for_a_child_without_guardian_name_keeps_the_input(caseworker, client_for):
    response = client_for(caseworker).post(
        "/ru/work/cases/new/",
        {
            "given_name": "Бекзат",
            "gender": "Masculine",
            "identified_on": "2026-02-01",
            "trafficking_status": "PossibleVictimOfTrafficking",
            "legal_basis": "consent",
            "consent_given_by": "guardian",
            "document_status": "held",
        },
    )
    assert response.status_code == 200
    assert "guardian_name" in response.context["form"].errors
    assert 'value="Бекзат"' in response.content.decode()
    assert not Person.objects.exists() and not Case.objects.exists()


def test_new_case_from_a_screening_keeps_the_screening_id(caseworker, client_for):
    response = client_for(caseworker).get("/ru/work/cases/new/?screening=42")
    assert response.context["form"].initial["screening_id"] == 42


def test_second_save_from_the_same_version_is_refused_and_input_kept(
    case, caseworker, personas, client_for
):
    supervisor = personas[Role.SUPERVISOR]
    form = {
        "version": "1",
        "caseworker": str(caseworker.pk),
        "identified_on": "2026-01-10",
        "trafficking_status": "PossibleVictimOfTrafficking",
        "exploitation": ["ForcedLabour"],
    }
    first = client_for(supervisor).post(
        f"/ru/work/cases/{case.pk}/edit/", {**form, "notes": "Supervisor's note"}
    )
    assert first.status_code == 302
    second = client_for(caseworker).post(
        f"/ru/work/cases/{case.pk}/edit/", {**form, "notes": "My own words"}
    )
    assert second.status_code == 200
    body = second.content.decode()
    assert str(supervisor) in body
    assert "My own words" in body
    case.refresh_from_db()
    assert (case.notes, case.version) == ("Supervisor's note", 2)
    assert 'name="version" value="2"' in body
    third = client_for(caseworker).post(
        f"/ru/work/cases/{case.pk}/edit/", {**form, "version": "2", "notes": "My own words"}
    )
    assert third.status_code == 302
    case.refresh_from_db()
    assert (case.notes, case.version) == ("My own words", 3)


def test_invalid_stage_move_shows_the_reason(case, caseworker, client_for):
    response = client_for(caseworker).post(
        f"/ru/work/cases/{case.pk}/stage/", {"to_stage": "reintegration", "version": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["to_stage"] == [
        "Дело на этапе «Идентификация» не может перейти на этап «Реинтеграция». "
        "Возможные следующие этапы: Защита и помощь."
    ]


def test_stage_move_from_the_case_page(case, caseworker, client_for):
    response = client_for(caseworker).post(
        f"/ru/work/cases/{case.pk}/stage/", {"to_stage": "protection_assistance", "version": "1"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "protection_assistance"


def test_closing_without_outcome_is_refused_on_the_page(case, caseworker, client_for):
    response = client_for(caseworker).post(
        f"/en/work/cases/{case.pk}/close/", {"reason": "Moved abroad", "version": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["outcome"] == [
        "Choose the outcome: closing a case needs one."
    ]
    assert "Moved abroad" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "identification"


def test_closing_with_outcome_and_reason(case, caseworker, client_for):
    response = client_for(caseworker).post(
        f"/en/work/cases/{case.pk}/close/",
        {"outcome": "returned_home", "reason": "Home with family", "version": "1"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.stage, case.status) == ("closed", "Closed")


def test_withdraw_button_withdraws_the_consent(case, caseworker, client_for):
    consent = case.consents.get()
    response = client_for(caseworker).post(
        f"/ru/work/cases/{case.pk}/consents/{consent.pk}/withdraw/"
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_by == caseworker
    page = client_for(caseworker).get(f"/en/work/cases/{case.pk}/").content.decode()
    assert "consent to assistance was withdrawn" in page


def test_withdraw_needs_post(case, caseworker, client_for):
    consent = case.consents.get()
    url = f"/ru/work/cases/{case.pk}/consents/{consent.pk}/withdraw/"
    assert client_for(caseworker).get(url).status_code == 405


def test_consent_and_event_forms_record(case, caseworker, client_for, make_org):
    shelter = make_org("shelter", "KG", name="Umut Shelter")
    client = client_for(caseworker)
    response = client.post(
        f"/ru/work/cases/{case.pk}/consents/new/",
        {"purpose": "referral", "organisation": str(shelter.pk), "given_by": "person"},
    )
    assert response.status_code == 302
    assert services.consent_require(case, "referral", shelter) is not None
    response = client.post(
        f"/ru/work/cases/{case.pk}/events/new/",
        {"kind": "Exploitation", "country": "RU", "place": "Greenhouse", "date_from": "2025-05-01"},
    )
    assert response.status_code == 302
    assert case.events.get().place == "Greenhouse"


def test_timeline_shows_stage_consent_event_and_note(case, caseworker, client_for):
    services.case_move_stage(actor=caseworker, case=case, to_stage="protection_assistance")
    services.event_add(actor=caseworker, case=case, kind="Recruitment", country="KG")
    client = client_for(caseworker)
    client.post(f"/en/work/cases/{case.pk}/notes/new/", {"text": "Called her mother"})
    response = client.get(f"/en/work/cases/{case.pk}/")
    kinds = [entry.kind for entry in response.context["timeline"]]
    assert sorted(kinds) == ["consent_given", "event", "note", "stage", "stage"]
    assert "Called her mother" in response.content.decode()


def test_printable_summary_has_no_identifying_data(case, caseworker, client_for):
    services.event_add(
        actor=caseworker, case=case, kind="Exploitation", country="RU", place="Farm near Tver"
    )
    services.note_add(actor=caseworker, case=case, text="Private words")
    response = client_for(caseworker).get(f"/en/work/cases/{case.pk}/summary/")
    body = response.content.decode()
    assert response.status_code == 200 and case.reference in body
    for secret in ("Жылдыз", "Ахметова", "AC 1234567", "Farm near Tver", "Private words"):
        assert secret not in body
    assert "Russia" in body and "Forced labour" in body


def test_supervisor_sees_cases_past_target(make_case, personas, client_for):
    late = make_case(identified_on=dt.date.today() - dt.timedelta(days=100))
    make_case(identified_on=dt.date.today() - dt.timedelta(days=10))
    response = client_for(personas[Role.SUPERVISOR]).get("/ru/work/cases/past-target/")
    assert response.status_code == 200
    assert [(row.case.pk, row.status.days_over) for row in response.context["rows"]] == [
        (late.pk, 10)
    ]


def test_caseworker_and_outsider_supervisor_do_not_get_the_past_target_list(
    make_case, caseworker, make_member, other_org, client_for
):
    make_case(identified_on=dt.date.today() - dt.timedelta(days=100))
    assert client_for(caseworker).get("/ru/work/cases/past-target/").status_code == 404
    foreign = make_member(Role.SUPERVISOR, other_org)
    response = client_for(foreign).get("/ru/work/cases/past-target/")
    assert response.status_code == 200 and response.context["rows"] == []


def test_person_search_finds_latin_spelling_from_cyrillic_query(
    make_person, caseworker, client_for
):
    latin = make_person(names=[("given", "Zhyldyz"), ("family", "Akhmetova")])
    make_person(names=[("given", "Nurlan"), ("family", "Akhmetov")])
    response = client_for(caseworker).post(
        "/ru/work/cases/persons/search/", {"name": "Жылдыз Ахметова"}
    )
    assert [p.pk for p in response.context["results"]] == [latin.pk]
    event = AuditEvent.objects.get(action="cases.person.lookup")
    assert event.detail == {"by_name": True, "by_document": False, "results": 1}


def test_person_search_results_link_each_person_with_every_spelling_escaped(
    make_person, caseworker, client_for
):
    found = make_person(
        names=[("given", "Zhyldyz"), ("family", "Akhmetova"), ("alias", "<i>Jyldyz</i>")]
    )
    html = (
        client_for(caseworker)
        .post("/ru/work/cases/persons/search/", {"name": "Zhyldyz Akhmetova"})
        .content.decode()
    )
    assert f'<a href="/ru/work/cases/persons/{found.pk}/">Zhyldyz Akhmetova</a>' in html
    assert "Zhyldyz · Akhmetova · &lt;i&gt;Jyldyz&lt;/i&gt;" in html
    assert "<i>Jyldyz" not in html
    nobody = (
        client_for(caseworker)
        .post("/ru/work/cases/persons/search/", {"name": "Nobody Known"})
        .content.decode()
    )
    results = nobody.split('<ul class="results">')[1].split("</ul>")[0]
    assert results.count("<li") == 1 and "<a " not in results  # only the "nobody found" line


def test_person_search_by_get_does_not_search(person, caseworker, client_for):
    response = client_for(caseworker).get("/ru/work/cases/persons/search/?name=Жылдыз")
    assert response.status_code == 200 and response.context["results"] is None
    assert not AuditEvent.objects.filter(action="cases.person.lookup").exists()


def test_person_search_is_scoped_to_the_organisation(person, outsider, client_for):
    response = client_for(outsider).post(
        "/ru/work/cases/persons/search/", {"name": "Zhyldyz Akhmetova", "document": "AC1234567"}
    )
    assert response.context["results"] == []


def test_person_search_finds_a_further_spelling_and_a_document_number(
    person, make_person, caseworker, client_for
):
    # The passport spells the name differently from what the person told the caseworker.
    passport_line = make_person(
        names=[("given", "Nurlan"), ("family", "Bekov"), ("document", "NURALY BEKMURATOV")]
    )
    client = client_for(caseworker)
    by_spelling = client.post("/ru/work/cases/persons/search/", {"name": "Nuraly Bekmuratov"})
    assert [p.pk for p in by_spelling.context["results"]] == [passport_line.pk]
    by_document = client.post("/ru/work/cases/persons/search/", {"document": "ac1234567"})
    assert [p.pk for p in by_document.context["results"]] == [person.pk]
    either = client.post(
        "/ru/work/cases/persons/search/", {"name": "NURALY BEKMURATOV", "document": "AC 1234567"}
    )
    assert {p.pk for p in either.context["results"]} == {person.pk, passport_line.pk}
    assert "NURALY BEKMURATOV" in either.content.decode()


def test_person_page_adds_a_name_variant(person, caseworker, client_for):
    response = client_for(caseworker).post(
        f"/ru/work/cases/persons/{person.pk}/",
        {"add_name": "1", "kind": "document", "value": "AKHMETOVA ZHYLDYZ"},
    )
    assert response.status_code == 302
    assert person.names.filter(kind="document").get().value == "AKHMETOVA ZHYLDYZ"


def test_new_case_with_another_organisations_screening_is_refused_and_input_kept(
    caseworker, client_for, make_member, other_org
):
    from azat.screening import services as screening_services

    foreign = screening_services.screening_create(
        actor=make_member(Role.CASEWORKER, other_org), organisation=other_org
    )
    response = client_for(caseworker).post(
        "/en/work/cases/new/",
        {
            "given_name": "Бекзат",
            "gender": "Masculine",
            "identified_on": "2026-02-01",
            "trafficking_status": "PossibleVictimOfTrafficking",
            "legal_basis": "consent",
            "consent_given_by": "person",
            "document_status": "held",
            "screening_id": str(foreign.pk),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["screening_id"] == [
        "This screening was not found in your organisation."
    ]
    assert "This screening was not found in your organisation." in response.content.decode()
    assert not Person.objects.exists() and not Case.objects.exists()


def test_timeline_shows_the_screening_and_the_closing_outcome(
    caseworker, make_case, client_for, make_member, other_org
):
    from azat.screening import services as screening_services
    from azat.screening.models import Screening

    own = screening_services.screening_create(
        actor=caseworker, organisation=caseworker_org(caseworker)
    )
    foreign = screening_services.screening_create(
        actor=make_member(Role.CASEWORKER, other_org), organisation=other_org
    )
    case = make_case(screening_id=own.pk)
    # Another organisation's screening that claims this case never shows on its timeline.
    Screening.objects.filter(pk=foreign.pk).update(case_id=case.pk)
    services.case_close(actor=caseworker, case=case, outcome="returned_home", reason="Went home")
    response = client_for(caseworker).get(f"/en/work/cases/{case.pk}/")
    screenings = [e.obj.pk for e in response.context["timeline"] if e.kind == "screening"]
    assert screenings == [own.pk]
    body = response.content.decode()
    assert f"Screening #{own.pk}" in body
    assert "Outcome: Returned home" in " ".join(body.split())


def caseworker_org(user):
    return user.memberships.get().organisation


def _add_one_of_each(case, actor, shelter):
    services.note_add(actor=actor, case=case, text=f"Note by {actor.full_name}")
    services.event_add(actor=actor, case=case, kind="Recruitment", country="RU")
    services.needs_assess(actor=actor, case=case, needs=["medical"])
    services.plan_item_add(actor=actor, case=case, type="Health")
    services.consent_record(actor=actor, case=case, purpose="referral", organisation=shelter)


def test_the_case_page_names_everyone_with_a_fixed_number_of_reads(
    case, personas, client_for, make_org
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    caseworker, supervisor = personas[Role.CASEWORKER], personas[Role.SUPERVISOR]
    shelter = make_org("shelter", "KZ", name="Shelter <One>")
    client = client_for(caseworker)
    client.get(f"/en/work/cases/{case.pk}/")  # the session's first request records it
    _add_one_of_each(case, caseworker, shelter)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/en/work/cases/{case.pk}/").status_code == 200
    # More rows of every kind, by another user, naming another organisation.
    _add_one_of_each(case, supervisor, make_org("shelter", "KG", name="Shelter Two"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/en/work/cases/{case.pk}/")
    assert len(many.captured_queries) == len(few.captured_queries)
    body = response.content.decode()
    # Who did what is named in the timeline and the sections; organisations are escaped.
    assert body.count(f"— {supervisor.full_name}") >= 4
    assert body.count(f"— {caseworker.full_name}") >= 5
    assert "Shelter &lt;One&gt;" in body and "Shelter Two" in body


def test_case_list_rows_link_each_case_and_escape_what_people_typed(
    make_case, make_person, caseworker, client_for
):
    overdue = make_case(
        person=make_person(names=[("given", "<b>Aida</b>"), ("family", "O'Neil & Co")]),
        identified_on=dt.date.today() - dt.timedelta(days=120),
    )
    fresh = make_case(identified_on=dt.date.today())
    html = client_for(caseworker).get("/ru/work/cases/").content.decode()
    assert "&lt;b&gt;Aida&lt;/b&gt; O&#x27;Neil &amp; Co" in html
    assert "<b>Aida" not in html
    for case in (overdue, fresh):
        link = f'<a href="/ru/work/cases/{case.pk}/">{case.reference}</a>'
        assert f'<td class="case-ref">{link}</td>' in html
    overdue_row = html.split(overdue.reference)[1].split("</tr>")[0]
    fresh_row = html.split(fresh.reference)[1].split("</tr>")[0]
    assert 'class="badge badge-danger"' in overdue_row
    assert 'class="badge badge-ok"' in fresh_row
    assert 'class="badge stage stage-identification"' in fresh_row


def test_an_empty_case_list_says_so(caseworker, client_for):
    html = client_for(caseworker).get("/ru/work/cases/").content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == 1
    assert '<td colspan="7">Нет дел для показа.</td>' in body
