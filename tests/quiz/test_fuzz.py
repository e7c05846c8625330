"""Fuzzing the loader: any input gives a list of French problems, never another exception."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hvlab.errors import ValidationError
from hvlab.quiz import QUESTION_TYPES, check_quiz_data, quiz_from_dict
from hvlab.quiz.loader import check_quiz_file
from hvlab.sources import read_yaml

pytestmark = pytest.mark.slow

KEYS = [
    "id",
    "title",
    "questions",
    "type",
    "prompt",
    "points",
    "options",
    "text",
    "correct",
    "feedback",
    "answer",
    "tolerance",
    "unit",
    "units",
    "accept",
    "pairs",
    "left",
    "right",
    "items",
    "params",
    "range",
    "step",
    "choices",
    "hints",
    "hint_penalty",
    "all_or_nothing",
    "case_sensitive",
    "ignore_accents",
    "distractors",
    "explanation",
    "shuffle",
    "pass_mark",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from([*QUESTION_TYPES, "{x}", "ceil(x / 0)", "x ** 99999", "10%", "-1%", "{"]),
)
keys = st.one_of(
    st.sampled_from(KEYS), st.text(max_size=6), st.integers(), st.booleans(), st.none()
)
nested = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)


def _french(messages: list[str]) -> None:
    assert messages, "invalid input must give at least one problem"
    for message in messages:
        assert isinstance(message, str) and message
        assert "Traceback" not in message
        assert "vérification interrompue" not in message, message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested)
def test_fuzz_quiz_from_dict_raises_only_validation_error(data: Any) -> None:
    try:
        quiz_from_dict(data)
    except ValidationError as error:
        _french([p.message for p in error.problems])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), nested, max_size=8))
def test_fuzz_quiz_shaped_dicts_give_problems_not_exceptions(data: dict[str, Any]) -> None:
    data.setdefault("questions", [data.copy()])
    problems = check_quiz_data(data)
    for problem in problems:
        assert problem.message


small = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=3),
    ),
    max_leaves=6,
)
questions = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b"]), "type": st.sampled_from(QUESTION_TYPES)},
    optional={key: small for key in KEYS if key not in ("id", "type")},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(questions, min_size=1, max_size=4))
def test_fuzz_questions_of_every_type(items: list[dict[str, Any]]) -> None:
    try:
        quiz_from_dict({"id": "q", "title": "Q", "questions": items})
    except ValidationError as error:
        _french([p.message for p in error.problems])


yaml_alphabet = st.sampled_from(list("abc: -[]{},'\"#&*!|>%@`\n\t?=~0123456789.éà«»\\"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=yaml_alphabet, max_size=120))
def test_fuzz_random_yaml_text(text: str) -> None:
    document = read_yaml(text)
    for problem in document.problems:
        assert problem.message
        assert problem.line >= 0 and problem.column >= 0
    if document.data is not None:
        check_quiz_data(document.data, document=document)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_fuzz_any_file_content(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    for problem in check_quiz_file(path):
        assert problem.message
        assert problem.file == str(path)


def test_recursive_alias_and_billion_laughs_are_problems() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    document = read_yaml(laughs)
    assert any("les alias (*nom) répètent trop de valeurs" in p.message for p in document.problems)
    recursive = read_yaml("a: &a [*a]\n")
    assert recursive.problems
