"""Pure grading functions of the question-type registry."""

import pytest

from coursehub.quizzes.types import QUESTION_TYPES, get_type


def definition(*correct: bool) -> dict:
    return {"options": [{"html": str(i), "correct": c, "feedback_html": ""}
                        for i, c in enumerate(correct)]}


def test_registry_has_the_core_types():
    assert {"single", "multiple", "truefalse"} <= set(QUESTION_TYPES)


@pytest.mark.parametrize("answer, score", [([1], 1.0), ([0], 0.0), ([], 0.0), ([1, 2], 0.0)])
def test_single_choice(answer, score):
    assert get_type("single").grade(definition(False, True, False), answer) == score


@pytest.mark.parametrize("answer, score", [([1], 1.0), ([0], 0.0), ([], 0.0)])
def test_true_false(answer, score):
    assert get_type("truefalse").grade(definition(False, True), answer) == score


@pytest.mark.parametrize(
    "answer, score",
    [
        ([0, 1, 3], 1.0),        # all three correct
        ([0, 1], 2 / 3),         # two of three
        ([0], 1 / 3),
        ([0, 1, 2], 1 / 3),      # two right minus one wrong
        ([0, 2], 0.0),           # one right, one wrong
        ([2], 0.0),              # never below zero
        ([0, 1, 2, 3], 2 / 3),   # choosing everything is not full marks
        ([], 0.0),
    ],
)
def test_multiple_choice_partial_credit(answer, score):
    assert get_type("multiple").grade(definition(True, True, False, True), answer) == \
        pytest.approx(score)


def test_parse_answer_drops_bad_values_and_limits_radio_to_one():
    single, multiple = get_type("single"), get_type("multiple")
    d = definition(True, False, False)
    assert single.parse_answer(d, ["2"]) == [2]
    assert single.parse_answer(d, ["1", "0"]) == [0]
    assert single.parse_answer(d, ["7", "-1", "x"]) == []
    assert multiple.parse_answer(d, ["2", "0", "2", "9"]) == [0, 2]
