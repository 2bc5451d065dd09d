"""Hotline pages: the operator's work list, the live call form, the supervisor's counts, and the
hotlines an organisation runs (set up by its administrator or supervisor)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from azat.accounts.access import AuthedRequest, role_required
from azat.accounts.roles import Role
from azat.core.forms import apply_validation_error
from azat.core.services import StaleEdit
from azat.hotline import selectors, services
from azat.hotline.forms import CallForm, EmergencyForm, HotlineForm, StartCallForm

CALL_ROLES = (Role.OPERATOR, Role.SUPERVISOR)
MANAGER_ROLES = (Role.ORG_ADMIN, Role.SUPERVISOR)


@role_required(*CALL_ROLES)
def work_list(request: AuthedRequest) -> HttpResponse:
    hotlines = selectors.hotline_list(user=request.user, membership=request.membership)
    lists = selectors.work_list(user=request.user, membership=request.membership)
    return render(
        request,
        "hotline/work_list.html",
        {"lists": lists, "start_form": StartCallForm(hotlines=hotlines), "hotlines": hotlines},
    )


@role_required(*CALL_ROLES)
@require_POST
def call_start(request: AuthedRequest) -> HttpResponse:
    hotlines = selectors.hotline_list(user=request.user, membership=request.membership)
    form = StartCallForm(request.POST, hotlines=hotlines)
    if not request.POST.get("hotline") and hotlines.count() == 1:
        form = StartCallForm({"hotline": hotlines.get().pk}, hotlines=hotlines)
    if not form.is_valid():
        messages.error(request, _("Choose the hotline that is taking the call."))
        return redirect("hotline:work_list")
    try:
        call = services.call_start(actor=request.user, hotline=form.cleaned_data["hotline"])
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("hotline:work_list")
    return redirect("hotline:call_edit", pk=call.pk)


@role_required(*CALL_ROLES)
def call_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=request.user, membership=request.membership, id=pk)
    form = CallForm(request.POST or None, instance=call)
    emergency = EmergencyForm(request.POST or None, prefix="em")
    action = request.POST.get("action", "save")
    emergency_open = action == "emergency"
    stale = False
    if request.method == "POST":
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            expected = -1
        form_ok = form.is_valid()
        emergency_ok = emergency.is_valid() if action == "emergency" else True
        if form_ok and emergency_ok:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                services.call_save_from_form(
                    actor=request.user,
                    call=call,
                    expected_version=expected,
                    action=action,
                    changes=changes,
                    escalation=emergency.cleaned_data if action == "emergency" else None,
                )
            except StaleEdit as exc:
                stale = True
                call.refresh_from_db()
                form.add_error(None, str(exc))
            except ValidationError as exc:
                call.refresh_from_db()
                apply_validation_error(form, exc)
            else:
                if action == "emergency":
                    messages.warning(request, _("Emergency escalation recorded."))
                elif action == "close":
                    messages.success(request, _("Call ended and saved."))
                    return redirect("hotline:work_list")
                else:
                    messages.success(request, _("Call saved."))
                return redirect("hotline:call_edit", pk=call.pk)
    escalations = call.escalations.select_related("alerted_by").all()
    return render(
        request,
        "hotline/call_form.html",
        {
            "call": call,
            "form": form,
            "emergency": emergency,
            "emergency_open": emergency_open,
            "stale": stale,
            "escalations": escalations,
            "version": request.POST.get("version") or call.version,
        },
    )


@role_required(Role.SUPERVISOR, Role.ANALYST)
def call_stats(request: AuthedRequest) -> HttpResponse:
    stats = selectors.call_stats(user=request.user, membership=request.membership)
    peak = max([c.count or 0 for c in stats.by_day] + [1])
    return render(request, "hotline/call_stats.html", {"stats": stats, "peak": peak})


@role_required(*MANAGER_ROLES)
def hotline_list(request: AuthedRequest) -> HttpResponse:
    hotlines = selectors.hotline_manage_list(user=request.user, membership=request.membership)
    return render(request, "hotline/hotline_list.html", {"hotlines": hotlines})


@role_required(*MANAGER_ROLES)
def hotline_new(request: AuthedRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = HotlineForm(request.POST or None, initial={"country": organisation.country})
    if request.method == "POST" and form.is_valid():
        try:
            services.hotline_create(actor=request.user, organisation=organisation, **form.changes())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Hotline added."))
            return redirect("hotline:hotline_list")
    return render(request, "hotline/hotline_form.html", {"form": form, "hotline": None})


@role_required(*MANAGER_ROLES)
def hotline_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    hotline = selectors.hotline_get_for_user(
        user=request.user, membership=request.membership, id=pk
    )
    form = HotlineForm(request.POST or None, instance=hotline)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            if changes:
                services.hotline_update(actor=request.user, hotline=hotline, **changes)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Hotline saved."))
            return redirect("hotline:hotline_list")
    return render(request, "hotline/hotline_form.html", {"form": form, "hotline": hotline})
