"""Write ``data_strings.py``: every text of the data files, listed for makemessages.

The TOML texts are English msgids translated at render time; ``makemessages`` cannot read TOML,
so this script lists them in a Python module it can read. Run it after editing a data file:

    python -m azat.public.make_data_strings

A test fails while the module is out of date, so a new text cannot reach the site untranslated
without anyone noticing.
"""

from __future__ import annotations

from pathlib import Path

from azat.public.contacts import load_contacts, load_countries
from azat.public.jobcheck import load_rules
from azat.public.pagedata import CONTENT_SECTIONS, load_content, load_safety_plan

TARGET = Path(__file__).resolve().parent / "data_strings.py"

HEADER = '''# ruff: noqa: E501
"""Texts of the data files, listed for makemessages. Generated: do not edit by hand.

Regenerate with ``python -m azat.public.make_data_strings`` after changing a file in data/.
"""

from django.utils.translation import pgettext_lazy

DATA_STRINGS = (
'''


def data_strings() -> list[str]:
    """Every shown text once, in file order (published contacts only; editors' notes never)."""
    texts: list[str] = []
    content = load_content()
    for section in CONTENT_SECTIONS:
        for item in content[section]:
            texts += [item.title or "", item.text]
    texts += [item.text for item in load_safety_plan()]
    rules = load_rules()
    for level in rules.levels.values():
        texts += [level.title, level.summary, *level.next_steps]
    for question in rules.questions:
        texts.append(question.text)
        texts += [option.text for option in question.options]
    for rule in rules.rules:
        texts += [rule.reason, rule.next_step]
    texts += [country.name for country in load_countries()]
    for contact in load_contacts():
        if contact.publish:
            texts += [contact.name, contact.what_for, contact.note or "", contact.source]
    unique: list[str] = []
    for text in texts:
        if text and text not in unique:
            unique.append(text)
    return unique


def render() -> str:
    """The module text, already in the shape ``ruff format`` gives it (so regenerating is clean)."""
    lines = [HEADER]
    for text in data_strings():
        quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        args = f'"public site", {quoted}'
        if len(f"    pgettext_lazy({args}),") <= 100:
            lines.append(f"    pgettext_lazy({args}),\n")
        elif len(f"        {args}") <= 100:
            lines.append(f"    pgettext_lazy(\n        {args}\n    ),\n")
        else:
            lines.append(f'    pgettext_lazy(\n        "public site",\n        {quoted},\n    ),\n')
    lines.append(")\n")
    return "".join(lines)


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
