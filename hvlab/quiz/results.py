"""Students' results files, aggregated per question for the instructor (``hvlab quiz report``).

A results file is what the site's « Télécharger mes résultats » button saves::

    {"format": "hvlab-quiz-results", "version": 1, "quiz": id, "title": str, "student": str,
     "date": ISO-8601, "score": float, "max": float,
     "questions": [{"id", "score", "max", "correct", "response", "seed" (or null), "hints_used"}]}

When one student sent several files for the same quiz, only the latest (by ``date``) counts.
The CSV uses ``;`` between fields and a decimal comma, so that a French spreadsheet opens it as is.
"""

from __future__ import annotations

__all__ = [
    "CSV_HEADER",
    "RESULTS_FORMAT",
    "QuestionOutcome",
    "QuestionStats",
    "QuizReport",
    "StudentResult",
    "build_reports",
    "read_results",
    "reports_to_csv",
    "results_from_dict",
]

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hvlab.errors import ValidationError, ValidationProblem

RESULTS_FORMAT = "hvlab-quiz-results"


@dataclass(frozen=True)
class QuestionOutcome:
    """How one student did on one question."""

    id: str
    score: float
    max: float
    correct: bool
    hints_used: int = 0


@dataclass(frozen=True)
class StudentResult:
    """One results file."""

    quiz: str
    title: str
    student: str
    date: str
    score: float
    max: float
    questions: tuple[QuestionOutcome, ...]
    file: str = ""


@dataclass(frozen=True)
class QuestionStats:
    """Aggregate of one question over the students.

    Attributes:
        id: the question's id.
        attempts: how many students' files include it.
        correct: how many got it fully right.
        mean_score: mean points earned.
        max: the question's points.
        mean_hints: mean number of hints used.
    """

    id: str
    attempts: int
    correct: int
    mean_score: float
    max: float
    mean_hints: float

    @property
    def success_rate(self) -> float:
        """Share of the attempts fully right (0 without attempts)."""
        return self.correct / self.attempts if self.attempts else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "attempts": self.attempts,
            "correct": self.correct,
            "success_rate": round(self.success_rate, 6),
            "mean_score": round(self.mean_score, 6),
            "max": self.max,
            "mean_hints": round(self.mean_hints, 6),
        }


@dataclass(frozen=True)
class QuizReport:
    """Per-question statistics of one quiz over the students' results."""

    quiz: str
    title: str
    students: tuple[StudentResult, ...]
    questions: tuple[QuestionStats, ...]

    @property
    def mean_score(self) -> float:
        """Mean total score of the students."""
        return sum(s.score for s in self.students) / len(self.students) if self.students else 0.0

    @property
    def max(self) -> float:
        """The quiz's total points (as the latest file says)."""
        return max((s.max for s in self.students), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "quiz": self.quiz,
            "title": self.title,
            "students": len(self.students),
            "mean_score": round(self.mean_score, 6),
            "max": self.max,
            "questions": [q.to_dict() for q in self.questions],
        }

    def csv_rows(self) -> list[list[str]]:
        """Rows of the CSV (without header), in the order of :data:`CSV_HEADER`."""
        return [
            [
                self.quiz,
                q.id,
                str(q.attempts),
                str(q.correct),
                _decimal(100 * q.success_rate, 1),
                _decimal(q.mean_score, 2),
                _decimal(q.max, 2),
                _decimal(q.mean_hints, 2),
            ]
            for q in self.questions
        ]


#: Header of the CSV written by :func:`reports_to_csv`.
CSV_HEADER = [
    "quiz",
    "question",
    "tentatives",
    "réussites",
    "taux_de_réussite_%",
    "score_moyen",
    "points",
    "indices_moyens",
]


def _decimal(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def reports_to_csv(reports: Iterable[QuizReport]) -> str:
    """The CSV text of the reports (``;`` separated, decimal comma)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for report in reports:
        writer.writerows(report.csv_rows())
    return out.getvalue()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def results_from_dict(data: Any, *, file: str = "") -> StudentResult:
    """Check and read a results file's content.

    Raises:
        ValidationError: the content is not a results file (French problems, all of them).
    """
    problems: list[ValidationProblem] = []

    def problem(message: str, path: str = "") -> None:
        problems.append(ValidationProblem(message, file, path))

    if not isinstance(data, Mapping):
        raise ValidationError([ValidationProblem("un objet JSON de résultats est attendu", file)])
    if data.get("format") != RESULTS_FORMAT:
        problem(
            f"ce n'est pas un fichier de résultats hvlab (format « {data.get('format')} », "
            f"attendu « {RESULTS_FORMAT} »)",
            "format",
        )
    if data.get("version") != 1:
        problem(f"version {data.get('version')!r} non prise en charge (attendu : 1)", "version")
    for key in ("quiz", "student", "date"):
        if not isinstance(data.get(key), str):
            problem(f"clé « {key} » manquante ou qui n'est pas un texte", key)
    outcomes: list[QuestionOutcome] = []
    questions = data.get("questions")
    if not isinstance(questions, list):
        problem("clé « questions » manquante ou qui n'est pas une liste", "questions")
        questions = []
    for index, item in enumerate(questions):
        where = f"questions[{index}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            problem("question sans identifiant « id »", where)
            continue
        score, maximum = _number(item.get("score")), _number(item.get("max"))
        if score is None or maximum is None:
            problem("« score » et « max » doivent être des nombres", where)
            continue
        hints = item.get("hints_used")
        outcomes.append(
            QuestionOutcome(
                id=item["id"],
                score=score,
                max=maximum,
                correct=item.get("correct") is True,
                hints_used=hints if isinstance(hints, int) and not isinstance(hints, bool) else 0,
            )
        )
    if problems:
        raise ValidationError(problems)
    score, maximum = _number(data.get("score")), _number(data.get("max"))
    return StudentResult(
        quiz=data["quiz"],
        title=data["title"] if isinstance(data.get("title"), str) else data["quiz"],
        student=data["student"],
        date=data["date"],
        score=score if score is not None else sum(o.score for o in outcomes),
        max=maximum if maximum is not None else sum(o.max for o in outcomes),
        questions=tuple(outcomes),
        file=file,
    )


def read_results(path: str | Path) -> StudentResult:
    """Read one results file.

    Raises:
        ValidationError: unreadable file, invalid JSON, or not a results file (French problems).
    """
    file = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError([ValidationProblem(f"fichier illisible : {error}", file)]) from None
    except json.JSONDecodeError as error:
        raise ValidationError(
            [ValidationProblem(f"JSON invalide : {error.msg}", file, "", error.lineno, error.colno)]
        ) from None
    return results_from_dict(data, file=file)


def build_reports(results: Iterable[StudentResult]) -> list[QuizReport]:
    """Aggregate results per quiz (sorted by quiz id), the latest file of each student counting."""
    latest: dict[tuple[str, str], StudentResult] = {}
    for result in results:
        key = (result.quiz, result.student)
        if key not in latest or result.date >= latest[key].date:
            latest[key] = result
    by_quiz: dict[str, list[StudentResult]] = {}
    for result in latest.values():
        by_quiz.setdefault(result.quiz, []).append(result)
    reports = []
    for quiz_id in sorted(by_quiz):
        students = sorted(by_quiz[quiz_id], key=lambda s: s.student.casefold())
        order: dict[str, list[QuestionOutcome]] = {}
        for student in students:
            for outcome in student.questions:
                order.setdefault(outcome.id, []).append(outcome)
        stats = tuple(
            QuestionStats(
                id=qid,
                attempts=len(outcomes),
                correct=sum(1 for o in outcomes if o.correct),
                mean_score=sum(o.score for o in outcomes) / len(outcomes),
                max=max(o.max for o in outcomes),
                mean_hints=sum(o.hints_used for o in outcomes) / len(outcomes),
            )
            for qid, outcomes in order.items()
        )
        title = max(students, key=lambda s: s.date).title
        reports.append(QuizReport(quiz_id, title, tuple(students), stats))
    return reports
