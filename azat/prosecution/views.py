"""Pages of the prosecution app: criminal cases of one's agency, their procedural steps,
defendants, victims, joint investigations, the funnel, and the legal qualification of an
assistance case.

Views parse, call one selector and one service, and render. Services raise ValidationError with
a field name; the views show it on the form with what the user typed kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from azat.accounts.access import AuthedRequest, role_required
from azat.accounts.roles import Role
from azat.core.forms import apply_validation_error
from azat.core.gates import NotFound
from azat.core.services import StaleEdit
from azat.knowledge import presentation
from azat.knowledge import selectors as knowledge_selectors
from azat.knowledge.forms import (
    FACT_FIELDS,
    QualificationForm,
    event_formset,
    facts_document,
)
from azat.knowledge.qualify import QualificationInputError
from azat.prosecution import facts as case_facts
from azat.prosecution import procedure, selectors, services
from azat.prosecution.forms import (
    ChargeForm,
    CriminalCaseForm,
    DefendantForm,
    DefendantLinkForm,
    EvidenceForm,
    FunnelFilterForm,
    JointAttachForm,
    JointForm,
    JointSummaryForm,
    StepForm,
    VerdictForm,
    VictimEditForm,
    VictimForm,
)
from azat.prosecution.models import CriminalCase, ProcedureStatus

P = Role.PROSECUTOR
QUALIFY_ROLES = (Role.CASEWORKER, Role.SUPERVISOR, Role.PROSECUTOR)


def _get(request: AuthedRequest, pk: int) -> CriminalCase:
    return selectors.criminal_case_get_for_user(
        user=request.user, membership=request.membership, id=pk
    )


def _status_choices(current: str) -> list[tuple[str, Any]]:
    labels = dict(ProcedureStatus.choices)
    return [(s.value, labels[s.value]) for s in procedure.next_statuses(current)]


# --- list and register -------------------------------------------------------------------------


@role_required(P)
def criminal_case_list(request: AuthedRequest) -> HttpResponse:
    cases = selectors.criminal_case_list(user=request.user, membership=request.membership)
    return render(
        request,
        "prosecution/criminalcase_list.html",
        {
            "cases": cases,
            "joints": selectors.joint_list_for_agency(request.membership),
        },
    )


@role_required(P)
def criminal_case_new(request: AuthedRequest) -> HttpResponse:
    agency = request.membership.organisation
    initial = {"jurisdiction": str(agency.country), "registered_on": timezone.localdate()}
    form = CriminalCaseForm(
        request.POST or None, initial=initial, article_choices=selectors.article_choices()
    )
    if request.method == "POST" and form.is_valid():
        try:
            criminal_case = services.criminal_case_register(
                actor=request.user, agency=agency, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Criminal case registered."))
            return redirect("prosecution:detail", pk=criminal_case.pk)
    return render(request, "prosecution/criminalcase_new.html", {"form": form})


# --- the file ----------------------------------------------------------------------------------


def _perpetrators(criminal_case: CriminalCase) -> list[tuple[str, str, str]]:
    return [
        (str(p.pk), selectors.perpetrator_label(p), p.role)
        for p in selectors.perpetrator_choices(criminal_case)
    ]


def _detail_context(request: AuthedRequest, criminal_case: CriminalCase) -> dict[str, Any]:
    next_statuses = _status_choices(criminal_case.status)
    links = selectors.defendant_links(criminal_case)
    return {
        "cc": criminal_case,
        "articles": selectors.articles_of(criminal_case.articles),
        "history": list(criminal_case.history.all()),
        "defendants": [(d, links.get(d.pk)) for d in criminal_case.defendants.all()],
        "evidence": selectors.evidence_of(criminal_case),
        "victims": selectors.victims_of(criminal_case),
        "joints": selectors.joints_of(criminal_case),
        "verdict_open": criminal_case.status in procedure.VERDICT_STATUSES,
        "step_form": StepForm(
            initial={"version": criminal_case.version}, next_statuses=next_statuses
        )
        if next_statuses
        else None,
        "defendant_form": DefendantForm(perpetrators=_perpetrators(criminal_case)),
    }


@role_required(P)
def criminal_case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    return render(
        request, "prosecution/criminalcase_detail.html", _detail_context(request, criminal_case)
    )


@role_required(P)
@require_POST
def criminal_case_step(request: AuthedRequest, pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    form = StepForm(request.POST, next_statuses=_status_choices(criminal_case.status))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.criminal_case_step(
                actor=request.user,
                criminal_case=criminal_case,
                expected_version=data["version"],
                to_status=data["to_status"],
                on=data["on"],
                ground=data["ground"],
                note=data["note"],
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Procedural step recorded."))
            return redirect("prosecution:detail", pk=criminal_case.pk)
    criminal_case.refresh_from_db()
    context = _detail_context(request, criminal_case)
    context["step_form"] = form
    return render(request, "prosecution/criminalcase_detail.html", context, status=400)


@role_required(P)
def criminal_case_charge(request: AuthedRequest, pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    choices = selectors.article_choices(criminal_case.jurisdiction)
    form = ChargeForm(
        request.POST or None,
        initial={"version": criminal_case.version, "articles": criminal_case.articles},
        article_choices=choices,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.criminal_case_charge(
                actor=request.user,
                criminal_case=criminal_case,
                expected_version=form.cleaned_data["version"],
                articles=form.cleaned_data["articles"],
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Articles charged updated."))
            return redirect("prosecution:detail", pk=criminal_case.pk)
    return render(
        request,
        "prosecution/charge_form.html",
        {
            "cc": criminal_case,
            "form": form,
            "articles": selectors.articles_of(criminal_case.articles),
        },
    )


# --- defendants --------------------------------------------------------------------------------


@role_required(P)
@require_POST
def defendant_add(request: AuthedRequest, pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    perpetrators = _perpetrators(criminal_case)
    form = DefendantForm(request.POST, perpetrators=perpetrators)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.defendant_add(
                actor=request.user,
                criminal_case=criminal_case,
                name=data["name"],
                role=data["role"],
                perpetrator=_chosen(criminal_case, data.get("perpetrator")),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Defendant added."))
            return redirect("prosecution:detail", pk=criminal_case.pk)
    context = _detail_context(request, criminal_case)
    context["defendant_form"] = form
    return render(request, "prosecution/criminalcase_detail.html", context, status=400)


def _chosen(criminal_case: CriminalCase, value: str | None) -> Any:
    """The perpetrator chosen, among those this file may read; anything else is refused."""
    if not value:
        return None
    found = next(
        (p for p in selectors.perpetrator_choices(criminal_case) if str(p.pk) == value), None
    )
    if found is None:
        raise ValidationError(
            {"perpetrator": _("This perpetrator cannot be linked to this criminal case.")}
        )
    return found


@role_required(P)
def defendant_link(request: AuthedRequest, pk: int, defendant_pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    defendant = selectors.defendant_get(criminal_case, defendant_pk)
    perpetrators = _perpetrators(criminal_case)
    current = str(defendant.perpetrator_id or "")
    if current not in {value for value, _label, _role in perpetrators}:
        current = ""  # a link the file may no longer read is not shown, not even as an id
    form = DefendantLinkForm(
        request.POST or None, initial={"perpetrator": current}, perpetrators=perpetrators
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.defendant_link(
                actor=request.user,
                defendant=defendant,
                perpetrator=_chosen(criminal_case, form.cleaned_data["perpetrator"]),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Link to the perpetrator saved."))
            return redirect("prosecution:detail", pk=criminal_case.pk)
    return render(
        request,
        "prosecution/defendant_link.html",
        {"cc": criminal_case, "defendant": defendant, "form": form, "choices": perpetrators},
    )


@role_required(P)
def defendant_verdict(request: AuthedRequest, pk: int, defendant_pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    defendant = selectors.defendant_get(criminal_case, defendant_pk)
    form = VerdictForm(
        request.POST or None,
        initial={
            "verdict": defendant.verdict,
            "verdict_on": defendant.verdict_on or timezone.localdate(),
            "sentence": defendant.sentence,
            "confiscation": defendant.confiscation,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.defendant_verdict(actor=request.user, defendant=defendant, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Verdict recorded."))
            return redirect("prosecution:detail", pk=criminal_case.pk)
    return render(
        request,
        "prosecution/verdict_form.html",
        {"cc": criminal_case, "defendant": defendant, "form": form},
    )


# --- evidence ----------------------------------------------------------------------------------


@role_required(P)
def evidence_add(request: AuthedRequest, pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    form = EvidenceForm(request.POST or None, fact_groups=selectors.evidence_fact_choices())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version")
        try:
            services.evidence_record(actor=request.user, criminal_case=criminal_case, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Evidence recorded."))
            return redirect("prosecution:detail", pk=criminal_case.pk)
    return render(request, "prosecution/evidence_form.html", {"cc": criminal_case, "form": form})


@role_required(P)
def evidence_edit(request: AuthedRequest, pk: int, evidence_pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    evidence = selectors.evidence_get(criminal_case, evidence_pk)
    form = EvidenceForm(
        request.POST or None,
        initial={
            "version": evidence.version,
            "kind": evidence.kind,
            "description": evidence.description,
            "obtained_on": evidence.obtained_on,
            "held_by": evidence.held_by,
            "facts": evidence.facts,
        },
        fact_groups=selectors.evidence_fact_choices(),
    )
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.evidence_remove(actor=request.user, evidence=evidence)
        messages.success(request, _("Evidence removed."))
        return redirect("prosecution:detail", pk=criminal_case.pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.evidence_update(
                actor=request.user,
                evidence=evidence,
                expected_version=data.pop("version") or 0,
                **data,
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Evidence updated."))
            return redirect("prosecution:detail", pk=criminal_case.pk)
    return render(
        request,
        "prosecution/evidence_form.html",
        {"cc": criminal_case, "form": form, "evidence": evidence},
    )


# --- victims -----------------------------------------------------------------------------------


@role_required(P)
def victim_add(request: AuthedRequest, pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    form = VictimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reference = data.pop("case_reference")
        try:
            case = selectors.linkable_case(reference) if reference else None
            services.victim_add(actor=request.user, criminal_case=criminal_case, case=case, **data)
        except NotFound:
            # Same words as a missing consent: a reference must not tell whether a case exists.
            form.add_error(
                "case_reference",
                _(
                    "Case %(case)s cannot be linked: the person has not agreed to share it "
                    "with law enforcement."
                )
                % {"case": reference},
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "case" in exc.error_dict:
                exc.error_dict["case_reference"] = exc.error_dict.pop("case")
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Victim added."))
            return redirect("prosecution:detail", pk=criminal_case.pk)
    return render(request, "prosecution/victim_form.html", {"cc": criminal_case, "form": form})


@role_required(P)
def victim_edit(request: AuthedRequest, pk: int, victim_pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    victim = selectors.victim_get(criminal_case, victim_pk)
    form = VictimEditForm(
        request.POST or None,
        initial={
            "standing": victim.standing,
            "protection": victim.protection,
            "compensation_claimed": victim.compensation_claimed,
            "compensation_awarded": victim.compensation_awarded,
            "currency": victim.currency,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.victim_update(actor=request.user, victim=victim, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Victim updated."))
            return redirect("prosecution:detail", pk=criminal_case.pk)
    return render(
        request,
        "prosecution/victim_form.html",
        {"cc": criminal_case, "form": form, "victim": victim},
    )


# --- joint investigations ----------------------------------------------------------------------


@role_required(P)
def joint_new(request: AuthedRequest, pk: int) -> HttpResponse:
    criminal_case = _get(request, pk)
    partners = selectors.partner_agencies(criminal_case.agency)
    form = JointForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            joint = services.joint_open(
                actor=request.user,
                criminal_case=criminal_case,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                partners=list(form.cleaned_data["partners"]),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Joint investigation opened."))
            return redirect("prosecution:joint", pk=joint.pk)
    return render(request, "prosecution/joint_new.html", {"cc": criminal_case, "form": form})


@role_required(P)
def joint_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    joint = selectors.joint_get_for_user(user=request.user, membership=request.membership, id=pk)
    sides = selectors.joint_sides(joint, request.membership)
    own = next(s for s in sides if s.own)
    summary_form = JointSummaryForm(
        request.POST if request.POST.get("action") == "summary" else None,
        initial={"version": joint.version, "summary": joint.summary},
    )
    own_cases = selectors.criminal_case_list(user=request.user, membership=request.membership)
    attach_form = JointAttachForm(
        request.POST if request.POST.get("action") == "attach" else None,
        cases=[(str(c.pk), str(c)) for c in own_cases],
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "summary" and summary_form.is_valid():
                services.joint_summary_update(
                    actor=request.user,
                    joint=joint,
                    expected_version=summary_form.cleaned_data["version"],
                    summary=summary_form.cleaned_data["summary"],
                    agency_id=request.membership.organisation_id,
                )
                messages.success(request, _("Shared summary saved."))
                return redirect("prosecution:joint", pk=joint.pk)
            if request.POST.get("action") == "attach" and attach_form.is_valid():
                criminal_case = selectors.criminal_case_get_for_user(
                    user=request.user,
                    membership=request.membership,
                    id=int(attach_form.cleaned_data["criminal_case"]),
                )
                services.joint_attach(actor=request.user, joint=joint, criminal_case=criminal_case)
                messages.success(request, _("Your case is attached."))
                return redirect("prosecution:joint", pk=joint.pk)
        except StaleEdit as exc:
            summary_form.add_error(None, str(exc))
        except ValidationError as exc:
            target = summary_form if request.POST.get("action") == "summary" else attach_form
            apply_validation_error(target, exc)
    return render(
        request,
        "prosecution/joint_detail.html",
        {
            "joint": joint,
            "sides": sides,
            "own": own,
            "summary_form": summary_form,
            "attach_form": attach_form if own.side.criminal_case_id is None else None,
        },
    )


# --- funnel ------------------------------------------------------------------------------------


def _named(row: Any) -> dict[str, Any]:
    """A funnel row with the country's name in the reader's language."""
    return {**row.__dict__, "country_name": presentation.country_name(row.country)}


@role_required(Role.PROSECUTOR, Role.ANALYST)
def funnel(request: AuthedRequest) -> HttpResponse:
    raw_year = request.GET.get("year") or None
    year = int(raw_year) if raw_year and raw_year.isdigit() else None
    data = selectors.funnel_for(user=request.user, membership=request.membership, year=year)
    form = FunnelFilterForm(request.GET or None, years=data.years)
    own_rows = [
        {
            "row": _named(row),
            "cases": {
                part: data.own_cases.get((row.country, row.year, part), [])
                for part in ("court", "dismissed", "pending")
            },
        }
        for row in data.own_rows
    ]
    return render(
        request,
        "prosecution/funnel.html",
        {
            "form": form,
            "all_rows": [_named(row) for row in data.all_rows],
            "own_rows": own_rows,
            "is_prosecutor": request.membership.role == Role.PROSECUTOR,
            "year": year,
            "hidden_any": any(
                c.mark == "hidden" for r in data.all_rows for c in (r.court, r.dismissed, r.pending)
            ),
        },
    )


# --- qualification of an assistance case -------------------------------------------------------


def _prefill(access: selectors.QualificationAccess) -> case_facts.Prefill | None:
    if not access.facts_shared:
        return None
    case = access.case
    events = [
        case_facts.CaseEvent(kind=e.kind, country=str(e.country or ""), date_from=e.date_from)
        for e in case.events.all()
    ]
    first = min((e.date_from for e in events if e.date_from), default=case.identified_on)
    return case_facts.prefill(
        events=events,
        exploitation=case.exploitation,
        means_of_control=case.means_of_control,
        victim_age=case.person.age_on(first),
        perpetrator_roles=[role for _pk, role in selectors.shared_perpetrator_roles(case)],
    )


@role_required(*QUALIFY_ROLES)
def case_qualify(request: AuthedRequest, case_pk: int) -> HttpResponse:
    access = selectors.qualification_case_for_user(
        user=request.user, membership=request.membership, id=case_pk
    )
    kb = knowledge_selectors.knowledge_base()
    prefill = _prefill(access)
    result = None
    if request.method == "POST" and request.POST.get("action") != "more":
        form = QualificationForm(request.POST, kb=kb)
        events = event_formset(kb, data=request.POST)
        if form.is_valid() and events.is_valid():
            data, _origin = facts_document(form, events)
            try:
                run = knowledge_selectors.qualification_run(data, kb)
            except QualificationInputError as error:
                form.add_error(None, _("Not accepted: %(problem)s") % {"problem": error.message})
            else:
                reviews = knowledge_selectors.reviews_by_key(
                    presentation.qualification_row_keys(run)
                )
                given = {i for name in FACT_FIELDS for i in data.get(name, [])}
                result = presentation.qualification_view(kb, run, reviews, given)
    elif request.method == "POST":
        rows, shown = _posted_events(request)
        facts: dict[str, Any] = {name: request.POST.getlist(name) for name in FACT_FIELDS}
        facts["victim_age"] = request.POST.get("victim_age", "")
        form = QualificationForm(initial=facts, kb=kb)
        events = event_formset(kb, initial=rows, rows=shown + 2)
    else:
        initial: dict[str, Any] = {}
        rows = []
        if prefill is not None:
            initial = {**prefill.facts, "victim_age": prefill.victim_age}
            rows = prefill.events
        form = QualificationForm(initial=initial, kb=kb)
        events = event_formset(kb, initial=rows, rows=max(len(rows) + 1, 2))
    return render(
        request,
        "prosecution/case_qualify.html",
        {
            "case": access.case,
            "facts_shared": access.facts_shared,
            "prefill": prefill,
            "form": form,
            "events": events,
            "result": result,
            "country_choices": presentation.country_choices(),
            "can_print": request.membership.role == Role.PROSECUTOR,
        },
    )


def _posted_events(request: AuthedRequest) -> tuple[list[dict[str, str]], int]:
    try:
        total = max(0, min(int(request.POST.get("events-TOTAL_FORMS", "0")), 28))
    except ValueError:
        total = 0
    rows = []
    for i in range(total):
        row = {k: request.POST.get(f"events-{i}-{k}", "") for k in ("country", "date", "stage")}
        if any(row.values()):
            rows.append(row)
    return rows, total
