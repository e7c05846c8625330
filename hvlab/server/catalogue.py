"""The quizzes évaluations are made from: the ``.yaml`` files of the quizzes folder."""

from __future__ import annotations

__all__ = ["QuizEntry", "fingerprint", "list_quizzes", "load_catalogue_quiz"]

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from hvlab.errors import HvlabError
from hvlab.quiz.loader import find_quiz_files, load_quiz
from hvlab.quiz.model import Quiz
from hvlab.server.errors import Problem
from hvlab.server.published import published_quizzes

_QUIZ_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


@dataclass(frozen=True)
class QuizEntry:
    """One quiz file: its id and title, or why it cannot be used; where the course publishes it
    for practice ("": nowhere known), see :mod:`hvlab.server.published`."""

    id: str
    title: str
    questions: int
    points: float
    problem: str = ""
    published: str = ""


def fingerprint(quiz: Quiz) -> str:
    """A digest of the quiz's content: equal fingerprints, equal grading."""
    canonical = json.dumps(quiz.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def list_quizzes(folder: str, site_dir: str = "") -> list[QuizEntry]:
    """Every quiz of ``folder``, valid or not (a broken one says why), by id."""
    root = Path(folder)
    if not root.is_dir():
        return []
    published = published_quizzes(folder, site_dir)
    entries = []
    for path in find_quiz_files([root]):
        try:
            quiz = load_quiz(path)
        except HvlabError as error:
            entries.append(QuizEntry(path.stem, path.stem, 0, 0.0, str(error)))
            continue
        entries.append(
            QuizEntry(
                quiz.id,
                quiz.title,
                len(quiz.questions),
                quiz.max_score,
                published=published.get(quiz.id, ""),
            )
        )
    return sorted(entries, key=lambda e: e.id)


def load_catalogue_quiz(folder: str, quiz_id: str) -> Quiz:
    """The quiz ``quiz_id`` of ``folder``.

    Raises:
        Problem: no such quiz, or the file has problems (French, every problem listed).
    """
    if not _QUIZ_ID.match(quiz_id):
        raise Problem(400, "Identifiant de quiz invalide.")
    path = Path(folder) / f"{quiz_id}.yaml"
    if not path.is_file():
        raise Problem(404, f"Le quiz « {quiz_id} » n'existe pas dans le dossier des quiz.")
    try:
        return load_quiz(path)
    except HvlabError as error:
        raise Problem(400, f"Le quiz « {quiz_id} » ne peut pas être utilisé : {error}") from None
