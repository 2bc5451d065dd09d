"""Who is acting, in which role: the current membership, and the role gate for views.

Every non-public view is wrapped in `role_required(...)`, which records the roles on the view so the
role-by-URL test can check every URL; a user in another role gets the same 404 as for a missing
page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from azat.accounts.models import Membership, User
from azat.accounts.roles import Role

SESSION_MEMBERSHIP_KEY = "azat_membership_id"


class AuthedRequest(HttpRequest):
    """A request that passed `role_required`: a signed-in user acting in one membership."""

    user: User
    membership: Membership


def active_memberships(request: HttpRequest) -> list[Membership]:
    """The signed-in user's active memberships, read once per request (the page header lists
    them when there is more than one to switch between)."""
    if not request.user.is_authenticated:
        return []
    cached = getattr(request, "_azat_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=request.user)
            .select_related("organisation")
            .order_by("pk")
        )
        request._azat_memberships = cached  # type: ignore[attr-defined]
    return cached


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership the user acts in now: the one chosen in this session, else the first."""
    if not request.user.is_authenticated:
        return None
    cached = getattr(request, "_azat_membership", False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    memberships = active_memberships(request)
    chosen = request.session.get(SESSION_MEMBERSHIP_KEY)
    membership = next((m for m in memberships if m.pk == chosen), None) if chosen else None
    if membership is None and memberships:
        membership = memberships[0]
    request._azat_membership = membership  # type: ignore[attr-defined]
    return membership


def role_required(
    *roles: Role,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = current_membership(request)
            if membership is None or membership.role not in allowed:
                raise Http404
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        guarded = login_required(wrapped)
        guarded.azat_roles = allowed  # type: ignore[attr-defined]
        return guarded

    return decorator


def any_member(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages every signed-in member may see (home, own account)."""
    return role_required(*Role)(view)


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    view.azat_public = True  # type: ignore[attr-defined]
    return view
