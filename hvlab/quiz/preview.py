"""What a teacher reads before giving a quiz: each question as students see it, then its key.

:func:`preview_quiz` gathers, for each question, the student view of some variants
(:func:`hvlab.quiz.view.question_view`: the very thing the site and the grading server show) and
everything that grades it: the right options with their feedback, the expected number with its
tolerance and units, the accepted texts and how they are compared, the pairs, the right order,
the hints and what they cost, the explanation. A parametrised question shows ``variants`` drawn
variants (seeds 0, 1, 2…), each with its parameters and its answer. :meth:`QuizPreview.to_dict`
is the data (for ``--json`` and the server's teacher pages); :func:`preview_text` writes it in
French for a terminal (``hvlab quiz preview``).
"""

from __future__ import annotations

__all__ = [
    "MAX_PREVIEW_VARIANTS",
    "QuestionPreview",
    "QuizPreview",
    "VariantPreview",
    "preview_quiz",
    "preview_text",
]

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hvlab import fr
from hvlab.quiz.compile import answer_fields
from hvlab.quiz.grading import expected_text
from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.render import MarkdownRenderer
from hvlab.quiz.variants import variant
from hvlab.quiz.view import QuestionView, question_view, quiz_secret, source_ids

#: The most variants of one question a preview draws.
MAX_PREVIEW_VARIANTS = 50

_TYPE_NAMES = {
    "single": "choix unique",
    "multiple": "choix multiple",
    "true_false": "vrai ou faux",
    "numeric": "réponse numérique",
    "text": "réponse courte",
    "matching": "associations",
    "ordering": "remise en ordre",
}


@dataclass(frozen=True)
class VariantPreview:
    """One variant: what the student sees, and its answer.

    Attributes:
        view: the student view.
        params: the drawn parameters (empty without parameters).
        answer: the expected answer in words (:attr:`hvlab.quiz.QuestionResult.expected`).
    """

    view: QuestionView
    params: Mapping[str, Any]
    answer: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the view as sent to a student, plus what grades it)."""
        return {
            "seed": self.view.seed,
            "params": dict(self.params),
            "view": self.view.to_dict(),
            "answer": self.answer,
        }


@dataclass(frozen=True)
class QuestionPreview:
    """One question of the preview.

    Attributes:
        number: its position in the quiz file (from 1).
        question: the question.
        variants: the variants drawn (one without parameters).
        variant_count: how many distinct parameter sets exist (1 without parameters).
        option_letters: the letter each option (source order) has in the first variant shown.
    """

    number: int
    question: Question
    variants: tuple[VariantPreview, ...]
    variant_count: int
    option_letters: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The question's key as data, and its variants."""
        question = self.question
        data: dict[str, Any] = {
            "number": self.number,
            "id": question.id,
            "type": question.type,
            "points": float(question.points),
            "variant_count": self.variant_count,
            "variants": [v.to_dict() for v in self.variants],
            "hints": list(question.hints),
            "hint_penalty": question.hint_penalty,
            "explanation": question.explanation,
        }
        if question.type in ("single", "multiple"):
            data["options"] = [
                {"text": o.text, "correct": o.correct, "feedback": o.feedback, "letter": letter}
                for o, letter in zip(
                    question.options,
                    self.option_letters or ("",) * len(question.options),
                    strict=True,
                )
            ]
            data["shuffle_options"] = question.shuffle_options
        data.update(answer_fields(question, question.answer))
        if question.type == "matching":
            data["distractors"] = list(question.distractors)
        return data


@dataclass(frozen=True)
class QuizPreview:
    """A whole quiz as a teacher previews it."""

    quiz: Quiz
    questions: tuple[QuestionPreview, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.quiz.id,
            "title": self.quiz.title,
            "description": self.quiz.description,
            "pass_mark": self.quiz.pass_mark,
            "shuffle": self.quiz.shuffle,
            "max": self.quiz.max_score,
            "questions": [q.to_dict() for q in self.questions],
        }


def _variant_count(question: Question) -> int:
    count = 1
    for param in question.params:
        count *= param.count
    return count


def preview_quiz(
    quiz: Quiz,
    *,
    variants: int = 3,
    secret: bytes | None = None,
    render: MarkdownRenderer | None = None,
) -> QuizPreview:
    """Every question of ``quiz`` as students see it, with its key.

    Args:
        quiz: the quiz.
        variants: how many variants of a parametrised question to draw (seeds 0 … N − 1,
            1 to :data:`MAX_PREVIEW_VARIANTS`).
        secret: the key of the views' ids (:func:`hvlab.quiz.view.quiz_secret` by default, as on
            the site; a server passes its évaluation's).
        render: Markdown → HTML for the views.

    Raises:
        ValueError: ``variants`` out of bounds (French message).
        hvlab.quiz.variants.ExpressionError: an answer cannot be computed (never for a quiz that
            passed validation, which tries seeds 0 to 199).
    """
    if not 1 <= variants <= MAX_PREVIEW_VARIANTS:
        raise ValueError(
            f"nombre de variantes {variants} : entre 1 et {MAX_PREVIEW_VARIANTS} attendu"
        )
    key = quiz_secret(quiz) if secret is None else secret
    previews = []
    for number, question in enumerate(quiz.questions, start=1):
        seeds: list[int | None] = (
            list(range(min(variants, _variant_count(question)))) if question.params else [None]
        )
        shown = tuple(_variant(question, seed, key, render) for seed in seeds)
        first = shown[0].view
        positions = {c.id: i for i, c in enumerate(first.choices)}
        ids = source_ids(question, first.seed, secret=key)["choices"]
        letters = _letters(len(first.choices))
        option_letters = tuple(letters[positions[i]] for i in ids) if first.choices else ()
        previews.append(
            QuestionPreview(number, question, shown, _variant_count(question), option_letters)
        )
    return QuizPreview(quiz, tuple(previews))


def _variant(
    question: Question, seed: int | None, secret: bytes, render: MarkdownRenderer | None
) -> VariantPreview:
    drawn = variant(question, seed)
    view = question_view(question, seed, secret=secret, render=render)
    return VariantPreview(view, dict(drawn.params), expected_text(question, drawn))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    if isinstance(value, (int, float)):
        return fr.significant(float(value), 6) if value else "0"
    return f"« {value} »"


def _indent(text: str, prefix: str) -> list[str]:
    return [prefix + line if line.strip() else "" for line in text.strip().splitlines()]


def _letters(count: int) -> list[str]:
    return (
        list(string.ascii_lowercase[:count]) if count <= 26 else [str(i + 1) for i in range(count)]
    )


def _student_lines(shown: VariantPreview, margin: str) -> list[str]:
    view = shown.view
    lines = _indent(view.prompt, margin)
    if view.type in ("single", "multiple", "true_false"):
        for letter, choice in zip(_letters(len(view.choices)), view.choices, strict=True):
            lines.append(f"    {letter}) {choice.text}")
    elif view.type == "numeric":
        lines.append(f"    Réponse : un nombre{', en ' + view.unit if view.unit else ''}.")
    elif view.type == "text":
        lines.append("    Réponse : un texte court.")
    elif view.type == "matching":
        letters = _letters(len(view.right))
        for left in view.left:
            lines.append(f"    {left.text} → ?")
        choices = ", ".join(f"{ch}) {r.text}" for ch, r in zip(letters, view.right, strict=True))
        lines.append(f"    Choix : {choices}")
    elif view.type == "ordering":
        for position, item in enumerate(view.items, start=1):
            lines.append(f"    {position}. {item.text}")
    return lines


def _key_lines(preview: QuestionPreview) -> list[str]:
    question = preview.question
    kind = question.type
    lines: list[str] = []
    if kind in ("single", "multiple"):
        letters = preview.option_letters or tuple("?" * len(question.options))
        for letter, option in zip(letters, question.options, strict=True):
            mark = "✓" if option.correct else "✗"
            note = f" — {option.feedback}" if option.feedback else ""
            lines.append(f"    {mark} {letter}) {option.text}{note}")
        if kind == "multiple":
            lines.append(
                "    Barème : points × max(0, bonnes cochées / bonnes − mauvaises cochées / "
                "mauvaises)."
            )
    elif kind == "true_false":
        lines.append(f"    Réponse : {'vrai' if question.answer else 'faux'}.")
    elif kind == "numeric":
        tolerance = question.tolerance
        if isinstance(tolerance, str):
            percent = float(tolerance.strip().rstrip("%").strip().replace(",", "."))
            said = f"à {fr.number(percent, 6)}{fr.NBSP}% près (relative)"
        elif tolerance:
            unit = f"{fr.NNBSP}{question.unit}" if question.unit else ""
            said = f"à {fr.number(float(tolerance), 6)}{unit} près"
        else:
            said = "valeur exacte (tolérance nulle, au bruit des calculs près)"
        lines.append(f"    Tolérance : {said}.")
        units = [question.unit, *question.units] if question.unit else list(question.units)
        if units:
            factors = "".join(
                f", « {name} » (× {fr.significant(float(factor), 6)})"
                for name, factor in question.units.items()
            )
            lines.append(
                f"    Unités acceptées : « {question.unit} »{factors}."
                if question.unit
                else f"    Unités acceptées : {factors.lstrip(', ')}."
            )
        if isinstance(question.answer, str):
            lines.append(f"    Expression de la réponse : {question.answer}")
    elif kind == "text":
        accepted = ", ".join(f"« {a} »" for a in question.accept)
        case = "casse respectée" if question.case_sensitive else "casse ignorée"
        accents = "accents ignorés" if question.ignore_accents else "accents comptés"
        lines.append(
            f"    Réponses acceptées : {accepted} ({case}, {accents}, espaces en trop ignorés)."
        )
    elif kind == "matching":
        for pair in question.pairs:
            lines.append(f"    {pair.left} → {pair.right}")
        if question.distractors:
            extra = ", ".join(f"« {d} »" for d in question.distractors)
            lines.append(f"    Choix en trop (tous faux) : {extra}.")
        lines.append("    Barème : points × part des associations justes.")
    elif kind == "ordering":
        for position, item in enumerate(question.items, start=1):
            lines.append(f"    {position}. {item}")
        rule = (
            "tout ou rien" if question.all_or_nothing else "points × part des éléments à leur place"
        )
        lines.append(f"    Barème : {rule}.")
    return lines


def _question_text(preview: QuestionPreview) -> list[str]:
    question = preview.question
    points = fr.count(float(question.points), "point")
    details = [question.id, _TYPE_NAMES[question.type]]
    if question.shuffle_options and question.type in ("single", "multiple", "matching"):
        details.append("ordre mélangé pour chaque étudiant")
    lines = [f"Question {preview.number} ({points}) · {' · '.join(details)}"]
    first = preview.variants[0]
    if question.params:
        lines.append(
            f"  Question paramétrée : {fr.count(preview.variant_count, 'variante')} possibles, "
            f"{fr.count(len(preview.variants), 'variante montrée', 'variantes montrées')}."
        )
    for shown in preview.variants if question.params else [first]:
        margin = "  "
        if question.params:
            params = ", ".join(f"{k} = {_value(v)}" for k, v in shown.params.items())
            lines.append(f"  Variante {shown.view.seed} ({params}) :")
            margin = "    "
        lines += _student_lines(shown, margin)
        lines.append(f"    → Réponse attendue : {shown.answer}")
    lines.append("  Corrigé :")
    lines += _key_lines(preview)
    # Hints and explanation as the first variant shown writes them (its parameters filled in).
    drawn = variant(question, first.view.seed)
    of_first = f" (variante {first.view.seed})" if question.params else ""
    if drawn.hints:
        cost = fr.percent(question.hint_penalty)
        lines.append(f"  Indices{of_first}, chacun coûte {cost} des points :")
        for index, hint in enumerate(drawn.hints, start=1):
            lines.append(f"    {index}. {hint.strip()}")
    if drawn.explanation:
        lines.append(f"  Explication{of_first} :")
        lines += _indent(drawn.explanation, "    ")
    return lines


def preview_text(preview: QuizPreview) -> str:
    """The preview in French, for a terminal."""
    quiz = preview.quiz
    head = (
        f"Quiz « {quiz.title} » ({quiz.id}) : "
        f"{fr.count(len(quiz.questions), 'question')}, {fr.count(quiz.max_score, 'point')}"
    )
    if quiz.pass_mark is not None:
        head += f", seuil de réussite {fr.percent(quiz.pass_mark)}"
    if quiz.shuffle:
        head += ", questions dans un ordre mélangé"
    lines = [head + "."]
    if quiz.description:
        lines += _indent(quiz.description, "")
    for question in preview.questions:
        lines.append("")
        lines += _question_text(question)
    return "\n".join(lines) + "\n"
