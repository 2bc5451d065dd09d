"""Job-offer check: answer patterns give the expected level; bad input and files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from azat.public.jobcheck import (
    JobCheckFileError,
    JobCheckInputError,
    JobCheckRules,
    Question,
    Rule,
    assess,
    load_rules,
)
from azat.public.provenance import Status

SAFE = {
    "job_details": "yes_in_detail",
    "travel_costs": "i_pay",
    "written_contract": "yes_can_read",
    "passport_kept": "no",
    "work_papers": "work_visa_or_permit",
    "agency_licensed": "yes",
    "pay_level": "normal",
    "offer_channel": "state_or_licensed",
    "upfront_fee": "no",
    "workplace_address": "yes",
    "travel_documents": "myself_official",
    "free_movement": "no",
}


@pytest.fixture(scope="module")
def rules() -> JobCheckRules:
    return load_rules()


def answers(**changes: str) -> dict[str, str]:
    return {**SAFE, **changes}


def rule_ids(rules: JobCheckRules, **changes: str) -> list[str]:
    return [reason.rule_id for reason in assess(rules, answers(**changes)).reasons]


# ------------------------------------------------------------------ the shipped questionnaire


def test_shipped_file_asks_twelve_questions_in_order(rules: JobCheckRules) -> None:
    assert [q.id for q in rules.questions] == list(SAFE)


def test_every_question_and_rule_names_source_and_verification(rules: JobCheckRules) -> None:
    rows: list[Question | Rule] = [*rules.questions, *rules.rules]
    for item in rows:
        assert item.source
        assert item.verification in {"seed", "INF"}


def test_user_texts_are_short_enough_for_a_phone_screen(rules: JobCheckRules) -> None:
    texts = [q.text for q in rules.questions]
    texts += [o.text for q in rules.questions for o in q.options]
    texts += [r.reason for r in rules.rules] + [r.next_step for r in rules.rules]
    for level in rules.levels.values():
        texts += [level.title, level.summary, *level.next_steps]
    assert max(len(text) for text in texts) <= 130


# ------------------------------------------------------------------ answer patterns → level


def test_all_safe_answers_give_low_with_no_reasons(rules: JobCheckRules) -> None:
    result = assess(rules, SAFE)
    assert result.level == "low"
    assert result.score == 0
    assert result.reasons == ()
    assert result.title == "Few warning signs"
    assert result.next_steps == (
        "Make a safety plan before you leave.",
        "Leave copies of your papers with your family.",
        "Call a hotline if anything changes or feels wrong.",
    )


def test_passport_kept_by_employer_is_high(rules: JobCheckRules) -> None:
    result = assess(rules, answers(passport_kept="yes"))
    assert result.level == "high"
    assert [r.rule_id for r in result.reasons] == ["passport_kept"]
    assert result.next_steps[0] == (
        "Never give your passport to an employer or agent. Keep it yourself."
    )
    assert result.next_steps[1:] == rules.levels["high"].next_steps


def test_false_papers_are_high(rules: JobCheckRules) -> None:
    assert assess(rules, answers(travel_documents="false_or_other_name")).level == "high"
    assert rule_ids(rules, travel_documents="false_or_other_name") == ["false_documents"]


def test_not_free_to_leave_is_high(rules: JobCheckRules) -> None:
    assert rule_ids(rules, free_movement="yes") == ["movement_limited"]
    assert assess(rules, answers(free_movement="yes")).level == "high"


def test_tourist_visa_for_work_alone_is_caution(rules: JobCheckRules) -> None:
    result = assess(rules, answers(work_papers="tourist_visa"))
    assert result.level == "caution"
    assert [r.rule_id for r in result.reasons] == ["no_work_papers"]


def test_tourist_visa_with_a_loan_from_wages_is_high(rules: JobCheckRules) -> None:
    result = assess(rules, answers(work_papers="tourist_visa", travel_costs="loan_from_wages"))
    assert result.level == "high"
    assert [r.rule_id for r in result.reasons] == [
        "no_work_right_and_no_protection",
        "debt_from_wages",
        "no_work_papers",
    ]


def test_fee_up_front_and_social_media_offer_is_caution(rules: JobCheckRules) -> None:
    result = assess(rules, answers(upfront_fee="yes", offer_channel="social_media"))
    assert result.level == "caution"
    assert result.score == 4
    # The score fallback stays silent: both signs already have their own reason.
    assert [r.rule_id for r in result.reasons] == ["offer_on_social_media", "fee_up_front"]


def test_high_pay_for_a_vague_job_is_high(rules: JobCheckRules) -> None:
    assert rule_ids(rules, pay_level="much_higher", job_details="no") == [
        "high_pay_vague_job",
        "job_unclear",
        "pay_too_good",
    ]


def test_high_pay_for_a_clear_job_is_only_caution(rules: JobCheckRules) -> None:
    assert assess(rules, answers(pay_level="much_higher")).level == "caution"


def test_loan_without_contract_is_high(rules: JobCheckRules) -> None:
    result = assess(rules, answers(travel_costs="loan_from_wages", written_contract="no_contract"))
    assert result.level == "high"
    assert result.reasons[0].rule_id == "debt_without_contract"


def test_four_ordinary_warning_signs_add_up_to_high(rules: JobCheckRules) -> None:
    result = assess(
        rules,
        answers(
            written_contract="no_contract",
            agency_licensed="no",
            offer_channel="stranger",
            upfront_fee="yes",
        ),
    )
    assert result.score == 9
    assert result.level == "high"
    assert [r.rule_id for r in result.reasons] == [
        "many_warning_signs",
        "no_contract",
        "agency_unlicensed",
        "offer_from_stranger",
        "fee_up_front",
    ]


def test_three_unknown_answers_are_caution(rules: JobCheckRules) -> None:
    result = assess(
        rules, answers(travel_costs="dont_know", agency_licensed="dont_know", pay_level="dont_know")
    )
    assert result.level == "caution"
    assert [r.rule_id for r in result.reasons] == ["many_unknowns"]


def test_two_unknown_answers_stay_low(rules: JobCheckRules) -> None:
    assert assess(rules, answers(travel_costs="dont_know", pay_level="dont_know")).level == "low"


def test_small_doubts_with_no_named_reason_fall_back_to_caution(rules: JobCheckRules) -> None:
    result = assess(
        rules,
        answers(
            offer_channel="friend_or_relative",
            travel_documents="agent_arranges",
            travel_costs="dont_know",
            pay_level="dont_know",
        ),
    )
    assert result.level == "caution"
    assert [r.rule_id for r in result.reasons] == [
        "several_small_doubts",
        "offer_from_someone_known",
        "agent_makes_papers",
    ]


def test_offer_from_a_friend_adds_a_note_but_stays_low(rules: JobCheckRules) -> None:
    result = assess(rules, answers(offer_channel="friend_or_relative"))
    assert result.level == "low"
    assert [(r.rule_id, r.level) for r in result.reasons] == [("offer_from_someone_known", "low")]
    assert result.next_steps[0] == (
        "Check the company and the contract yourself, even if you trust the person."
    )


def test_reasons_carry_their_source_and_status(rules: JobCheckRules) -> None:
    result = assess(rules, answers(passport_kept="yes", upfront_fee="yes"))
    by_id = {reason.rule_id: reason for reason in result.reasons}
    assert by_id["passport_kept"].status is Status.SEED
    assert by_id["passport_kept"].source == "CABAR 2021: traffickers often take away passports"
    assert by_id["fee_up_front"].status is Status.DESIGN


def test_next_steps_are_not_repeated(rules: JobCheckRules) -> None:
    result = assess(rules, answers(passport_kept="yes", free_movement="yes", agency_licensed="no"))
    assert len(result.next_steps) == len(set(result.next_steps))


def test_same_answers_always_give_the_same_assessment(rules: JobCheckRules) -> None:
    given = answers(work_papers="no_papers", upfront_fee="yes", workplace_address="no")
    assert assess(rules, given) == assess(rules, dict(reversed(list(given.items()))))


# ------------------------------------------------------------------ bad input


def test_missing_answers_are_all_named(rules: JobCheckRules) -> None:
    given = dict(SAFE)
    del given["passport_kept"]
    del given["free_movement"]
    with pytest.raises(JobCheckInputError) as caught:
        assess(rules, given)
    assert caught.value.missing == ("passport_kept", "free_movement")
    assert caught.value.invalid == {}
    assert str(caught.value) == "missing answers: passport_kept, free_movement"


def test_blank_answer_counts_as_missing(rules: JobCheckRules) -> None:
    with pytest.raises(JobCheckInputError) as caught:
        assess(rules, answers(pay_level="  "))
    assert caught.value.missing == ("pay_level",)


def test_tampered_option_ids_are_all_named(rules: JobCheckRules) -> None:
    with pytest.raises(JobCheckInputError) as caught:
        assess(rules, answers(passport_kept="maybe", work_papers="yes_can_read"))
    assert caught.value.missing == ()
    assert caught.value.invalid == {"passport_kept": "maybe", "work_papers": "yes_can_read"}


def test_missing_and_tampered_answers_are_reported_together(rules: JobCheckRules) -> None:
    given = answers(upfront_fee="<script>")
    del given["job_details"]
    with pytest.raises(JobCheckInputError) as caught:
        assess(rules, given)
    assert caught.value.missing == ("job_details",)
    assert caught.value.invalid == {"upfront_fee": "<script>"}
    assert str(caught.value) == (
        "missing answers: job_details; invalid answers: upfront_fee='<script>'"
    )


def test_a_long_tampered_value_is_cut_short(rules: JobCheckRules) -> None:
    with pytest.raises(JobCheckInputError) as caught:
        assess(rules, answers(pay_level="x" * 500))
    assert caught.value.invalid == {"pay_level": "x" * 40}


def test_extra_form_fields_are_ignored(rules: JobCheckRules) -> None:
    given = {**SAFE, "csrfmiddlewaretoken": "abc", "submit": "Check"}
    assert assess(rules, given).level == "low"


# ------------------------------------------------------------------ bad rules files

VALID = """
schema = 1

[[level]]
id = "low"
title = "Low"
summary = "Few signs."
next_steps = ["Plan."]

[[level]]
id = "caution"
title = "Careful"
summary = "Some signs."
next_steps = ["Ask."]

[[level]]
id = "high"
title = "High"
summary = "Strong signs."
next_steps = ["Call."]

[[question]]
id = "passport_kept"
text = "Will they keep your passport?"
source = "CABAR 2021"
verification = "seed"

    [[question.option]]
    id = "no"
    text = "No"
    weight = 0

    [[question.option]]
    id = "yes"
    text = "Yes"
    weight = 5

[[rule]]
id = "passport_kept"
level = "high"
when = [["passport_kept=yes"]]
reason = "They keep your passport."
next_step = "Keep it yourself."
source = "CABAR 2021"
verification = "seed"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "jobcheck.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path: Path, text: str) -> JobCheckFileError:
    path = write(tmp_path, text)
    with pytest.raises(JobCheckFileError) as caught:
        load_rules(path)
    assert caught.value.path == str(path)
    return caught.value


def test_a_minimal_valid_file_loads_and_assesses(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, VALID))
    assert assess(rules, {"passport_kept": "yes"}).level == "high"
    assert assess(rules, {"passport_kept": "no"}).level == "low"


def test_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(JobCheckFileError) as caught:
        load_rules(tmp_path / "absent.toml")
    assert caught.value.problem == "file not found"
    assert caught.value.path.endswith("absent.toml")


def test_refuses_broken_toml(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID + "\n[[rule]\n")
    assert error.row is None
    assert error.problem.startswith("not valid TOML")


def test_refuses_a_rule_pointing_at_an_unknown_option(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('"passport_kept=yes"', '"passport_kept=perhaps"'))
    assert error.row == "rule #1 (passport_kept)"
    assert "'passport_kept=perhaps'" in error.problem
    assert str(error).startswith(f"{tmp_path / 'jobcheck.toml'}: rule #1 (passport_kept): ")


def test_refuses_an_option_id_used_twice(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('id = "yes"', 'id = "no"'))
    assert error.row == "question #1 (passport_kept) option #2"
    assert error.problem == "option id 'no' is used twice in this question"


def test_refuses_a_negative_weight(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace("weight = 5", "weight = -1"))
    assert error.row == "question #1 (passport_kept) option #2"
    assert error.problem == "'weight' must be at least 0"


def test_refuses_an_unknown_verification_tag(tmp_path: Path) -> None:
    text = VALID.replace('verification = "seed"', 'verification = "ok"', 1)
    error = refusal(tmp_path, text)
    assert error.row == "question #1 (passport_kept)"
    assert error.problem.startswith("unknown verification tag 'ok'")


def test_refuses_a_misspelt_rule_key(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace("when = ", "wehn = "))
    assert error.row == "rule #1 (passport_kept)"
    assert error.problem == "unknown key(s) wehn"


def test_refuses_a_rule_without_condition(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('when = [["passport_kept=yes"]]\n', ""))
    assert error.problem == "needs at least one condition: 'when', 'count_of' or 'min_score'"


def test_refuses_an_unknown_level(tmp_path: Path) -> None:
    error = refusal(tmp_path, VALID.replace('level = "high"', 'level = "severe"'))
    assert error.row == "rule #1 (passport_kept)"
    assert error.problem == "'level' 'severe' must be one of low, caution, high"


def test_refuses_a_file_without_the_caution_level(tmp_path: Path) -> None:
    text = VALID.replace('id = "caution"', 'id = "low"')
    error = refusal(tmp_path, text)
    assert error.row == "level #2"
    assert error.problem == "level 'low' is given twice"


def test_refuses_at_least_larger_than_its_list(tmp_path: Path) -> None:
    text = VALID.replace(
        'when = [["passport_kept=yes"]]', 'count_of = ["passport_kept=yes"]\nat_least = 2'
    )
    error = refusal(tmp_path, text)
    assert error.problem == "'at_least' 2 is more than the 1 'count_of' answers"


def test_refuses_a_question_with_one_option(tmp_path: Path) -> None:
    start = VALID.index('    [[question.option]]\n    id = "yes"')
    end = VALID.index("[[rule]]")
    text = VALID[:start] + VALID[end:]
    text = text.replace('"passport_kept=yes"', '"passport_kept=no"')
    error = refusal(tmp_path, text)
    assert error.problem == "needs at least two [[question.option]] rows"
