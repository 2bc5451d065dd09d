"""Every non-public URL and API endpoint: anonymous → sign-in, no MFA → enrolment,
wrong role → not found. The list of URLs is read from the URL map, so a new view without a role
gate makes this test fail."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from azat.accounts.roles import Role

# URLs owned by django-allauth and Django itself, with the reason they are not role-gated.
THIRD_PARTY_PREFIXES = (
    "/ru/accounts/",  # allauth: sign-in, MFA enrolment, password reset; gated by allauth itself
    "/i18n/",  # language switch
)
PUBLIC_NAMES = {"healthz"}


def _walk(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            part = str(pattern._route)
        elif isinstance(pattern, RegexPattern):
            part = pattern._regex.lstrip("^").rstrip("$").replace("\\Z", "")
        else:  # LocalePrefixPattern
            part = "ru/"
        if isinstance(entry, URLResolver):
            found += _walk(entry, prefix + part)
        else:
            found.append((prefix + part, entry))
    return found


def _concrete(path: str) -> str:
    path = re.sub(r"<int:[^>]+>", "999999", path)
    path = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000000", path)
    path = re.sub(r"<(?:str|slug):[^>]+>", "x", path)
    path = re.sub(r"<[^>]+>", "x", path)
    path = re.sub(r"\(\?P<format>[^)]*\)\??", "", path)
    path = path.replace("\\.", ".")
    return "/" + path


def _view_attr(callback, name):
    func = callback
    while func is not None:
        if hasattr(func, name):
            return getattr(func, name)
        cls = getattr(func, "cls", None) or getattr(func, "view_class", None)
        if cls is not None:
            return getattr(cls, name, None)
        func = getattr(func, "__wrapped__", None)
    return None


def gated_urls() -> list[tuple[str, frozenset[str] | None, bool]]:
    """(path, roles allowed or None for any member, is_api)"""
    rows = []
    for raw, entry in _walk(get_resolver()):
        path = _concrete(raw)
        if path.startswith(THIRD_PARTY_PREFIXES) or entry.name in PUBLIC_NAMES:
            continue
        if _view_attr(entry.callback, "azat_public"):
            continue
        is_api = path.startswith("/api/")
        roles = _view_attr(entry.callback, "azat_roles" if not is_api else "allowed_roles")
        if not is_api and roles is None:
            raise AssertionError(f"{path} has neither role_required nor public_view")
        rows.append((path, roles, is_api))
    return rows


def test_every_page_declares_its_roles():
    assert len(gated_urls()) >= 10


def test_anonymous_is_sent_to_sign_in(client, db):
    for path, _roles, is_api in gated_urls():
        response = client.get(path)
        if is_api:
            assert response.status_code in (401, 403), path
        else:
            assert response.status_code == 302, path
            assert "/accounts/login/" in response["Location"], path


def test_user_without_mfa_is_sent_to_enrolment(make_member, org, client_for):
    user = make_member(Role.SYS_ADMIN, org, mfa=False)
    client = client_for(user)
    for path, _roles, is_api in gated_urls():
        response = client.get(path)
        if is_api:
            assert response.status_code == 403, path
        else:
            assert response.status_code == 302, path
            assert "/accounts/2fa/totp/activate" in response["Location"], path


@pytest.mark.parametrize("role", Role.values)
def test_wrong_role_gets_not_found(role, make_member, org, client_for):
    client = client_for(make_member(role, org))
    for path, roles, _is_api in gated_urls():
        if roles is None or role in roles:
            continue
        response = client.get(path)
        assert response.status_code == 404, (role, path, response.status_code)


@pytest.mark.parametrize("role", Role.values)
def test_right_role_is_not_refused(role, make_member, org, client_for):
    """Allowed roles reach the view (404 only for the made-up ids in detail URLs)."""
    client = client_for(make_member(role, org))
    for path, roles, _is_api in gated_urls():
        if roles is not None and role not in roles:
            continue
        response = client.get(path)
        if "999999" in path or "/x/" in path:
            assert response.status_code in (200, 404, 405), (role, path)
        else:
            assert response.status_code in (200, 405), (role, path, response.status_code)
