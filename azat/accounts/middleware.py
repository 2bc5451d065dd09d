"""Sign-in security enforced on every request: MFA enrolment, idle and absolute session limits."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

LOGIN_AT = "azat_login_at"
LAST_SEEN = "azat_last_seen"
LAST_SEEN_RESOLUTION = 60  # seconds


def has_mfa(user: object) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def request_has_mfa(request: HttpRequest) -> bool:
    """`has_mfa` for the signed-in user, asked once per request (middleware and page header)."""
    cached = getattr(request, "_azat_has_mfa", None)
    if cached is None:
        cached = has_mfa(request.user)
        request._azat_has_mfa = cached  # type: ignore[attr-defined]
    return cached


def _is_exempt(path: str) -> bool:
    """Pages a signed-in user without MFA may still reach: enrolment, sign-out, assets."""
    exempt_names = (
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_index",
        "account_logout",
        "account_reauthenticate",
    )
    prefixes = [settings.STATIC_URL, "/i18n/"]
    prefixes += [reverse(name) for name in exempt_names]
    return any(path.startswith(prefix) for prefix in prefixes)


class MFARequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not _is_exempt(request.path) and not request_has_mfa(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Two-factor authentication must be set up before using the API.")},
                    status=403,
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Django has no true idle or absolute timeout; this enforces both on the server side."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = timezone.now().timestamp()
            login_at = request.session.get(LOGIN_AT)
            last_seen = request.session.get(LAST_SEEN)
            idle = settings.AZAT_SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.AZAT_SESSION_ABSOLUTE_LIFETIME.total_seconds()
            if login_at is None:
                request.session[LOGIN_AT] = now
            elif now - login_at > absolute or (last_seen is not None and now - last_seen > idle):
                logout(request)
                messages.info(request, _("Your session ended. Please sign in again."))
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Session expired.")}, status=401)
                return redirect(f"{reverse('account_login')}")
            if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                # A minute's resolution is enough for a 15-minute idle limit, and spares a
                # session write on every request.
                request.session[LAST_SEEN] = now
        return self.get_response(request)
