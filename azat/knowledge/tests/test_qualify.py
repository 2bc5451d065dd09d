"""The qualification engine, checked against the facts recorded in shared/domain/legal.md."""

from __future__ import annotations

import json
from typing import Any

import pytest

from azat.knowledge.codes import KnowledgeBase, load_knowledge
from azat.knowledge.qualify import (
    QualificationInputError,
    list_ids,
    parse_facts,
    qualify,
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _run(kb: KnowledgeBase, events: list[tuple[str, str, str]], **facts: Any) -> dict[str, Any]:
    data = {"events": [{"country": c, "date": d, "stage": s} for c, d, s in events], **facts}
    return qualify(kb, parse_facts(data, kb.ids)).to_dict()


def _rows(result: dict[str, Any], country: str, role: str) -> list[dict[str, Any]]:
    return [r for r in result["jurisdictions"][country]["rows"] if r["role"] == role]


def _summary(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    out = []
    for r in rows:
        p = r["penalty"] or {}
        out.append(
            (
                r["code"],
                r["article"],
                r["part"],
                p.get("min_years"),
                p.get("max_years"),
                r["status"],
            )
        )
    return out


def _notes(result: dict[str, Any], country: str) -> list[str]:
    return [n["en"] for n in result["jurisdictions"][country]["notes"]]


# ---------------------------------------------------------------- basic trafficking articles


def test_kazakh_adult_case_gets_article_128_part_1(kb: KnowledgeBase) -> None:
    result = _run(kb, [("KZ", "2024-03-01", "recruitment")])
    rows = _rows(result, "KZ", "trafficking")
    assert _summary(rows) == [("kz-criminal-2014", "128", "1", 4, 7, "verified")]
    assert rows[0]["penalty"]["confiscation"] is True
    assert rows[0]["because"] == [
        {"fact": "ACT_RECRUITMENT", "from": "event recruitment 2024-03-01"}
    ]
    assert rows[0]["article_overall_penalty"]["verification"] == "seed"


def test_kyrgyz_adult_case_shows_both_readings_of_166(kb: KnowledgeBase) -> None:
    result = _run(kb, [("KG", "2024-03-01", "recruitment")])
    [row] = _rows(result, "KG", "trafficking")
    assert (row["article"], row["part"], row["status"], row["verification"]) == (
        "166",
        "1",
        "disputed",
        "disputed",
    )
    assert row["penalty"] is None
    assert [
        (r["verification"], r["penalty"]["min_years"], r["penalty"]["max_years"])
        for r in row["readings"]
    ] == [("V:S4(TIP 2022)", 3, 5), ("seed≠V", 3, 6)]
    assert row["unverified_fields"] == {"part": "U"}


def test_tajik_turkmen_and_uzbek_basic_parts(kb: KnowledgeBase) -> None:
    events = [
        ("TJ", "2023-01-10", "recruitment"),
        ("TM", "2023-01-10", "recruitment"),
        ("UZ", "2023-01-10", "recruitment"),
    ]
    result = qualify(
        kb,
        parse_facts(
            {"events": [{"country": c, "date": d, "stage": s} for c, d, s in events]}, kb.ids
        ),
    ).to_dict()
    # Three countries are a cross-border chain, so the border aggravator is derived:
    assert {"fact": "AGG_ABROAD", "from": "events in TJ, TM, UZ"} in result["derived_facts"]
    single = {c: _run(kb, [(c, d, s)]) for c, d, s in events}
    assert _summary(_rows(single["TJ"], "TJ", "trafficking")) == [
        ("tj-criminal-1998", "130.1", "1", 5, 8, "verified")
    ]
    assert _summary(_rows(single["TM"], "TM", "trafficking")) == [
        ("tm-criminal-1997", "129.1", "1", 4, 10, "verified")
    ]
    assert _summary(_rows(single["UZ"], "UZ", "trafficking")) == [
        ("uz-criminal-1994", "135", "1", 3, 5, "verified")
    ]


# ---------------------------------------------------------------- aggravated parts


def test_turkmen_several_victims_select_part_2_item_a(kb: KnowledgeBase) -> None:
    result = _run(kb, [("TM", "2015-05-01", "harbouring")], aggravating=["AGG_SEVERAL_VICTIMS"])
    [row] = _rows(result, "TM", "trafficking")
    assert (
        row["part"],
        row["items"],
        row["penalty"]["min_years"],
        row["penalty"]["max_years"],
    ) == (
        "2",
        ["a"],
        8,
        15,
    )
    assert [p["part"] for p in row["also_matched"]] == ["1"]


def test_highest_part_wins_when_several_apply(kb: KnowledgeBase) -> None:
    result = _run(
        kb,
        [("TM", "2015-05-01", "harbouring")],
        aggravating=["AGG_SEVERAL_VICTIMS", "AGG_ORGANISED_GROUP"],
    )
    [row] = _rows(result, "TM", "trafficking")
    assert (row["part"], row["items"], row["penalty"]["max_years"]) == ("3", ["c"], 25)
    assert [p["part"] for p in row["also_matched"]] == ["2", "1"]


def test_uzbek_force_is_derived_into_part_2_item_a(kb: KnowledgeBase) -> None:
    result = _run(kb, [("UZ", "2020-02-02", "recruitment")], means=["MEANS_USE_FORCE"])
    [row] = _rows(result, "UZ", "trafficking")
    assert (
        row["part"],
        row["items"],
        row["penalty"]["min_years"],
        row["penalty"]["max_years"],
    ) == (
        "2",
        ["a"],
        5,
        8,
    )
    assert row["unverified_fields"] == {"penalty": "U"}
    assert {"fact": "AGG_VIOLENCE", "from": "MEANS_USE_FORCE"} in row["because"]


def test_kazakh_export_part_is_selected_for_a_cross_border_chain(kb: KnowledgeBase) -> None:
    result = _run(kb, [("KZ", "2024-03-01", "recruitment"), ("AE", "2024-04-01", "exploitation")])
    [row] = _rows(result, "KZ", "trafficking")
    assert (
        row["article"],
        row["part"],
        row["penalty"]["min_years"],
        row["penalty"]["max_years"],
    ) == (
        "128",
        "3",
        9,
        12,
    )
    assert row["unverified_fields"] == {"part": "U"}


# ---------------------------------------------------------------- children


@pytest.mark.parametrize(
    ("country", "day", "article", "part", "low", "high"),
    [
        ("KZ", "2024-03-01", "135", "1", 5, 9),
        ("KG", "2024-03-01", "167", "1", 5, 8),
        ("TJ", "2024-03-01", "167", "1", 5, 8),
    ],
)
def test_child_victim_switches_to_the_separate_child_article(
    kb: KnowledgeBase, country: str, day: str, article: str, part: str, low: int, high: int
) -> None:
    result = _run(kb, [(country, day, "recruitment")], victim_age=15)
    [row] = _rows(result, country, "trafficking")
    assert (row["article"], row["part"], row["child_article"]) == (article, part, True)
    assert (row["penalty"]["min_years"], row["penalty"]["max_years"]) == (low, high)
    assert {"fact": "AGG_MINOR", "from": "victim_age 15"} in row["because"]


def test_minor_aggravates_where_there_is_no_child_article(kb: KnowledgeBase) -> None:
    tm = _run(kb, [("TM", "2015-05-01", "recruitment")], victim_age=16)
    [row] = _rows(tm, "TM", "trafficking")
    assert (row["article"], row["part"], row["items"], row["child_article"]) == (
        "129.1",
        "2",
        ["b"],
        False,
    )
    assert any("No separate child-trafficking article" in n["en"] for n in row["notes"])
    uz = _run(kb, [("UZ", "2024-05-01", "recruitment")], victim_age=16)
    [row] = _rows(uz, "UZ", "trafficking")
    assert (
        row["part"],
        row["items"],
        row["penalty"]["min_years"],
        row["penalty"]["max_years"],
    ) == (
        "3",
        ["a"],
        8,
        12,
    )


# ---------------------------------------------------------------- several countries, several dates


def test_chain_across_countries_gives_one_qualification_per_country(kb: KnowledgeBase) -> None:
    result = _run(
        kb,
        [("KG", "2024-03-01", "recruitment"), ("KZ", "2024-04-15", "exploitation")],
        purposes=["PURP_FORCED_LABOUR"],
    )
    assert list(result["jurisdictions"]) == ["KG", "KZ"]
    kg = _rows(result, "KG", "trafficking")
    kz = _rows(result, "KZ", "trafficking")
    assert [(r["code"], r["article"], r["part"]) for r in kg] == [("kg-criminal-2021", "166", "1")]
    assert [(r["code"], r["article"], r["part"]) for r in kz] == [("kz-criminal-2014", "128", "3")]
    assert kz[0]["because"][0] == {
        "fact": "ACT_EXPLOITATION",
        "from": "event exploitation 2024-04-15",
    }
    # Forced labour at the exploitation stage reaches nothing in KG (no exploitation event there)
    assert _rows(result, "KG", "related") == []
    assert result["outside_knowledge_base"] == []


def test_kyrgyz_events_spanning_a_code_change_show_both_codes(kb: KnowledgeBase) -> None:
    result = _run(kb, [("KG", "2018-06-01", "recruitment"), ("KG", "2022-02-01", "exploitation")])
    rows = _rows(result, "KG", "trafficking")
    assert [(r["code"], r["article"], r["event_dates"]) for r in rows] == [
        ("kg-criminal-1997", "124", ["2018-06-01"]),
        ("kg-criminal-2021", "166", ["2022-02-01"]),
    ]
    assert [c["code"] for c in result["jurisdictions"]["KG"]["codes"]] == [
        "kg-criminal-1997",
        "kg-criminal-2021",
    ]
    assert _notes(result, "KG")[0].startswith(
        "The events in this country fall under more than one version of the law "
        "(kg-criminal-1997, kg-criminal-2021)."
    )


def test_kyrgyz_2017_code_applies_between_2019_and_2021(kb: KnowledgeBase) -> None:
    result = _run(kb, [("KG", "2020-06-01", "recruitment")], purposes=["PURP_FORCED_LABOUR"])
    rows = _rows(result, "KG", "trafficking")
    assert _summary(rows) == [
        ("kg-criminal-2017", "171", None, 2.5, 5, "verified"),
        ("kg-criminal-2017", "173", None, 2.5, 5, "verified"),
    ]


def test_uzbek_2025_amendment_changes_the_part(kb: KnowledgeBase) -> None:
    result = _run(
        kb,
        [("UZ", "2025-01-10", "recruitment"), ("UZ", "2025-07-01", "exploitation")],
        aggravating=["AGG_FORGED_DOCUMENTS"],
    )
    rows = _rows(result, "UZ", "trafficking")
    assert _summary(rows) == [
        ("uz-criminal-1994", "135", "2", 5, 8, "verified"),
        ("uz-criminal-1994", "135", None, 5, 10, "verified"),
    ]
    assert [r["event_dates"] for r in rows] == [["2025-01-10"], ["2025-07-01"]]
    assert rows[1]["unverified_fields"] == {"part": "U"}
    assert rows[0]["items"] == ["i"]
    assert rows[0]["valid_to"] == "2025-05-18"
    assert "Art. 135 changed between the dates of the events; every version is shown." in _notes(
        result, "UZ"
    )


def test_no_trafficking_article_before_turkmen_2010_amendment(kb: KnowledgeBase) -> None:
    result = _run(kb, [("TM", "2005-01-01", "recruitment")])
    assert _rows(result, "TM", "trafficking") == []
    assert "No trafficking article of this code on file covers 2005-01-01." in _notes(result, "TM")


def test_countries_outside_the_five_are_not_guessed(kb: KnowledgeBase) -> None:
    result = _run(kb, [("RU", "2024-03-01", "exploitation")])
    assert result["jurisdictions"] == {}
    assert result["outside_knowledge_base"] == [
        {
            "country": "RU",
            "events": [{"country": "RU", "date": "2024-03-01", "stage": "exploitation"}],
        }
    ]


# ---------------------------------------------------------------- related articles


def test_related_articles_carry_the_fact_that_triggers_them(kb: KnowledgeBase) -> None:
    result = _run(
        kb,
        [("KG", "2024-03-01", "recruitment")],
        aggravating=["AGG_FORGED_DOCUMENTS"],
        related=["REL_SEXUAL_OFFENCE"],
        victim_age=16,
    )
    rows = _rows(result, "KG", "related")
    assert [(r["article"], r["part"], r["status"]) for r in rows] == [
        ("154", "3", "verified"),
        ("379", None, "verified"),
    ]
    assert rows[1]["because"] == [{"fact": "REL_FORGED_DOCUMENTS", "from": "AGG_FORGED_DOCUMENTS"}]
    assert rows[0]["penalty"]["life"] is True
    assert (
        "Related articles are to be considered in addition, never charged automatically; how they "
        "combine with trafficking is for the prosecutor to judge." in _notes(result, "KG")
    )


def test_tajik_recruitment_by_deceit_reaches_article_132(kb: KnowledgeBase) -> None:
    result = _run(kb, [("TJ", "2023-05-01", "recruitment")], means=["MEANS_DECEPTION"])
    rows = _rows(result, "TJ", "related")
    assert _summary(rows) == [("tj-criminal-1998", "132", None, None, 5, "verified")]
    assert rows[0]["because"] == [
        {
            "fact": "REL_RECRUITMENT_FOR_EXPLOITATION",
            "from": "MEANS_DECEPTION + recruitment event in TJ",
        }
    ]


def test_unverified_related_rows_stay_unverified(kb: KnowledgeBase) -> None:
    result = _run(kb, [("KZ", "2024-03-01", "harbouring")], related=["REL_BRIBERY"])
    rows = _rows(result, "KZ", "related")
    assert [(r["article"], r["status"], r["verification"]) for r in rows] == [
        ("366", "unverified", "U"),
        ("367", "unverified", "U"),
        ("368", "unverified", "U"),
    ]
    assert any(n.startswith("Rows whose status is not 'verified'") for n in _notes(result, "KZ"))


# ---------------------------------------------------------------- victim exposure


def test_uzbek_prostitution_exposure_flags_verified_non_punishment(kb: KnowledgeBase) -> None:
    result = _run(
        kb, [("UZ", "2024-03-01", "exploitation")], victim_exposed_to=["EXP_PROSTITUTION"]
    )
    rows = _rows(result, "UZ", "victim_exposure")
    assert [(r["code"], r["article"], r["offence"]) for r in rows] == [
        ("uz-administrative-1994", "190", True)
    ]
    section = result["jurisdictions"]["UZ"]["non_punishment"]
    assert (section["flag"], section["status"]) == (True, "verified")
    assert [p["verification"] for p in section["provisions"]] == ["V:U14(2nd)"]


def test_kyrgyz_exposure_under_2017_code_has_no_known_non_punishment(kb: KnowledgeBase) -> None:
    result = _run(
        kb,
        [("KG", "2020-03-01", "exploitation")],
        victim_exposed_to=["EXP_ILLEGAL_BORDER_CROSSING"],
    )
    section = result["jurisdictions"]["KG"]["non_punishment"]
    assert section == {
        "exposed_to": ["EXP_ILLEGAL_BORDER_CROSSING"],
        "flag": True,
        "status": "none_known",
        "provisions": [],
        "exposures_without_article": ["EXP_ILLEGAL_BORDER_CROSSING"],
    }


def test_kazakh_border_exposure_is_flagged_with_unverified_status(kb: KnowledgeBase) -> None:
    result = _run(
        kb,
        [("KZ", "2024-03-01", "exploitation")],
        victim_exposed_to=["EXP_ILLEGAL_BORDER_CROSSING"],
    )
    rows = _rows(result, "KZ", "victim_exposure")
    assert [(r["article"], r["status"]) for r in rows] == [("392", "unverified")]
    section = result["jurisdictions"]["KZ"]["non_punishment"]
    assert (section["flag"], section["status"]) == (True, "unverified")


def test_no_exposure_means_no_flag(kb: KnowledgeBase) -> None:
    result = _run(kb, [("KG", "2024-03-01", "recruitment")])
    section = result["jurisdictions"]["KG"]["non_punishment"]
    assert (section["flag"], section["status"], section["provisions"]) == (False, "verified", [])


# ---------------------------------------------------------------- output


def test_output_is_deterministic_json(kb: KnowledgeBase) -> None:
    facts: dict[str, Any] = {
        "events": [
            {"country": "UZ", "date": "2024-03-01", "stage": "recruitment"},
            {"country": "KZ", "date": "2024-04-01", "stage": "exploitation"},
        ],
        "purposes": ["PURP_PROSTITUTION"],
        "related": ["REL_BRIBERY", "REL_FORGED_DOCUMENTS"],
        "victim_age": 17,
        "victim_exposed_to": ["EXP_PROSTITUTION", "EXP_ILLEGAL_BORDER_CROSSING"],
    }
    first = json.dumps(qualify(kb, parse_facts(facts, kb.ids)).to_dict(), ensure_ascii=False)
    reordered = dict(facts, related=["REL_FORGED_DOCUMENTS", "REL_BRIBERY"])
    reordered["events"] = list(reversed(facts["events"]))
    second = json.dumps(qualify(kb, parse_facts(reordered, kb.ids)).to_dict(), ensure_ascii=False)
    assert first == second


def test_every_row_reports_the_status_of_its_data(kb: KnowledgeBase) -> None:
    result = _run(
        kb,
        [("KZ", "2024-03-01", "recruitment"), ("TJ", "2024-04-01", "exploitation")],
        related=["REL_BRIBERY", "REL_SEXUAL_OFFENCE", "REL_FORGED_DOCUMENTS"],
        victim_exposed_to=["EXP_ILLEGAL_BORDER_CROSSING"],
    )
    for country in ("KZ", "TJ"):
        for row in result["jurisdictions"][country]["rows"]:
            assert row["status"] in {"verified", "seed", "contradicted", "unverified", "disputed"}
            if row["verification"] == "U":
                assert row["status"] == "unverified"


def test_list_ids_includes_palermo_elements(kb: KnowledgeBase) -> None:
    ids = list_ids(kb)
    assert sorted(ids) == [
        "acts",
        "aggravating",
        "means",
        "purposes",
        "related",
        "stages",
        "victim_exposed_to",
    ]
    assert {"id": "ACT_RECRUITMENT", "en": "recruitment", "ru": "вербовка", "palermo": True} in ids[
        "acts"
    ]
    assert [s["id"] for s in ids["stages"]][:3] == ["exploitation", "harbouring", "receipt"]
    assert len([m for m in ids["means"] if m["palermo"]]) == 9


# ---------------------------------------------------------------- input validation


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"events": []}, "events"),
        (
            {"events": [{"country": "kg", "date": "2024-01-01", "stage": "recruitment"}]},
            "events[0].country",
        ),
        (
            {"events": [{"country": "KGZ", "date": "2024-01-01", "stage": "recruitment"}]},
            "events[0].country",
        ),
        (
            {"events": [{"country": "KG", "date": "2024-02-30", "stage": "recruitment"}]},
            "events[0].date",
        ),
        (
            {"events": [{"country": "KG", "date": "1.3.2024", "stage": "recruitment"}]},
            "events[0].date",
        ),
        (
            {"events": [{"country": "KG", "date": "2024-01-01", "stage": "shipping"}]},
            "events[0].stage",
        ),
        (
            {
                "events": [{"country": "KG", "date": "2024-01-01", "stage": "recruitment"}],
                "aggravating": ["AGG_MINOR", "AGG_NOPE"],
            },
            "aggravating[1]",
        ),
        (
            {
                "events": [{"country": "KG", "date": "2024-01-01", "stage": "recruitment"}],
                "acts": ["MEANS_FRAUD"],
            },
            "acts[0]",
        ),
        (
            {
                "events": [{"country": "KG", "date": "2024-01-01", "stage": "recruitment"}],
                "victim_age": "17",
            },
            "victim_age",
        ),
        (
            {
                "events": [{"country": "KG", "date": "2024-01-01", "stage": "recruitment"}],
                "victim_age": 30,
                "aggravating": ["AGG_MINOR"],
            },
            "aggravating[0]",
        ),
        (
            {
                "events": [{"country": "KG", "date": "2024-01-01", "stage": "recruitment"}],
                "victims": 2,
            },
            "victims",
        ),
    ],
)
def test_rejects_bad_input_naming_the_key(
    kb: KnowledgeBase, data: dict[str, Any], key: str
) -> None:
    with pytest.raises(QualificationInputError) as caught:
        parse_facts(data, kb.ids)
    assert caught.value.key == key


def test_parse_facts_uses_the_shipped_vocabulary_by_default() -> None:
    facts = parse_facts(
        {
            "events": [{"country": "KG", "date": "2024-01-01", "stage": "recruitment"}],
            "means": ["MEANS_FRAUD", "MEANS_FRAUD"],
        }
    )
    assert facts.means == ("MEANS_FRAUD",)
    assert facts.events[0].stage == "recruitment"
