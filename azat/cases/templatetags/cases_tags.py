"""Template helpers for the case page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext

from azat.cases.models import Case
from azat.cases.selectors import TimelineEntry
from azat.referrals.templatetags.referrals_tags import referral_timeline_text

register = template.Library()

# Each entry's text is built with plain string formatting: every value from the database is
# escaped with `escape` (what the template language does to text), the translated sentences are
# not (as with blocktranslate). A case's timeline grows with every step of its referrals, and
# the template language's if-chain, lookups and filters per entry cost more than the rest of
# the page.


def _name(value: object) -> str:
    """A person named in the timeline (`default:""`): nobody recorded shows as nothing."""
    return escape(str(value)) if value else ""


def _by(value: object) -> str:
    """Who recorded an entry, after its text."""
    return f' <span class="muted">— {_name(value)}</span>'


def _said(message: str, **values: object) -> str:
    """A translated sentence with its values escaped. The caller translates (``gettext("...")``
    where it writes the sentence), so that makemessages finds every sentence."""
    return message % {key: escape(str(value)) for key, value in values.items()}


def _stage(change: Any, case: Case) -> str:
    if change.from_stage:
        text = _said(
            gettext("Stage: %(a)s → %(b)s"),
            a=change.get_from_stage_display(),
            b=change.get_to_stage_display(),
        )
    else:
        text = _said(gettext("Case opened at %(b)s"), b=change.get_to_stage_display())
    text += _by(change.by)
    if change.to_stage == "closed" and case.closing_outcome:
        outcome = escape(str(case.get_closing_outcome_display()))
        label = gettext("Outcome")  # outside the f-string, where xgettext finds it
        text += f" <br>{escape(label)}: {outcome}"
    if change.note:
        text += f' <br><span class="timeline-text">{escape(change.note)}</span>'
    return text


def _screening(screening: Any, case: Case) -> str:
    link = reverse("screening:edit", args=[screening.pk])
    title = _said(gettext("Screening #%(n)s"), n=localize(screening.pk))
    status = screening.get_status_display() or gettext("no result yet")
    text = f'<a href="{escape(link)}">{title}</a>: {escape(str(status))}'
    if screening.profile:
        text += f" · {escape(str(screening.get_profile_display()))}"
    return text + _by(screening.created_by)


def _consent_given(consent: Any, case: Case) -> str:
    text = _said(gettext("Consent given: %(p)s"), p=consent.get_purpose_display())
    if consent.organisation:
        text += f" ({escape(consent.organisation.name)})"
    return text + _by(consent.recorded_by)


def _consent_withdrawn(consent: Any, case: Case) -> str:
    text = _said(gettext("Consent withdrawn: %(p)s"), p=consent.get_purpose_display())
    return text + _by(consent.withdrawn_by)


def _event(event: Any, case: Case) -> str:
    text = _said(gettext("Event recorded: %(k)s"), k=event.get_kind_display())
    if event.country:
        text += f" · {escape(str(event.country.name))}"
    return text + _by(event.created_by)


def _needs(assessment: Any, case: Case) -> str:
    day = date_format(assessment.assessed_on, "j E Y") if assessment.assessed_on else ""
    needs = ", ".join(escape(str(label)) for label in assessment.need_labels) or "—"
    text = _said(gettext("Needs assessed (%(d)s)"), d=day) + f": {needs}"
    return text + _by(assessment.assessed_by)


def _plan(item: Any, case: Case) -> str:
    text = _said(gettext("Support planned: %(t)s"), t=item.type_label)
    text += f' <span class="badge">{escape(str(item.get_status_display()))}</span>'
    return text + _by(item.created_by)


def _note(note: Any, case: Case) -> str:
    label = gettext("Note")  # outside the f-string, where xgettext finds it
    return (
        f"{escape(label)}{_by(note.by)}<br>"
        f'<span class="timeline-text">{linebreaksbr(note.text, autoescape=True)}</span>'
    )


def _referral(obj: Any, case: Case) -> str:
    return referral_timeline_text(obj)


_TEXT: dict[str, Callable[[Any, Case], str]] = {
    "stage": _stage,
    "screening": _screening,
    "consent_given": _consent_given,
    "consent_withdrawn": _consent_withdrawn,
    "event": _event,
    "referral": _referral,
    "service": _referral,
    "needs": _needs,
    "plan": _plan,
    "note": _note,
}


@register.simple_tag
def case_timeline_items(timeline: Sequence[TimelineEntry], case: Case) -> SafeString:
    """The items of the case page's timeline: when, what, and who."""
    out = []
    for entry in timeline:
        at = localtime(entry.at) if is_aware(entry.at) else entry.at  # as the date filter
        text = _TEXT[entry.kind](entry.obj, case)
        out.append(
            f'<li class="timeline-{escape(entry.kind)}">'
            f'<time datetime="{date_format(at, "c")}">{escape(date_format(at, "j E Y, H:i"))}'
            f"</time> {text} </li>"
        )
    return mark_safe("".join(out))  # every value in it is escaped


@register.simple_tag
def case_event_items(events: Sequence[Any]) -> SafeString:
    """The items of the case page's list of trafficking events: kind, country, place, months,
    description. Built like `case_timeline_items`."""
    out = []
    for e in events:
        text = f"<strong>{escape(str(e.get_kind_display()))}</strong>"
        if e.country:
            text += f" · {escape(str(e.country.name))}"
        if e.place:
            text += f" · {escape(e.place)}"
        months = escape(date_format(e.date_from, "M Y")) if e.date_from else ""
        if e.date_to:
            months += f" – {escape(date_format(e.date_to, 'M Y'))}"
        text += f' <span class="muted">{months}</span>'
        if e.description:
            text += f" <p>{linebreaksbr(e.description, autoescape=True)}</p>"
        out.append(f'<li class="card event event-{escape(e.kind.lower())}">{text} </li>')
    return mark_safe("".join(out))  # every value in it is escaped


@register.simple_tag
def case_list_row_items(rows: Sequence[tuple[Case, bool]]) -> SafeString:
    """The rows of a case list (a case and whether it is past its target): reference, person,
    stage, status, identified on, caseworker, target. Built like `case_timeline_items`: fifty
    rows through the template language cost more than the list's reads."""
    past_target = escape(gettext("past target"))
    on_time = escape(gettext("on time"))
    out = []
    for case, past in rows:
        url = reverse("cases:detail", args=[case.pk])
        person = case.person.display_name or "—"
        identified = (
            date_format(case.identified_on, "SHORT_DATE_FORMAT") if case.identified_on else ""
        )
        if past:
            target = f'<span class="badge badge-danger">{past_target}</span>'
        elif case.is_closed:
            target = "—"
        else:
            target = f'<span class="badge badge-ok">{on_time}</span>'
        out.append(
            f'<tr><td class="case-ref"><a href="{escape(url)}">{escape(case.reference)}</a></td>'
            f"<td>{escape(str(person))}</td>"
            f'<td><span class="badge stage stage-{escape(case.stage)}">'
            f"{escape(str(case.get_stage_display()))}</span></td>"
            f"<td>{escape(str(case.get_status_display()))}<br>"
            f'<span class="muted">{escape(str(case.get_trafficking_status_display()))}</span></td>'
            f"<td>{escape(identified)}</td>"
            f"<td>{_name(case.caseworker) or '—'}</td>"
            f'<td class="case-target">{target}</td></tr>'
        )
    return mark_safe("".join(out))  # every value in it is escaped


@register.simple_tag
def person_result_items(people: Sequence[Any]) -> SafeString:
    """The items of a person lookup's results: the name the person is known by, linked to the
    person's page, then every spelling recorded. Built like `case_list_row_items`."""
    out = []
    for person in people:
        url = reverse("cases:person_detail", args=[person.pk])
        shown = person.display_name or person.pk
        spellings = " · ".join(escape(name.value) for name in person.names.all())
        out.append(
            f'<li class="card"><a href="{escape(url)}">{escape(str(shown))}</a>\n'
            f'    <span class="muted">{spellings}</span></li>'
        )
    return mark_safe("".join(out))  # every value in it is escaped
