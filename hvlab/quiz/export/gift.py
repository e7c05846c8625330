"""Export to Moodle's GIFT text format.

Every text is Markdown converted to HTML and marked ``[html]``; GIFT's special characters
``~ = # { } :`` and ``\\`` are escaped with a backslash, line breaks written ``\\n``. Per question
type:

* ``single`` → ``{=right ~wrong}``; ``multiple`` → weights ``%100/C%`` and ``%−100/W%`` rounded to
  Moodle's allowed fractions (Moodle sums them and clamps to [0, 100], which is hvlab's rule);
* ``true_false`` → ``{T}`` / ``{F}``; ``numeric`` → ``{#answer:tolerance}`` (a relative tolerance
  becomes absolute, both written as Moodle keeps them, :mod:`hvlab.quiz.export._numerical`; GIFT
  has no units: the unit is stated under the prompt, Moodle reads only the number, and both the
  unit and the conversions are lost, noted); ``text`` → ``{=a =b}`` (accent and apostrophe forms
  added, :mod:`hvlab.quiz.export._shortanswer`; GIFT cannot ask for case-sensitive comparison);
* ``matching`` → ``{=left -> right}``, distractors as ``= -> distractor``;
* ``ordering`` → GIFT has no ordering question: the closest one is a matching question pairing each
  item with its rank (1, 2, 3…), graded per item in the right position like hvlab (noted); an
  ``all_or_nothing`` ordering is graded per item there (noted);
* hints (hence their cost and the extra tries of interactive mode) and points do not exist in GIFT
  (noted); the explanation becomes the general feedback
  (``####``); the idnumber ``<quiz>/<name>`` goes in the ``// [id:…]`` comment Moodle reads;
* parametrised questions: one question per variant (``<id>-v<seed>``) in a sub-category named after
  the question, to draw with Moodle's « question aléatoire ».
"""

from __future__ import annotations

__all__ = ["escape_gift", "export_gift"]

from collections.abc import Sequence

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
from hvlab.quiz.export._numerical import DECIMAL_COMMA_NOTE, numeric_answer, numeric_notes
from hvlab.quiz.export._shortanswer import shortanswer_answers, text_notes
from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.variants import Variant

_SPECIAL = "\\~=#{}:"


def escape_gift(text: str) -> str:
    """Escape GIFT's special characters and write line breaks as ``\\n``.

    Example:
        >>> escape_gift("a = {b} : c")
        'a \\\\= \\\\{b\\\\} \\\\: c'
    """
    out = "".join("\\" + c if c in _SPECIAL else c for c in text)
    # Every line break becomes the two characters \n, which Moodle's escapedchar_post turns back
    # into a line break: the question stays on one physical line (qformat_default::readquestions
    # splits questions on blank lines) and <pre> blocks keep their indentation and blank lines.
    out = out.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return out.replace("\n", "\\n")


def _html(text: str) -> str:
    return escape_gift(markdown_to_html(text))


def _inline(text: str) -> str:
    return escape_gift(inline_html(text))


def _choice(text: str) -> str:
    """An option's HTML after ``~``: a leading ``%`` becomes ``&#37;`` (same display), since
    Moodle reads ``~%50%…`` as a 50 % weight (``$giftanswerweightregex`` in qformat_gift)."""
    html = _inline(text)
    return "&\\#37;" + html[1:] if html.startswith("%") else html  # "#" escaped for GIFT


def _feedback(text: str) -> str:
    return f"#{_html(text)}" if text else ""


def _answers(question: Question, shown: Variant, label: str, notes: list[str]) -> list[str]:
    kind = question.type
    if kind in ("single", "multiple") and not question.shuffle_options:
        # qformat_gift::readquestion never sets shuffleanswers: the question keeps
        # qformat_default::defaultquestion()'s get_config('quiz', 'shuffleanswers').
        notes.append(
            f"{label} : GIFT ne peut pas fixer l'ordre des options ; Moodle appliquera son réglage "
            "par défaut (en général, options mélangées). Décochez « Mélanger les réponses » dans "
            "la question, ou utilisez l'export Moodle XML."
        )
    if kind == "single":
        return [
            f"{'=' if option.correct else '~'}{_choice(text)}{_feedback(option.feedback)}"
            for option, text in zip(question.options, shown.options, strict=True)
        ]
    if kind == "multiple":
        fractions = multiple_fractions(question, label, notes)
        return [
            f"~%{format_fraction(fraction)}%{_inline(text)}{_feedback(option.feedback)}"
            for option, text, fraction in zip(
                question.options, shown.options, fractions, strict=True
            )
        ]
    if kind == "true_false":
        return ["T" if shown.answer else "F"]
    if kind == "numeric":
        answer = float(shown.answer)
        value, tolerance = numeric_answer(answer, tolerance_abs(question, answer))
        numeric_notes(question, label, [answer], notes, units_kept=False)
        return [f"#{value}:{tolerance}"]
    if kind == "text":
        if question.case_sensitive:
            notes.append(
                f"{label} : GIFT ne permet pas d'exiger la casse ; la réponse sera comparée sans "
                "tenir compte des majuscules (utilisez l'export Moodle XML)."
            )
        text_notes(question, label, notes)
        # An explicit weight, as Moodle's own GIFT export writes it: an answer that starts like
        # "%50%" would otherwise be read as a 50 % weight.
        return [f"=%100%{escape_gift(a)}" for a in shortanswer_answers(question)]
    if kind == "matching":
        lines = [f"={_inline(p.left)} -> {escape_gift(p.right)}" for p in question.pairs]
        lines += [f"= -> {escape_gift(d)}" for d in question.distractors]
        check_matching_size(
            label, len(question.pairs), len(question.pairs) + len(question.distractors), notes
        )
        return lines
    if question.all_or_nothing:
        notes.append(
            f"{label} : GIFT n'a pas de remise en ordre : exportée comme une association élément "
            "→ rang, notée élément par élément, elle perd le « tout ou rien » (utilisez l'export "
            "Moodle XML)."
        )
    else:
        notes.append(
            f"{label} : GIFT n'a pas de remise en ordre : exportée comme une association élément "
            "→ rang, notée élément par élément comme ici (les étudiants choisissent un rang dans "
            "une liste au lieu de déplacer les éléments)."
        )
    check_matching_size(
        label, len(question.items), len(question.items), notes, "utilisez l'export Moodle XML"
    )
    return [f"={_inline(item)} -> {rank}" for rank, item in enumerate(question.items, start=1)]


def _prompt(question: Question, shown: Variant) -> str:
    text = markdown_to_html(shown.prompt)
    if question.type == "numeric" and question.unit:
        text += f"\n<p><em>Réponse en {question.unit}, nombre seul.</em></p>"
    if question.type == "ordering":
        text += "\n<p><em>Associez chaque élément à son rang (1 = le premier).</em></p>"
    return escape_gift(text)


def _idnumber(text: str) -> str:
    """``[id:…]`` for the comment before a question (Moodle ≥ 3.6 reads it as the idnumber:
    ``qformat_gift::extract_idnumber_and_tags_from_comment``; ``]`` escaped, no control chars)."""
    clean = "".join(c for c in text if c.isprintable())[:100]
    return "[id:" + clean.replace("]", "\\]") + "]"


def _question(
    quiz: Quiz, question: Question, name: str, shown: Variant, label: str, notes: list[str]
) -> str:
    answers = _answers(question, shown, label, notes)
    explanation = f"####{_html(shown.explanation)}" if shown.explanation else ""
    comment = f"// {_idnumber(f'{quiz.id}/{name}')} {label} ({question.type})"
    head = f"{comment}\n::{escape_gift(name)}::[html]{_prompt(question, shown)}"
    if question.type in ("true_false", "numeric"):
        return f"{head}{{{answers[0]}{explanation}}}"
    body = "\n".join(answers)
    if explanation:
        body += "\n" + explanation
    return f"{head}{{\n{body}\n}}"


def export_gift(quizzes: Sequence[Quiz], *, variants: int = 10) -> ExportResult:
    """Export quizzes as GIFT text, one category per quiz.

    Args:
        quizzes: validated quizzes.
        variants: Moodle questions written per parametrised question.

    Returns:
        The GIFT text and French notes on what GIFT could not express exactly.
    """
    notes: list[str] = []
    blocks: list[str] = ["// Exporté par hvlab (hvlab quiz export --format gift)"]
    count = 0
    for quiz in quizzes:
        category = category_of(quiz)
        blocks.append(f"$CATEGORY: $course$/top/{category}")
        for question in quiz.questions:
            label = f"{quiz.id}/{question.id}"
            if question.hints:
                notes.append(
                    f"{label} : GIFT n'a pas d'indices : ils ne sont pas exportés, et Moodle "
                    "n'accordera qu'un essai en mode « interactif avec essais multiples » ; "
                    "l'export Moodle XML garde les indices, et donc un essai de plus par indice."
                )
            if question.points != 1:
                notes.append(
                    f"{label} : GIFT n'a pas de points par question "
                    f"({number_text(question.points)} "
                    "ici) ; réglez la note dans le test Moodle ou utilisez l'export Moodle XML."
                )
            if question.params:
                blocks.append(f"$CATEGORY: $course$/top/{subcategory_of(quiz, question)}")
            for name, shown in instances(question, variants):
                blocks.append(_question(quiz, question, name, shown, label, notes))
                count += 1
            if question.params:
                blocks.append(f"$CATEGORY: $course$/top/{category}")
    if any(q.type == "numeric" for quiz in quizzes for q in quiz.questions):
        notes.append(DECIMAL_COMMA_NOTE)
    return ExportResult(
        text="\n\n".join(blocks) + "\n", notes=list(dict.fromkeys(notes)), question_count=count
    )
