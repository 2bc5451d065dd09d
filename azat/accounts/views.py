"""Thin views: parse, select, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from azat.accounts import selectors, services
from azat.accounts.access import (
    SESSION_MEMBERSHIP_KEY,
    AuthedRequest,
    any_member,
    role_required,
)
from azat.accounts.forms import InviteForm, MemberFilterForm, OrganisationForm, RoleForm
from azat.accounts.models import Membership
from azat.accounts.roles import Role
from azat.core.forms import apply_validation_error


@any_member
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "accounts/home.html", {"role": request.membership.role})


@any_member
@require_POST
def switch_membership(request: AuthedRequest) -> HttpResponse:
    raw = request.POST.get("membership", "")
    if not raw.isdigit():
        raise Http404
    chosen = Membership.objects.active().filter(user=request.user, pk=int(raw))
    membership = chosen.first()
    if membership is None:
        raise Http404
    request.session[SESSION_MEMBERSHIP_KEY] = membership.pk
    messages.success(request, _("You now act as %(m)s.") % {"m": membership})
    return redirect("home")


@any_member
@require_POST
def sign_out_everywhere(request: AuthedRequest) -> HttpResponse:
    services.user_sign_out_everywhere(actor=request.user)
    logout(request)  # the current session was ended too; start a clean anonymous one
    messages.success(request, _("You were signed out on every device."))
    return redirect("account_login")


@role_required(Role.SYS_ADMIN)
def organisation_list(request: AuthedRequest) -> HttpResponse:
    organisations = selectors.organisation_list(user=request.user, membership=request.membership)
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@role_required(Role.SYS_ADMIN)
def organisation_create(request: AuthedRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Organisation created."))
            return redirect("accounts:organisation_list")
    return render(request, "accounts/organisation_form.html", {"form": form, "creating": True})


@role_required(Role.SYS_ADMIN, Role.ORG_ADMIN)
def organisation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(
        user=request.user, membership=request.membership, id=pk
    )
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.organisation_update(actor=request.user, organisation=organisation, **changes)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("accounts:member_list")
    return render(request, "accounts/organisation_form.html", {"form": form, "creating": False})


@role_required(Role.ORG_ADMIN, Role.SYS_ADMIN)
def member_list(request: AuthedRequest) -> HttpResponse:
    memberships = selectors.membership_list(user=request.user, membership=request.membership)
    filters = MemberFilterForm(request.GET or None)
    if filters.is_valid():
        if filters.cleaned_data["role"]:
            memberships = memberships.filter(role=filters.cleaned_data["role"])
        if filters.cleaned_data["active"]:
            memberships = memberships.filter(is_active=filters.cleaned_data["active"] == "1")
    page = Paginator(memberships.order_by("organisation__name", "user__email"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/member_list.html", {"page": page, "filters": filters})


@role_required(Role.ORG_ADMIN, Role.SYS_ADMIN)
def member_invite(request: AuthedRequest) -> HttpResponse:
    organisations = selectors.organisation_list(user=request.user, membership=request.membership)
    is_sys = request.membership.role == Role.SYS_ADMIN
    form = InviteForm(
        request.POST or None, organisations=organisations, can_appoint_sysadmin=is_sys
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_invite(
                actor=request.user,
                base_url=request.build_absolute_uri("/").rstrip("/"),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:member_list")
    return render(request, "accounts/member_invite.html", {"form": form})


@role_required(Role.ORG_ADMIN, Role.SYS_ADMIN)
def member_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(
        user=request.user, membership=request.membership, id=pk
    )
    is_sys = request.membership.role == Role.SYS_ADMIN
    form = RoleForm(request.POST or None, instance=membership, can_appoint_sysadmin=is_sys)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "deactivate":
                services.membership_deactivate(actor=request.user, membership=membership)
                messages.success(request, _("Access ended; their sessions were closed."))
                return redirect("accounts:member_list")
            if form.is_valid():
                services.membership_change_role(
                    actor=request.user, membership=membership, role=form.cleaned_data["role"]
                )
                messages.success(request, _("Role changed; their sessions were closed."))
                return redirect("accounts:member_list")
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    return render(request, "accounts/member_edit.html", {"form": form, "member": membership})
