"""`{% known_elsewhere_notice person %}`: the "may already be known to" notice on a person's
and a case's page, for the person's own organisation only."""

from __future__ import annotations

from typing import Any

from django import template

from azat.linkage import selectors

register = template.Library()


@register.inclusion_tag("linkage/_known_elsewhere.html", takes_context=True)
def known_elsewhere_notice(context: template.Context, person: Any) -> dict[str, Any]:
    membership = context.get("membership")
    if membership is None or person is None:
        return {"notices": []}
    return {"notices": selectors.known_elsewhere(person=person, membership=membership)}
