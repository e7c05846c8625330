"""Export to Moodle XML (the question bank's import format).

Texts are Markdown converted to HTML, written in CDATA sections (``]]>`` split safely); names,
answers and attributes are entity-escaped. Per question type:

* ``single`` / ``multiple`` → ``multichoice`` (``single`` true/false); ``multiple`` weights are
  ``100/C`` and ``−100/W`` among Moodle's allowed fractions, the right ones adding up to exactly
  100 % (Moodle refuses the import otherwise) — Moodle sums the chosen ones and clamps to
  [0, 100], exactly hvlab's rule;
* ``true_false`` → ``truefalse``; ``text`` → ``shortanswer`` (``usecase`` from
  ``case_sensitive``; accent and apostrophe forms added, :mod:`hvlab.quiz.export._shortanswer`;
  ``*`` written ``\\*``, since Moodle reads a bare ``*`` as a wildcard);
* ``numeric`` → ``numerical``: the answer with Moodle's 14 digits and an absolute tolerance that
  covers hvlab's interval (:mod:`hvlab.quiz.export._numerical`); with a unit, ``units`` (the
  answer's unit with multiplier 1, each declared conversion with ``1 / factor``, Moodle's
  convention), chosen from a menu and graded, a wrong or missing unit costing the whole mark
  (``showunits`` 2, ``unitgradingtype`` 1, ``unitpenalty`` 1), so that « 24 Mo » or an unknown
  unit never scores for 24 Go;
* ``matching`` → ``matching`` (distractors as sub-questions with an empty text);
* ``ordering`` → the ``ordering`` question type (core in Moodle ≥ 4.4, plugin ``qtype_ordering``
  before), ``gradingtype`` ``ABSOLUTE_POSITION`` or ``ALL_OR_NOTHING``, ``shownumcorrect`` 1;
* points → ``defaultgrade``; hints → ``hint`` (shown between tries in interactive mode), their
  cost → ``penalty``; explanation → ``generalfeedback``; ``idnumber`` ``<quiz>/<name>``;
* parametrised questions: one question per variant (``<id>-v<seed>``) in a sub-category named after
  the question, to draw with Moodle's « question aléatoire ».
"""

from __future__ import annotations

__all__ = ["cdata", "export_moodle_xml"]

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from hvlab.quiz.export._common import (
    ExportResult,
    category_of,
    check_matching_size,
    format_fraction,
    inline_html,
    instances,
    markdown_to_html,
    multiple_fractions,
    number_text,
    subcategory_of,
    tolerance_abs,
)
from hvlab.quiz.export._numerical import (
    DECIMAL_COMMA_NOTE,
    SHOWUNITS_MENU,
    UNIT_PENALTY,
    UNITGRADED_OUT_OF_MARK,
    numeric_answer,
    numeric_notes,
    unit_multipliers,
)
from hvlab.quiz.export._shortanswer import shortanswer_answers, text_notes
from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.variants import Variant

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def cdata(text: str) -> str:
    """``text`` in a CDATA section (``]]>`` inside it split across two sections)."""
    clean = _INVALID_XML.sub("", text)
    return "<![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _plain(text: str) -> str:
    return escape(_INVALID_XML.sub("", text))


def _text(tag: str, html: str, indent: str = "    ") -> str:
    body = cdata(html) if html else ""
    return f'{indent}<{tag} format="html"><text>{body}</text></{tag}>'


def _answer(fraction: float, text_html: str, feedback: str = "", fmt: str = "html") -> str:
    feedback_html = markdown_to_html(feedback) if feedback else ""
    body = cdata(text_html) if fmt == "html" else _plain(text_html)
    return (
        f'    <answer fraction="{format_fraction(fraction)}" format="{fmt}">'
        f"<text>{body}</text>"
        f'<feedback format="html"><text>{cdata(feedback_html) if feedback_html else ""}</text>'
        "</feedback></answer>"
    )


def _combined_feedback(shownumcorrect: str = "    <shownumcorrect/>") -> list[str]:
    """The three overall feedbacks and « show the number of correct responses ».

    ``qformat_xml::import_combined_feedback`` turns that option on when the element is present
    (multichoice, matching); ``qtype_ordering::import_from_xml`` reads its text instead, so an
    empty ``<shownumcorrect/>`` turns it off there: ordering questions write ``1``.
    """
    return [
        _text("correctfeedback", "<p>Bonne réponse !</p>"),
        _text("partiallycorrectfeedback", "<p>Réponse en partie juste.</p>"),
        _text("incorrectfeedback", "<p>Réponse fausse.</p>"),
        shownumcorrect,
    ]


def _body(
    question: Question, shown: Variant, label: str, notes: list[str]
) -> tuple[str, list[str]]:
    kind = question.type
    if kind in ("single", "multiple"):
        if kind == "single":
            fractions = [100.0 if o.correct else 0.0 for o in question.options]
        else:
            fractions = multiple_fractions(question, label, notes)
        lines = [
            f"    <single>{'true' if kind == 'single' else 'false'}</single>",
            f"    <shuffleanswers>{str(question.shuffle_options).lower()}</shuffleanswers>",
            "    <answernumbering>abc</answernumbering>",
            *_combined_feedback(),
        ]
        lines += [
            _answer(fraction, inline_html(text), option.feedback)
            for option, text, fraction in zip(
                question.options, shown.options, fractions, strict=True
            )
        ]
        return "multichoice", lines
    if kind == "true_false":
        right = bool(shown.answer)
        return "truefalse", [
            _answer(100.0 if right else 0.0, "true", fmt="moodle_auto_format"),
            _answer(0.0 if right else 100.0, "false", fmt="moodle_auto_format"),
        ]
    if kind == "numeric":
        answer = float(shown.answer)
        value, tolerance = numeric_answer(answer, tolerance_abs(question, answer))
        lines = [
            f'    <answer fraction="100" format="moodle_auto_format"><text>{value}'
            f"</text><tolerance>{tolerance}</tolerance>"
            '<feedback format="html"><text></text></feedback></answer>'
        ]
        units = unit_multipliers(question)
        if units:
            written = "".join(
                f"<unit><multiplier>{multiplier}</multiplier><unit_name>{_plain(name)}"
                "</unit_name></unit>"
                for name, multiplier in units
            )
            lines += [
                f"    <units>{written}</units>",
                f"    <unitgradingtype>{UNITGRADED_OUT_OF_MARK}</unitgradingtype>",
                f"    <unitpenalty>{UNIT_PENALTY}</unitpenalty>",
                f"    <showunits>{SHOWUNITS_MENU}</showunits>",
                "    <unitsleft>0</unitsleft>",
            ]
        numeric_notes(question, label, [answer], notes, units_kept=True)
        return "numerical", lines
    if kind == "text":
        lines = [f"    <usecase>{1 if question.case_sensitive else 0}</usecase>"]
        lines += [
            _answer(100.0, a, fmt="moodle_auto_format") for a in shortanswer_answers(question)
        ]
        text_notes(question, label, notes)
        return "shortanswer", lines
    if kind == "matching":
        lines = ["    <shuffleanswers>true</shuffleanswers>", *_combined_feedback()]
        for pair in question.pairs:
            lines.append(
                f'    <subquestion format="html"><text>{cdata(inline_html(pair.left))}</text>'
                f"<answer><text>{_plain(pair.right)}</text></answer></subquestion>"
            )
        for distractor in question.distractors:
            lines.append(
                '    <subquestion format="html"><text></text>'
                f"<answer><text>{_plain(distractor)}</text></answer></subquestion>"
            )
        check_matching_size(
            label, len(question.pairs), len(question.pairs) + len(question.distractors), notes
        )
        return "matching", lines
    grading = "ALL_OR_NOTHING" if question.all_or_nothing else "ABSOLUTE_POSITION"
    lines = [
        "    <layouttype>VERTICAL</layouttype>",
        "    <selecttype>ALL</selecttype>",
        "    <selectcount>0</selectcount>",
        f"    <gradingtype>{grading}</gradingtype>",
        "    <showgrading>SHOW</showgrading>",
        "    <numberingstyle>none</numberingstyle>",
        *_combined_feedback("    <shownumcorrect>1</shownumcorrect>"),
    ]
    lines += [
        f'    <answer fraction="{rank}" format="html"><text>{cdata(inline_html(item))}</text>'
        '<feedback format="html"><text></text></feedback></answer>'
        for rank, item in enumerate(question.items, start=1)
    ]
    return "ordering", lines


def _question(quiz: Quiz, question: Question, name: str, shown: Variant, notes: list[str]) -> str:
    label = f"{quiz.id}/{question.id}"
    qtype, body = _body(question, shown, label, notes)
    lines = [
        f"  <!-- {_plain(label).replace('--', '- -')} ({question.type}) -->",
        f'  <question type="{qtype}">',
        f"    <name><text>{_plain(name)}</text></name>",
        _text("questiontext", markdown_to_html(shown.prompt)),
        _text("generalfeedback", markdown_to_html(shown.explanation) if shown.explanation else ""),
        f"    <defaultgrade>{number_text(question.points)}</defaultgrade>",
        f"    <penalty>{number_text(question.hint_penalty)}</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{_plain(f'{quiz.id}/{name}'[:100])}</idnumber>",
        *body,
        *(_text("hint", markdown_to_html(hint)) for hint in shown.hints),
        "  </question>",
    ]
    return "\n".join(lines)


def _category(path: str, info: str = "") -> str:
    info_html = markdown_to_html(info) if info else ""
    return (
        '  <question type="category">\n'
        f"    <category><text>{_plain(path)}</text></category>\n"
        f'    <info format="html"><text>{cdata(info_html) if info_html else ""}</text></info>\n'
        "  </question>"
    )


def export_moodle_xml(quizzes: Sequence[Quiz], *, variants: int = 10) -> ExportResult:
    """Export quizzes as Moodle XML, one category per quiz.

    Args:
        quizzes: validated quizzes.
        variants: Moodle questions written per parametrised question.

    Returns:
        The XML text and French notes on approximations (rounded fractions…).
    """
    notes: list[str] = []
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<!-- Exporté par hvlab -->", "<quiz>"]
    count = 0
    for quiz in quizzes:
        category = f"$course$/top/{category_of(quiz)}"
        parts.append(_category(category, quiz.description))
        for question in quiz.questions:
            if question.params:
                parts.append(_category(f"$course$/top/{subcategory_of(quiz, question)}"))
            for name, shown in instances(question, variants):
                parts.append(_question(quiz, question, name, shown, notes))
                count += 1
            if question.params:
                parts.append(_category(category))
    parts.append("</quiz>")
    if any(q.type == "numeric" for quiz in quizzes for q in quiz.questions):
        notes.append(DECIMAL_COMMA_NOTE)
    return ExportResult(
        text="\n".join(parts) + "\n", notes=list(dict.fromkeys(notes)), question_count=count
    )
