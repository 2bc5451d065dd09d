"""Which assistance cases a criminal case may read from right now.

A victim row links an assistance case; the file may read that case's records (the victim's name,
the perpetrators the case recorded, the facts the case holds) only while the person's consent to
share with law enforcement is active. The answer is computed on every call, so a withdrawal takes
effect on the next page load. Services and selectors both ask here, so the rule is in one place.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from azat.cases.models import Case
from azat.cases.services import consent_require


def shares_with_law_enforcement(case: Case) -> bool:
    try:
        consent_require(case, "law_enforcement")
    except ValidationError:
        return False
    return True


def shared_cases(criminal_case: object) -> list[Case]:
    """The linked assistance cases whose law-enforcement consent stands, in victim order."""
    out: list[Case] = []
    victims = criminal_case.victims.all()  # type: ignore[attr-defined]
    for victim in victims:
        case = victim.case
        if case is not None and case not in out and shares_with_law_enforcement(case):
            out.append(case)
    return out


def shared_case_ids(criminal_case: object) -> list[int]:
    return [case.pk for case in shared_cases(criminal_case)]
