"""Grading: a pure function from a question and a response to a result with French feedback.

Rules (the browser's JavaScript applies the same ones; ``tests/quiz/vectors.json`` holds them
equal):

* ``single``, ``true_false``: all or nothing.
* ``multiple``: ``points × max(0, correct chosen / correct − wrong chosen / wrong)`` (the second
  term is 0 when every option is correct).
* ``numeric``: right when ``|x − answer| ≤ tolerance`` (absolute, or relative with ``"10%"``) plus
  ``1e-9 × max(1, |answer|)`` for floating-point noise; French decimal comma, spaces between
  thousands, the stated unit and declared unit conversions accepted (:mod:`hvlab.quiz.normalize`).
* ``text``: equal to one accepted answer after normalisation (trimmed, spaces collapsed, case
  ignored unless ``case_sensitive``, accents ignored with ``ignore_accents``).
* ``matching``: ``points × share of the pairs right``.
* ``ordering``: ``points × share of items at their right position`` (or all or nothing).
* Hints: the score is multiplied by ``max(0, 1 − hints used × hint_penalty)``, counting at most
  as many hints as the question has.
* Scores are rounded to 6 decimals; a question is ``correct`` when its response is fully right
  (hints do not change that).

Responses (option indexes in source order, bool, typed string, ``{left: right}``, list of item
texts) may be wrapped as ``{"seed": S, "value": V}`` (required for parametrised questions, whose
answer depends on the seed) and may carry ``"hints_used"`` in that envelope. A response of the wrong
shape scores 0 with a French explanation; grading never raises.
"""

from __future__ import annotations

__all__ = [
    "QuestionResult",
    "QuizResult",
    "expected_text",
    "grade_question",
    "grade_quiz",
    "unwrap_response",
]

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hvlab import fr
from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.normalize import normalize_text, read_quantity
from hvlab.quiz.variants import ExpressionError, Variant, variant

_ENVELOPE_KEYS = frozenset({"seed", "value", "hints_used"})


@dataclass(frozen=True)
class QuestionResult:
    """The grade of one question.

    Attributes:
        id: the question's id.
        score: points earned (rounded to 6 decimals).
        max: the question's points.
        correct: the response is fully right (hints used or not).
        feedback: French feedback: verdict, chosen options' feedback, expected answer, hints cost.
        verdict: the same feedback without the expected answer (what a grading server may show
            while it still withholds the correct answers).
        fraction: share of the points the response deserves before the hint penalty.
        hints_used: hints counted against the score.
        option_feedback: feedback of the chosen options (single, multiple), in source order.
        explanation: the question's explanation (rendered for the variant).
        expected: the right answer, in French words.
        seed: the variant graded (None without parameters).
    """

    id: str
    score: float
    max: float
    correct: bool
    feedback: str
    fraction: float = 0.0
    hints_used: int = 0
    option_feedback: tuple[str, ...] = ()
    explanation: str = ""
    expected: str = ""
    seed: int | None = None
    verdict: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The result contract: ``id``, ``score``, ``max``, ``correct``, ``feedback`` and extras."""
        return {
            "id": self.id,
            "score": self.score,
            "max": self.max,
            "correct": self.correct,
            "feedback": self.feedback,
            "fraction": self.fraction,
            "hints_used": self.hints_used,
            "option_feedback": list(self.option_feedback),
            "explanation": self.explanation,
            "expected": self.expected,
            "seed": self.seed,
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class QuizResult:
    """The grade of a whole quiz.

    Attributes:
        quiz: the quiz's id.
        questions: one result per question, in source order.
        pass_mark: the quiz's pass mark (fraction of the points), if any.
        ignored: ids of responses that match no question.
    """

    quiz: str
    questions: tuple[QuestionResult, ...]
    pass_mark: float | None = None
    ignored: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        """Total points earned."""
        return round(sum(q.score for q in self.questions), 6)

    @property
    def max(self) -> float:
        """Total points available."""
        return round(sum(q.max for q in self.questions), 6)

    @property
    def passed(self) -> bool | None:
        """Whether the pass mark is reached (None when the quiz has none)."""
        if self.pass_mark is None:
            return None
        return self.max > 0 and self.score >= self.pass_mark * self.max - 1e-9

    def to_dict(self) -> dict[str, Any]:
        """The grade result contract: ``{"score", "max", "questions": [...]}`` plus extras."""
        return {
            "quiz": self.quiz,
            "score": self.score,
            "max": self.max,
            "passed": self.passed,
            "questions": [q.to_dict() for q in self.questions],
            "ignored": list(self.ignored),
        }


def unwrap_response(response: Any) -> tuple[Any, int | None, int | None]:
    """Split a response into ``(value, seed, hints_used)``.

    A dict whose keys include ``value`` and are all among ``seed``, ``value``, ``hints_used`` is
    an envelope; anything else is the bare value.
    """
    if (
        isinstance(response, Mapping)
        and "value" in response
        and all(isinstance(k, str) for k in response)
        and set(response) <= _ENVELOPE_KEYS
    ):
        seed: Any = response.get("seed")
        hints: Any = response.get("hints_used")
        return (
            response["value"],
            int(seed) if _is_int(seed) else None,
            int(hints) if _is_int(hints) else None,
        )
    return response, None, None


def _is_int(value: Any) -> bool:
    """An integer as JSON means one: ``2`` or ``2.0``, not ``True``."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and value.is_integer() and abs(value) < 2**53


def _json_number(value: Any) -> Any:
    if _is_int(value):
        return int(value)
    if isinstance(value, list):
        return [_json_number(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _json_number(v) for k, v in value.items()}
    return value


def _shown(value: Any) -> str:
    """``repr`` of a response read from JSON, integral numbers written as integers."""
    return repr(_json_number(value))


def _count(number: int, singular: str, plural: str) -> str:
    """``2 éléments``, ``1 élément``, ``0 élément`` (French: 0 and 1 take the singular)."""
    return f"{number} {singular if number < 2 else plural}"


def _number_fr(value: float) -> str:
    """An expected number in full: up to 6 decimals, or 6 significant digits when tiny or huge."""
    if value == 0 or 1e-3 <= abs(value) < 1e15:
        return fr.number(value, 6)
    return fr.significant(value, 6)


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text}{fr.NBSP if unit == '%' else fr.NNBSP}{unit}"


def expected_text(question: Question, shown: Variant) -> str:
    """The right answer of variant ``shown``, in French words (``QuestionResult.expected``)."""
    answer = shown.answer
    kind = question.type
    if kind == "single":
        return f"« {shown.options[answer]} »" if isinstance(answer, int) else ""
    if kind == "multiple":
        return " ; ".join(f"« {shown.options[i]} »" for i in answer)
    if kind == "true_false":
        return "vrai" if answer else "faux"
    if kind == "numeric":
        text = _with_unit(_number_fr(float(answer)), question.unit)
        tolerance = question.tolerance
        if isinstance(tolerance, str):
            text += f" (à {_with_unit(_number_fr(_percent(tolerance)), '%')} près)"
        elif tolerance:
            text += f" (à {_with_unit(_number_fr(float(tolerance)), question.unit)} près)"
        return text
    if kind == "text":
        return " ou ".join(f"« {a} »" for a in question.accept[:3])
    if kind == "matching":
        return " ; ".join(f"{p.left} → {p.right}" for p in question.pairs)
    return ", puis ".join(question.items)


def _percent(tolerance: str) -> float:
    """``"10%"``, ``"2,5 %"`` → 10.0, 2.5."""
    return float(tolerance.strip().rstrip("%").strip().replace(",", "."))


def _tolerance_value(question: Question, answer: float) -> float:
    tolerance = question.tolerance
    if isinstance(tolerance, str):
        return abs(answer) * _percent(tolerance) / 100
    return float(tolerance)


class _Unreadable(Exception):
    """The response does not have the shape the question type expects."""


def _fraction(question: Question, value: Any, shown: Variant) -> tuple[float, list[str], str]:
    """Return (fraction of the points, option feedback, detail) or raise :class:`_Unreadable`."""
    kind = question.type
    if kind == "single":
        if not _is_int(value) or not 0 <= value < len(question.options):
            raise _Unreadable(
                f"réponse illisible : un numéro d'option entre 0 et {len(question.options) - 1} "
                f"est attendu, reçu {_shown(value)}"
            )
        option = question.options[int(value)]
        notes = [option.feedback] if option.feedback else []
        return (1.0 if option.correct else 0.0), notes, ""
    if kind == "multiple":
        if not isinstance(value, list) or not all(
            _is_int(i) and 0 <= i < len(question.options) for i in value
        ):
            raise _Unreadable(
                "réponse illisible : une liste de numéros d'options entre 0 et "
                f"{len(question.options) - 1} est attendue, reçu {_shown(value)}"
            )
        chosen = sorted({int(i) for i in value})
        right = sum(1 for o in question.options if o.correct)
        wrong = len(question.options) - right
        right_chosen = sum(1 for i in chosen if question.options[i].correct)
        wrong_chosen = len(chosen) - right_chosen
        fraction = right_chosen / right - (wrong_chosen / wrong if wrong else 0.0)
        notes = [question.options[i].feedback for i in chosen if question.options[i].feedback]
        detail = (
            f"{_count(right_chosen, 'bonne option cochée', 'bonnes options cochées')} sur "
            f"{right}, {_count(wrong_chosen, 'mauvaise', 'mauvaises')} sur {wrong}."
        )
        return max(0.0, fraction), notes, detail
    if kind == "true_false":
        if not isinstance(value, bool):
            raise _Unreadable(
                f"réponse illisible : vrai ou faux (true/false) attendu, reçu {_shown(value)}"
            )
        return (1.0 if value == bool(shown.answer) else 0.0), [], ""
    if kind == "numeric":
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise _Unreadable(f"réponse illisible : un nombre est attendu, reçu {_shown(value)}")
        if isinstance(value, str):
            reading = read_quantity(value, question.unit, question.units)
            if reading.value is None:
                raise _Unreadable(reading.problem)
            number = reading.value
        else:
            number = float(value)
            if not math.isfinite(number):
                raise _Unreadable(f"réponse illisible : {_shown(value)} n'est pas un nombre fini")
        answer = float(shown.answer)
        allowed = _tolerance_value(question, answer) + 1e-9 * max(1.0, abs(answer))
        return (1.0 if abs(number - answer) <= allowed else 0.0), [], ""
    if kind == "text":
        if not isinstance(value, str):
            raise _Unreadable(f"réponse illisible : un texte est attendu, reçu {_shown(value)}")
        options = {
            "case_sensitive": question.case_sensitive,
            "ignore_accents": question.ignore_accents,
        }
        typed = normalize_text(value, **options)
        if not typed:
            raise _Unreadable("Pas de réponse.")
        accepted = {normalize_text(a, **options) for a in question.accept}
        return (1.0 if typed in accepted else 0.0), [], ""
    if kind == "matching":
        if not isinstance(value, Mapping):
            raise _Unreadable(
                "réponse illisible : des associations {gauche: droite} sont attendues, "
                f"reçu {_shown(value)}"
            )
        good = sum(1 for p in question.pairs if value.get(p.left) == p.right)
        total = len(question.pairs)
        return (
            good / total,
            [],
            f"{_count(good, 'association juste', 'associations justes')} sur {total}.",
        )
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Unreadable(
            "réponse illisible : la liste des éléments dans l'ordre est attendue, "
            f"reçu {_shown(value)}"
        )
    good = sum(1 for i, item in enumerate(question.items) if i < len(value) and value[i] == item)
    total = len(question.items)
    if question.all_or_nothing:
        fraction = 1.0 if good == total and len(value) == total else 0.0
    else:
        fraction = good / total
    return (
        fraction,
        [],
        f"{_count(good, 'élément à sa place', 'éléments à leur place')} sur {total}.",
    )


def grade_question(question: Question, response: Any, *, hints_used: int = 0) -> QuestionResult:
    """Grade one response (never raises: an unreadable response scores 0 with an explanation).

    Args:
        question: the question.
        response: the response (see the module docstring), None when unanswered.
        hints_used: hints the student asked for (an envelope's ``hints_used`` takes precedence).

    Returns:
        The result, with French feedback.
    """
    value, seed, envelope_hints = unwrap_response(response)
    if envelope_hints is not None:
        hints_used = envelope_hints
    hints_counted = max(0, min(int(hints_used), len(question.hints)))
    factor = max(0.0, 1.0 - hints_counted * question.hint_penalty)
    points = float(question.points)

    def result(
        fraction: float, said: list[str], expected_sentence: str = "", **extra: Any
    ) -> QuestionResult:
        score = round(points * fraction * factor, 6)
        correct = fraction >= 1 - 1e-9
        cost = ""
        if hints_counted and fraction > 0:
            lost = round(100 * (1 - factor))
            used = _count(hints_counted, "indice utilisé", "indices utilisés")
            cost = f"{used[0].upper()}{used[1:]} : −{lost}{fr.NBSP}% des points."
        return QuestionResult(
            id=question.id,
            score=score,
            max=points,
            correct=correct,
            feedback=_sentences(*said, expected_sentence, cost),
            fraction=round(fraction, 6),
            hints_used=hints_counted,
            seed=seed if question.params else None,
            verdict=_sentences(*said, cost),
            **extra,
        )

    if question.params and seed is None:
        return result(
            0.0,
            [
                "Réponse sans graine : cette question paramétrée se corrige selon la variante vue, "
                'envoyez {"seed": S, "value": …}.'
            ],
        )
    try:
        shown = variant(question, seed)
    except ExpressionError as error:
        return result(0.0, [f"Question impossible à corriger : {error}."])
    expected = expected_text(question, shown)
    extras = {"explanation": shown.explanation, "expected": expected}
    answer_sentence = f"Réponse attendue : {expected}."
    if value is None or (isinstance(value, (str, list, dict)) and len(value) == 0):
        return result(0.0, ["Pas de réponse."], answer_sentence, **extras)
    try:
        fraction, notes, detail = _fraction(question, value, shown)
    except _Unreadable as error:
        message = str(error)
        message = message[0].upper() + message[1:] if message else message
        if not message.endswith("."):
            message += "."
        return result(0.0, [message], answer_sentence, **extras)
    if fraction >= 1 - 1e-9:
        return result(fraction, [*notes, "Bonne réponse !"], option_feedback=tuple(notes), **extras)
    verdict = "Réponse en partie juste." if fraction > 0 else "Réponse fausse."
    return result(
        fraction, [*notes, verdict, detail], answer_sentence, option_feedback=tuple(notes), **extras
    )


def _sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def grade_quiz(
    quiz: Quiz, responses: Mapping[str, Any], *, hints_used: Mapping[str, int] | None = None
) -> QuizResult:
    """Grade every question of ``quiz`` (a question without response scores 0).

    Args:
        quiz: the quiz.
        responses: question id → response (see :func:`grade_question`).
        hints_used: question id → hints used (an envelope's ``hints_used`` takes precedence).
    """
    hints = hints_used or {}
    known = {q.id for q in quiz.questions}
    results = tuple(
        grade_question(q, responses.get(q.id), hints_used=int(hints.get(q.id, 0) or 0))
        for q in quiz.questions
    )
    ignored = tuple(str(k) for k in responses if k not in known)
    return QuizResult(quiz=quiz.id, questions=results, pass_mark=quiz.pass_mark, ignored=ignored)
