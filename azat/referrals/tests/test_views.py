"""Referral pages through HTTP: each side sees its own view, everybody else the same 404."""

import datetime as dt

import pytest

from azat.accounts.roles import Role
from azat.cases import services as case_services
from azat.core.models import AuditEvent
from azat.referrals import services
from azat.referrals.models import Referral, ServiceDelivery

pytestmark = pytest.mark.django_db


def test_caseworker_creates_a_draft_from_the_case(
    consented_case, caseworker, shelter, shelter_profile, client_for
):
    client = client_for(caseworker)
    url = f"/en/work/referrals/cases/{consented_case.pk}/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "receiver": shelter.pk,
            "services": ["shelter"],
            "urgency": "urgent",
            "package_fields": ["first_name", "age", "needs"],
            "needs": "A bed tonight.",
        },
    )
    referral = Referral.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/en/work/referrals/{referral.pk}/"
    )
    assert (referral.state, referral.urgency, referral.package_fields) == (
        "draft",
        "urgent",
        ["first_name", "age", "needs"],
    )
    page = client.get(f"/en/work/referrals/{referral.pk}/").content.decode()
    assert "Preview: this is what the receiving organisation will see" in page
    assert "A bed tonight." in page


def test_form_keeps_what_was_typed_when_the_service_refuses(
    case, caseworker, shelter, shelter_profile, client_for
):
    response = client_for(caseworker).post(
        f"/en/work/referrals/cases/{case.pk}/new/",
        {
            "receiver": shelter.pk,
            "services": ["shelter"],
            "urgency": "routine",
            "package_fields": ["first_name", "alias"],
            "alias": "Ai",
            "needs": "Keep me",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Share either the first name or an alias, not both." in body and "Keep me" in body


def test_send_without_consent_shows_the_consent_message(
    case, make_referral, caseworker, client_for
):
    referral = make_referral(case)
    client = client_for(caseworker)
    response = client.post(f"/en/work/referrals/{referral.pk}/send/", follow=True)
    assert "has no active consent for" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).state == "draft"


def test_provider_sees_the_package_and_not_the_case(sent, provider_user, client_for):
    client = client_for(provider_user)
    page = client.get(f"/en/work/referrals/{sent.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Жылдыз" in body and "Never call the family." in body
    assert "Ахметова" not in body
    assert "Passport taken" not in body
    assert f"/work/cases/{sent.case_id}/" not in body
    event = AuditEvent.objects.get(action="referrals.referral.view")
    assert (event.actor, event.detail) == (provider_user, {"side": "receiver"})


def test_later_case_edits_never_reach_the_provider_page(
    sent, caseworker, provider_user, client_for
):
    case_services.person_name_add(
        actor=caseworker, person=sent.case.person, kind="alias", value="Жыка"
    )
    body = client_for(provider_user).get(f"/en/work/referrals/{sent.pk}/").content.decode()
    assert "Жыка" not in body


def test_provider_gets_not_found_for_everything_else(
    sent, draft, provider_user, client_for, make_case, make_referral, consented_case
):
    client = client_for(provider_user)
    case = sent.case
    other_draft = make_referral(consented_case)
    for url in (
        f"/en/work/cases/{case.pk}/",
        f"/en/work/cases/persons/{case.person_id}/",
        "/en/work/cases/",
        f"/en/work/referrals/{other_draft.pk}/",
        f"/en/work/referrals/cases/{case.pk}/new/",
        f"/en/work/referrals/cases/{case.pk}/services/new/",
        f"/en/work/referrals/{other_draft.pk}/services/new/",
    ):
        assert client.get(url).status_code == 404, url


def test_provider_of_another_organisation_gets_not_found(sent, make_member, other_org, client_for):
    stranger = make_member(Role.PROVIDER, other_org)
    client = client_for(stranger)
    assert client.get(f"/en/work/referrals/{sent.pk}/").status_code == 404
    assert client.post(f"/en/work/referrals/{sent.pk}/step/", {"step": "accept"}).status_code == 404
    assert Referral.objects.get(pk=sent.pk).state == "sent"


def test_another_organisations_caseworker_gets_not_found(sent, outsider, client_for):
    client = client_for(outsider)
    for url in (
        f"/en/work/referrals/{sent.pk}/",
        f"/en/work/referrals/{sent.pk}/services/new/",
        f"/en/work/referrals/cases/{sent.case_id}/new/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/en/work/referrals/{sent.pk}/send/").status_code == 404


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.PROSECUTOR, Role.ANALYST, Role.ORG_ADMIN])
def test_other_roles_of_the_sending_organisation_get_not_found(sent, personas, role, client_for):
    client = client_for(personas[role])
    assert client.get(f"/en/work/referrals/{sent.pk}/").status_code == 404
    assert client.get("/en/work/referrals/").status_code == 404


def test_provider_accepts_and_records_a_service_through_the_pages(sent, provider_user, client_for):
    client = client_for(provider_user)
    client.post(f"/en/work/referrals/{sent.pk}/step/", {"step": "accept"})
    assert Referral.objects.get(pk=sent.pk).state == "accepted"
    response = client.post(
        f"/en/work/referrals/{sent.pk}/services/new/",
        {
            "service": "shelter",
            "delivered_on": dt.date.today().isoformat(),
            "funding_source": "donor",
            "note": "Admitted",
        },
    )
    assert response.status_code == 302
    assert ServiceDelivery.objects.get().referral_id == sent.pk
    assert Referral.objects.get(pk=sent.pk).state == "in_progress"


def test_refused_step_shows_the_message_with_state_and_step(sent, provider_user, client_for):
    response = client_for(provider_user).post(
        f"/en/work/referrals/{sent.pk}/step/", {"step": "complete"}, follow=True
    )
    assert (
        f"Referral {sent.reference} is “Sent”: the step “Mark completed” is not possible"
        in response.content.decode()
    )


def test_decline_needs_a_reason_on_the_page(sent, provider_user, client_for):
    client = client_for(provider_user)
    response = client.post(f"/en/work/referrals/{sent.pk}/step/", {"step": "decline"}, follow=True)
    assert "needs a reason" in response.content.decode()
    client.post(f"/en/work/referrals/{sent.pk}/step/", {"step": "decline", "reason": "Full"})
    assert Referral.objects.get(pk=sent.pk).state == "declined"


def test_queues_for_provider_and_caseworker(sent, provider_user, caseworker, client_for):
    Referral.objects.filter(pk=sent.pk).update(due_on=dt.date.today() - dt.timedelta(days=2))
    body = client_for(provider_user).get("/en/work/referrals/").content.decode()
    assert sent.reference in body and "2 days overdue" in body
    assert "Referrals I sent" not in body
    # Rows name the other organisation (awaiting) and both (overdue).
    assert body.count(f"<td>{sent.sender.name}</td>") == 2
    assert f"<td>{sent.receiver.name}</td>" in body
    body = client_for(caseworker).get("/en/work/referrals/").content.decode()
    assert "Referrals I sent" in body and sent.reference in body
    assert f"<td>{sent.receiver.name}</td>" in body


def test_case_page_shows_referrals_and_services_on_the_timeline(
    sent, provider_user, caseworker, client_for
):
    services.referral_accept(actor=provider_user, referral=sent)
    services.service_record(
        actor=provider_user,
        case=sent.case,
        referral=sent,
        service="medical",
        delivered_on=dt.date.today(),
        funding_source="free",
    )
    body = client_for(caseworker).get(f"/en/work/cases/{sent.case_id}/").content.decode()
    assert "Referrals and services" in body
    assert f"Referral {sent.reference} to Umut Shelter: Accepted" in body
    assert "Service delivered: Medical care by Umut Shelter" in body


def test_caseworker_records_a_service_on_the_case(case, caseworker, client_for):
    response = client_for(caseworker).post(
        f"/en/work/referrals/cases/{case.pk}/services/new/",
        {"service": "social_aid", "delivered_on": dt.date.today().isoformat()},
    )
    assert response.status_code == 302 and response["Location"] == f"/en/work/cases/{case.pk}/"
    assert ServiceDelivery.objects.get().case_id == case.pk


def test_directory_filters_by_service_country_region_and_language(
    shelter_profile, make_org, make_member, personas, client_for
):
    clinic = make_org("health", "TJ", name="Dushanbe Clinic")
    services.provider_profile_save(
        actor=make_member(Role.PROVIDER, clinic),
        organisation=clinic,
        services=["medical"],
        countries=["TJ"],
        regions=["Dushanbe"],
        languages=["tgk"],
    )
    client = client_for(personas[Role.OPERATOR])

    def names(query):
        body = client.get("/en/work/referrals/providers/" + query).content.decode()
        return [n for n in ("Umut Shelter", "Dushanbe Clinic") if n in body]

    assert names("") == ["Umut Shelter", "Dushanbe Clinic"]
    assert names("?service=medical") == ["Umut Shelter", "Dushanbe Clinic"]
    assert names("?service=shelter") == ["Umut Shelter"]
    assert names("?country=TJ") == ["Dushanbe Clinic"]
    assert names("?region=chuy") == ["Umut Shelter"]
    assert names("?language=tgk") == ["Dushanbe Clinic"]


def test_provider_edits_its_own_profile(shelter_profile, provider_user, client_for):
    client = client_for(provider_user)
    assert client.get("/en/work/referrals/providers/profile/").status_code == 200
    response = client.post(
        "/en/work/referrals/providers/profile/",
        {
            "services": ["shelter", "interpretation"],
            "countries": ["KG"],
            "regions": "Chuy, Talas",
            "languages": ["kir"],
            "capacity": "8",
            "is_active": "on",
            "version": str(shelter_profile.version),
        },
    )
    assert response.status_code == 302
    shelter_profile.refresh_from_db()
    assert (shelter_profile.services, shelter_profile.regions, shelter_profile.capacity) == (
        ["shelter", "interpretation"],
        ["Chuy", "Talas"],
        8,
    )


def test_second_profile_editor_is_told_who_saved_first_and_keeps_their_input(
    shelter_profile, provider_user, make_member, shelter, client_for
):
    colleague = make_member(Role.ORG_ADMIN, shelter)
    opened_at = shelter_profile.version
    services.provider_profile_save(
        actor=colleague,
        organisation=shelter,
        expected_version=opened_at,
        opening_hours="09:00-18:00",
    )
    response = client_for(provider_user).post(
        "/en/work/referrals/providers/profile/",
        {
            "services": ["shelter"],
            "countries": ["KG"],
            "phone": "+996555123456",
            "is_active": "on",
            "version": str(opened_at),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Not saved: {colleague} changed this profile at" in body
    assert 'value="+996555123456"' in body  # what they typed is kept
    assert f'name="version" value="{opened_at + 1}"' in body  # the next save is deliberate
    shelter_profile.refresh_from_db()
    assert (shelter_profile.opening_hours, shelter_profile.phone) == (
        "09:00-18:00",
        "+996555000001",
    )


def test_caseworker_cannot_edit_a_provider_profile(caseworker, client_for):
    assert client_for(caseworker).get("/en/work/referrals/providers/profile/").status_code == 404


def test_queue_reads_the_same_number_of_queries_however_many_rows(
    sent, provider_user, client_for, make_org
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(provider_user)
    client.get("/en/work/referrals/")  # the session's first request records it
    with CaptureQueriesContext(connection) as one:
        client.get("/en/work/referrals/")
    for name in ("NGO A", "NGO B"):
        copy = Referral.objects.get(pk=sent.pk)
        copy.pk, copy.sender = None, make_org(name=name)
        copy.save()
    with CaptureQueriesContext(connection) as three:
        body = client.get("/en/work/referrals/").content.decode()
    assert "NGO A" in body and "NGO B" in body
    assert len(three.captured_queries) == len(one.captured_queries)
