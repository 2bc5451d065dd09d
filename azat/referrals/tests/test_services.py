"""Referral services: consent, package snapshot, every step with its audit event and message."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from azat.accounts.roles import OrgType, Role
from azat.cases import services as case_services
from azat.core.models import AuditEvent
from azat.referrals import services
from azat.referrals.models import Provider, Referral, ReferralEvent, ServiceDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted word for word, in English (the default language is Russian)."""
    with translation.override("en"):
        yield


def _audit(action):
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


def test_provider_profile_is_saved_by_its_own_provider_with_an_audit_event(shelter_profile):
    provider = Provider.objects.get()
    assert (provider.services, provider.regions, provider.capacity) == (
        ["shelter", "medical", "psychological"],
        ["Chuy"],
        10,
    )
    event = _audit("referrals.provider.save")
    assert event.object_id == str(provider.pk)
    assert event.detail["created"] is True


def test_another_organisations_member_cannot_edit_the_profile(shelter, make_member, other_org):
    stranger = make_member(Role.PROVIDER, other_org)
    with pytest.raises(PermissionDenied):
        services.provider_profile_save(actor=stranger, organisation=shelter, services=["shelter"])


def test_profile_refuses_services_outside_the_catalogue(shelter, provider_user):
    with pytest.raises(ValidationError) as exc:
        services.provider_profile_save(
            actor=provider_user, organisation=shelter, services=["shelter", "spa"]
        )
    assert exc.value.message_dict["services"] == ["Unknown services: spa"]


def test_draft_is_created_with_an_audit_event_and_no_package(draft, caseworker, shelter):
    assert (draft.state, draft.package, draft.sender_id) == (
        "draft",
        None,
        draft.case.organisation_id,
    )
    event = _audit("referrals.referral.create")
    assert (event.actor, event.object_id) == (caseworker, str(draft.pk))
    assert event.detail == {
        "case_id": draft.case_id,
        "receiver_id": shelter.pk,
        "services": ["shelter"],
        "fields": ["first_name", "age", "sex", "needs", "safety_notes"],
    }


def test_rejects_referral_to_an_organisation_without_a_provider_profile(
    case, make_referral, make_org
):
    clinic = make_org(OrgType.HEALTH, "KG", name="Clinic")
    with pytest.raises(ValidationError) as exc:
        make_referral(case, receiver=clinic)
    assert "no provider profile" in exc.value.message_dict["receiver"][0]


def test_rejects_a_service_the_provider_does_not_offer(case, make_referral):
    with pytest.raises(ValidationError) as exc:
        make_referral(case, services=["shelter", "legal_aid"])
    assert exc.value.message_dict["services"] == ["Umut Shelter does not offer: Legal aid."]


def test_rejects_referral_to_an_inactive_provider(case, make_referral, shelter_profile):
    Provider.objects.filter(pk=shelter_profile.pk).update(is_active=False)
    with pytest.raises(ValidationError):
        make_referral(case)


def test_package_cannot_carry_fields_outside_the_minimum_set(case, make_referral):
    with pytest.raises(ValidationError) as exc:
        make_referral(case, package_fields=["first_name", "passport_number"])
    assert exc.value.message_dict["package_fields"] == [
        "These fields are not part of a referral package: passport_number"
    ]


def test_refuses_first_name_and_alias_together(case, make_referral):
    with pytest.raises(ValidationError) as exc:
        make_referral(case, package_fields=["first_name", "alias"], alias="A.")
    assert exc.value.message_dict["package_fields"] == [
        "Share either the first name or an alias, not both."
    ]


def test_another_organisations_caseworker_cannot_refer_the_case(case, make_referral, outsider):
    with pytest.raises(PermissionDenied):
        make_referral(case, actor=outsider)


# --- consent -----------------------------------------------------------------------------------


def test_send_is_refused_without_referral_consent_for_that_organisation(
    case, make_referral, caseworker, make_org
):
    referral = make_referral(case)
    other = make_org(OrgType.SHELTER, "KG", name="Another Shelter")
    case_services.consent_record(
        actor=caseworker, case=case, purpose="referral", organisation=other
    )
    with pytest.raises(ValidationError) as exc:
        services.referral_send(actor=caseworker, referral=referral)
    assert exc.value.messages == [
        f"Case {case.reference} has no active consent for: "
        "Referral to a named organisation (Umut Shelter)."
    ]
    referral.refresh_from_db()
    assert (referral.state, referral.package) == ("draft", None)
    assert not AuditEvent.objects.filter(action="referrals.referral.send").exists()


def test_withdrawing_consent_before_sending_refuses_the_send(draft, caseworker):
    consent = draft.case.consents.get(purpose="referral")
    case_services.consent_withdraw(actor=caseworker, consent=consent)
    with pytest.raises(ValidationError) as exc:
        services.referral_send(actor=caseworker, referral=draft)
    assert (
        "has no active consent for: Referral to a named organisation (Umut Shelter)"
        in (exc.value.messages[0])
    )
    assert Referral.objects.get(pk=draft.pk).state == "draft"


# --- package -----------------------------------------------------------------------------------


def test_send_copies_only_the_chosen_fields_into_the_package(sent, caseworker):
    assert sent.state == "sent" and sent.sent_at is not None
    assert sent.package == {
        "services": ["shelter"],
        "urgency": "routine",
        "due_on": (dt.date.today() + dt.timedelta(days=3)).isoformat(),
        "first_name": "Жылдыз",
        "age": 24,
        "age_estimated": True,
        "sex": "Feminine",
        "needs": "A safe place for two weeks.",
        "safety_notes": "Never call the family.",
    }
    event = _audit("referrals.referral.send")
    assert event.detail == {"case_id": sent.case_id, "from": "draft", "to": "sent"}
    package_event = _audit("referrals.referral.package")
    assert package_event.detail["fields"] == [
        "age",
        "age_estimated",
        "first_name",
        "needs",
        "safety_notes",
        "sex",
    ]
    assert "Жылдыз" not in str(package_event.detail) and "Never" not in str(event.detail)


def test_later_case_edits_do_not_reach_the_package(sent, caseworker):
    person = sent.case.person
    case_services.person_name_add(actor=caseworker, person=person, kind="given", value="Айгуль")
    person.languages = ["uzb"]
    person.save()
    sent.refresh_from_db()
    assert sent.package["first_name"] == "Жылдыз"
    assert "languages" not in sent.package


def test_the_package_is_encrypted_at_rest(sent):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT package FROM referrals_referral WHERE id = %s", [sent.pk])
        raw = cursor.fetchone()[0]
    assert "Never call" not in raw and "Жылдыз" not in raw


def test_alias_replaces_the_name(consented_case, make_referral, caseworker):
    referral = make_referral(consented_case, package_fields=["alias", "sex"], alias="Ai.")
    services.referral_send(actor=caseworker, referral=referral)
    assert referral.package == {
        "services": ["shelter"],
        "urgency": "routine",
        "due_on": referral.due_on.isoformat(),
        "alias": "Ai.",
        "sex": "Feminine",
    }


# --- the workflow through the services ---------------------------------------------------------


def test_full_journey_writes_one_event_and_audit_per_step(sent, provider_user, caseworker):
    services.referral_accept(actor=provider_user, referral=sent)
    services.referral_start(actor=provider_user, referral=sent)
    services.referral_complete(actor=provider_user, referral=sent)
    sent.refresh_from_db()
    assert sent.state == "completed" and sent.ended_at is not None
    assert list(ReferralEvent.objects.values_list("step", "from_state", "to_state")) == [
        ("send", "draft", "sent"),
        ("accept", "sent", "accepted"),
        ("start", "accepted", "in_progress"),
        ("complete", "in_progress", "completed"),
    ]
    accept = _audit("referrals.referral.accept")
    assert (accept.actor, accept.organisation_id) == (provider_user, sent.receiver_id)


def test_decline_keeps_the_reason_encrypted_and_audited_without_it(sent, provider_user):
    services.referral_decline(actor=provider_user, referral=sent, reason="No free places.")
    sent.refresh_from_db()
    assert (sent.state, sent.state_reason) == ("declined", "No free places.")
    assert ReferralEvent.objects.get(step="decline").note == "No free places."
    assert "places" not in str(_audit("referrals.referral.decline").detail)


def test_decline_without_a_reason_is_refused_naming_state_and_step(sent, provider_user):
    with pytest.raises(ValidationError) as exc:
        services.referral_decline(actor=provider_user, referral=sent, reason=" ")
    assert exc.value.messages == [
        f"Referral {sent.reference} is “Sent”: the step “Decline” needs a reason."
    ]


def test_completing_before_acceptance_is_refused_naming_state_and_step(sent, provider_user):
    with pytest.raises(ValidationError) as exc:
        services.referral_complete(actor=provider_user, referral=sent)
    assert exc.value.messages == [
        f"Referral {sent.reference} is “Sent”: the step “Mark completed” is not possible from "
        "there. Possible steps: Accept, Decline, Withdraw."
    ]


def test_sending_twice_is_refused(sent, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.referral_send(actor=caseworker, referral=sent)
    assert exc.value.messages[0].startswith(f"Referral {sent.reference} is “Sent”: the step “Send”")


def test_no_step_after_the_end(sent, provider_user, caseworker):
    services.referral_decline(actor=provider_user, referral=sent, reason="Full.")
    with pytest.raises(ValidationError) as exc:
        services.referral_withdraw(actor=caseworker, referral=sent, reason="Too late")
    assert exc.value.messages == [
        f"Referral {sent.reference} is “Declined”: the step “Withdraw” is not possible from "
        "there. Possible steps: none, the referral has ended."
    ]


def test_the_sender_cannot_accept_its_own_referral(sent, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.referral_accept(actor=caseworker, referral=sent)
    assert exc.value.messages == [
        f"Referral {sent.reference} is “Sent”: only the receiving organisation takes the step "
        "“Accept”."
    ]


def test_the_receiver_cannot_withdraw(sent, provider_user):
    with pytest.raises(ValidationError) as exc:
        services.referral_withdraw(actor=provider_user, referral=sent, reason="x")
    assert exc.value.messages == [
        f"Referral {sent.reference} is “Sent”: only the referring organisation takes the step "
        "“Withdraw”."
    ]


def test_the_receiver_never_acts_on_a_draft(draft, provider_user):
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=provider_user, referral=draft)


def test_a_stranger_cannot_answer(sent, make_member, other_org):
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=make_member(Role.PROVIDER, other_org), referral=sent)


def test_two_answers_at_once_only_one_wins(sent, provider_user):
    stale = Referral.objects.get(pk=sent.pk)
    services.referral_accept(actor=provider_user, referral=sent)
    with pytest.raises(ValidationError) as exc:
        services.referral_decline(actor=provider_user, referral=stale, reason="Full")
    assert exc.value.messages[0].startswith(f"Referral {sent.reference} is “Accepted”")
    assert Referral.objects.get(pk=sent.pk).state == "accepted"


def test_withdrawing_a_sent_referral_needs_a_reason(sent, caseworker):
    with pytest.raises(ValidationError):
        services.referral_withdraw(actor=caseworker, referral=sent)
    services.referral_withdraw(actor=caseworker, referral=sent, reason="Went home.")
    assert Referral.objects.get(pk=sent.pk).state == "withdrawn"
    assert _audit("referrals.referral.withdraw").organisation_id == sent.sender_id


def test_unknown_step_is_refused_by_name(sent, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.referral_step(actor=caseworker, referral=sent, step="teleport")
    assert exc.value.messages == [
        f"Referral {sent.reference} is “Sent”: “teleport” is not a known step."
    ]


# --- services delivered ------------------------------------------------------------------------


def test_provider_records_a_service_which_starts_the_referral(sent, provider_user):
    services.referral_accept(actor=provider_user, referral=sent)
    delivery = services.service_record(
        actor=provider_user,
        case=sent.case,
        referral=sent,
        service="shelter",
        delivered_on=timezone.localdate(),
        cost=1200,
        currency="KGS",
        funding_source="donor",
        note="Admitted.",
    )
    delivery.refresh_from_db()
    assert (delivery.provider_id, delivery.service, str(delivery.cost)) == (
        sent.receiver_id,
        "shelter",
        "1200.00",
    )
    assert Referral.objects.get(pk=sent.pk).state == "in_progress"
    event = _audit("referrals.service.record")
    assert event.detail == {
        "case_id": sent.case_id,
        "referral_id": sent.pk,
        "service": "shelter",
        "funding_source": "donor",
    }
    assert _audit("referrals.referral.start").actor == provider_user


def test_no_service_on_a_referral_not_yet_accepted(sent, provider_user):
    with pytest.raises(ValidationError) as exc:
        services.service_record(
            actor=provider_user,
            case=sent.case,
            referral=sent,
            service="shelter",
            delivered_on=timezone.localdate(),
        )
    assert exc.value.messages == [
        f"Referral {sent.reference} is “Sent”: services are recorded once it is accepted."
    ]
    assert not ServiceDelivery.objects.exists()


def test_caseworker_records_a_service_without_a_referral(case, caseworker):
    delivery = services.service_record(
        actor=caseworker, case=case, service="social_aid", delivered_on=timezone.localdate()
    )
    assert delivery.provider_id == case.organisation_id
    assert _audit("referrals.service.record").actor == caseworker


def test_a_cost_needs_its_currency(case, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.service_record(
            actor=caseworker,
            case=case,
            service="medical",
            delivered_on=timezone.localdate(),
            cost=100,
        )
    assert exc.value.message_dict == {"currency": ["Give the currency of the cost."]}


def test_cross_border_referral(consented_case, caseworker, make_org, make_member):
    iom = make_org(OrgType.IOM, "KZ", name="IOM Almaty")
    services.provider_profile_save(
        actor=make_member(Role.PROVIDER, iom), organisation=iom, services=["return_escort"]
    )
    case_services.consent_record(
        actor=caseworker, case=consented_case, purpose="referral", organisation=iom
    )
    referral = services.referral_create(
        actor=caseworker, case=consented_case, receiver=iom, services=["return_escort"]
    )
    services.referral_send(actor=caseworker, referral=referral)
    assert referral.is_cross_border is True and referral.state == "sent"
