"""Pages for the perpetrators of one victim's case, under the case's own address.

Caseworkers and supervisors of the case's organisation only; the case gate answers "not found"
to everybody else. Names and identifiers travel in POST bodies, never in URLs.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from azat.accounts.access import AuthedRequest, role_required
from azat.accounts.roles import Role
from azat.core.forms import apply_validation_error
from azat.core.services import StaleEdit
from azat.network import selectors, services
from azat.network.forms import PerpetratorForm, RemoveForm, initial_from

CASE_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)


@role_required(*CASE_ROLES)
def perpetrator_new(request: AuthedRequest, case_pk: int) -> HttpResponse:
    case = selectors.case_for_perpetrators(
        user=request.user, membership=request.membership, case_id=case_pk
    )
    form = PerpetratorForm(request.POST or None, events=selectors.event_choices(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.perpetrator_record(actor=request.user, case=case, data=form.to_input())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perpetrator recorded."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "network/perpetrator_form.html",
        {"case": case, "form": form, "title": _("Record a perpetrator"), "submit": _("Save")},
    )


@role_required(*CASE_ROLES)
def perpetrator_edit(request: AuthedRequest, case_pk: int, pk: int) -> HttpResponse:
    case = selectors.case_for_perpetrators(
        user=request.user, membership=request.membership, case_id=case_pk
    )
    perpetrator = selectors.perpetrator_get_for_user(
        user=request.user, membership=request.membership, case=case, id=pk
    )
    form = PerpetratorForm(
        request.POST or None,
        initial=initial_from(perpetrator),
        events=selectors.event_choices(case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.perpetrator_update(
                actor=request.user,
                perpetrator=perpetrator,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.to_input(),
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perpetrator updated."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "network/perpetrator_form.html",
        {
            "case": case,
            "form": form,
            "perpetrator": perpetrator,
            "remove_form": RemoveForm(initial={"version": perpetrator.version}),
            "title": _("Change a perpetrator"),
            "submit": _("Save"),
        },
    )


@role_required(*CASE_ROLES)
def perpetrator_remove(request: AuthedRequest, case_pk: int, pk: int) -> HttpResponse:
    case = selectors.case_for_perpetrators(
        user=request.user, membership=request.membership, case_id=case_pk
    )
    perpetrator = selectors.perpetrator_get_for_user(
        user=request.user, membership=request.membership, case=case, id=pk
    )
    form = RemoveForm(request.POST or None, initial={"version": perpetrator.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.perpetrator_remove(
                actor=request.user,
                perpetrator=perpetrator,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perpetrator removed."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "network/perpetrator_remove.html",
        {"case": case, "perpetrator": perpetrator, "form": form},
    )
