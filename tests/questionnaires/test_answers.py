"""Answers: only known questions and real options are kept; "don't know" is answered but unscored."""

import pytest

from survey_app.questionnaires.answers import answer_scores, clean_answers, missing_required, progress
from survey_app.questionnaires.definition import BUILTIN_SCALES, Question, Questionnaire, Section


def _question(code: str, required: bool = True) -> Question:
    return Question(code, f"Câu {code}?", "", required, list(BUILTIN_SCALES["muc_do_4"]), "TC1.6")


@pytest.fixture
def q() -> Questionnaire:
    return Questionnaire("THU", "Thử", "", "own_locality", False,
                         [Section("LV1", "Một", "", [_question("Q01"), _question("Q02")]),
                          Section("LV2", "Hai", "", [_question("Q03", required=False)])])


def test_json_numbers_become_option_values(q):
    answers, problems = clean_answers(q, {"Q01": 4, "Q02": 3.0, "Q03": "KB"})
    assert answers == {"Q01": "4", "Q02": "3", "Q03": "KB"} and problems == []


def test_form_field_names_and_unknown_codes(q):
    answers, problems = clean_answers(q, {"q.Q01": " 2 ", "csrf_token": "abc", "Q99": "4", "action": "save"})
    assert answers == {"Q01": "2"} and problems == []


def test_value_that_is_not_an_option_is_a_problem_naming_the_question(q):
    answers, problems = clean_answers(q, {"Q01": "7", "Q02": True, "Q03": ["4"]})
    assert answers == {}
    assert [(p.code, p.value) for p in problems] == [("Q01", "7"), ("Q02", "True"), ("Q03", "['4']")]
    assert problems[0].message.startswith("Câu Q01: '7' không phải là một phương án")


def test_empty_values_are_no_answer_not_a_problem(q):
    assert clean_answers(q, {"Q01": "", "Q02": None}) == ({}, [])


def test_dont_know_counts_as_answered_for_completeness(q):
    assert missing_required(q, {"Q01": "KB"}) == ["Q02"]
    assert missing_required(q, {"Q01": "KB", "Q02": "1"}) == []


def test_optional_question_is_never_missing_and_stale_values_do_not_count(q):
    assert missing_required(q, {"Q01": "9", "Q02": "4"}) == ["Q01"]
    assert progress(q, {"Q01": "9", "Q02": "4", "Q03": "KB"}) == (2, 3)


def test_progress_counts_all_questions(q):
    assert progress(q, {}) == (0, 3)


def test_scores_leave_out_dont_know(q):
    assert answer_scores(q, {"Q01": "4", "Q02": "KB", "Q03": "1"}) == {"Q01": 1.0, "Q03": 0.0}


def test_unknown_codes_are_problems_when_refused(q):
    answers, problems = clean_answers(q, {"Q01": "2", "Q99": "4"}, refuse_unknown=True)
    assert answers == {"Q01": "2"}
    assert [(p.code, p.message) for p in problems] == [("Q99", "Câu 'Q99' không có trong phiếu này.")]
