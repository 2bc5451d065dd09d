"""Template filters of the prosecution pages."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from azat.prosecution import selectors

register = template.Library()


@register.filter
def fact_labels(fact_ids: Iterable[str]) -> list[str]:
    """Fact ids of the qualification vocabulary, in the reader's language."""
    return selectors.fact_labels(fact_ids)
