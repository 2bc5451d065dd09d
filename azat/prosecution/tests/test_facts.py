"""Pre-filling the qualification from an assistance case, without a database."""

from __future__ import annotations

import datetime as dt

from azat.knowledge.codes import load_ids
from azat.prosecution.facts import CaseEvent, mapping, prefill


def test_events_become_qualification_events_and_incomplete_ones_are_counted():
    result = prefill(
        events=[
            CaseEvent("Recruitment", "KG", dt.date(2025, 5, 1)),
            CaseEvent("Exploitation", "RU", dt.date(2025, 6, 1)),
            CaseEvent("Transit", "", dt.date(2025, 5, 20)),
            CaseEvent("Exploitation", "KZ", None),
        ],
        exploitation=["ForcedLabour"],
        means_of_control=["WithholdsDocuments", "FalsePromises", "TakesEarnings"],
        victim_age=25,
    )
    assert result.events == [
        {"country": "KG", "date": "2025-05-01", "stage": "recruitment"},
        {"country": "RU", "date": "2025-06-01", "stage": "exploitation"},
    ]
    assert result.skipped_events == 2
    assert result.facts == {
        "purposes": ["PURP_FORCED_LABOUR"],
        "means": ["MEANS_DECEPTION", "MEANS_OTHER_COERCION"],
        "aggravating": ["AGG_FORGED_DOCUMENTS"],
    }
    assert result.unmapped == ["TakesEarnings"]
    assert result.victim_age == 25
    assert result.verification == "INF"


def test_every_mapped_id_exists_in_the_knowledge_vocabulary():
    ids = load_ids()
    data = mapping()
    for group, vocabulary_group in (
        ("purpose", "purposes"),
        ("means", "means"),
        ("aggravating", "aggravating"),
    ):
        for values in data[group].values():
            for value in values:
                assert ids.group_of(value) == vocabulary_group, value
    assert set(data["stage"].values()) <= set(ids.stages)
