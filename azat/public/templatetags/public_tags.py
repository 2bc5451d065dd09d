"""Translate the English texts of the data files at render time."""

from __future__ import annotations

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def trans_data(value: object) -> str:
    """``{{ item.text|trans_data }}``: the msgid is listed in ``data_strings.py`` for extraction."""
    return pgettext("public site", str(value))
