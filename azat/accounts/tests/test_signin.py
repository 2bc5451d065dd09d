"""Sign-in security: MFA before anything, throttling, idle and absolute timeouts."""

import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from azat.accounts.roles import Role
from conftest import PASSWORD


def _secret(user):
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)).instance.data


def test_password_alone_does_not_sign_in_an_enrolled_user(personas):
    user = personas[Role.CASEWORKER]
    client = Client()
    response = client.post("/ru/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate/" in response["Location"]
    assert client.get("/ru/work/").status_code == 302  # still not signed in


def test_password_and_totp_sign_in(personas):
    import time

    from azat.accounts.adapters import MFAAdapter

    user = personas[Role.CASEWORKER]
    secret = MFAAdapter().decrypt(_secret(user)["secret"])
    client = Client()
    with time_machine.travel(time.time(), tick=False):  # no window boundary between the steps
        client.post("/ru/accounts/login/", {"login": user.email, "password": PASSWORD})
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        response = client.post("/ru/accounts/2fa/authenticate/", {"code": code})
        assert response.status_code == 302
        assert client.get("/ru/work/").status_code == 200


def test_totp_secret_is_stored_encrypted(personas):
    data = _secret(personas[Role.CASEWORKER])
    assert data["secret"].startswith("v1:")


def test_user_without_mfa_reaches_only_enrolment(make_member, org):
    user = make_member(Role.CASEWORKER, org, mfa=False)
    client = Client()
    client.post("/ru/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.get("/ru/work/")
    assert response.status_code == 302 and "/accounts/2fa/totp/activate/" in response["Location"]
    # Enrolment asks for the password once more (re-authentication before an MFA change).
    response = client.get("/ru/accounts/2fa/totp/activate/")
    assert "/accounts/reauthenticate/" in response["Location"]
    client.post("/ru/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/ru/accounts/2fa/totp/activate/").status_code == 200
    assert client.get("/ru/work/admin/people/").status_code == 302


def test_repeated_failures_are_throttled(personas):
    user = personas[Role.CASEWORKER]
    client = Client()
    for _ in range(5):
        client.post("/ru/accounts/login/", {"login": user.email, "password": "wrong password!"})
    response = client.post("/ru/accounts/login/", {"login": user.email, "password": PASSWORD})
    # The right password is refused too while the throttle lasts, and no second step starts.
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "/accounts/2fa/authenticate/" not in response.get("Location", "")


def test_idle_session_ends_after_fifteen_minutes(personas, client_for):
    with time_machine.travel("2026-01-05 09:00", tick=False) as traveller:
        client = client_for(personas[Role.CASEWORKER])
        assert client.get("/ru/work/").status_code == 200
        traveller.shift(14 * 60)
        assert client.get("/ru/work/").status_code == 200
        traveller.shift(16 * 60)
        response = client.get("/ru/work/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_active_session_ends_after_eight_hours(personas, client_for):
    with time_machine.travel("2026-01-05 09:00", tick=False) as traveller:
        client = client_for(personas[Role.CASEWORKER])
        assert client.get("/ru/work/").status_code == 200
        for _ in range(50):  # active every ten minutes, past eight hours
            traveller.shift(10 * 60)
            if client.get("/ru/work/").status_code != 200:
                break
        response = client.get("/ru/work/")
        assert response.status_code == 302


def test_short_and_common_passwords_are_refused():
    import pytest
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short", "password1234"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("a long phrase " * 4)  # 56 characters, no symbols needed


def test_sign_in_and_failures_are_audited_without_what_was_typed(personas):
    from azat.core.models import AuditEvent

    user = personas[Role.CASEWORKER]
    client = Client()
    client.post("/ru/accounts/login/", {"login": user.email, "password": "typo typo typo"})
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.actor is None
    assert failed.detail == {}
    assert "typo" not in str(failed.__dict__)
    client.force_login(user)
    assert AuditEvent.objects.filter(action="auth.login", actor=user).count() == 1


def test_a_person_in_two_organisations_switches_between_them(personas, client_for, make_org):
    from azat.accounts.models import Membership

    user = personas["caseworker"]
    other = make_org(name="Second NGO")
    second = Membership.objects.create(user=user, organisation=other, role=Role.SUPERVISOR)
    client = client_for(user)
    page = client.get("/en/work/").content.decode()
    assert 'id="membership-switch"' in page and "Second NGO" in page
    response = client.post("/en/work/admin/switch/", {"membership": str(second.pk)}, follow=True)
    assert response.context["membership"] == second
    # A deactivated membership is not offered, and with one left there is nothing to switch.
    Membership.objects.filter(pk=second.pk).update(is_active=False)
    page = client.get("/en/work/").content.decode()
    assert 'id="membership-switch"' not in page
