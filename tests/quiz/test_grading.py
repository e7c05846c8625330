"""Grading rules, one by one, with the French feedback they give."""

from __future__ import annotations

from typing import Any

import pytest

from hvlab.quiz import Question, grade_question, grade_quiz, question_from_dict, quiz_from_dict
from hvlab.quiz.grading import unwrap_response

SINGLE: dict[str, Any] = {
    "id": "esxi",
    "type": "single",
    "prompt": "ESXi est de type…",
    "options": [
        {"text": "type 1", "correct": True, "feedback": "Oui, directement sur le matériel."},
        {"text": "type 2", "feedback": "Non, pas d'OS hôte."},
    ],
    "explanation": "ESXi est un hyperviseur natif.",
}
MULTIPLE: dict[str, Any] = {
    "id": "m",
    "type": "multiple",
    "prompt": "?",
    "points": 4,
    "options": [
        {"text": "A", "correct": True, "feedback": "A est juste."},
        {"text": "B", "correct": True},
        {"text": "C", "feedback": "C est faux."},
        {"text": "D"},
    ],
}


def _q(data: dict[str, Any]) -> Question:
    return question_from_dict(data)


def test_single_right_gives_points_feedback_and_explanation() -> None:
    result = grade_question(_q(SINGLE), 0)
    assert (result.score, result.max, result.correct) == (1.0, 1.0, True)
    assert result.option_feedback == ("Oui, directement sur le matériel.",)
    assert "Bonne réponse" in result.feedback
    assert result.explanation == "ESXi est un hyperviseur natif."


def test_single_wrong_names_the_expected_option() -> None:
    result = grade_question(_q(SINGLE), 1)
    assert (result.score, result.correct) == (0.0, False)
    assert "Non, pas d'OS hôte." in result.feedback
    assert "« type 1 »" in result.feedback


@pytest.mark.parametrize(
    ("chosen", "score"),
    [
        ([0, 1], 4.0),  # 2/2 - 0/2
        ([0], 2.0),  # 1/2
        ([0, 1, 2], 2.0),  # 1 - 1/2
        ([0, 2], 0.0),  # 1/2 - 1/2
        ([2, 3], 0.0),  # max(0, -1)
        ([0, 1, 2, 3], 0.0),  # 1 - 1
    ],
)
def test_multiple_right_minus_wrong_share(chosen: list[int], score: float) -> None:
    assert grade_question(_q(MULTIPLE), chosen).score == pytest.approx(score)


def test_multiple_returns_feedback_of_every_chosen_option_in_source_order() -> None:
    result = grade_question(_q(MULTIPLE), [2, 0])
    assert result.option_feedback == ("A est juste.", "C est faux.")


def test_hints_cost_their_penalty_each() -> None:
    question = _q({**SINGLE, "hints": ["h1", "h2", "h3"], "hint_penalty": 0.3})
    assert grade_question(question, 0, hints_used=1).score == pytest.approx(0.7)
    assert grade_question(question, 0, hints_used=2).score == pytest.approx(0.4)
    # 3 × 0.3 = 0.9 of the points lost, never below zero
    assert grade_question(question, 0, hints_used=3).score == pytest.approx(0.1)
    result = grade_question(question, 0, hints_used=2)
    assert result.correct is True
    assert "2 indices utilisés : −60\u00a0% des points." in result.feedback


def test_hints_default_penalty_is_a_quarter() -> None:
    question = _q({**SINGLE, "hints": ["h"]})
    assert question.hint_penalty == 0.25
    assert grade_question(question, 0, hints_used=1).score == pytest.approx(0.75)


def test_hints_do_not_count_on_a_question_without_hints() -> None:
    assert grade_question(_q(SINGLE), 0, hints_used=2).score == 1.0


def test_true_false_all_or_nothing() -> None:
    question = _q({"id": "tf", "type": "true_false", "prompt": "?", "answer": True, "points": 2})
    assert grade_question(question, True).score == 2.0
    assert grade_question(question, False).score == 0.0
    assert "vrai" in grade_question(question, False).feedback


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("16", True),
        ("16 Go", True),
        ("16,8", True),  # 16 + 5 % = 16.8
        ("16,81", False),
        ("15 200 Mo", True),  # 15.2 Go = 16 - 5 %
        ("15 199 Mo", False),
        ("0,016 To", True),
        ("16 Gio", False),
    ],
)
def test_numeric_relative_tolerance_and_units(typed: str, right: bool) -> None:
    question = _q(
        {
            "id": "ram",
            "type": "numeric",
            "prompt": "?",
            "answer": 16,
            "tolerance": "5%",
            "unit": "Go",
            "units": {"Mo": 0.001, "To": 1000},
        }
    )
    assert grade_question(question, typed).correct is right


def test_numeric_unknown_unit_is_explained() -> None:
    question = _q({"id": "n", "type": "numeric", "prompt": "?", "answer": 3, "unit": "Go"})
    result = grade_question(question, "3 km")
    assert "Unité « km » non reconnue" in result.feedback
    assert "« Go »" in result.feedback


def test_numeric_expected_answer_written_the_french_way() -> None:
    question = _q({"id": "n", "type": "numeric", "prompt": "?", "answer": 1234.5, "unit": "W"})
    assert "1\u202f234,5\u202fW" in grade_question(question, "1").feedback


def test_text_normalisation_options() -> None:
    base = {"id": "t", "type": "text", "prompt": "?", "accept": ["Hyperviseur à chaud"]}
    assert grade_question(_q(base), " hyperviseur   À CHAUD ").correct
    assert not grade_question(_q(base), "hyperviseur a chaud").correct
    assert grade_question(_q({**base, "ignore_accents": True}), "hyperviseur a chaud").correct
    assert not grade_question(_q({**base, "case_sensitive": True}), "hyperviseur à chaud").correct


def test_matching_share_of_right_pairs() -> None:
    question = _q(
        {
            "id": "m",
            "type": "matching",
            "prompt": "?",
            "points": 3,
            "pairs": [
                {"left": "a", "right": "1"},
                {"left": "b", "right": "2"},
                {"left": "c", "right": "1"},
            ],
        }
    )
    assert grade_question(question, {"a": "1", "b": "1", "c": "1"}).score == pytest.approx(2.0)


def test_ordering_share_in_place_or_all_or_nothing() -> None:
    data = {"id": "o", "type": "ordering", "prompt": "?", "items": ["1", "2", "3", "4", "5"]}
    assert grade_question(_q(data), ["1", "2", "4", "3", "5"]).score == pytest.approx(0.6)
    strict = _q({**data, "all_or_nothing": True})
    assert grade_question(strict, ["1", "2", "4", "3", "5"]).score == 0.0
    assert grade_question(strict, ["1", "2", "3", "4", "5"]).score == 1.0


PARAM = {
    "id": "p",
    "type": "numeric",
    "prompt": "{a} + {b} ?",
    "params": {"a": {"range": [1, 100]}, "b": {"range": [1, 100]}},
    "answer": "a + b",
}


def test_parametrised_graded_against_the_seed_seen() -> None:
    question = _q(PARAM)
    from hvlab.quiz import variant

    answers = {seed: variant(question, seed).answer for seed in range(5)}
    assert len(set(answers.values())) > 1
    for seed, answer in answers.items():
        typed = str(int(answer))
        assert grade_question(question, {"seed": seed, "value": typed}).correct
        others = [s for s, a in answers.items() if a != answer]
        for other in others:
            assert not grade_question(question, {"seed": other, "value": typed}).correct


def test_parametrised_without_seed_scores_zero_and_says_why() -> None:
    result = grade_question(_q(PARAM), "10")
    assert result.score == 0.0
    assert "graine" in result.feedback


def test_unwrap_response_envelope_only_with_known_keys() -> None:
    assert unwrap_response({"seed": 2, "value": "x", "hints_used": 1}) == ("x", 2, 1)
    assert unwrap_response({"value": "x", "other": 1}) == ({"value": "x", "other": 1}, None, None)
    assert unwrap_response([1]) == ([1], None, None)


@pytest.mark.parametrize("response", [None, "", [], {}])
def test_no_response_scores_zero(response: Any) -> None:
    result = grade_question(_q(MULTIPLE), response)
    assert result.score == 0.0
    assert "Pas de réponse" in result.feedback


def test_grade_quiz_totals_pass_mark_and_contract() -> None:
    quiz = quiz_from_dict(
        {
            "id": "q",
            "title": "Q",
            "pass_mark": 0.5,
            "questions": [SINGLE, MULTIPLE],
        }
    )
    result = grade_quiz(quiz, {"esxi": 0, "m": [0], "inconnue": 1})
    data = result.to_dict()
    assert data["score"] == pytest.approx(3.0)  # 1 + 4 × 1/2
    assert data["max"] == 5.0
    assert data["passed"] is True
    assert data["ignored"] == ["inconnue"]
    assert [q["id"] for q in data["questions"]] == ["esxi", "m"]
    for question in data["questions"]:
        assert {"id", "score", "max", "correct", "feedback"} <= set(question)
    assert grade_quiz(quiz, {}).passed is False
