"""Pre-filling the qualification from an assistance case, without a database."""

from __future__ import annotations

import datetime as dt

from azat.knowledge.codes import load_ids
from azat.prosecution.facts import CaseEvent, FactSource, fact_sources, mapping, prefill


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
        ("perpetrator_role", "aggravating"),
    ):
        for values in data[group].values():
            for value in values:
                assert ids.group_of(value) == vocabulary_group, value
    assert set(data["stage"].values()) <= set(ids.stages)


def test_an_official_among_the_perpetrators_gives_official_position():
    result = prefill(
        events=[],
        exploitation=[],
        means_of_control=["WithholdsDocuments"],
        victim_age=None,
        perpetrator_roles=["recruiter", "official"],
    )
    assert result.facts["aggravating"] == ["AGG_FORGED_DOCUMENTS", "AGG_OFFICIAL_POSITION"]
    plain = prefill(
        events=[],
        exploitation=[],
        means_of_control=[],
        victim_age=None,
        perpetrator_roles=["recruiter", "exploiter", "transporter"],
    )
    assert plain.facts["aggravating"] == []


def test_fact_sources_name_the_record_each_fact_comes_from():
    ids = load_ids()
    sources = fact_sources(
        events=[CaseEvent("Recruitment", "KG", dt.date(2025, 5, 1), id=7)],
        exploitation=["ForcedLabour"],
        means_of_control=["WithholdsDocuments"],
        perpetrators=[(3, "official"), (4, "recruiter")],
        stage_acts={s.id: s.act for s in ids.stages.values()},
    )
    assert FactSource("ACT_RECRUITMENT", "event", "Recruitment", 7, dt.date(2025, 5, 1)) in sources
    assert FactSource("PURP_FORCED_LABOUR", "exploitation", "ForcedLabour") in sources
    assert FactSource("MEANS_OTHER_COERCION", "means_of_control", "WithholdsDocuments") in sources
    assert FactSource("AGG_FORGED_DOCUMENTS", "means_of_control", "WithholdsDocuments") in sources
    assert FactSource("AGG_OFFICIAL_POSITION", "perpetrator", "official", 3) in sources
    assert not [s for s in sources if s.ref == 4]
