"""The organisation's own target for identification → reintegration."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from azat.accounts.roles import Role
from azat.cases import selectors, services, stages
from azat.cases.models import StageTarget
from azat.core.models import AuditEvent
from azat.core.services import StaleEdit

D = dt.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_targets_for_replaces_only_the_reintegration_days():
    assert stages.default_reintegration_days() == 90
    (default,) = stages.targets_for(None)
    (own,) = stages.targets_for(30)
    assert (default.days, default.own) == (90, False)
    assert (own.days, own.own, own.goal) == (30, True, stages.Stage.REINTEGRATION)
    (status,) = stages.target_statuses(
        identified_on=D(2026, 1, 1),
        current="protection_assistance",
        entered={"identification": D(2026, 1, 1)},
        today=D(2026, 2, 10),
        targets=stages.targets_for(30),
    )
    assert (status.due_on, status.state, status.days_over) == (
        D(2026, 1, 31),
        stages.TargetState.OVERDUE,
        10,
    )


def test_supervisor_sets_the_target_with_an_audit_event(personas, org):
    supervisor = personas[Role.SUPERVISOR]
    services.stage_target_set(actor=supervisor, organisation=org, days=45)
    services.stage_target_set(actor=supervisor, organisation=org, days=60)
    target = StageTarget.objects.get(organisation=org)
    assert (target.days, target.updated_by) == (60, supervisor)
    events = AuditEvent.objects.filter(action="cases.stage_target.set").order_by("id")
    assert [e.detail for e in events] == [
        {"days": 45, "previous": None, "version": 1},
        {"days": 60, "previous": 45, "version": 2},
    ]


def test_org_admin_may_set_the_target(personas, org):
    services.stage_target_set(actor=personas[Role.ORG_ADMIN], organisation=org, days=120)
    assert selectors.stage_target_days(org.pk) == 120


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ANALYST, Role.OPERATOR])
def test_other_roles_may_not_set_the_target(personas, org, role):
    with pytest.raises(PermissionDenied):
        services.stage_target_set(actor=personas[role], organisation=org, days=30)


def test_another_organisations_supervisor_may_not_set_the_target(make_member, other_org, org):
    with pytest.raises(PermissionDenied):
        services.stage_target_set(
            actor=make_member(Role.SUPERVISOR, other_org), organisation=org, days=30
        )


def test_target_outside_the_range_names_the_field(personas, org):
    with pytest.raises(ValidationError) as exc:
        services.stage_target_set(actor=personas[Role.SUPERVISOR], organisation=org, days=2)
    assert exc.value.message_dict == {"days": ["Choose between 7 and 730 days."]}


def test_past_target_and_overdue_list_use_the_organisations_days(make_case, personas, org):
    today = dt.date.today()
    case = make_case(identified_on=today - dt.timedelta(days=40))
    supervisor = personas[Role.SUPERVISOR]
    membership = supervisor.memberships.get(organisation=org)
    assert selectors.case_is_past_target(case, today=today) is False
    assert selectors.case_overdue_list(user=supervisor, membership=membership, today=today) == []
    services.stage_target_set(actor=supervisor, organisation=org, days=30)
    assert selectors.case_is_past_target(case, today=today) is True
    (row,) = selectors.case_overdue_list(user=supervisor, membership=membership, today=today)
    assert (row.case.pk, row.status.days_over) == (case.pk, 10)


def test_another_organisations_target_does_not_apply(make_case, make_member, other_org):
    today = dt.date.today()
    case = make_case(identified_on=today - dt.timedelta(days=40))
    services.stage_target_set(
        actor=make_member(Role.SUPERVISOR, other_org), organisation=other_org, days=30
    )
    assert selectors.case_is_past_target(case, today=today) is False


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ORG_ADMIN])
def test_target_page_saves_for_supervisor_and_org_admin(personas, org, client_for, role):
    client = client_for(personas[role])
    assert client.get("/en/work/cases/target/").status_code == 200
    response = client.post("/en/work/cases/target/", {"days": "75"})
    assert response.status_code == 302
    assert selectors.stage_target_days(org.pk) == 75


def test_target_page_keeps_input_and_names_the_error(personas, client_for):
    response = client_for(personas[Role.SUPERVISOR]).post("/en/work/cases/target/", {"days": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["days"] == ["Choose between 7 and 730 days."]
    assert 'value="1"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.OPERATOR, Role.ANALYST, Role.SYS_ADMIN])
def test_target_page_is_not_found_for_other_roles(personas, client_for, role):
    assert client_for(personas[role]).get("/en/work/cases/target/").status_code == 404


def test_overdue_page_states_the_organisations_target(personas, org, client_for):
    services.stage_target_set(actor=personas[Role.SUPERVISOR], organisation=org, days=45)
    body = client_for(personas[Role.SUPERVISOR]).get("/en/work/cases/past-target/")
    text = body.content.decode()
    assert "within 45 days of identification" in text
    assert "This is your organisation's own target." in text


def test_target_set_from_an_old_version_is_refused_naming_who_set_it(personas, org):
    supervisor, admin = personas[Role.SUPERVISOR], personas[Role.ORG_ADMIN]
    services.stage_target_set(actor=supervisor, organisation=org, days=45, expected_version=0)
    services.stage_target_set(actor=admin, organisation=org, days=60, expected_version=1)
    with pytest.raises(StaleEdit) as exc:
        services.stage_target_set(actor=supervisor, organisation=org, days=30, expected_version=1)
    assert exc.value.changed_by == str(admin)
    with pytest.raises(StaleEdit):  # the form saw no target, but someone set one meanwhile
        services.stage_target_set(actor=supervisor, organisation=org, days=30, expected_version=0)
    assert StageTarget.objects.get(organisation=org).days == 60


def test_target_page_refuses_a_stale_save_and_keeps_the_number(personas, org, client_for):
    supervisor, admin = personas[Role.SUPERVISOR], personas[Role.ORG_ADMIN]
    client = client_for(supervisor)
    assert 'name="version" value="0"' in client.get("/en/work/cases/target/").content.decode()
    services.stage_target_set(actor=admin, organisation=org, days=60, expected_version=0)
    response = client.post("/en/work/cases/target/", {"days": "40", "version": "0"})
    body = response.content.decode()
    assert f"Not saved: {admin} set the target to 60 days at" in body
    assert 'value="40"' in body and 'name="version" value="1"' in body
    assert StageTarget.objects.get(organisation=org).days == 60
    again = client.post("/en/work/cases/target/", {"days": "40", "version": "1"})
    assert again.status_code == 302
    assert StageTarget.objects.get(organisation=org).days == 40
