"""The anonymous self-help site: thin views over the pure cores and data files of this app.

Nothing a visitor does here is stored: no view writes to the database, touches the session,
sets a cookie or logs what was entered. The data texts are English msgids translated at render
time (``data_strings.py`` lists them for ``makemessages``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from azat.accounts.access import public_view
from azat.public.contacts import HelpContact, HelpCountry, contacts_for, load_contacts
from azat.public.contacts import load_countries as _load_countries
from azat.public.forms import JobCheckFormState, answers_from, form_state
from azat.public.jobcheck import Assessment, JobCheckInputError, JobCheckRules, assess, load_rules
from azat.public.pagedata import ContentItem, SafetyItem, load_content, load_safety_plan
from azat.public.provenance import Status

# Every text of this site is translated in the context "public site" (a literal at each call, so
# makemessages sees it): a msgid another app or Django also translates ("Call", "Home", "Police")
# then never borrows that app's wording.
CONTEXT = "public site"

# A neutral page the quick-exit button leaves for; a weather site looks like nothing at all.
DEFAULT_QUICK_EXIT_URL = "https://www.gismeteo.ru/"

# Names of the languages in their own language, so a reader finds theirs whatever page they are on.
LANGUAGE_NAMES = {
    "ru": "Русский",
    "en": "English",
    "kk": "Қазақша",
    "ky": "Кыргызча",
    "uz": "Oʻzbekcha",
    "tg": "Тоҷикӣ",
    "tk": "Türkmençe",
}

KIND_LABELS = {
    "hotline": pgettext_lazy("public site", "Hotline"),
    "iom": pgettext_lazy("public site", "IOM (International Organization for Migration)"),
    "ngo": pgettext_lazy("public site", "Non-governmental organisation"),
    "embassy": pgettext_lazy("public site", "Embassy"),
    "consulate": pgettext_lazy("public site", "Consulate"),
    "government": pgettext_lazy("public site", "State office"),
    "police": pgettext_lazy("public site", "Police"),
}

STAGE_TITLES = {
    "before_leaving": pgettext_lazy("public site", "Before you leave"),
    "take_with_you": pgettext_lazy("public site", "Take with you"),
    "while_away": pgettext_lazy("public site", "While you are away"),
}


# ------------------------------------------------------------------------------- data (cached)
# The files are read once per process: they change only with a deploy, and a broken file must
# fail loudly at the first request rather than show a half-empty page.


@cache
def _rules() -> JobCheckRules:
    return load_rules()


@cache
def _content() -> dict[str, tuple[ContentItem, ...]]:
    return load_content()


@cache
def _safety_plan() -> tuple[SafetyItem, ...]:
    return load_safety_plan()


@cache
def _directory() -> tuple[tuple[HelpCountry, ...], tuple[HelpContact, ...]]:
    return tuple(_load_countries()), tuple(load_contacts())


# ------------------------------------------------------------------------------- page shell


def _languages(request: HttpRequest) -> list[dict[str, Any]]:
    """Plain links to this same page in every language: no form, no cookie, no script."""
    current = get_language()
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES.get(code, code),
            "url": translate_url(request.path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


def _page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    full = {
        "languages": _languages(request),
        "quick_exit_url": getattr(settings, "AZAT_PUBLIC_QUICK_EXIT_URL", DEFAULT_QUICK_EXIT_URL),
        **(context or {}),
    }
    response = render(request, template, full, status=status)
    # Someone may share a phone: pages are not kept in the browser's cache to be found later.
    response["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------------------- pages


@public_view
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, "public/home.html", {"page": "home"})


@public_view
@require_safe
def what_is(request: HttpRequest) -> HttpResponse:
    content = _content()
    return _page(
        request,
        "public/what_is.html",
        {"page": "what_is", "what_is": content["what_is"], "forms": content["form"]},
    )


# The questionnaire is exempt from CSRF on purpose: the POST changes nothing on the server (it
# only computes a result from the answers and forgets them), so a forged request gains an
# attacker nothing, while the CSRF token would force a cookie on every visitor of the form.
@public_view
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def job_check(request: HttpRequest) -> HttpResponse:
    rules = _rules()
    assessment: Assessment | None = None
    state: JobCheckFormState
    if request.method == "POST":
        answers = answers_from(request.POST, rules)
        try:
            assessment = assess(rules, answers)
        except JobCheckInputError as exc:
            state = form_state(rules, answers, missing=exc.missing, invalid=tuple(exc.invalid))
        else:
            state = form_state(rules, answers)
    else:
        state = form_state(rules, {})
    return _page(
        request,
        "public/job_check.html",
        {"page": "job_check", "form": state, "assessment": assessment},
    )


@public_view
@require_safe
def safety_plan(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "public/safety_plan.html",
        {"page": "safety_plan", "stages": _stages(_safety_plan())},
    )


@public_view
@require_safe
def safety_plan_text(request: HttpRequest) -> HttpResponse:
    """The checklist as a plain-text file a person can keep on the phone or print anywhere."""
    lines = [pgettext("public site", "My safety plan before leaving to work abroad"), ""]
    for stage in _stages(_safety_plan()):
        lines += [str(stage["title"]).upper(), ""]
        lines += [f"[ ] {pgettext(CONTEXT, item.text)}" for item in stage["items"]]
        lines.append("")
    lines += [
        pgettext(
            "public site",
            "If you are in danger, call a hotline, the police or your country's embassy.",
        ),
        "",
    ]
    response = HttpResponse("\r\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="safety-plan.txt"'
    response["Cache-Control"] = "no-store"
    return response


@public_view
@require_safe
def get_help(request: HttpRequest) -> HttpResponse:
    countries, contacts = _directory()
    origin = [c for c in countries if "origin" in c.roles]
    destination = [c for c in countries if "destination" in c.roles]
    shown = origin + [c for c in destination if c not in origin]
    sections = [_country_section(country, contacts) for country in shown]
    return _page(
        request,
        "public/help.html",
        {
            "page": "help",
            "origin": origin,
            "destination": destination,
            "sections": sections,
            "in_danger": _content()["in_danger_step"],
        },
    )


@public_view
@require_safe
def someone_in_trouble(request: HttpRequest) -> HttpResponse:
    content = _content()
    return _page(
        request,
        "public/someone_in_trouble.html",
        {
            "page": "someone_in_trouble",
            "signs": content["trouble_sign"],
            "steps": content["trouble_step"],
        },
    )


@public_view
@require_safe
def after_return(request: HttpRequest) -> HttpResponse:
    content = _content()
    return _page(
        request,
        "public/after_return.html",
        {
            "page": "after_return",
            "services": content["return_service"],
            "info": content["return_info"],
        },
    )


# ------------------------------------------------------------------------------- helpers


def _stages(items: tuple[SafetyItem, ...]) -> list[dict[str, Any]]:
    stages = []
    for stage_id, title in STAGE_TITLES.items():
        chosen = [item for item in items if item.stage == stage_id]
        if chosen:
            stages.append({"id": stage_id, "title": title, "items": chosen})
    return stages


def _country_section(country: HelpCountry, contacts: tuple[HelpContact, ...]) -> dict[str, Any]:
    """One country's contacts; ``checked`` says whether any of them was confirmed by a source."""
    listed = contacts_for(country.code, contacts, include_unverified=True)
    return {
        "country": country,
        "contacts": [
            {
                "contact": contact,
                "kind": KIND_LABELS.get(contact.kind, contact.kind),
                "verified": contact.status is Status.VERIFIED,
                "web_url": _web_url(contact.web),
                "tel": contact.phone.replace(" ", "").replace("-", "") if contact.phone else "",
            }
            for contact in listed
        ],
        "checked": any(contact.verified for contact in listed),
    }


def _web_url(web: str | None) -> str:
    if not web:
        return ""
    return web if web.startswith(("http://", "https://")) else f"https://{web}"
