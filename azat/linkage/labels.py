"""Readable, translated labels for the codes linkage stores: comparison outcomes, comparisons
and run phases. Codes the engine adds later are shown as they are."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from azat.linkage import outcomes

FIELDS: dict[str, str | Promise] = {
    "given_name": _("Given name"),
    "family_name": _("Family name"),
    "patronymic": _("Patronymic"),
    "birth_date": _("Date of birth"),
    "sex": _("Sex"),
    "document": _("Document number"),
    "place": _("Citizenship"),
}

OUTCOMES: dict[str, str | Promise] = {
    outcomes.EXACT: pgettext_lazy("comparison", "same"),
    outcomes.TRANSLITERATION: _("same after transliteration"),
    outcomes.VARIANT: _("same name, another romanisation"),
    outcomes.STEM: _("same stem, another ending (e.g. -ov / -zoda)"),
    outcomes.SWAPPED: _("given and family name swapped"),
    outcomes.SIMILAR: _("similar spelling"),
    outcomes.SAME_MONTH: _("same year and month"),
    outcomes.SAME_YEAR: _("same year"),
    outcomes.NEAR_YEAR: _("year differs by one"),
    outcomes.DIFFERENT: pgettext_lazy("comparison", "different"),
    outcomes.MISSING: _("not recorded on one side"),
}

DOCUMENT_SIMILAR = _("one character differs")

PHASES: dict[str, str | Promise] = {
    "": _("waiting for the worker"),
    "reading records": _("reading the person records"),
    "prepare": _("preparing comparison keys"),
    "block": _("finding candidate pairs"),
    "train": _("estimating the model"),
    "predict": _("scoring pairs"),
    "cluster": _("grouping records into persons"),
    "storing results": _("storing the results"),
    "done": _("finished"),
}


def outcome_label(field: str, outcome: str) -> str:
    if field == "document" and outcome == outcomes.SIMILAR:
        return str(DOCUMENT_SIMILAR)
    return str(OUTCOMES.get(outcome, outcome))


def phase_label(phase: str) -> str:
    return str(PHASES.get(phase, phase))


# In the product a record's place is the person's first citizenship (`selectors._records`), so
# the drivers name it as the field table does.
COMPARISONS: dict[str, str | Promise] = {
    **FIELDS,
    "phone": _("Phone"),
    "address": _("Address"),
}

LEVELS: dict[str, str | Promise] = {
    "exact": _("same spelling"),
    "latin": _("same in Latin letters"),
    "skeleton": _("same sound (phonetic key)"),
    "stem": _("same stem"),
    "swapped": _("given and family name swapped"),
    "swapped_similar": _("given and family name swapped, spelt differently"),
    "consonants": _("same consonants"),
    "one_edit": _("one letter differs"),
    "two_edits": _("two letters differ"),
    "similar": _("similar"),
    "somewhat_similar": _("somewhat similar"),
    "stem_similar": _("similar stem"),
    "one_part_differs": _("day agrees, month or year differs"),
    "year_month_day_unknown": _("same year and month, day unknown"),
    "day_month_swapped": _("day and month swapped"),
    "year_month_unknown": _("same year, month unknown"),
    "year_month_day_differs": _("same year and month, another day"),
    "year": _("same year"),
    "within_one_year": _("within one year"),
    "same_last_digits": _("same last digits"),
    "one_digit_differs": _("one digit differs"),
    "one_character_differs": _("one character differs"),
    "two_characters_differ": _("two characters differ"),
    "All other comparisons": _("different"),
}

# "Same spelling" is said of names; the other comparisons' exact level reads better in their own
# words.
FIELD_LEVELS: dict[tuple[str, str], str | Promise] = {
    ("birth_date", "exact"): _("same date"),
    ("phone", "exact"): _("same number"),
    ("document", "exact"): _("same number"),
    ("sex", "exact"): _("same"),
    ("place", "exact"): _("same country"),
}


def driver_rows(drivers: list[list[object]]) -> list[dict[str, object]]:
    """The stored drivers (comparison, level, weight) with readable names."""
    rows = []
    for comparison, level, weight in drivers:
        rows.append(
            {
                "comparison": str(COMPARISONS.get(str(comparison), comparison)),
                "level": str(
                    FIELD_LEVELS.get((str(comparison), str(level)))
                    or LEVELS.get(str(level), str(level))
                ),
                "weight": weight,
            }
        )
    return rows


# The navigation entry (azat/accounts/navigation.py) is translated with the app it leads to.
NAVIGATION_TEXT = (
    _("Record linkage"),
    _("Find records of one person across organisations and scripts; review likely pairs."),
)
