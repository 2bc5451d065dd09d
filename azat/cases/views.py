"""Thin views: parse, select (audited), call one service, render.

Caseworkers and supervisors only; every other role gets the same 404 as a missing page.
Names and document numbers are only ever sent in POST bodies, never in URLs.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from azat.accounts.access import AuthedRequest, role_required
from azat.accounts.roles import Role
from azat.cases import selectors, services, stages
from azat.cases.forms import (
    CaseEditForm,
    CaseOpenForm,
    CloseForm,
    ConsentForm,
    DocumentForm,
    DocumentStatusForm,
    EventForm,
    NeedsForm,
    NoteForm,
    PersonEditForm,
    PersonNameForm,
    PersonSearchForm,
    PlanItemForm,
    StageMoveForm,
    StageTargetForm,
)
from azat.cases.models import Case, StageChoice
from azat.core.forms import apply_validation_error
from azat.core.services import StaleEdit
from azat.referrals import selectors as referral_selectors
from azat.screening import selectors as screening_selectors

CASE_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)


def _case(request: AuthedRequest, pk: int) -> Case:
    return selectors.case_get_for_user(user=request.user, membership=request.membership, id=pk)


@role_required(*CASE_ROLES)
def case_list(request: AuthedRequest) -> HttpResponse:
    default = "mine" if request.membership.role == Role.CASEWORKER else "all"
    scope = request.GET.get("scope", default)
    scope = scope if scope in ("mine", "all") else default
    show_closed = request.GET.get("closed") == "1"
    cases = selectors.case_list(
        user=request.user, membership=request.membership, mine=scope == "mine"
    )
    if not show_closed:
        cases = cases.open()
    # The list shows no narrative or contact: those columns are not fetched or decrypted.
    cases = selectors.case_list_columns(cases)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    targets = selectors.org_targets(request.membership.organisation_id)
    rows = [
        (case, selectors.case_is_past_target(case, today=today, targets=targets))
        for case in selectors.case_list_rows(page)
    ]
    return render(
        request,
        "cases/case_list.html",
        {"page": page, "rows": rows, "scope": scope, "show_closed": show_closed},
    )


@role_required(*CASE_ROLES)
def case_new(request: AuthedRequest) -> HttpResponse:
    initial: dict[str, Any] = {"identified_on": timezone.localdate()}
    screening_pk = request.GET.get("screening", "") or request.POST.get("screening_id", "")
    screening = None
    if screening_pk.isdigit():
        initial["screening_id"] = int(screening_pk)
        # Shown so the caseworker sees which interview the case comes from; the service checks
        # again that the screening is theirs and has no case yet.
        screening = (
            screening_selectors.screening_list(user=request.user, membership=request.membership)
            .filter(pk=int(screening_pk), case_id__isnull=True)
            .first()
        )
        if screening is not None and screening.age is not None:
            initial["estimated_age"] = screening.age
    form = CaseOpenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        documents = []
        if data["document_type"]:
            documents.append(
                services.DocumentInput(
                    type=data["document_type"],
                    number=data["document_number"],
                    issuing_country=data["document_country"],
                    status=data["document_status"],
                )
            )
        try:
            case = services.case_open_for_new_person(
                actor=request.user,
                organisation=request.membership.organisation,
                names=form.names(),
                documents=documents,
                person_fields={
                    "gender": data["gender"],
                    "birth_date": data["birth_date"],
                    "estimated_age": data["estimated_age"],
                    "citizenships": data["citizenships"],
                    "languages": data["languages"],
                    "marital_status": data["marital_status"],
                    "children_count": data["children_count"],
                    "education": data["education"],
                    "safe_contact": data["safe_contact"],
                },
                identified_on=data["identified_on"],
                screening_id=data["screening_id"],
                trafficking_status=data["trafficking_status"],
                legal_basis=data["legal_basis"],
                legal_basis_note=data["legal_basis_note"],
                consent_given_by=data["consent_given_by"],
                guardian_name=data["guardian_name"],
                exploitation=data["exploitation"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            # The screening link is a hidden field: say what went wrong at the top instead.
            for error in list(form.errors.get("screening_id", [])):
                form.add_error(None, error)
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_new.html", {"form": form, "screening": screening})


@role_required(*CASE_ROLES)
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_page(user=request.user, membership=request.membership, id=pk)
    referrals = referral_selectors.case_page_referrals(case)
    page = selectors.case_page(case, also_naming=referrals.people())
    today = timezone.localdate()
    has_assistance = any(c.purpose == "assistance" and c.is_active for c in page.consents)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "person": case.person,
            "targets": selectors.case_targets(case, today=today),
            "consents": page.consents,
            "assistance_missing": not has_assistance and case.legal_basis == "consent",
            "events": page.events,
            "timeline": sorted(
                selectors.case_timeline(page) + referrals.timeline_entries(),
                key=lambda entry: entry.at,
                reverse=True,
            ),
            "referrals": referrals.referrals,
            "services_delivered": referrals.services,
            "moves": _moves(case),
            **_labels(case),
            "assessments": page.assessments,
            "plan_items": page.plan_items,
        },
    )


def _labels(case: Case) -> dict[str, list[str]]:
    return {
        "exploitation": case.labels("exploitation"),
        "means": case.labels("means_of_control"),
        "recruitment": case.labels("recruitment_methods") + case.labels("recruitment_platforms"),
    }


def _moves(case: Case) -> list[dict[str, Any]]:
    labels = dict(StageChoice.choices)
    return [
        {
            "stage": move.target_stage.value,
            "label": labels[move.target_stage.value],
            "kind": move.kind.value,
            "needs_note": move.needs_note,
        }
        for move in stages.allowed_moves(case.stage)
    ]


def _edit_initial(case: Case) -> dict[str, Any]:
    initial = {name: getattr(case, name) for name in CaseEditForm.FIELDS}
    initial["version"] = case.version
    return initial


@role_required(*CASE_ROLES)
def case_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    initial = _edit_initial(case)
    caseworkers = selectors.caseworkers_of(request.membership)
    form = CaseEditForm(request.POST or None, initial=initial, caseworkers=caseworkers)
    stale: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        changes = form.changes(initial)
        try:
            if changes:
                services.case_update(
                    actor=request.user,
                    case=case,
                    expected_version=form.cleaned_data["version"],
                    **changes,
                )
        except StaleEdit as exc:
            stale = exc
            # Keep what they typed, but hold the current version: having seen the conflict,
            # their next save is a deliberate one.
            expected = form.cleaned_data["version"]
            case.refresh_from_db(fields=["version"])
            data = request.POST.copy()
            data["version"] = str(case.version)
            form = CaseEditForm(data, initial=initial, caseworkers=caseworkers)
            form.is_valid()
            form.add_error(
                None,
                _("%(msg)s Your changes are still below; open the case in a new tab to compare.")
                % {"msg": str(exc)},
            )
            changed = selectors.fields_changed_since(
                target=case, action="cases.case.update", version=expected
            )
            for name in CaseEditForm.FIELDS:
                if name in changed:
                    form.add_error(name, _("Changed meanwhile: compare with the current case."))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Case saved."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_edit.html", {"case": case, "form": form, "stale": stale})


@role_required(*CASE_ROLES)
def case_move(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = StageMoveForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_move_stage(
                actor=request.user,
                case=case,
                to_stage=form.cleaned_data["to_stage"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Case moved to “%(stage)s”.") % {"stage": case.get_stage_display()},
            )
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/case_move.html",
        {
            "case": case,
            "form": form,
            "moves": _moves(case),
            "title": _("Move to another stage"),
            "submit": _("Move"),
        },
    )


@role_required(*CASE_ROLES)
def case_close(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = CloseForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                actor=request.user,
                case=case,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Case closed."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/case_close.html",
        {
            "case": case,
            "open_referrals": [r for r in referral_selectors.case_referrals(case) if r.is_open],
            "form": form,
            "title": _("Close the case"),
            "submit": _("Close the case"),
            "danger": True,
        },
    )


@role_required(*CASE_ROLES)
def consent_add(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/consent_form.html",
        {
            "case": case,
            "form": form,
            "title": _("Record a consent"),
            "submit": pgettext("verb", "Record"),
        },
    )


@role_required(*CASE_ROLES)
@require_POST
def consent_withdraw(request: AuthedRequest, pk: int, consent_pk: int) -> HttpResponse:
    case = _case(request, pk)
    consent = get_object_or_404(case.consents, pk=consent_pk)
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Consent withdrawn: %(purpose)s. It will no longer allow any use.")
            % {"purpose": consent.get_purpose_display()},
        )
        recalled = referral_selectors.referrals_recalled_by_consent(consent)
        if recalled:
            messages.warning(
                request,
                ngettext(
                    "Referral %(refs)s to %(org)s was withdrawn: %(org)s no longer sees it.",
                    "Referrals %(refs)s to %(org)s were withdrawn: %(org)s no longer sees them.",
                    len(recalled),
                )
                % {
                    "refs": ", ".join(r.reference for r in recalled),
                    "org": consent.organisation.name if consent.organisation else "",
                },
            )
    return redirect("cases:detail", pk=case.pk)


@role_required(*CASE_ROLES)
def event_add(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_add(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Event added."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/event_form.html",
        {"case": case, "form": form, "title": _("Add an event"), "submit": _("Add")},
    )


@role_required(*CASE_ROLES)
@require_POST
def note_add(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(actor=request.user, case=case, text=form.cleaned_data["text"])
        messages.success(request, _("Note added."))
    else:
        messages.error(request, _("Write the note before adding it."))
    return redirect("cases:detail", pk=case.pk)


@role_required(*CASE_ROLES)
def needs_add(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = NeedsForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_assess(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Needs assessment recorded."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/needs_form.html",
        {"case": case, "form": form, "title": _("Assess needs"), "submit": _("Save")},
    )


@role_required(*CASE_ROLES)
def plan_add(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = PlanItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_add(actor=request.user, case=case, **form.values())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Added to the support plan."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/plan_form.html",
        {"case": case, "form": form, "title": _("Add to the support plan"), "submit": _("Add")},
    )


@role_required(*CASE_ROLES)
def plan_edit(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    case = _case(request, pk)
    item = get_object_or_404(case.plan_items, pk=item_pk)
    initial: dict[str, Any] = {name: getattr(item, name) for name in PlanItemForm.FIELDS}
    form = PlanItemForm(request.POST or None, initial={**initial, "version": item.version})
    if request.method == "POST" and form.is_valid():
        changes = form.changes(initial)
        try:
            if changes:
                services.plan_item_update(
                    actor=request.user,
                    item=item,
                    expected_version=form.cleaned_data["version"] or item.version,
                    **changes,
                )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Support plan saved."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/plan_form.html",
        {"case": case, "form": form, "title": _("Change the support plan"), "submit": _("Save")},
    )


@role_required(*CASE_ROLES)
def case_summary(request: AuthedRequest, pk: int) -> HttpResponse:
    """A printable summary without identifying data: no names, dates of birth, document
    numbers, places or free text (any of which can identify a person)."""
    case = _case(request, pk)
    return render(
        request,
        "cases/case_summary.html",
        {
            "case": case,
            "age_band": case.person.age_band(case.identified_on),
            "events": case.events.all(),
            "changes": case.stage_changes.all(),
            "consents": case.consents.select_related("organisation"),
            "targets": selectors.case_targets(case, today=timezone.localdate()),
            "now_at": timezone.now(),
            **_labels(case),
        },
    )


@role_required(Role.SUPERVISOR)
def case_overdue(request: AuthedRequest) -> HttpResponse:
    rows = selectors.case_overdue_list(
        user=request.user, membership=request.membership, today=timezone.localdate()
    )
    days = selectors.stage_target_days(request.membership.organisation_id)
    return render(
        request,
        "cases/case_overdue.html",
        {
            "rows": rows,
            "days": days or stages.default_reintegration_days(),
            "own_target": days is not None,
        },
    )


@role_required(Role.SUPERVISOR, Role.ORG_ADMIN)
def stage_target(request: AuthedRequest) -> HttpResponse:
    organisation = request.membership.organisation
    current = selectors.stage_target_days(organisation.pk)
    default = stages.default_reintegration_days()
    version = selectors.stage_target_version(organisation.pk)
    form = StageTargetForm(
        request.POST or None, initial={"days": current or default, "version": version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_target_set(
                actor=request.user,
                organisation=organisation,
                days=form.cleaned_data["days"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleEdit as exc:
            data = request.POST.copy()
            data["version"] = str(version)
            form = StageTargetForm(data)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Not saved: %(who)s set the target to %(days)s days at %(when)s, after you "
                    "opened this page. Your number is kept below; save again to replace theirs."
                )
                % {
                    "who": exc.changed_by,
                    "days": current,
                    "when": timezone.localtime(exc.changed_at).strftime("%Y-%m-%d %H:%M"),
                },
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect("cases:stage_target")
    return render(
        request,
        "cases/stage_target.html",
        {"form": form, "current": current, "default": default},
    )


@role_required(*CASE_ROLES)
def person_search(request: AuthedRequest) -> HttpResponse:
    form = PersonSearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = selectors.person_lookup(
            user=request.user,
            membership=request.membership,
            name=form.cleaned_data["name"],
            document=form.cleaned_data["document"],
        )
    return render(request, "cases/person_search.html", {"form": form, "results": results})


@role_required(*CASE_ROLES)
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, membership=request.membership, id=pk)
    name_form = PersonNameForm(request.POST if "add_name" in request.POST else None)
    document_form = DocumentForm(request.POST if "add_document" in request.POST else None)
    if request.method == "POST":
        try:
            if "add_name" in request.POST and name_form.is_valid():
                services.person_name_add(
                    actor=request.user, person=person, **name_form.cleaned_data
                )
                messages.success(request, _("Name added."))
                return redirect("cases:person_detail", pk=person.pk)
            if "add_document" in request.POST and document_form.is_valid():
                services.document_add(
                    actor=request.user,
                    person=person,
                    document=services.DocumentInput(**document_form.cleaned_data),
                )
                messages.success(request, _("Document added."))
                return redirect("cases:person_detail", pk=person.pk)
        except ValidationError as exc:
            apply_validation_error(name_form if "add_name" in request.POST else document_form, exc)
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "cases": person.cases.all(),
            "name_form": name_form,
            "document_form": document_form,
        },
    )


def _person(request: AuthedRequest, pk: int) -> Any:
    return selectors.person_get_for_user(user=request.user, membership=request.membership, id=pk)


def _person_value(person: Any, name: str) -> str:
    """A field's current value as the person page shows it."""
    if name in ("gender", "education", "marital_status"):
        return getattr(person, f"get_{name}_display")() or "—"
    if name == "citizenships":
        return ", ".join(str(c.name) for c in person.citizenships) or "—"
    if name == "languages":
        return ", ".join(person.language_labels) or "—"
    value = getattr(person, name)
    return "—" if value in (None, "") else str(value)


@role_required(*CASE_ROLES)
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    initial = PersonEditForm.initial_for(person)
    form = PersonEditForm(request.POST or None, initial={**initial, "version": person.version})
    stale: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        changes = form.changes(initial)
        try:
            if changes:
                services.person_update(
                    actor=request.user,
                    person=person,
                    expected_version=form.cleaned_data["version"],
                    **changes,
                )
        except StaleEdit as exc:
            stale = exc
            # Keep what they typed, but hold the current version: having seen the conflict,
            # their next save is a deliberate one. Fields someone else changed meanwhile are
            # marked with their current value, so nothing is overwritten unseen.
            expected = form.cleaned_data["version"]
            person.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(person.version)
            form = PersonEditForm(data, initial=initial)
            form.is_valid()
            changed = selectors.fields_changed_since(
                target=person, action="cases.person.update", version=expected
            )
            for name in PersonEditForm.FIELDS:
                if name in changed:
                    form.add_error(
                        name,
                        _("Changed meanwhile to: %(value)s")
                        % {"value": _person_value(person, name)},
                    )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Person saved."))
            return redirect("cases:person_detail", pk=person.pk)
    return render(
        request, "cases/person_edit.html", {"person": person, "form": form, "stale": stale}
    )


@role_required(*CASE_ROLES)
def document_edit(request: AuthedRequest, pk: int, document_pk: int) -> HttpResponse:
    person = _person(request, pk)
    document = get_object_or_404(person.documents, pk=document_pk)
    form = DocumentStatusForm(
        request.POST or None, initial={"status": document.status, "version": document.version}
    )
    stale: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["status"] != document.status:
                services.document_update(
                    actor=request.user,
                    document=document,
                    expected_version=form.cleaned_data["version"],
                    status=form.cleaned_data["status"],
                )
        except StaleEdit as exc:
            stale = exc
            document.refresh_from_db(fields=["version", "status"])
            data = request.POST.copy()
            data["version"] = str(document.version)
            form = DocumentStatusForm(data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Document status saved: %(status)s.") % {"status": document.get_status_display()},
            )
            return redirect("cases:person_detail", pk=person.pk)
    return render(
        request,
        "cases/document_edit.html",
        {"person": person, "document": document, "form": form, "stale": stale},
    )
