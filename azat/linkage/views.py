"""Linkage pages: runs with live progress, the review queue, one pair side by side, decisions.

Views parse, call one selector and at most one service, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from azat.accounts.access import AuthedRequest, role_required
from azat.accounts.roles import Role
from azat.core.forms import apply_validation_error
from azat.linkage import labels, selectors, services
from azat.linkage.forms import DecisionForm
from azat.linkage.models import LinkRun, Verdict

RUN_ROLES = (Role.SYS_ADMIN, Role.SUPERVISOR)


def _run_context(run: LinkRun) -> dict[str, object]:
    return {"run": run, "phase": labels.phase_label(run.phase)}


@role_required(*RUN_ROLES)
def run_list(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            run = services.linkage_run_start(actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("linkage:runs")
        messages.success(request, _("Linkage run started."))
        return redirect("linkage:run_detail", pk=run.pk)
    runs = selectors.run_list(user=request.user, membership=request.membership)[:50]
    return render(
        request,
        "linkage/run_list.html",
        {
            "runs": [{"run": run, "phase": labels.phase_label(run.phase)} for run in runs],
            "active": selectors.active_run(),
            "can_review": request.membership.role == Role.SUPERVISOR,
        },
    )


@role_required(*RUN_ROLES)
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    run = selectors.run_get_for_user(user=request.user, membership=request.membership, id=pk)
    context = {
        **_run_context(run),
        "can_review": request.membership.role == Role.SUPERVISOR,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "linkage/run_detail.html#status", context)
    return render(request, "linkage/run_detail.html", context)


@role_required(Role.SUPERVISOR)
def review_queue(request: AuthedRequest) -> HttpResponse:
    links = selectors.review_queue(user=request.user, membership=request.membership)
    return render(
        request,
        "linkage/review_queue.html",
        {"links": links, "run": selectors.latest_run()},
    )


@role_required(Role.SUPERVISOR)
def pair_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    link = selectors.candidate_get_for_user(user=request.user, membership=request.membership, id=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.link_decide(
                actor=request.user,
                candidate=link,
                verdict=form.cleaned_data["verdict"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if decision.verdict == Verdict.CONFIRMED:
                messages.success(request, _("Recorded: the same person."))
            else:
                messages.success(request, _("Recorded: different persons."))
            return redirect("linkage:review")
    pair = selectors.pair_view(link=link, membership=request.membership)
    rows = [
        {
            "field": labels.FIELDS[o.field],
            "outcome": labels.outcome_label(o.field, o.outcome),
            "agrees": o.agrees,
            "partial": o.partial,
            "code": o.outcome,
        }
        for o in pair.outcomes
    ]
    return render(
        request,
        "linkage/pair_detail.html",
        {
            "pair": pair,
            "rows": rows,
            "form": form,
            "link": link,
            "drivers": labels.driver_rows(link.drivers),
        },
    )


@role_required(Role.SUPERVISOR)
def decision_list(request: AuthedRequest) -> HttpResponse:
    decisions = selectors.decision_list(user=request.user, membership=request.membership)[:200]
    return render(request, "linkage/decision_list.html", {"decisions": decisions})


@role_required(Role.SUPERVISOR)
@require_POST
def decision_undo(request: AuthedRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(
        user=request.user, membership=request.membership, id=pk
    )
    try:
        services.link_decision_undo(actor=request.user, decision=decision)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Decision undone; the pair is back in the review queue."))
    return redirect("linkage:decisions")
