"""Grade exports: a French spreadsheet CSV and a CSV that Moodle's gradebook import accepts.

* :func:`grades_csv` — one row a student (the counted attempt), one column a question, then the
  total: ``;`` between fields, decimal comma, UTF-8 with a byte-order mark, so that LibreOffice
  Calc and Excel open it as is.
* :func:`moodle_csv` — for Moodle's « Importer des notes » (CSV): a header row, the student's
  ID number (Moodle's ``idnumber`` field, mapped in the import form from « Numéro
  d'identification »), the name, and the mark on the chosen scale. Moodle reads the file in the
  encoding and with the separator chosen in its form (UTF-8 and comma, its defaults) and parses
  grades with ``unformat_float``, which accepts a decimal point whatever the language; an empty
  cell or « - » means « no grade », so students without a submitted attempt are left out.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe: a student named ``=HYPERLINK(…)`` is text in a spreadsheet, not a formula.
"""

from __future__ import annotations

__all__ = ["grades_csv", "moodle_csv", "safe_cell"]

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from hvlab import fr
from hvlab.quiz.model import Quiz
from hvlab.server.store.attempts import Attempt

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet cell that cannot be read as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _fr(value: float | None) -> str:
    """A number for a French spreadsheet: decimal comma, no thousands separator."""
    if value is None:
        return ""
    return fr.number(value, 6, group=False)


def _when(epoch: float | None, zone: ZoneInfo) -> str:
    if epoch is None:
        return ""
    return datetime.fromtimestamp(epoch, zone).strftime("%d/%m/%Y %H:%M:%S")


def grades_csv(quiz: Quiz, attempts: list[Attempt], zone: ZoneInfo) -> str:
    """The French CSV (with its BOM): one row per counted attempt."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = ["numéro", "nom", "tentative", "remise", "motif"]
    header += [
        f"Q{i} {q.id} (/{_fr(float(q.points))})" for i, q in enumerate(quiz.questions, start=1)
    ]
    header += ["total", "sur"]
    writer.writerow([safe_cell(h) for h in header])
    reasons = {"student": "remise", "deadline": "temps écoulé", "teacher": "enseignant"}
    for attempt in attempts:
        scores = {q["id"]: q["score"] for q in (attempt.results or {}).get("questions", [])}
        row = [
            safe_cell(attempt.student_number),
            safe_cell(attempt.student_name),
            str(attempt.attempt_no),
            _when(attempt.submitted_at, zone),
            reasons.get(attempt.submit_reason or "", ""),
        ]
        row += [_fr(scores.get(q.id)) for q in quiz.questions]
        row += [_fr(attempt.score), _fr(attempt.max_score)]
        writer.writerow(row)
    return "\ufeff" + out.getvalue()


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
