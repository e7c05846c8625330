"""Grade exports: a French spreadsheet CSV and a CSV that Moodle's gradebook import accepts.

* :func:`grades_csv` — one row a student (the counted attempt), one column a question, then the
  total: ``;`` between fields, decimal comma, UTF-8 with a byte-order mark, so that LibreOffice
  Calc and Excel open it as is.
* :func:`answers_csv` — the copies: the same rows, and for each question what the student
  answered (in words, the options' texts of their own variant) beside its points; same format.
* :func:`moodle_csv` — for Moodle's « Importer des notes » (CSV): a header row, the student's
  ID number (Moodle's ``idnumber`` field, mapped in the import form from « Numéro
  d'identification »), the name, and the mark on the chosen scale. Moodle reads the file in the
  encoding and with the separator chosen in its form (UTF-8 and comma, its defaults) and parses
  grades with ``unformat_float``, which accepts a decimal point whatever the language; an empty
  cell or « - » means « no grade », so students without a submitted attempt are left out.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe: a student named ``=HYPERLINK(…)`` — or a text answer typed that way — is text in a
spreadsheet, not a formula. A plain number (``-3,5``) is left as it is: it cannot be a formula.
"""

from __future__ import annotations

__all__ = ["answers_csv", "grades_csv", "moodle_csv", "safe_cell"]

import csv
import io
import re
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from hvlab import fr
from hvlab.quiz.model import Quiz
from hvlab.server.copies import given_text
from hvlab.server.store.attempts import Answer, Attempt

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet cell that cannot be read as a formula."""
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _fr(value: float | None) -> str:
    """A number for a French spreadsheet: decimal comma, no thousands separator."""
    if value is None:
        return ""
    return fr.number(value, 6, group=False)


def _when(epoch: float | None, zone: ZoneInfo) -> str:
    if epoch is None:
        return ""
    return datetime.fromtimestamp(epoch, zone).strftime("%d/%m/%Y %H:%M:%S")


_REASONS = {"student": "remise", "deadline": "temps écoulé", "teacher": "enseignant"}


def _french_sheet(header: list[str], rows: list[list[str]]) -> str:
    """``;`` between fields, CRLF, a UTF-8 byte-order mark: a French spreadsheet opens it as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def _student_cells(attempt: Attempt, zone: ZoneInfo) -> list[str]:
    return [
        safe_cell(attempt.student_number),
        safe_cell(attempt.student_name),
        str(attempt.attempt_no),
        _when(attempt.submitted_at, zone),
        _REASONS.get(attempt.submit_reason or "", ""),
    ]


def _scores(attempt: Attempt) -> dict[str, float]:
    """The stored points of each question (as graded at submission or at the last re-grade)."""
    return {q["id"]: q["score"] for q in (attempt.results or {}).get("questions", [])}


def grades_csv(quiz: Quiz, attempts: list[Attempt], zone: ZoneInfo) -> str:
    """The French CSV (with its BOM): one row per counted attempt."""
    header = ["numéro", "nom", "tentative", "remise", "motif"]
    header += [
        f"Q{i} {q.id} (/{_fr(float(q.points))})" for i, q in enumerate(quiz.questions, start=1)
    ]
    header += ["total", "sur"]
    rows = []
    for attempt in attempts:
        scores = _scores(attempt)
        row = _student_cells(attempt, zone)
        row += [_fr(scores.get(q.id)) for q in quiz.questions]
        row += [_fr(attempt.score), _fr(attempt.max_score)]
        rows.append(row)
    return _french_sheet(header, rows)


def answers_csv(
    quiz: Quiz,
    attempts: list[Attempt],
    answers: Mapping[int, Mapping[str, Answer]],
    zone: ZoneInfo,
) -> str:
    """The copies as a French CSV (with its BOM): one row per counted attempt; for each question
    (in the quiz's order, whatever order the student saw) the answer in words and its points.

    Args:
        answers: the saved answers, attempt id → question id → answer.
    """
    header = ["numéro", "nom", "tentative", "remise", "motif"]
    for i, question in enumerate(quiz.questions, start=1):
        header += [
            f"Q{i} {question.id} : réponse",
            f"Q{i} {question.id} : points (/{_fr(float(question.points))})",
        ]
    header += ["total", "sur"]
    rows = []
    for attempt in attempts:
        scores = _scores(attempt)
        given = answers.get(attempt.id, {})
        seeds = attempt.plan.get("seeds", {})
        row = _student_cells(attempt, zone)
        for question in quiz.questions:
            answer = given.get(question.id)
            value = answer.value if answer is not None else None
            row += [
                safe_cell(given_text(question, seeds.get(question.id), value)),
                _fr(scores.get(question.id)),
            ]
        row += [_fr(attempt.score), _fr(attempt.max_score)]
        rows.append(row)
    return _french_sheet(header, rows)


def moodle_csv(title: str, attempts: list[Attempt], scale: float) -> str:
    """The CSV for Moodle's grade import: ID number, name, mark out of ``scale`` (2 decimals)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\n")
    writer.writerow(["Numéro d'identification", "Nom", safe_cell(title)])
    for attempt in attempts:
        if attempt.score is None or not attempt.max_score:
            continue
        mark = round(attempt.score / attempt.max_score * scale, 2)
        writer.writerow(
            [safe_cell(attempt.student_number), safe_cell(attempt.student_name), f"{mark:.2f}"]
        )
    return out.getvalue()
