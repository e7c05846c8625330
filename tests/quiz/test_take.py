"""Reading typed answers in the terminal quiz: letters, numbers, oui/non, pairs, orders."""

from __future__ import annotations

from typing import Any

import pytest

from hvlab.quiz import question_from_dict, variant
from hvlab.quiz.take import UnreadableAnswer, parse_answer

CHOICES = question_from_dict(
    {
        "id": "c",
        "type": "multiple",
        "prompt": "?",
        "options": [{"text": "A", "correct": True}, {"text": "B"}, {"text": "C", "correct": True}],
    }
)
SINGLE = question_from_dict(
    {
        "id": "s",
        "type": "single",
        "prompt": "?",
        "options": [{"text": "A"}, {"text": "B", "correct": True}],
    }
)
MATCHING = question_from_dict(
    {
        "id": "m",
        "type": "matching",
        "prompt": "?",
        "pairs": [{"left": "ESXi", "right": "Type 1"}, {"left": "VirtualBox", "right": "Type 2"}],
    }
)
ORDERING = question_from_dict(
    {"id": "o", "type": "ordering", "prompt": "?", "items": ["x", "y", "z"]}
)
TRUE_FALSE = question_from_dict({"id": "t", "type": "true_false", "prompt": "?", "answer": True})


def _parse(question: Any, order: list[int], text: str) -> Any:
    return parse_answer(question, variant(question), order, text)


@pytest.mark.parametrize("text", ["b", "B", "2", "b)", " b. "])
def test_single_letter_or_number(text: str) -> None:
    assert _parse(SINGLE, [0, 1], text) == 1


def test_single_follows_the_displayed_order() -> None:
    # displayed: a) B, b) A
    assert _parse(SINGLE, [1, 0], "a") == 1


@pytest.mark.parametrize("text", ["a c", "a,c", "ac", "1 3", "c;a", "A C"])
def test_multiple_letters_any_separator(text: str) -> None:
    assert _parse(CHOICES, [0, 1, 2], text) == [0, 2]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("oui", True),
        ("Vrai", True),
        ("v", True),
        ("non", False),
        ("faux", False),
        ("F", False),
        ("false", False),
    ],
)
def test_true_false_words(text: str, value: bool) -> None:
    assert _parse(TRUE_FALSE, [], text) is value


def test_matching_letters_in_order_or_pairs() -> None:
    # displayed choices: a) Type 2, b) Type 1
    expected = {"ESXi": "Type 1", "VirtualBox": "Type 2"}
    assert _parse(MATCHING, [1, 0], "b a") == expected
    assert _parse(MATCHING, [1, 0], "ba") == expected
    assert _parse(MATCHING, [1, 0], "2a 1b") == expected


def test_ordering_letters() -> None:
    # displayed: a) z, b) x, c) y
    assert _parse(ORDERING, [2, 0, 1], "b c a") == ["x", "y", "z"]


@pytest.mark.parametrize(
    ("question", "order", "text", "message"),
    [
        (SINGLE, [0, 1], "c", "il n'y a que 2 choix"),
        (SINGLE, [0, 1], "a b", "Une seule réponse"),
        (CHOICES, [0, 1, 2], "a ?", "ni une lettre ni un numéro"),
        (TRUE_FALSE, [], "peut-être", "vrai"),
        (MATCHING, [0, 1], "a", "une lettre pour chacun des 2 éléments"),
        (ORDERING, [0, 1, 2], "a a b", "chacune une fois"),
    ],
)
def test_unreadable_answers_explained(
    question: Any, order: list[int], text: str, message: str
) -> None:
    with pytest.raises(UnreadableAnswer, match=message):
        _parse(question, order, text)
