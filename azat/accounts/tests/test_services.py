"""Administration services: each writes its audit event and ends sessions when access shrinks."""

import pytest
from allauth.usersessions.models import UserSession
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from azat.accounts import services
from azat.accounts.models import Membership
from azat.accounts.roles import OrgType, Role
from azat.core.models import AuditEvent


def _session_for(user, client_for):
    client = client_for(user)
    response = client.get("/ru/work/")
    assert response.status_code == 200
    return client


def test_org_admin_invites_a_person_with_a_single_use_link(
    personas, org, django_capture_on_commit_callbacks
):
    admin = personas[Role.ORG_ADMIN]
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.member_invite(
            actor=admin, organisation=org, email="New.Person@Example.org", role=Role.CASEWORKER
        )
    assert membership.user.email == "new.person@example.org"
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="membership.invite")
    assert event.actor == admin and event.organisation == org
    assert event.detail == {"role": "caseworker", "new_user": True, "user_id": membership.user_id}


def test_org_admin_cannot_invite_into_another_organisation(personas, other_org):
    with pytest.raises(PermissionDenied):
        services.member_invite(
            actor=personas[Role.ORG_ADMIN],
            organisation=other_org,
            email="x@example.org",
            role=Role.CASEWORKER,
        )
    assert not AuditEvent.objects.filter(action="membership.invite").exists()


def test_org_admin_cannot_appoint_a_system_admin(personas, org):
    with pytest.raises(PermissionDenied):
        services.member_invite(
            actor=personas[Role.ORG_ADMIN],
            organisation=org,
            email="x@example.org",
            role=Role.SYS_ADMIN,
        )


def test_duplicate_invitation_names_the_field(personas, org):
    existing = personas[Role.CASEWORKER]
    with pytest.raises(ValidationError) as info:
        services.member_invite(
            actor=personas[Role.ORG_ADMIN],
            organisation=org,
            email=existing.email,
            role=Role.CASEWORKER,
        )
    assert "email" in info.value.message_dict


def test_deactivation_ends_every_session_at_once(personas, client_for):
    caseworker = personas[Role.CASEWORKER]
    client = _session_for(caseworker, client_for)
    membership = Membership.objects.get(user=caseworker)
    services.membership_deactivate(actor=personas[Role.ORG_ADMIN], membership=membership)
    caseworker.refresh_from_db()
    assert not caseworker.is_active
    assert UserSession.objects.filter(user=caseworker).count() == 0
    response = client.get("/ru/work/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    event = AuditEvent.objects.get(action="membership.deactivate")
    assert event.detail["sessions_ended"] == 1 and event.detail["account_disabled"] is True


def test_role_change_takes_effect_at_once(personas, client_for):
    caseworker = personas[Role.CASEWORKER]
    client = _session_for(caseworker, client_for)
    membership = Membership.objects.get(user=caseworker)
    services.membership_change_role(
        actor=personas[Role.ORG_ADMIN], membership=membership, role=Role.ANALYST
    )
    assert client.get("/ru/work/").status_code == 302
    assert AuditEvent.objects.get(action="membership.change_role").detail["to"] == "analyst"


def test_sign_out_everywhere_ends_all_sessions(personas, client_for):
    user = personas[Role.CASEWORKER]
    first = _session_for(user, client_for)
    second = _session_for(user, client_for)
    response = first.post("/ru/work/admin/sign-out-everywhere/")
    assert response.status_code == 302
    assert second.get("/ru/work/").status_code == 302
    assert UserSession.objects.filter(user=user).count() == 0
    assert AuditEvent.objects.filter(action="user.sign_out_everywhere", actor=user).count() == 1


def test_suspending_an_organisation_signs_its_people_out(
    personas, org, make_org, make_member, client_for
):
    iom = make_org(OrgType.IOM, "KZ")
    sysadmin = make_member(Role.SYS_ADMIN, iom)
    client = _session_for(personas[Role.CASEWORKER], client_for)
    services.organisation_update(actor=sysadmin, organisation=org, is_active=False)
    assert client.get("/ru/work/").status_code == 302
    assert UserSession.objects.filter(user=personas[Role.CASEWORKER]).count() == 0


def test_only_system_admin_creates_organisations(personas):
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=personas[Role.ORG_ADMIN], name="X", type=OrgType.NGO, country="KG"
        )
    org = services.organisation_create(
        actor=personas[Role.SYS_ADMIN], name="New shelter", type=OrgType.SHELTER, country="TJ"
    )
    assert org.htcds_type == "NGO"
    assert AuditEvent.objects.filter(action="organisation.create", object_id=str(org.pk)).exists()


def test_every_org_type_maps_to_htcds():
    from azat.accounts.roles import htcds_org_types

    mapping = htcds_org_types()
    assert mapping["police"] == "LawEnforcement"
    assert mapping["health"] == "HealthServiceOrganisation"
    assert set(mapping) == set(OrgType.values)
