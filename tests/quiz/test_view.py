"""hvlab.quiz.view: the student view hides what grades, its ids carry nothing, the way back grades.

Every test here plays the student who reads the view (the page, the API's response) looking for
the answers, or who sends a response the view did not offer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hvlab.quiz.grading import grade_question
from hvlab.quiz.loader import load_quiz, question_from_dict
from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.view import (
    MAX_TEXT_LENGTH,
    QuestionView,
    ViewResponseError,
    hint_html,
    question_view,
    quiz_secret,
    response_from_view,
    result_view,
)
from tests.conftest import ROOT
from tests.quiz import samples

SECRET = b"k" * 32
COURSE: list[Quiz] = [load_quiz(path) for path in sorted((ROOT / "quizzes").glob("*.yaml"))]
QUESTIONS: list[tuple[Quiz, Question]] = [(quiz, q) for quiz in COURSE for q in quiz.questions]


def _seeds(question: Question) -> list[int | None]:
    return [0, 1, 7] if question.params else [None]


def _views(quiz: Quiz, question: Question) -> list[QuestionView]:
    secret = quiz_secret(quiz)
    return [question_view(question, seed, secret=secret) for seed in _seeds(question)]


def _secrets_of(question: Question, seed: int | None) -> list[str]:
    """Texts that must not be in a view: feedback, explanation, hints, accepted answers."""
    from hvlab.quiz.variants import variant

    shown = variant(question, seed)
    texts = [o.feedback for o in question.options if o.feedback]
    texts += [shown.explanation, *shown.hints]
    if question.type == "text":
        texts += [a for a in question.accept if a.casefold() not in shown.prompt.casefold()]
    return [t for t in texts if t and len(t) > 3]


@pytest.mark.parametrize(
    ("quiz", "question"), QUESTIONS, ids=[f"{z.id}/{q.id}" for z, q in QUESTIONS]
)
def test_view_of_every_course_question_holds_no_secret(quiz: Quiz, question: Question) -> None:
    for view in _views(quiz, question):
        text = json.dumps(view.to_dict(), ensure_ascii=False)
        data = json.loads(text)
        assert data["id"].startswith("q") and len(data["id"]) == 13
        assert not {"correct", "answer", "accept", "tolerance", "feedback", "explanation"} & set(
            data
        )
        for choice in data.get("choices", []):
            assert set(choice) == {"id", "html"}
        for secret in _secrets_of(question, view.seed):
            assert secret not in text, secret
        if question.type == "ordering":
            assert [i["html"] for i in data["items"]] != [i for i in question.items]


def test_view_choice_ids_are_opaque_and_not_indexes() -> None:
    for quiz, question in QUESTIONS:
        for view in _views(quiz, question):
            for choice in (*view.choices, *view.left, *view.right, *view.items):
                assert choice.id.startswith("h") and len(choice.id) == 13
                int(choice.id[1:], 16)
                assert choice.id[1:] not in {str(i) for i in range(20)}


def _naive_scores(pick: str) -> float:
    """Share of the course's single-choice questions a student answers right without decoding."""
    right = total = 0
    for quiz, question in QUESTIONS:
        if question.type != "single":
            continue
        view = _views(quiz, question)[0]
        if pick == "first shown":
            chosen = view.choices[0].id
        elif pick == "lowest id":
            chosen = min(c.id for c in view.choices)
        else:
            chosen = max(c.id for c in view.choices)
        total += 1
        value = response_from_view(question, chosen, seed=view.seed, secret=quiz_secret(quiz))
        right += grade_question(question, value).correct
    return right / total


@pytest.mark.parametrize("pick", ["first shown", "lowest id", "highest id"])
def test_attack_picking_by_position_or_id_does_not_find_the_answers(pick: str) -> None:
    # Before: every right option of the course had index 0 (value="0"), so "lowest" scored 100 %.
    # With 3 or 4 options per question, chance is 25-33 %; 60 % would mean the ids leak.
    assert _naive_scores(pick) < 0.6


def _right_response(question: Question, view: QuestionView) -> Any:
    """The right answer written in the view's ids, found from the texts (as a teacher would)."""
    by_text = {c.text: c.id for c in (*view.choices, *view.left, *view.right, *view.items)}
    kind = question.type
    if kind == "single":
        return by_text[question.options[question.correct_indexes[0]].text]
    if kind == "multiple":
        return [by_text[question.options[i].text] for i in question.correct_indexes]
    if kind == "true_false":
        return view.choices[0 if question.answer else 1].id
    if kind == "matching":
        lefts = {c.text: c.id for c in view.left}
        rights = {c.text: c.id for c in view.right}
        return {lefts[p.left]: rights[p.right] for p in question.pairs}
    if kind == "ordering":
        return [by_text[item] for item in question.items]
    return None


@pytest.mark.parametrize(
    ("quiz", "question"),
    [(z, q) for z, q in QUESTIONS if q.type not in ("numeric", "text") and not q.params],
    ids=lambda v: getattr(v, "id", ""),
)
def test_right_answer_in_view_ids_grades_full_marks(quiz: Quiz, question: Question) -> None:
    secret = quiz_secret(quiz)
    view = question_view(question, secret=secret)
    value = response_from_view(question, _right_response(question, view), secret=secret)
    result = grade_question(question, value)
    assert result.correct and result.score == question.points


QUESTION = question_from_dict(
    {
        "id": "choix",
        "type": "multiple",
        "prompt": "Lesquels sont des hyperviseurs de type 1 ?",
        "shuffle_options": True,
        "options": [
            {"text": "ESXi", "correct": True, "feedback": "Oui, ESXi."},
            {"text": "Hyper-V", "correct": True},
            {"text": "VirtualBox", "feedback": "Non : type 2."},
            {"text": "VMware Workstation"},
        ],
        "hints": ["Pensez au *bare metal*."],
        "explanation": "Les hyperviseurs de type 1 s'installent sur le serveur nu.",
    }
)
PARAMETRISED = question_from_dict(
    {
        "id": "double",
        "type": "single",
        "params": {"n": {"range": [1, 50]}},
        "prompt": "Le double de {n} ?",
        "shuffle_options": True,
        "options": [
            {"text": "{n} × 2", "correct": True},
            {"text": "{n} + 2"},
            {"text": "{n} / 2"},
        ],
    }
)


def test_ids_depend_on_secret_question_and_variant_but_not_on_display_order() -> None:
    a = question_view(QUESTION, secret=SECRET)
    b = question_view(QUESTION, secret=b"autre" * 8)
    assert {c.id for c in a.choices}.isdisjoint({c.id for c in b.choices})
    v1 = question_view(PARAMETRISED, 1, secret=SECRET)
    v2 = question_view(PARAMETRISED, 2, secret=SECRET)
    assert {c.id for c in v1.choices}.isdisjoint({c.id for c in v2.choices})
    orders = {
        tuple(c.text for c in question_view(QUESTION, secret=SECRET, order=k).choices)
        for k in range(20)
    }
    assert len(orders) > 5
    ids = {c.text: c.id for c in a.choices}
    for k in range(5):
        shown = question_view(QUESTION, secret=SECRET, order=k)
        assert {c.text: c.id for c in shown.choices} == ids


def test_view_keeps_the_authors_order_without_shuffle_options() -> None:
    question = question_from_dict({**QUESTION.to_dict(), "shuffle_options": False})
    view = question_view(question, secret=SECRET)
    assert [c.text for c in view.choices] == [o.text for o in question.options]


def test_parametrised_view_shows_its_numbers_and_comes_back_in_an_envelope() -> None:
    view = question_view(PARAMETRISED, 7, secret=SECRET)
    assert view.seed == 7 and view.to_dict()["parametrised"] is True
    right = next(c for c in view.choices if "×" in c.text)
    value = response_from_view(PARAMETRISED, right.id, seed=7, secret=SECRET)
    assert value == {"seed": 7, "value": 0}
    assert grade_question(PARAMETRISED, value).correct
    other = question_view(PARAMETRISED, 8, secret=SECRET)
    with pytest.raises(ViewResponseError, match="option inconnu"):
        response_from_view(PARAMETRISED, right.id, seed=8, secret=SECRET)
    assert other.prompt != view.prompt or other.seed != view.seed


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ("h000000000000", "option inconnu « h000000000000 »"),
        (0, "option inconnu « int »"),
        ("x" * 200, "option inconnu « str »"),
        ("dup", "une option est cochée deux fois"),
        ("not a list", "une liste d'options est attendue"),
        (["a"] * 50, "une liste d'options est attendue"),
    ],
)
def test_response_with_ids_the_view_did_not_offer_is_refused_in_french(
    response: Any, message: str
) -> None:
    view = question_view(QUESTION, secret=SECRET)
    if response == "dup":
        response = [view.choices[0].id, view.choices[0].id]
    elif response not in ("not a list",) and not isinstance(response, list):
        response = [response]
    with pytest.raises(ViewResponseError, match=message):
        response_from_view(QUESTION, response, secret=SECRET)


def test_text_and_numeric_responses_are_bounded() -> None:
    numeric = question_from_dict(
        {"id": "n", "type": "numeric", "prompt": "Combien ?", "answer": 4, "unit": "Go"}
    )
    assert response_from_view(numeric, "4 Go", secret=SECRET) == "4 Go"
    with pytest.raises(ViewResponseError, match=f"{MAX_TEXT_LENGTH} au plus"):
        response_from_view(numeric, "1" * (MAX_TEXT_LENGTH + 1), secret=SECRET)
    with pytest.raises(ViewResponseError, match="un nombre écrit en texte"):
        response_from_view(numeric, 4, secret=SECRET)


MATCHING = question_from_dict(samples.MATCHING)
ORDERING = question_from_dict(samples.ORDERING)


def test_matching_and_ordering_come_back_as_texts() -> None:
    view = question_view(MATCHING, secret=SECRET)
    assert [c.text for c in view.right] == ["Aucun", "Type 1", "Type 2"]
    left = {c.text: c.id for c in view.left}
    right = {c.text: c.id for c in view.right}
    response = {left["ESXi"]: right["Type 1"], left["VirtualBox"]: None}
    assert response_from_view(MATCHING, response, secret=SECRET) == {"ESXi": "Type 1"}
    with pytest.raises(ViewResponseError, match="élément inconnu"):
        response_from_view(MATCHING, {"ESXi": right["Type 1"]}, secret=SECRET)
    order = question_view(ORDERING, secret=SECRET)
    assert [c.text for c in order.items] != list(ORDERING.items)
    ids = {c.text: c.id for c in order.items}
    chosen = [ids["deux"], ids["un"], ids["trois"]]
    assert response_from_view(ORDERING, chosen, secret=SECRET) == ["deux", "un", "trois"]
    with pytest.raises(ViewResponseError, match="chaque élément à ranger est attendu une fois"):
        response_from_view(ORDERING, chosen[:2], secret=SECRET)
    with pytest.raises(ViewResponseError, match="chaque élément"):
        response_from_view(ORDERING, [*chosen, chosen[0]], secret=SECRET)


def test_result_view_shows_only_what_the_policy_allows() -> None:
    view = question_view(QUESTION, secret=SECRET)
    ids = {c.text: c.id for c in view.choices}
    chosen = [ids["ESXi"], ids["VirtualBox"]]
    value = response_from_view(QUESTION, chosen, secret=SECRET)
    result = grade_question(QUESTION, value)
    bare = result_view(
        QUESTION, result, value, secret=SECRET, show_feedback=False, show_answers=False
    )
    assert set(bare) == {"id", "score", "max", "correct", "fraction", "hints_used", "seed"}
    # 1/2 right chosen − 1/2 wrong chosen = 0 (the rule of the grading module).
    assert bare["score"] == 0 and bare["correct"] is False
    feedback = result_view(QUESTION, result, value, secret=SECRET, show_answers=False)
    assert feedback["marks"] == {ids["ESXi"]: "right", ids["VirtualBox"]: "wrong"}
    assert feedback["option_feedback"] == {
        ids["ESXi"]: "<p>Oui, ESXi.</p>",
        ids["VirtualBox"]: "<p>Non : type 2.</p>",
    }
    text = json.dumps(feedback, ensure_ascii=False)
    assert "Réponse attendue" not in text and "Hyper-V" not in text and ids["Hyper-V"] not in text
    assert "serveur nu" not in text
    assert feedback["feedback"].startswith("Oui, ESXi. Non : type 2. Réponse fausse.")
    full = result_view(QUESTION, result, value, secret=SECRET)
    assert sorted(full["answer"]) == sorted([ids["ESXi"], ids["Hyper-V"]])
    assert full["expected"] == "« ESXi » ; « Hyper-V »"
    assert "Réponse attendue : « ESXi » ; « Hyper-V »." in full["feedback"]
    assert "serveur nu" in full["explanation"]


def test_result_view_of_matching_and_ordering_marks_each_part() -> None:
    view = question_view(ORDERING, secret=SECRET)
    ids = {c.text: c.id for c in view.items}
    value = ["deux", "un", "trois"]
    result = grade_question(ORDERING, value)
    shown = result_view(ORDERING, result, value, secret=SECRET)
    assert shown["marks"] == {ids["deux"]: "wrong", ids["un"]: "wrong", ids["trois"]: "right"}
    assert shown["answer"] == [ids["un"], ids["deux"], ids["trois"]]
    matching = question_view(MATCHING, secret=SECRET)
    left = {c.text: c.id for c in matching.left}
    right = {c.text: c.id for c in matching.right}
    value2 = {"ESXi": "Type 2", "Hyper-V": "Type 1"}
    shown2 = result_view(MATCHING, grade_question(MATCHING, value2), value2, secret=SECRET)
    assert shown2["marks"] == {left["ESXi"]: "wrong", left["Hyper-V"]: "right"}
    assert shown2["answer"][left["VirtualBox"]] == right["Type 2"]


def test_hints_are_given_one_by_one_rendered() -> None:
    assert hint_html(QUESTION, None, 0) == "<p>Pensez au <em>bare metal</em>.</p>"
    with pytest.raises(IndexError):
        hint_html(QUESTION, None, 1)


def test_quiz_secret_is_stable_and_changes_with_any_hidden_field(tmp_path: Path) -> None:
    quiz = COURSE[0]
    again = load_quiz(quiz.file)
    assert quiz_secret(quiz) == quiz_secret(again)
    data = quiz.to_dict()
    data["questions"][0]["explanation"] = data["questions"][0].get("explanation", "") + " !"
    from hvlab.quiz.loader import quiz_from_dict

    assert quiz_secret(quiz_from_dict(data)) != quiz_secret(quiz)
