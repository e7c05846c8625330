"""The public API of hvlab.quiz is what ``__all__`` says, and every name is documented."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "hvlab.quiz",
    "hvlab.quiz.model",
    "hvlab.quiz.loader",
    "hvlab.quiz.grading",
    "hvlab.quiz.normalize",
    "hvlab.quiz.variants",
    "hvlab.quiz.render",
    "hvlab.quiz.view",
    "hvlab.quiz.results",
    "hvlab.quiz.regrade",
    "hvlab.quiz.preview",
    "hvlab.quiz.take",
    "hvlab.quiz.checks",
    "hvlab.quiz.export",
    "hvlab.quiz.export.gift",
    "hvlab.quiz.export.moodle_xml",
]


@pytest.mark.parametrize("name", MODULES)
def test_api_every_exported_name_exists_and_is_documented(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    for exported in module.__all__:
        value = getattr(module, exported)
        if (callable(value) or isinstance(value, type)) and hasattr(value, "__module__"):
            if value.__module__ in ("typing", "collections.abc"):
                continue
            assert value.__doc__, f"{name}.{exported} has no docstring"


def test_api_package_exports_the_main_entry_points() -> None:
    import hvlab.quiz as quiz

    for name in ("load_quiz", "quiz_from_dict", "grade_question", "grade_quiz", "variant", "Quiz"):
        assert name in quiz.__all__
