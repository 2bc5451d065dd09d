"""Thin views: parse, select (audited), call one service, render.

The referring side reaches referrals from the case page and its queue; the receiving side sees
a package page and nothing of the case. A member of any other organisation, or in a role that
has no business here, gets the same 404 as for a missing page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from azat.accounts.access import AuthedRequest, role_required
from azat.accounts.models import Organisation
from azat.accounts.roles import Role
from azat.cases import selectors as case_selectors
from azat.core.forms import apply_validation_error
from azat.core.services import StaleEdit
from azat.referrals import selectors, services, workflow
from azat.referrals.forms import (
    DirectoryFilterForm,
    ProviderProfileForm,
    ReferralForm,
    ServiceForm,
    StepForm,
)
from azat.referrals.models import Referral, ReferralStep

CASE_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)
REFERRAL_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.PROVIDER)
PROFILE_ROLES = (Role.PROVIDER, Role.ORG_ADMIN)


def _referral(request: AuthedRequest, pk: int) -> tuple[Referral, workflow.Side]:
    return selectors.referral_get_for_user(user=request.user, membership=request.membership, id=pk)


# --- queues and lists --------------------------------------------------------------------------


@role_required(*REFERRAL_ROLES)
def queue(request: AuthedRequest) -> HttpResponse:
    mine = request.GET.get("scope", "mine") != "all"
    today = timezone.localdate()
    queues = selectors.referral_queues(
        user=request.user, membership=request.membership, today=today, mine=mine
    )
    return render(
        request,
        "referrals/queue.html",
        {
            "queues": queues,
            "today": today,
            "mine": mine,
            "can_send": request.membership.role in CASE_ROLES,
        },
    )


@role_required(*REFERRAL_ROLES)
def referral_list(request: AuthedRequest) -> HttpResponse:
    """Every referral of one box, finished ones included (the queue shows open work only)."""
    box = request.GET.get("box", "received")
    if box == "sent" and request.membership.role in CASE_ROLES:
        referrals = selectors.referral_sent_list(user=request.user, membership=request.membership)
    else:
        box = "received"
        referrals = selectors.referral_received_list(
            user=request.user, membership=request.membership
        )
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/referral_list.html",
        {
            "page": page,
            "box": box,
            "show_receiver": box == "sent",
            "today": timezone.localdate(),
            "can_send": request.membership.role in CASE_ROLES,
        },
    )


# --- provider directory ------------------------------------------------------------------------


@role_required(*Role)
def directory(request: AuthedRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = selectors.DirectoryFilter()
    if form.is_valid():
        filters = selectors.DirectoryFilter(**form.cleaned_data)
    return render(
        request,
        "referrals/directory.html",
        {
            "form": form,
            "providers": selectors.provider_directory(filters),
            "own": selectors.provider_of(request.membership),
            "can_edit": request.membership.role in PROFILE_ROLES,
        },
    )


@role_required(*Role)
def provider_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    provider = selectors.provider_get(id=pk)
    return render(
        request,
        "referrals/provider_detail.html",
        {
            "provider": provider,
            "can_edit": request.membership.role in PROFILE_ROLES
            and provider.organisation_id == request.membership.organisation_id,
        },
    )


def _profile_initial(request: AuthedRequest) -> dict[str, Any]:
    provider = selectors.provider_of(request.membership)
    if provider is None:
        organisation = request.membership.organisation
        return {
            "countries": [str(organisation.country)],
            "regions": organisation.region,
            "is_active": True,
        }
    return {
        "version": provider.version,
        "services": provider.services,
        "countries": [str(c) for c in provider.countries],
        "regions": ", ".join(provider.regions),
        "languages": provider.languages,
        "capacity": provider.capacity,
        "opening_hours": provider.opening_hours,
        "phone": provider.phone,
        "email": provider.email,
        "address": provider.address,
        "description": provider.description,
        "is_active": provider.is_active,
    }


@role_required(*PROFILE_ROLES)
def provider_edit(request: AuthedRequest) -> HttpResponse:
    form = ProviderProfileForm(request.POST or None, initial=_profile_initial(request))
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        expected_version = fields.pop("version")
        try:
            provider = services.provider_profile_save(
                actor=request.user,
                organisation=request.membership.organisation,
                expected_version=expected_version,
                **fields,
            )
        except StaleEdit as exc:
            # Keep what they typed, hold the current version: the next save is deliberate.
            data = request.POST.copy()
            data["version"] = str(_profile_initial(request).get("version", ""))
            form = ProviderProfileForm(data)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Not saved: %(who)s changed this profile at %(when)s, after you opened it. "
                    "What you typed is kept below. Compare with the current profile, then save "
                    "again."
                )
                % {
                    "who": exc.changed_by,
                    "when": timezone.localtime(exc.changed_at).strftime("%Y-%m-%d %H:%M"),
                },
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Provider profile saved."))
            return redirect("referrals:provider_detail", pk=provider.pk)
    return render(request, "referrals/provider_edit.html", {"form": form})


# --- referrals ---------------------------------------------------------------------------------


def _receivers(request: AuthedRequest) -> Any:
    return (
        Organisation.objects.filter(is_active=True, provider_profile__is_active=True)
        .exclude(pk=request.membership.organisation_id)
        .order_by("country", "name")
    )


@role_required(*CASE_ROLES)
def referral_new(request: AuthedRequest, case_pk: int) -> HttpResponse:
    case = case_selectors.case_get_for_user(
        user=request.user, membership=request.membership, id=case_pk
    )
    initial: dict[str, Any] = {}
    receiver = request.GET.get("receiver", "")
    if receiver.isdigit():
        initial["receiver"] = int(receiver)
    form = ReferralForm(request.POST or None, initial=initial, receivers=_receivers(request))
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Draft %(ref)s saved. Check what will be shared, then send it.")
                % {"ref": referral.reference},
            )
            return redirect("referrals:detail", pk=referral.pk)
    consented = case.consents.active().filter(purpose="referral").select_related("organisation")
    return render(
        request,
        "referrals/referral_new.html",
        {"case": case, "form": form, "consented": consented},
    )


@role_required(*REFERRAL_ROLES)
def referral_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    referral, side = _referral(request, pk)
    if side is workflow.Side.SENDER and referral.state == workflow.State.DRAFT:
        preview = selectors.package_view(services.build_package(referral))
    else:
        preview = selectors.package_view(referral.package)
    labels = dict(ReferralStep.choices)
    steps = [
        {
            "step": step.value,
            "label": labels[step.value],
            "needs_reason": workflow.needs_reason(referral.state, step),
        }
        for step in workflow.allowed_steps(referral.state, side)
        if step is not workflow.Step.SEND
    ]
    today = timezone.localdate()
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "side": side.value,
            "package": preview,
            "steps": steps,
            "can_send": side is workflow.Side.SENDER
            and workflow.Step.SEND in workflow.allowed_steps(referral.state, side),
            "can_record": referral.state in workflow.SERVICE_STATES,
            "events": referral.events.select_related("by", "organisation"),
            "deliveries": referral.deliveries.select_related("recorded_by", "provider"),
            "overdue_days": referral.days_overdue(today),
        },
    )


@role_required(*CASE_ROLES)
@require_POST
def referral_send(request: AuthedRequest, pk: int) -> HttpResponse:
    referral, _side = _referral(request, pk)
    try:
        services.referral_send(actor=request.user, referral=referral)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("Referral %(ref)s sent to %(org)s.")
            % {"ref": referral.reference, "org": referral.receiver.name},
        )
    return redirect("referrals:detail", pk=referral.pk)


@role_required(*REFERRAL_ROLES)
@require_POST
def referral_step(request: AuthedRequest, pk: int) -> HttpResponse:
    referral, _side = _referral(request, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        raise Http404
    step = form.cleaned_data["step"]
    try:
        services.referral_step(
            actor=request.user, referral=referral, step=step, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("Referral %(ref)s: %(state)s.")
            % {"ref": referral.reference, "state": referral.get_state_display()},
        )
    return redirect("referrals:detail", pk=referral.pk)


@role_required(*REFERRAL_ROLES)
def service_new(request: AuthedRequest, pk: int) -> HttpResponse:
    referral, side = _referral(request, pk)
    form = ServiceForm(
        request.POST or None,
        initial={"delivered_on": timezone.localdate()},
        services=referral.services,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.service_record(
                actor=request.user, case=referral.case, referral=referral, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Service recorded."))
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/service_form.html",
        {"referral": referral, "side": side.value, "form": form},
    )


@role_required(*CASE_ROLES)
def case_service_new(request: AuthedRequest, case_pk: int) -> HttpResponse:
    """A service the caseworker saw given, without a referral in Azat (e.g. by their own
    organisation, or arranged by phone)."""
    case = case_selectors.case_get_for_user(
        user=request.user, membership=request.membership, id=case_pk
    )
    form = ServiceForm(request.POST or None, initial={"delivered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.service_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Service recorded."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "referrals/service_form.html", {"case": case, "form": form})
