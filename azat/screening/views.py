"""Screening pages: the list, the interview with its live result panel, and the preview partial."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from azat.accounts.access import AuthedRequest, role_required
from azat.accounts.roles import Role
from azat.core.forms import apply_validation_error
from azat.core.services import StaleEdit
from azat.hotline import selectors as hotline_selectors
from azat.screening import engine, selectors, services
from azat.screening.forms import ScreeningForm
from azat.screening.models import ScreeningState
from azat.screening.rules import ScreeningInputError

SCREENING_ROLES = (Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR)
# Who may open a case (and read it): the "open a case" button is shown only to them.
CASE_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})


@role_required(*SCREENING_ROLES)
def screening_list(request: AuthedRequest) -> HttpResponse:
    screenings = selectors.screening_list(user=request.user, membership=request.membership)
    drafts = screenings.filter(state=ScreeningState.DRAFT)
    page = Paginator(
        screenings.filter(state=ScreeningState.COMPLETE).order_by("-updated_at", "-pk"), 50
    ).get_page(request.GET.get("page"))
    return render(request, "screening/screening_list.html", {"drafts": drafts, "page": page})


@role_required(*SCREENING_ROLES)
@require_POST
def screening_start(request: AuthedRequest) -> HttpResponse:
    call = None
    if request.POST.get("call"):
        try:
            call_id = int(request.POST["call"])
        except ValueError as exc:
            raise Http404 from exc
        # Caseworkers cannot read calls, so for them this answers "not found" like any outsider.
        call = hotline_selectors.call_get_for_user(
            user=request.user, membership=request.membership, id=call_id
        )
    try:
        screening = services.screening_create(
            actor=request.user, organisation=request.membership.organisation, call=call
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("screening:list")
    return redirect("screening:edit", pk=screening.pk)


def _result_context(form: ScreeningForm) -> dict[str, object]:
    if not form.is_valid():
        return {"result": None, "problem": _("Check the highlighted answers.")}
    data = form.engine_input()
    try:
        result = engine.run(engine.request_data(**data))
    except ScreeningInputError as exc:
        return {"result": None, "problem": f"{exc.key}: {exc.message}"}
    return {"result": engine.present(result, get_language() or "ru"), "problem": ""}


@role_required(*SCREENING_ROLES)
def screening_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    screening = selectors.screening_get_for_user(
        user=request.user, membership=request.membership, id=pk
    )
    if request.method == "POST":
        form = ScreeningForm(request.POST)
    else:
        form = ScreeningForm(initial=ScreeningForm.initial_for(screening))
    stale = False
    if request.method == "POST" and form.is_valid():
        complete = request.POST.get("action") == "complete"
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            expected = -1
        try:
            services.screening_save(
                actor=request.user,
                screening=screening,
                expected_version=expected,
                complete=complete,
                consent_to_open_case=form.cleaned_data["consent_to_open_case"],
                **form.engine_input(),
            )
        except StaleEdit as exc:
            stale = True
            screening.refresh_from_db()
            form.add_error(None, str(exc))
        except ValidationError as exc:
            screening.refresh_from_db()
            apply_validation_error(form, exc)
        else:
            if complete:
                messages.success(request, _("Screening saved as complete."))
                return redirect("screening:list")
            messages.success(request, _("Screening saved. You can come back to it later."))
            return redirect("screening:edit", pk=screening.pk)
    if request.method == "POST":
        panel = _result_context(form)
    else:
        bound = ScreeningForm(_as_data(form))
        panel = _result_context(bound)
    can_open_call = request.membership.role in hotline_selectors.CALL_READERS
    return render(
        request,
        "screening/screening_form.html",
        {
            "screening": screening,
            "form": form,
            "version": request.POST.get("version") or screening.version,
            "stale": stale,
            "can_open_call": can_open_call,
            "can_open_case": request.membership.role in CASE_ROLES,
            **panel,
        },
    )


def _as_data(form: ScreeningForm) -> dict[str, object]:
    """The initial values as POST-like data, so the panel can be computed on first load."""
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value
    return data


@role_required(*SCREENING_ROLES)
@require_POST
def screening_preview(request: AuthedRequest) -> HttpResponse:
    """Run the engine on the posted answers without saving anything (htmx partial)."""
    form = ScreeningForm(request.POST)
    return render(request, "screening/_result.html", _result_context(form))
