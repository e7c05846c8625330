"""Students' results files, aggregated per question for the instructor (``hvlab quiz report``).

A results file is what the site's « Télécharger mes résultats » button saves::

    {"format": "hvlab-quiz-results", "version": 1, "quiz": id, "title": str, "student": str,
     "date": ISO-8601, "score": float, "max": float,
     "questions": [{"id", "score", "max", "correct", "response", "seed" (or null), "hints_used"}]}

It is also a valid ``--responses`` file for ``hvlab quiz grade`` (:func:`responses_of`).

A results file comes from a student's browser: anything in it may have been edited. It is read
within the limits of :mod:`hvlab.sources` (size, nesting, number of values) and every value is
checked (finite scores between 0 and the question's points, points at most 1 000, a real date
between 2000 and tomorrow, texts without control characters, at most 1 000 questions); the
scores it states are then re-graded from the quiz file (:mod:`hvlab.quiz.regrade`).

When one student sent several files for the same quiz, only the latest (by ``date``) counts.
The CSV uses ``;`` between fields and a decimal comma, so that a French spreadsheet opens it as is;
a cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) is written with a leading apostrophe, as OWASP advises.
"""

from __future__ import annotations

__all__ = [
    "CSV_HEADER",
    "MAX_POINTS",
    "MAX_QUESTIONS",
    "RESULTS_FORMAT",
    "QuestionOutcome",
    "QuestionStats",
    "QuizReport",
    "StudentResult",
    "build_reports",
    "read_results",
    "reports_to_csv",
    "responses_of",
    "results_from_dict",
    "spreadsheet_cell",
    "with_questions",
]

import csv
import io
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hvlab import fr
from hvlab.errors import ValidationError, ValidationProblem
from hvlab.sources import read_json_file

RESULTS_FORMAT = "hvlab-quiz-results"
#: Most points a question may be worth in a results file (a course question is worth a few).
MAX_POINTS = 1000.0
#: Most questions a results file may hold.
MAX_QUESTIONS = 1000
_MAX_TEXT = 200
_MAX_HINTS = 100
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class QuestionOutcome:
    """How one student did on one question.

    Attributes:
        id: the question's id.
        score: points earned (as the file says, or as re-graded).
        max: the question's points.
        correct: fully right.
        hints_used: hints asked for.
        response: the response, in the grader's form (None: not answered).
        seed: the variant (None without parameters).
    """

    id: str
    score: float
    max: float
    correct: bool
    hints_used: int = 0
    response: Any = None
    seed: int | None = None


@dataclass(frozen=True)
class StudentResult:
    """One results file (``verified``: its scores were re-graded from the quiz file)."""

    quiz: str
    title: str
    student: str
    date: str
    score: float
    max: float
    questions: tuple[QuestionOutcome, ...]
    file: str = ""
    verified: bool = False


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
                spreadsheet_cell(self.quiz),
                spreadsheet_cell(q.id),
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
    return fr.number(value, decimals, keep_zeros=True, group=False)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula (a leading ``'`` when needed).

    Example:
        >>> print(spreadsheet_cell('=HYPERLINK("http://x","clic")'))
        '=HYPERLINK("http://x","clic")
        >>> spreadsheet_cell("type-esxi")
        'type-esxi'
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


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


def _plain(text: str) -> bool:
    """No control character (a terminal or a spreadsheet would act on it)."""
    return not any(unicodedata.category(c) in ("Cc", "Cf") for c in text)


def _date(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
        shown = data.get("format")
        shown = shown[:40] if isinstance(shown, str) else shown
        problem(
            f"ce n'est pas un fichier de résultats hvlab (format « {shown} », "
            f"attendu « {RESULTS_FORMAT} »)",
            "format",
        )
    if data.get("version") != 1:
        problem(f"version {data.get('version')!r:.40} non prise en charge (attendu : 1)", "version")
    for key in ("quiz", "student", "date"):
        value = data.get(key)
        if not isinstance(value, str):
            problem(f"clé « {key} » manquante ou qui n'est pas un texte", key)
        elif len(value) > _MAX_TEXT or not _plain(value):
            problem(
                f"« {key} » : un texte d'au plus {_MAX_TEXT} caractères, sans caractère de "
                "contrôle, est attendu",
                key,
            )
    if isinstance(data.get("date"), str) and len(data["date"]) <= _MAX_TEXT:
        moment = _date(data["date"])
        latest = datetime.now(UTC) + timedelta(days=1)
        if moment is None:
            problem(f"date illisible « {data['date']} » (format ISO 8601 attendu)", "date")
        elif not _EARLIEST <= moment <= latest:
            problem(
                f"date invraisemblable « {data['date']} » : entre 2000 et aujourd'hui attendue",
                "date",
            )
    outcomes: list[QuestionOutcome] = []
    questions = data.get("questions")
    if not isinstance(questions, list):
        problem("clé « questions » manquante ou qui n'est pas une liste", "questions")
        questions = []
    if len(questions) > MAX_QUESTIONS:
        problem(f"trop de questions ({len(questions)}, {MAX_QUESTIONS} au plus)", "questions")
        questions = []
    seen: set[str] = set()
    for index, item in enumerate(questions):
        where = f"questions n° {index + 1}"
        question_id = item.get("id") if isinstance(item, Mapping) else None
        if not isinstance(question_id, str) or not question_id:
            problem("question sans identifiant « id »", where)
            continue
        if len(question_id) > _MAX_TEXT or not _plain(question_id):
            problem("identifiant de question trop long ou avec des caractères de contrôle", where)
            continue
        if question_id in seen:
            problem(f"question « {question_id} » donnée deux fois", where)
            continue
        seen.add(question_id)
        score, maximum = _number(item.get("score")), _number(item.get("max"))
        if score is None or maximum is None:
            problem("« score » et « max » doivent être des nombres", where)
            continue
        if not 0 < maximum <= MAX_POINTS:
            problem(
                f"« max » vaut {fr.significant(maximum, 6)} : entre 0 (exclu) et "
                f"{fr.number(MAX_POINTS)} points attendus",
                where,
            )
            continue
        if not 0 <= score <= maximum + 1e-9:
            problem(
                f"« score » vaut {fr.significant(score, 6)} : entre 0 et « max » "
                f"({fr.number(maximum)}) attendu",
                where,
            )
            continue
        hints = item.get("hints_used", 0)
        if isinstance(hints, bool) or not isinstance(hints, int) or not 0 <= hints <= _MAX_HINTS:
            problem(f"« hints_used » : un entier entre 0 et {_MAX_HINTS} est attendu", where)
            continue
        seed = item.get("seed")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            problem("« seed » : un entier ou null est attendu", where)
            continue
        outcomes.append(
            QuestionOutcome(
                id=question_id,
                score=score,
                max=maximum,
                correct=item.get("correct") is True,
                hints_used=hints,
                response=item.get("response"),
                seed=seed,
            )
        )
    total, total_max = _number(data.get("score")), _number(data.get("max"))
    for key, value in (("score", total), ("max", total_max)):
        if data.get(key) is not None and (value is None or not 0 <= value <= MAX_POINTS * 1000):
            problem(f"« {key} » : un nombre positif raisonnable est attendu", key)
    if problems:
        raise ValidationError(problems)
    return StudentResult(
        quiz=data["quiz"],
        title=data["title"]
        if isinstance(data.get("title"), str) and _plain(data["title"])
        else data["quiz"],
        student=data["student"],
        date=data["date"],
        score=round(sum(o.score for o in outcomes), 6),
        max=round(sum(o.max for o in outcomes), 6),
        questions=tuple(outcomes),
        file=file,
    )


def responses_of(result: StudentResult) -> tuple[dict[str, Any], dict[str, int]]:
    """The responses and hints of a results file, as ``hvlab quiz grade`` takes them."""
    responses: dict[str, Any] = {}
    for outcome in result.questions:
        response = outcome.response
        if outcome.seed is not None and not (isinstance(response, Mapping) and "seed" in response):
            response = {"seed": outcome.seed, "value": response}
        responses[outcome.id] = response
    return responses, {o.id: o.hints_used for o in result.questions}


def read_results(path: str | Path) -> StudentResult:
    """Read one results file (within the limits of :mod:`hvlab.sources`).

    Raises:
        ValidationError: unreadable file, invalid JSON, too big or too deep, or not a results
            file (French problems).
    """
    data, problems = read_json_file(path)
    if problems:
        raise ValidationError(problems)
    return results_from_dict(data, file=str(path))


def with_questions(result: StudentResult, outcomes: Iterable[QuestionOutcome]) -> StudentResult:
    """``result`` with other outcomes (re-graded), its totals recomputed."""
    kept = tuple(outcomes)
    return replace(
        result,
        questions=kept,
        score=round(sum(o.score for o in kept), 6),
        max=round(sum(o.max for o in kept), 6),
        verified=True,
    )


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
