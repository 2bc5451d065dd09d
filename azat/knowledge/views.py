"""Pages of the legal knowledge base: codes, articles with their history, the review queue,
the legal review of a row, and the qualification assistant with its printable memo.

The law holds no personal data, so reading it writes no audit event; the case facts typed into
the qualification form are posted, used for the answer and never stored or put in a URL.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from azat.accounts.access import AuthedRequest, role_required
from azat.core.forms import apply_validation_error
from azat.knowledge import presentation, selectors, services
from azat.knowledge.forms import (
    FACT_FIELDS,
    QualificationForm,
    RowReviewForm,
    event_formset,
    facts_document,
)
from azat.knowledge.qualify import QualificationInputError
from azat.knowledge.roles import LAW_READERS, QUALIFY_ROLES
from azat.prosecution import selectors as prosecution_selectors

# ---------------------------------------------------------------------------- the law


@role_required(*LAW_READERS)
def index(request: AuthedRequest) -> HttpResponse:
    kb = selectors.knowledge_base()
    lines = selectors.code_lines(kb)
    needing = selectors.rows_needing_review(kb)
    pending: dict[str, int] = {}
    for row in needing:
        pending[row.code.key] = pending.get(row.code.key, 0) + 1
    by_country: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        by_country.setdefault(line.country, []).append(
            {
                "line": line,
                "title": presentation.pick(line.current.title_en, line.current.title_ru),
                "versions": [
                    {
                        "code": code,
                        "title": presentation.pick(code.title_en, code.title_ru),
                        "rows": len(code.provisions),
                        "pending": pending.get(code.key, 0),
                    }
                    for code in line.versions
                ],
                "any_pending": any(code.key in pending for code in line.versions),
            }
        )
    countries = [
        {"code": cc, "name": presentation.country_name(cc), "lines": items}
        for cc, items in sorted(by_country.items())
    ]
    return render(
        request,
        "knowledge/index.html",
        {
            "countries": countries,
            "pending_count": len(needing),
            "can_qualify": request.membership.role in QUALIFY_ROLES,
        },
    )


def _line_or_404(country: str, code: str) -> selectors.CodeLine:
    line = selectors.code_line_get(country, code)
    if line is None:
        raise Http404
    return line


@role_required(*LAW_READERS)
def code_detail(request: AuthedRequest, country: str, code: str) -> HttpResponse:
    line = _line_or_404(country, code)
    rows = [r for v in line.versions for r in selectors.law_rows() if r.code.key == v.key]
    reviews = selectors.reviews_by_key(r.key for r in rows)
    versions = []
    for version in line.versions:
        versions.append(
            {
                "code": version,
                "title": presentation.pick(version.title_en, version.title_ru),
                "dates_unverified": [
                    name for name, tag in version.dates_verification if not tag.startswith("V:")
                ],
                "tags": "; ".join(version.verification),
                "rows": [
                    presentation.row_view(version, p, reviews)
                    for p in sorted(
                        version.provisions,
                        key=lambda p: (
                            selectors.ROW_ROLES.index(p.role),
                            selectors.article_sort(p.article or "0"),
                            p.rank,
                        ),
                    )
                ],
                "notes": [
                    {
                        "text": presentation.pick(n.en, n.ru),
                        "badge": presentation.badge(
                            "verified"
                            if any(t.startswith("V:") for t in n.verification)
                            else "unverified"
                        ),
                    }
                    for n in version.notes
                ],
                "sources": version.sources,
            }
        )
    return render(
        request,
        "knowledge/code_detail.html",
        {
            "line": line,
            "country_name": presentation.country_name(line.country),
            "title": presentation.pick(line.current.title_en, line.current.title_ru),
            "versions": versions,
        },
    )


@role_required(*LAW_READERS)
def article_detail(request: AuthedRequest, country: str, code: str, article: str) -> HttpResponse:
    line = _line_or_404(country, code)
    history = selectors.article_history(line, article)
    if not history:
        raise Http404
    reviews = selectors.reviews_by_key(v.row.key for v in history)
    items = [
        {
            "version": v,
            "row": presentation.row_view(v.row.code, v.row.provision, reviews),
            "code_title": presentation.pick(v.row.code.title_en, v.row.code.title_ru),
            "overall": presentation.overall_text(v.overall),
        }
        for v in history
    ]
    return render(
        request,
        "knowledge/article_detail.html",
        {
            "line": line,
            "article": article,
            "country_name": presentation.country_name(line.country),
            "items": items,
            "can_review": services.can_review_law(request.user),
        },
    )


@role_required(*LAW_READERS)
def review_list(request: AuthedRequest) -> HttpResponse:
    kb = selectors.knowledge_base()
    rows = selectors.rows_needing_review(kb)
    reviews = selectors.reviews_by_key(r.key for r in rows)
    views = [presentation.row_view(r.code, r.provision, reviews) for r in rows]
    awaiting = [v for v in views if v.review is None or not v.review.current]
    reviewed = [v for v in views if v.review is not None and v.review.current]
    return render(
        request,
        "knowledge/review_list.html",
        {
            "awaiting": awaiting,
            "awaiting_by_code": _by_code(awaiting),
            "reviewed": reviewed,
            "reviewed_by_code": _by_code(reviewed),
            "can_review": services.can_review_law(request.user),
        },
    )


def _by_code(rows: list[presentation.RowView]) -> list[tuple[str, list[presentation.RowView]]]:
    groups: dict[str, list[presentation.RowView]] = {}
    for row in rows:
        groups.setdefault(row.code_title, []).append(row)
    return list(groups.items())


@role_required(*LAW_READERS)
def row_review(request: AuthedRequest, key: str) -> HttpResponse:
    row = selectors.law_row_get(key)
    if row is None:
        raise Http404
    can_review = services.can_review_law(request.user)
    form = RowReviewForm(
        request.POST or None, initial={"reviewed_on": timezone.localdate().isoformat()}
    )
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied(_("Only a legal reviewer may mark rows of the law as verified."))
        if form.is_valid():
            try:
                services.knowledge_row_mark_verified(
                    actor=request.user,
                    row_key=row.key,
                    source=form.cleaned_data["source"],
                    reviewed_on=form.cleaned_data["reviewed_on"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Your review of this row is recorded."))
                return redirect("knowledge:row_review", key=row.key)
    reviews = selectors.reviews_by_key([row.key])
    history = [
        presentation.review_view(r, row.provision) for r in selectors.review_history(row.key)
    ]
    return render(
        request,
        "knowledge/row_review.html",
        {
            "law_row": row,
            "row": presentation.row_view(row.code, row.provision, reviews),
            "history": history,
            "form": form,
            "can_review": can_review,
            "country": row.code.country.lower(),
        },
    )


# ---------------------------------------------------------------------------- qualification


def _qualification_context(request: AuthedRequest) -> tuple[dict[str, Any], Any]:
    """Bind the posted facts, run the engine if they are valid; returns context and result."""
    context, result = _qualification_state(request)
    context["country_choices"] = presentation.country_choices()
    return context, result


def _qualification_state(request: AuthedRequest) -> tuple[dict[str, Any], Any]:
    kb = selectors.knowledge_base()
    if request.method != "POST":
        return {
            "form": QualificationForm(kb=kb),
            "events": event_formset(kb),
            "result": None,
        }, None
    if request.POST.get("action") == "more":
        # More event rows: redraw the form with what was typed, without judging it yet.
        rows, shown = _posted_events(request)
        form = QualificationForm(initial=_posted_facts(request), kb=kb)
        events = event_formset(kb, initial=rows, rows=shown + 2)
        return {"form": form, "events": events, "result": None}, None
    form = QualificationForm(request.POST, kb=kb)
    events = event_formset(kb, data=request.POST)
    context: dict[str, Any] = {"form": form, "events": events, "result": None}
    if not (form.is_valid() and events.is_valid()):
        return context, None
    data, origin = facts_document(form, events)
    try:
        result = selectors.qualification_run(data, kb)
    except QualificationInputError as error:
        _show_engine_error(form, events, origin, error)
        return context, None
    reviews = selectors.reviews_by_key(presentation.qualification_row_keys(result))
    given = {i for name in FACT_FIELDS for i in data.get(name, [])}
    context["result"] = presentation.qualification_view(kb, result, reviews, given)
    return context, result


def _posted_events(request: AuthedRequest) -> tuple[list[dict[str, str]], int]:
    """The event rows as typed (not yet judged) and how many rows the form showed."""
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


def _posted_facts(request: AuthedRequest) -> dict[str, Any]:
    facts: dict[str, Any] = {name: request.POST.getlist(name) for name in FACT_FIELDS}
    facts["victim_age"] = request.POST.get("victim_age", "")
    return facts


def _show_engine_error(
    form: QualificationForm, events: Any, origin: list[int], error: QualificationInputError
) -> None:
    message = _("Not accepted: %(problem)s") % {"problem": error.message}
    key = error.key
    if key.startswith("events[") and "]." in key:
        index = int(key[len("events[") : key.index("]")])
        name = key.split(".", 1)[1]
        event_form = events.forms[origin[index]]
        event_form.add_error(name if name in event_form.fields else None, message)
        return
    name = key.split("[", 1)[0]
    form.add_error(name if name in form.fields else None, message)


def _posted_id(request: AuthedRequest, name: str) -> int | None:
    raw = (request.POST.get(name) or request.GET.get(name) or "").strip()
    return int(raw) if raw.isdigit() else None


def _criminal_case_choices(request: AuthedRequest) -> list[tuple[str, str]]:
    """The reader's agency's criminal cases, whose evidence the memo can list."""
    cases = prosecution_selectors.criminal_case_list(
        user=request.user, membership=request.membership
    ).only("pk", "jurisdiction", "number")
    return [(str(c.pk), str(c)) for c in cases]


@role_required(*QUALIFY_ROLES)
def qualify_page(request: AuthedRequest) -> HttpResponse:
    context, _result = _qualification_context(request)
    context["criminal_cases"] = _criminal_case_choices(request)
    context["criminal_case_id"] = _posted_id(request, "criminal_case")
    return render(request, "knowledge/qualify.html", context)


@role_required(*QUALIFY_ROLES)
@require_POST
def qualify_memo(request: AuthedRequest) -> HttpResponse:
    context, result = _qualification_context(request)
    context["criminal_cases"] = _criminal_case_choices(request)
    criminal_case_id = _posted_id(request, "criminal_case")
    context["criminal_case_id"] = criminal_case_id
    if result is None:
        return render(request, "knowledge/qualify.html", context)
    country = request.POST.get("country", "")
    jurisdiction = next((j for j in context["result"].jurisdictions if j.country == country), None)
    if jurisdiction is None:
        messages.error(request, _("There is no qualification for this country to print."))
        return render(request, "knowledge/qualify.html", context)
    # Evidence: of the criminal case chosen on the standalone page, or of the agency's criminal
    # cases about the victim whose assistance case was qualified (with that case's own records
    # while it is shared with law enforcement). The gates answer 404 for anything else.
    case_id = _posted_id(request, "case")
    evidence = None
    if criminal_case_id is not None or case_id is not None:
        evidence = prosecution_selectors.memo_evidence(
            user=request.user,
            membership=request.membership,
            criminal_case_id=criminal_case_id,
            case_id=case_id,
        )
    return render(
        request,
        "knowledge/memo.html",
        {
            "j": jurisdiction,
            "result": context["result"],
            "today": timezone.localdate(),
            "form": context["form"],
            "evidence": evidence,
        },
    )
