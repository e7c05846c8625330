"""Loading quizzes from YAML: every problem reported at once, in French, with its line and column.

Validation has three layers, all run before any problem is reported:

1. YAML syntax (the error's position), repeated keys, non-finite numbers;
2. the JSON Schema shipped in the package (``hvlab/quiz/schema/quiz.schema.json``), its errors
   translated into French with the path of the faulty value and a "did you mean" for unknown keys;
3. semantic checks (:mod:`hvlab.quiz.checks`): duplicate ids, the number of correct options,
   parameters used but not defined, answer expressions that fail for some variant…

Example:
    >>> quiz = load_quiz("quizzes/exemple-tous-types.yaml")  # doctest: +SKIP
"""

from __future__ import annotations

__all__ = [
    "check_quiz_data",
    "check_quiz_file",
    "find_quiz_files",
    "format_path",
    "load_quiz",
    "question_from_dict",
    "quiz_from_dict",
    "schema",
]

import json
import math
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from hvlab.errors import ValidationError, ValidationProblem
from hvlab.quiz._schema_fr import QUIZ_VOCABULARY
from hvlab.quiz.checks import semantic_problems
from hvlab.quiz.model import DEFAULT_HINT_PENALTY, Option, Pair, Param, Question, Quiz
from hvlab.sources import (
    Path_,
    YamlDocument,
    excerpt,
    human_path,
    read_text,
    read_yaml,
    schema_problems,
)


@cache
def _schema_text() -> str:
    return resources.files("hvlab.quiz").joinpath("schema/quiz.schema.json").read_text("utf-8")


def schema() -> dict[str, Any]:
    """The JSON Schema of quiz files (a fresh copy)."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded


def format_path(path: Path_) -> str:
    """``("questions", 2, "prompt")`` → ``questions n° 3 › prompt`` (items numbered from 1)."""
    return human_path(path)


def _sanitize(value: Any, depth: int = 0) -> Any:
    """Plain JSON-like data: string keys, lists, finite numbers (anything else becomes text)."""
    if depth > 60:
        return None
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Mapping):
        return {
            (
                k
                if isinstance(k, str)
                else json.dumps(k)
                if isinstance(k, (bool, type(None)))
                else str(k)
            ): _sanitize(v, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_sanitize(v, depth + 1) for v in value]
    return str(value)


def check_quiz_data(
    data: Any, *, file: str = "", document: YamlDocument | None = None
) -> list[ValidationProblem]:
    """Every problem of a quiz given as data (schema and semantic checks), in document order.

    Args:
        data: the quiz as loaded from YAML or JSON.
        file: the file name shown in the problems.
        document: the YAML positions, when read from a file.
    """
    raw: list[tuple[str, Path_, bool]] = []
    clean = _sanitize(data)
    try:
        raw.extend(
            (p.message, p.path, p.at_key) for p in schema_problems(clean, schema(), QUIZ_VOCABULARY)
        )
    except RecursionError:
        raw.append(("document trop imbriqué", (), False))
    try:
        raw.extend((message, path, False) for message, path in semantic_problems(clean))
    except Exception as error:  # a bug of ours must still end as a problem, never a traceback
        raw.append((f"vérification interrompue ({type(error).__name__} : {error})", (), False))
    problems = []
    seen: set[tuple[str, Path_]] = set()
    for message, path, at_key in raw:
        if (message, path) in seen:
            continue
        seen.add((message, path))
        if document is None:
            problems.append(ValidationProblem(message, file, format_path(path)))
        else:
            line, column = document.position(path, key=at_key)
            shown = excerpt(document.text, line, column) if line else ""
            problems.append(
                ValidationProblem(message, file, format_path(path), line, column, excerpt=shown)
            )
    return _in_order(problems)


def _in_order(problems: list[ValidationProblem]) -> list[ValidationProblem]:
    return sorted(problems, key=lambda p: (p.line, p.column))


def check_quiz_file(path: str | Path) -> list[ValidationProblem]:
    """Every problem of a quiz file (YAML, schema, semantics, id = file name); never raises."""
    file = str(path)
    text, problem = read_text(path, file=file)
    if text is None:
        assert problem is not None
        return [problem]
    problems, _ = _check_text(text, file)
    return problems


def _check_text(text: str, file: str) -> tuple[list[ValidationProblem], Any]:
    document = read_yaml(text, file=file)
    problems = list(document.problems)
    if problems and document.data is None:
        return problems, None
    if document.data is None:
        return [
            ValidationProblem(
                "fichier vide : un quiz (id, title, questions) est attendu", file, "", 1, 1
            )
        ], None
    problems += check_quiz_data(document.data, file=file, document=document)
    data = document.data
    stem = Path(file).stem
    if (
        file.endswith((".yaml", ".yml"))
        and isinstance(data, dict)
        and isinstance(data.get("id"), str)
        and data["id"] != stem
    ):
        problems.append(
            document.problem(
                f"l'identifiant « {data['id']} » ne correspond pas au nom du fichier "
                f"« {Path(file).name} » : renommez le fichier en « {data['id']}.yaml » ou "
                f"changez l'identifiant en « {stem} »",
                ("id",),
            )
        )
    return _in_order(problems), data


def load_quiz(path: str | Path) -> Quiz:
    """Load and validate a quiz file.

    Raises:
        ValidationError: the file has problems (all of them are listed, with line and column).
    """
    file = str(path)
    text, problem = read_text(path, file=file)
    if text is None:
        assert problem is not None
        raise ValidationError([problem])
    problems, data = _check_text(text, file)
    if problems:
        raise ValidationError(problems)
    return _build_quiz(data, file)


def quiz_from_dict(data: Any, *, file: str = "") -> Quiz:
    """Validate a quiz given as data (parsed YAML or JSON) and build it.

    Raises:
        ValidationError: the data has problems (all of them are listed, with their path).
    """
    problems = check_quiz_data(data, file=file)
    if problems:
        raise ValidationError(problems)
    return _build_quiz(_sanitize(data), file)


def question_from_dict(data: Mapping[str, Any]) -> Question:
    """Build one question from its YAML dict (validated as part of a one-question quiz).

    Raises:
        ValidationError: the question has problems.
    """
    quiz = quiz_from_dict({"id": "question", "title": "Question", "questions": [dict(data)]})
    return quiz.questions[0]


def find_quiz_files(paths: Iterable[str | Path]) -> list[Path]:
    """The quiz files named by ``paths`` (files as given, folders searched for ``*.yaml``)."""
    found: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            found.append(path)
    return found


def _number(value: Any, default: float) -> float:
    return (
        float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default
    )


def _build_param(name: str, data: Mapping[str, Any]) -> Param:
    if "choices" in data:
        return Param(name=name, choices=tuple(data["choices"]))
    low, high = data["range"]
    step = data.get("step", 1)
    return Param(name=name, low=low, high=high, step=step)


def _build_question(data: Mapping[str, Any]) -> Question:
    tolerance = data.get("tolerance", 0.0)
    return Question(
        id=data["id"],
        type=data["type"],
        prompt=data["prompt"],
        points=_number(data.get("points"), 1.0),
        explanation=data.get("explanation", ""),
        hints=tuple(data.get("hints", ())),
        hint_penalty=_number(data.get("hint_penalty"), DEFAULT_HINT_PENALTY),
        shuffle_options=bool(data.get("shuffle_options", False)),
        options=tuple(
            Option(
                text=o["text"],
                correct=bool(o.get("correct", False)),
                feedback=o.get("feedback", ""),
            )
            for o in data.get("options", ())
        ),
        answer=data.get("answer"),
        tolerance=tolerance if isinstance(tolerance, str) else float(tolerance),
        unit=data.get("unit", ""),
        units={str(k): float(v) for k, v in data.get("units", {}).items()},
        accept=tuple(data.get("accept", ())),
        case_sensitive=bool(data.get("case_sensitive", False)),
        ignore_accents=bool(data.get("ignore_accents", False)),
        pairs=tuple(Pair(p["left"], p["right"]) for p in data.get("pairs", ())),
        distractors=tuple(data.get("distractors", ())),
        items=tuple(data.get("items", ())),
        all_or_nothing=bool(data.get("all_or_nothing", False)),
        params=tuple(_build_param(n, p) for n, p in data.get("params", {}).items()),
    )


def _build_quiz(data: Mapping[str, Any], file: str) -> Quiz:
    pass_mark = data.get("pass_mark")
    return Quiz(
        id=data["id"],
        title=data["title"],
        questions=tuple(_build_question(q) for q in data["questions"]),
        description=data.get("description", ""),
        pass_mark=float(pass_mark) if pass_mark is not None else None,
        shuffle=bool(data.get("shuffle", False)),
        category=data.get("category", ""),
        file=file,
    )
