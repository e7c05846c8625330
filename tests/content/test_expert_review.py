"""Second-pass review of the course (issue 13): facts an expert reviewer found wrong or loose.

Each test names the independent source of its expected value (a paper, a vendor's manual, the
Intel SDM, queueing theory) and fails on the sentence or quiz key that drifted from it.
"""

from __future__ import annotations

import re

from hvlab.quiz import Question, load_quiz
from tests.conftest import ROOT

QUIZZES = ROOT / "quizzes"
CHAPTERS = ROOT / "docs" / "chapitres"


def _question(quiz_id: str, question_id: str) -> Question:
    quiz = load_quiz(QUIZZES / f"{quiz_id}.yaml")
    return next(q for q in quiz.questions if q.id == question_id)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _chapter(name: str) -> str:
    return _flat((CHAPTERS / name).read_text(encoding="utf-8"))


def _page(path: str) -> str:
    return _flat((ROOT / path).read_text(encoding="utf-8"))


# --- chapter 1 ---------------------------------------------------------------------------------


def test_five_to_ten_percent_is_cpu_utilisation_with_its_source() -> None:
    # McKinsey & Uptime Institute (2008): 6 % average server (CPU) utilisation. The figure says
    # nothing of RAM or disks, whose use is much higher and varies from server to server.
    text = _chapter("01-avant-la-virtualisation.md")
    assert "qu'il s'agisse du processeur (CPU), de la mémoire vive (RAM) ou du stockage" not in text
    assert "McKinsey et l'Uptime Institute (2008)" in text
    assert "Kaplan, J. M., Forrest, W. et Kindler, N. (2008)" in _page("docs/sources.md")
    assert "processeur" in _question("avant-la-virtualisation", "taux-utilisation").prompt
