"""Safety plan, page content and verification tags: the shipped files load and stay honest."""

from __future__ import annotations

from pathlib import Path

import pytest

from azat.public.pagedata import (
    CONTENT_PATH,
    CONTENT_SECTIONS,
    PageDataFileError,
    load_content,
    load_safety_plan,
)
from azat.public.provenance import Status, tag_problem, tag_status


@pytest.mark.parametrize(
    ("tag", "status"),
    [
        ("seed", Status.SEED),
        ("V-P", Status.VERIFIED),
        ("V-S", Status.VERIFIED),
        ("V:T10", Status.VERIFIED),
        ("seed; V:S12(2nd)", Status.VERIFIED),
        ("seed; U", Status.UNVERIFIED),
        ("U", Status.UNVERIFIED),
        ("R", Status.UNVERIFIED),
        ("INF", Status.DESIGN),
    ],
)
def test_tag_gives_the_status_the_site_shows(tag: str, status: Status) -> None:
    assert tag_problem(tag) is None
    assert tag_status(tag) is status


@pytest.mark.parametrize("tag", ["verified", "V", "seed;;U", "", "V:S12 (2nd)"])
def test_unknown_tags_are_refused(tag: str) -> None:
    assert tag_problem(tag) is not None


def test_safety_plan_has_sixteen_items_in_three_stages() -> None:
    plan = load_safety_plan()
    assert len(plan) == 16
    assert [item.stage for item in plan].count("before_leaving") == 10
    assert plan[-1].id == "keep_passport"
    assert {item.verification for item in plan} == {"seed", "INF"}


def test_safety_plan_keeps_the_seed_advice() -> None:
    ids = {item.id for item in load_safety_plan()}
    assert {"code_word", "copies_at_home", "copies_with_you", "work_visa", "regular_call"} <= ids


def test_content_has_every_section_with_the_forms_of_exploitation() -> None:
    content = load_content()
    assert tuple(content) == CONTENT_SECTIONS
    assert [item.id for item in content["form"]] == [
        "forced_labour",
        "sexual_exploitation",
        "forced_begging",
        "forced_criminality",
        "debt_bondage",
        "forced_marriage",
        "servitude",
        "armed_conflict",
        "organ_removal",
    ]
    assert all(item.title for item in content["form"])


def test_help_after_return_names_the_referral_services_and_time() -> None:
    content = load_content()
    services = {item.id for item in content["return_service"]}
    assert {
        "social_protection",
        "medical",
        "documents",
        "temporary_housing",
        "shelter",
        "psychological",
        "legal_aid",
        "courses",
        "small_grant",
    } <= services
    how_long = next(i for i in content["return_info"] if i.id == "how_long")
    assert (
        how_long.text == "From the first contact to a new start usually takes one to three months."
    )
    assert how_long.status is Status.SEED


def test_country_specific_items_are_marked_with_their_country() -> None:
    content = load_content()
    marked = {
        item.id: item.country
        for section in content.values()
        for item in section
        if item.country is not None
    }
    assert marked == {"shelter_kg_law": "KG", "legal_aid_tm_law": "TM", "foreigners_in_kz": "KZ"}


def test_page_texts_are_short_enough_for_a_phone_screen() -> None:
    texts = [item.text for item in load_safety_plan()]
    texts += [item.text for section in load_content().values() for item in section]
    assert max(len(text) for text in texts) <= 140


def test_refuses_a_safety_item_with_an_unknown_stage(tmp_path: Path) -> None:
    path = tmp_path / "safety_plan.toml"
    path.write_text(
        'schema = 1\n[[item]]\nid = "code_word"\nstage = "later"\ntext = "Agree a word."\n'
        'source = "CABAR 2021"\nverification = "seed"\n',
        encoding="utf-8",
    )
    with pytest.raises(PageDataFileError) as caught:
        load_safety_plan(path)
    assert str(caught.value) == (
        f"{path}: item #1 (code_word): "
        "'stage' 'later' must be one of before_leaving, take_with_you, while_away"
    )


def test_refuses_content_missing_a_section(tmp_path: Path) -> None:
    path = tmp_path / "content.toml"
    path.write_text("schema = 1\n", encoding="utf-8")
    with pytest.raises(PageDataFileError) as caught:
        load_content(path)
    assert caught.value.problem == "no [[what_is]] rows"


def test_refuses_a_form_without_a_title(tmp_path: Path) -> None:
    text = CONTENT_PATH.read_text(encoding="utf-8")
    text = text.replace('title = "Forced labour"\n', "", 1)
    path = tmp_path / "content.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PageDataFileError) as caught:
        load_content(path)
    assert caught.value.row == "form #1 (forced_labour)"
    assert caught.value.problem == "missing 'title'"
