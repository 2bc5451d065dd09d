"""Behaviour of the screening engine on the shipped catalogue and rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from azat.screening.catalogue import (
    DEFAULT_RULES_PATH,
    Catalogue,
    RuleSet,
    load_catalogue,
    load_rules,
)
from azat.screening.rules import (
    ScreeningInputError,
    ScreeningResult,
    parse_request,
    screen,
    screen_request,
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def rules(catalogue: Catalogue) -> RuleSet:
    return load_rules(catalogue=catalogue)


def yes(*ids: str) -> dict[str, bool | None]:
    return dict.fromkeys(ids, True)


def run(
    catalogue: Catalogue,
    rules: RuleSet,
    answers: dict[str, bool | None],
    *,
    age: int | None = 30,
    minor: bool | None = None,
    acts: tuple[str, ...] = (),
    profile: str | None = "labour",
) -> ScreeningResult:
    return screen(
        catalogue, rules, age=age, minor=minor, acts=acts, answers=answers, profile=profile
    )


# Adult labour strengths used below (screening.md §2.3): DR01 S, DR02-DR09 M, DR10 W;
# EX01 S, EX02-EX08 M; CD01-CD04 S, CD05-CD14 M, CD15 W; VR13, VR16 W; VD06, VD07 W.


@pytest.mark.parametrize(
    ("answers", "positive", "clause"),
    [
        (("DR01",), False, None),  # one strong alone is not enough
        (("CD01", "CD02"), True, "DIM_2_STRONG"),
        (("DR01", "DR10"), True, "DIM_1_STRONG_1_OTHER"),  # 1 strong + 1 weak
        (("DR01", "DR02"), True, "DIM_1_STRONG_1_OTHER"),  # 1 strong + 1 medium
        (("DR02", "DR03"), False, None),  # 2 medium
        (("DR02", "DR03", "DR04"), True, "DIM_3_MEDIUM"),
        (("DR02", "DR10"), False, None),  # 1 medium + 1 weak
        (("DR02", "DR03", "DR10"), True, "DIM_2_MEDIUM_1_WEAK"),
        (("VR01", "VR13", "VR16"), False, None),  # 1 medium + 2 weak
        (("VD06", "VD07"), False, None),  # weak alone never suffices
    ],
)
def test_dimension_threshold_boundaries(
    catalogue: Catalogue,
    rules: RuleSet,
    answers: tuple[str, ...],
    positive: bool,
    clause: str | None,
) -> None:
    result = run(catalogue, rules, yes(*answers))
    dim = result.dimension("adult_labour", answers[0][:2])
    assert dim.positive is positive
    assert dim.clause == clause
    assert dim.indicators == tuple(sorted(answers))


def test_dimension_with_only_weak_or_single_strong_leaves_status_not_indicated(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, yes("DR01", "VD06", "VD07"))
    assert result.status == "not_indicated"
    assert result.rule == "NOT_INDICATED"


def test_adult_is_presumed_with_recruitment_exploitation_and_destination_coercion(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, yes("DR01", "DR02", "EX01", "EX04", "CD01", "CD14"))
    assert result.status == "presumed_victim"
    assert result.rule == "ADULT_DELPHI"
    assert result.profile("labour").scored_as == "adult_labour"
    assert result.ask_next == ()


def test_adult_is_presumed_through_abuse_of_vulnerability_dimensions(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    answers = yes("VR01", "VR06", "VR09", "EX02", "EX04", "EX05", "VD01", "VD03", "VD07")
    result = run(catalogue, rules, answers)
    assert result.status == "presumed_victim"
    assert result.rule == "ADULT_DELPHI"


def test_adult_without_destination_dimension_is_only_possible(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, yes("DR01", "DR02", "EX01", "EX04"))
    assert result.status == "possible_victim"
    assert result.rule == "POSSIBLE_ANY_DIMENSION"


def test_adult_with_act_and_exploitation_but_no_means_is_only_possible(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, yes("EX01", "EX04"), acts=("ACT_RECRUITMENT",))
    assert result.status == "possible_victim"


def test_child_is_presumed_without_means(catalogue: Catalogue, rules: RuleSet) -> None:
    result = run(catalogue, rules, yes("EX01", "EX04"), age=16, acts=("ACT_RECRUITMENT",))
    assert result.age_group == "child"
    assert result.status == "presumed_victim"
    assert result.rule == "CHILD_PALERMO_3C"
    assert result.profile("labour").scored_as == "child_labour"
    for dim in ("DR", "CR", "VR", "CD", "VD"):
        assert result.dimension("child_labour", dim).positive is False
    codes = [r.code for r in result.reasons]
    assert codes == [
        "age_child",
        "dimension_positive.child_labour.EX",
        "rule.labour",
        "pending_review",
    ]


def test_child_without_recorded_act_is_possible_and_told_to_record_it(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, yes("EX01", "EX04"), age=16)
    assert result.status == "possible_victim"
    assert "child_act_missing.labour" in [r.code for r in result.reasons]


def test_child_uses_child_strengths(catalogue: Catalogue, rules: RuleSet) -> None:
    # CD05 and CD06 are medium for adults but strong for children.
    adult = run(catalogue, rules, yes("CD05", "CD06"), age=30)
    child = run(catalogue, rules, yes("CD05", "CD06"), age=12)
    assert adult.dimension("adult_labour", "CD").positive is False
    assert child.dimension("child_labour", "CD").positive is True
    assert child.dimension("child_labour", "CD").clause == "DIM_2_STRONG"


def test_minor_flag_without_age_screens_as_child(catalogue: Catalogue, rules: RuleSet) -> None:
    result = run(catalogue, rules, yes("EX01", "EX04"), age=None, minor=True, acts=("ACT_RECEIPT",))
    assert result.age_group == "child"
    assert result.status == "presumed_victim"


def test_age_18_is_adult(catalogue: Catalogue, rules: RuleSet) -> None:
    result = run(catalogue, rules, yes("EX01", "EX04"), age=18, acts=("ACT_RECEIPT",))
    assert result.age_group == "adult"
    assert result.status == "possible_victim"


def test_unknown_age_takes_the_more_protective_child_reading(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, yes("EX01", "EX04"), age=None, acts=("ACT_TRANSPORTATION",))
    assert result.age_group == "unknown"
    assert result.status == "presumed_victim"
    assert result.rule == "CHILD_PALERMO_3C"
    labour = result.profile("labour")
    assert labour.scored_as == "child_labour"
    assert labour.evaluated == ("adult_labour", "child_labour")
    assert result.reasons[0].code == "age_unknown"
    assert sorted(result.to_dict()["dimensions"]) == ["adult_labour", "child_labour"]


def test_unknown_age_keeps_adult_reading_when_it_is_more_serious(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    # Adult rule met; the child rule needs an act, none recorded.
    answers = yes("DR01", "DR02", "EX01", "EX04", "CD01", "CD02")
    result = run(catalogue, rules, answers, age=None)
    assert result.status == "presumed_victim"
    assert result.profile("labour").scored_as == "adult_labour"


def test_contradicting_age_and_minor_is_refused(catalogue: Catalogue, rules: RuleSet) -> None:
    with pytest.raises(ScreeningInputError) as err:
        run(catalogue, rules, {}, age=17, minor=False)
    assert err.value.key == "minor"


def test_unknown_and_no_answers_do_not_count(catalogue: Catalogue, rules: RuleSet) -> None:
    result = run(catalogue, rules, {"DR01": True, "DR02": None, "DR03": False})
    dim = result.dimension("adult_labour", "DR")
    assert dim.positive is False
    assert dim.indicators == ("DR01",)
    asked = [a.id for a in result.ask_next]
    assert "DR02" in asked
    assert "DR04" in asked  # missing id means unknown
    assert "DR03" not in asked  # answered "no"
    assert "DR01" not in asked  # answered "yes"


def test_ask_next_puts_status_flipping_destination_indicators_first(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, yes("DR01", "DR02", "EX01", "EX04", "CD01"))
    assert result.status == "possible_victim"
    asked = [(a.id, a.effect, a.strength) for a in result.ask_next]
    assert asked == [
        ("CD02", "flips_status", "strong"),
        ("CD03", "flips_status", "strong"),
        ("CD04", "flips_status", "strong"),
        *[(f"CD{n:02d}", "flips_status", "medium") for n in range(5, 15)],
        ("CD15", "flips_status", "weak"),
        *[(f"VD{n:02d}", "contributes", "medium") for n in range(1, 6)],
        ("VD06", "contributes", "weak"),
        ("VD07", "contributes", "weak"),
    ]


def test_ask_next_with_no_answers_starts_with_strong_indicators_in_dimension_order(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, {})
    first = [(a.id, a.effect) for a in result.ask_next[:8]]
    assert first == [
        ("DR01", "contributes"),
        ("CR01", "contributes"),
        ("EX01", "contributes"),
        ("CD01", "contributes"),
        ("CD02", "contributes"),
        ("CD03", "contributes"),
        ("CD04", "contributes"),
        ("DR02", "contributes"),
    ]
    assert len(result.ask_next) == 67


def test_ask_next_raises_status_from_nothing_with_the_completing_indicator(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, yes("DR01"))
    # Any DR indicator completes DR (1 strong + 1 other): status goes to possible.
    assert [(a.id, a.effect) for a in result.ask_next[:9]] == [
        (f"DR{n:02d}", "flips_status") for n in range(2, 11)
    ]
    assert result.ask_next[9].effect == "contributes"


def test_ask_next_prefers_an_indicator_that_makes_a_needed_dimension_positive(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, yes("EX01", "EX04", "DR01"))
    assert result.status == "possible_victim"
    assert [(a.id, a.effect) for a in result.ask_next[:9]] == [
        (f"DR{n:02d}", "flips_dimension") for n in range(2, 11)
    ]
    assert result.ask_next[8].strength == "weak"
    assert [(a.id, a.effect, a.strength) for a in result.ask_next[9:11]] == [
        ("CR01", "contributes", "strong"),
        ("CD01", "contributes", "strong"),
    ]


def test_ask_next_is_empty_when_no_higher_rule_can_still_be_met(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    answers: dict[str, bool | None] = yes("EX01", "EX04")
    for ind in catalogue.indicators:
        if ind.dimension in ("CD", "VD"):
            answers[ind.id] = False
    result = run(catalogue, rules, answers)
    assert result.status == "possible_victim"
    assert result.ask_next == ()


def test_profile_filter_limits_the_forms_screened(catalogue: Catalogue, rules: RuleSet) -> None:
    answers = yes("DR01", "DR02", "EX01", "EX04", "CD01", "CD02")
    labour = run(catalogue, rules, answers, profile="labour")
    sexual = run(catalogue, rules, answers, profile="sexual")
    assert [p.form for p in labour.profiles] == ["labour"]
    assert list(labour.to_dict()["dimensions"]) == ["adult_labour"]
    assert labour.status == "presumed_victim"
    # EX01 is only medium on the (provisional) adult sexual list, so EX is not positive there.
    assert sexual.dimension("adult_sexual", "EX").positive is False
    assert sexual.status == "possible_victim"


def test_overall_status_is_the_most_serious_profile(catalogue: Catalogue, rules: RuleSet) -> None:
    answers = yes("DR01", "DR02", "EX01", "EX04", "CD01", "CD02")
    result = run(catalogue, rules, answers, profile=None)
    assert {p.form: p.status for p in result.profiles} == {
        "labour": "presumed_victim",
        "sexual": "possible_victim",
    }
    assert result.status == "presumed_victim"
    assert result.rule == "ADULT_DELPHI"


def test_pending_review_lists_unverified_indicators_and_rules_used(
    catalogue: Catalogue, rules: RuleSet
) -> None:
    result = run(catalogue, rules, yes("DR01", "DR02", "EX01", "EX04", "CD01", "CD02"))
    assert result.pending_review == (
        "ADULT_DELPHI",
        "CD01",
        "CD02",
        "DIM_THRESHOLD",
        "DR01",
        "DR02",
        "EX01",
        "EX04",
    )
    assert result.reasons[-1].code == "pending_review"


def test_pending_review_follows_the_verified_tags_in_the_rules_file(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    text = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
    text = text.replace('verified_tags = ["V-P"]', 'verified_tags = ["V-P", "V-S", "R"]')
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    relaxed = load_rules(path, catalogue=catalogue)
    result = run(catalogue, relaxed, yes("DR01", "DR02"))
    # The possible rule is our own inference (INF), so it stays pending.
    assert result.pending_review == ("POSSIBLE_ANY_DIMENSION",)


def test_label_says_screening_not_identification(catalogue: Catalogue, rules: RuleSet) -> None:
    result = run(catalogue, rules, {})
    assert "not an identification decision" in result.label["en"]
    assert "не решение об идентификации" in result.label["ru"]


def test_unknown_indicator_is_refused_with_its_key(catalogue: Catalogue, rules: RuleSet) -> None:
    with pytest.raises(ScreeningInputError) as err:
        run(catalogue, rules, {"XX99": True})
    assert err.value.key == "indicators.XX99"


def test_means_id_is_not_accepted_as_an_act(catalogue: Catalogue, rules: RuleSet) -> None:
    with pytest.raises(ScreeningInputError) as err:
        run(catalogue, rules, {}, acts=("MEANS_FRAUD",))
    assert err.value.key == "acts.MEANS_FRAUD"


def test_unknown_profile_is_refused(catalogue: Catalogue, rules: RuleSet) -> None:
    with pytest.raises(ScreeningInputError) as err:
        run(catalogue, rules, {}, profile="organs")
    assert err.value.key == "profile"


def test_result_is_deterministic_and_json_ready(catalogue: Catalogue, rules: RuleSet) -> None:
    ids = ["CD02", "EX04", "DR01", "CD01", "EX01", "DR02"]
    first = run(catalogue, rules, yes(*ids), profile=None)
    second = run(catalogue, rules, yes(*reversed(ids)), profile=None)
    assert json.dumps(first.to_dict(), ensure_ascii=False) == json.dumps(
        second.to_dict(), ensure_ascii=False
    )
    data = first.to_dict()
    assert data["dimensions"]["adult_labour"]["DR"] == {
        "positive": True,
        "indicators": ["DR01", "DR02"],
    }
    assert data["profiles"]["labour"] == {
        "status": "presumed_victim",
        "rule": "ADULT_DELPHI",
        "scored_as": "adult_labour",
    }


def test_parse_request_accepts_the_documented_shape(catalogue: Catalogue, rules: RuleSet) -> None:
    request = parse_request(
        {
            "age": 16,
            "profile": "labour",
            "acts": ["ACT_RECRUITMENT"],
            "indicators": {"EX01": True, "EX04": True, "DR01": None, "CD01": False},
        },
        catalogue=catalogue,
    )
    assert request.age == 16
    assert request.minor is None
    assert request.acts == ("ACT_RECRUITMENT",)
    assert dict(request.answers) == {"CD01": False, "DR01": None, "EX01": True, "EX04": True}
    result = screen_request(catalogue, rules, request)
    assert result.status == "presumed_victim"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"age": 121}, "age"),
        ({"age": -1}, "age"),
        ({"age": "16"}, "age"),
        ({"age": True}, "age"),
        ({"minor": "yes"}, "minor"),
        ({"age": 30, "minor": True}, "minor"),
        ({"profile": "organs"}, "profile"),
        ({"acts": "ACT_RECRUITMENT"}, "acts"),
        ({"acts": [3]}, "acts[0]"),
        ({"acts": ["ACT_KIDNAP"]}, "acts.ACT_KIDNAP"),
        ({"indicators": ["DR01"]}, "indicators"),
        ({"indicators": {"DR01": "yes"}}, "indicators.DR01"),
        ({"indicators": {"ZZ01": True}}, "indicators.ZZ01"),
        ({"name": "Aigul"}, "name"),
    ],
)
def test_parse_request_names_the_bad_key(
    catalogue: Catalogue, data: dict[str, object], key: str
) -> None:
    with pytest.raises(ScreeningInputError) as err:
        parse_request(data, catalogue=catalogue)
    assert err.value.key == key
