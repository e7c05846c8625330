"""Exports of quizzes to Moodle: GIFT text and Moodle XML.

Both take validated quizzes and return an :class:`ExportResult` (the text, plus French notes on
whatever had to be approximated: rounded grade fractions, features the format cannot express, and
each answer Moodle may grade differently from hvlab — the instructor guide's Moodle page has the
table of these rules).
"""

from __future__ import annotations

__all__ = [
    "MOODLE_FRACTIONS",
    "ExportResult",
    "export_gift",
    "export_moodle_xml",
    "nearest_fraction",
]

from hvlab.quiz.export._common import MOODLE_FRACTIONS, ExportResult, nearest_fraction
from hvlab.quiz.export.gift import export_gift
from hvlab.quiz.export.moodle_xml import export_moodle_xml
