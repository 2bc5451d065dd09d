"""Withdrawing referral consent recalls the referrals already sent to that organisation, and
provider profiles are edited with optimistic locking."""

import pytest
from django.utils import translation

from azat.accounts.roles import OrgType, Role
from azat.cases import services as case_services
from azat.core.models import AuditEvent
from azat.core.services import StaleEdit
from azat.referrals import services
from azat.referrals.models import Provider, Referral, ReferralEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _referral_consent(case, shelter):
    return case.consents.active().get(purpose="referral", organisation=shelter)


def test_withdrawing_referral_consent_withdraws_every_open_referral_to_that_organisation(
    sent, make_referral, caseworker, provider_user, shelter
):
    case = sent.case
    second = make_referral(case, services=["medical"])
    services.referral_send(actor=caseworker, referral=second)
    services.referral_accept(actor=provider_user, referral=second)
    draft = make_referral(case, services=["psychological"])

    consent = _referral_consent(case, shelter)
    case_services.consent_withdraw(actor=caseworker, consent=consent)

    consent.refresh_from_db()
    for referral in (sent, second):
        referral.refresh_from_db()
        assert referral.state == "withdrawn"
        assert referral.state_reason == "Consent withdrawn"
        assert referral.package is None
        assert referral.recalled_at == consent.withdrawn_at
        event = ReferralEvent.objects.filter(referral=referral).order_by("-id").first()
        assert (event.step, event.to_state, event.by) == ("withdraw", "withdrawn", caseworker)
    draft.refresh_from_db()
    assert (draft.state, draft.recalled_at) == ("draft", None)  # never left the organisation
    recalls = AuditEvent.objects.filter(action="referrals.referral.recall").order_by("id")
    assert [e.object_id for e in recalls] == [str(sent.pk), str(second.pk)]
    assert recalls[0].detail == {
        "case_id": case.pk,
        "consent_id": consent.pk,
        "receiver_id": shelter.pk,
    }
    assert AuditEvent.objects.filter(action="referrals.referral.withdraw").count() == 2
    withdrawal = AuditEvent.objects.get(action="cases.consent.withdraw")
    assert withdrawal.detail["recalled_referrals"] == [sent.pk, second.pk]


def test_recall_leaves_referrals_to_other_organisations_and_finished_ones(
    sent, make_referral, caseworker, provider_user, shelter, make_org, make_member
):
    case = sent.case
    services.referral_accept(actor=provider_user, referral=sent)
    services.referral_complete(
        actor=provider_user, referral=services.referral_start(actor=provider_user, referral=sent)
    )
    clinic = make_org(OrgType.HEALTH, "KG", name="Clinic")
    services.provider_profile_save(
        actor=make_member(Role.PROVIDER, clinic), organisation=clinic, services=["medical"]
    )
    case_services.consent_record(
        actor=caseworker, case=case, purpose="referral", organisation=clinic
    )
    to_clinic = make_referral(case, receiver=clinic, services=["medical"])
    services.referral_send(actor=caseworker, referral=to_clinic)

    case_services.consent_withdraw(actor=caseworker, consent=_referral_consent(case, shelter))

    assert Referral.objects.get(pk=sent.pk).state == "completed"
    assert Referral.objects.get(pk=to_clinic.pk).state == "sent"
    assert not AuditEvent.objects.filter(action="referrals.referral.recall").exists()


def test_provider_no_longer_sees_a_recalled_referral(
    sent, caseworker, provider_user, shelter, client_for, api_for
):
    client = client_for(provider_user)
    assert client.get(f"/en/work/referrals/{sent.pk}/").status_code == 200
    case_services.consent_withdraw(actor=caseworker, consent=_referral_consent(sent.case, shelter))
    assert client.get(f"/en/work/referrals/{sent.pk}/").status_code == 404
    assert client.get(f"/en/work/referrals/{sent.pk}/services/new/").status_code == 404
    step = client.post(f"/en/work/referrals/{sent.pk}/step/", {"step": "accept"})
    assert step.status_code == 404
    queue = client.get("/en/work/referrals/").content.decode()
    assert sent.reference not in queue
    assert sent.reference not in client.get("/en/work/referrals/all/").content.decode()
    assert api_for(provider_user).get(f"/api/v1/referrals/{sent.pk}/").status_code == 404
    # The referring side still sees it, withdrawn, with the reason.
    own = client_for(caseworker).get(f"/en/work/referrals/{sent.pk}/").content.decode()
    assert "Consent withdrawn" in own


def test_case_page_says_which_referrals_the_withdrawal_recalled(
    sent, caseworker, shelter, client_for
):
    consent = _referral_consent(sent.case, shelter)
    client = client_for(caseworker)
    response = client.post(
        f"/en/work/cases/{sent.case_id}/consents/{consent.pk}/withdraw/", follow=True
    )
    body = response.content.decode()
    assert f"Referral {sent.reference} to Umut Shelter was withdrawn" in body
    assert "Umut Shelter no longer sees it." in body


def test_consent_withdrawal_through_the_api_lists_recalled_referrals(
    sent, caseworker, shelter, api_for
):
    consent = _referral_consent(sent.case, shelter)
    response = api_for(caseworker).post(
        f"/api/v1/cases/{sent.case_id}/consents/{consent.pk}/withdraw/"
    )
    assert response.status_code == 200
    assert response.json()["recalled_referrals"] == [sent.pk]


# --- provider profile locking ------------------------------------------------------------------


def test_profile_update_with_the_version_read_bumps_it_and_is_audited(
    shelter_profile, provider_user, shelter
):
    provider = services.provider_profile_save(
        actor=provider_user, organisation=shelter, expected_version=1, capacity=12
    )
    assert (provider.version, provider.capacity) == (2, 12)
    assert Provider.objects.get().capacity == 12
    event = AuditEvent.objects.filter(action="referrals.provider.save").order_by("-id").first()
    assert event.detail == {"created": False, "fields": ["capacity"], "version": 2}


def test_profile_update_from_an_old_version_is_refused_naming_who_saved(
    shelter_profile, provider_user, shelter, make_member
):
    admin = make_member(Role.ORG_ADMIN, shelter)
    services.provider_profile_save(
        actor=admin, organisation=shelter, expected_version=1, capacity=3
    )
    with pytest.raises(StaleEdit) as exc:
        services.provider_profile_save(
            actor=provider_user, organisation=shelter, expected_version=1, capacity=20
        )
    assert exc.value.changed_by == str(admin)
    assert Provider.objects.get().capacity == 3


def test_profile_form_opened_before_a_colleague_created_it_is_a_stale_edit(
    shelter_profile, shelter, make_member
):
    with pytest.raises(StaleEdit):
        services.provider_profile_save(
            actor=make_member(Role.ORG_ADMIN, shelter), organisation=shelter, capacity=1
        )
