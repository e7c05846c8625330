"""Quizzes: the YAML authoring format, validation, grading, variants, exports and results.

Example:
    >>> from hvlab.quiz import load_quiz, grade_quiz
    >>> quiz = load_quiz("quizzes/exemple-tous-types.yaml")  # doctest: +SKIP
    >>> grade_quiz(quiz, {"type1": 0}).to_dict()["score"]  # doctest: +SKIP
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_HINT_PENALTY",
    "QUESTION_TYPES",
    "ExpressionError",
    "Option",
    "Pair",
    "Param",
    "Question",
    "QuestionResult",
    "QuestionView",
    "Quiz",
    "QuizResult",
    "Variant",
    "ViewResponseError",
    "check_quiz_data",
    "check_quiz_file",
    "evaluate",
    "find_quiz_files",
    "grade_question",
    "grade_quiz",
    "load_quiz",
    "question_from_dict",
    "question_view",
    "quiz_from_dict",
    "quiz_secret",
    "response_from_view",
    "result_view",
    "schema",
    "variant",
]

from hvlab.quiz.grading import QuestionResult, QuizResult, grade_question, grade_quiz
from hvlab.quiz.loader import (
    check_quiz_data,
    check_quiz_file,
    find_quiz_files,
    load_quiz,
    question_from_dict,
    quiz_from_dict,
    schema,
)
from hvlab.quiz.model import (
    DEFAULT_HINT_PENALTY,
    QUESTION_TYPES,
    Option,
    Pair,
    Param,
    Question,
    Quiz,
)
from hvlab.quiz.variants import ExpressionError, Variant, evaluate, variant
from hvlab.quiz.view import (
    QuestionView,
    ViewResponseError,
    question_view,
    quiz_secret,
    response_from_view,
    result_view,
)
