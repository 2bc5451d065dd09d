"""Template filters of the law pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

register = template.Library()


@register.filter
def source_parts(sources: Iterable[str]) -> list[dict[str, str]]:
    """Split each source into a web address to link and the remark the file writes after it
    (e.g. "https://adilet.zan.kz/... (Arts. 10–20 to be checked)"); non-addresses stay text."""
    parts = []
    for source in sources:
        head, _, rest = source.partition(" ")
        if head.startswith(("https://", "http://")):
            parts.append({"href": head, "text": head, "remark": rest.strip()})
        else:
            parts.append({"href": "", "text": source, "remark": ""})
    return parts


@register.filter
def evidence_for(evidence: Any, fact_id: str) -> list[Any]:
    """The memo's evidence lines for one fact id (none when no evidence was looked up)."""
    return evidence.lines(fact_id) if evidence is not None else []
