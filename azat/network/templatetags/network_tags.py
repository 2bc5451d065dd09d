"""The perpetrators panel of the case page, fed here so the cases app's view stays unaware of it."""

from __future__ import annotations

from typing import Any

from django import template

from azat.network import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def case_perpetrators(context: Any, case: Any) -> list[Any]:
    """The case's perpetrators through the network gate; nothing for a reader outside it."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if request is None or membership is None:
        return []
    return selectors.case_perpetrators(user=request.user, membership=membership, case=case)
