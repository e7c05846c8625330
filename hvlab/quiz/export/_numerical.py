"""Numeric questions for Moodle: the numbers Moodle keeps, the unit settings, what still differs.

Moodle (``question/type/numerical``) stores each answer and tolerance as a PHP float turned into
text with 14 significant digits, and accepts ``|x − answer| ≤ tolerance + 10⁻¹⁴ × max(tolerance,
|answer|)``. The answer is written here with those 14 digits, and the tolerance so that Moodle's
interval contains hvlab's exact one (``answer ± tolerance``): the tolerance as written when
Moodle's own margin already covers the rounding of the answer, otherwise rounded up.

Units: hvlab reads a bare number in the answer's unit, converts the declared units and refuses any
other. Moodle cannot refuse an unknown unit while accepting a bare number (a bare number and an
unknown unit both have no multiplier), so the closest setting that never gives marks to a wrong
unit is the unit chosen from a menu beside the number (``showunits`` 2), graded, with a penalty of
100 % of the mark for a wrong or missing unit (``unitgradingtype`` 1, ``unitpenalty`` 1): a wrong
unit (« 24 Mo » for 24 Go) and an unknown one score 0; a right number with no unit chosen scores 0
too, which :func:`numeric_notes` tells the teacher.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Context, Decimal

from hvlab.quiz.export._common import number_text
from hvlab.quiz.model import Question

#: Significant digits of a number Moodle stores (PHP ``precision``).
MOODLE_DIGITS = 14
#: Moodle's margin on a tolerance: ``10 ** -precision``.
_EPSILON = Decimal(10) ** -MOODLE_DIGITS

#: ``qtype_numerical::UNITSELECT``: the unit is chosen in a menu beside the number.
SHOWUNITS_MENU = 2
#: ``qtype_numerical::UNITGRADEDOUTOFMARK``: a wrong unit costs a share of the mark earned.
UNITGRADED_OUT_OF_MARK = 1
#: The share it costs: all of it.
UNIT_PENALTY = 1


def numeric_answer(answer: float, tolerance: float) -> tuple[str, str]:
    """The answer and the tolerance to write, so that Moodle accepts all of ``answer ± tolerance``.

    The answer keeps Moodle's 14 digits. The tolerance is written as is when Moodle's margin
    covers the rounding of the answer; otherwise it is rounded up, with as few digits as keep the
    widening within that margin.

    Example:
        >>> numeric_answer(24, 24 * 0.05)
        ('24', '1.2')
        >>> numeric_answer(100 / 3, 0)
        ('33.333333333333', '0.0000000000004')
    """
    stored = Decimal(number_text(answer, MOODLE_DIGITS))
    needed = Decimal(tolerance) + abs(Decimal(answer) - stored)
    written = Decimal(number_text(tolerance, MOODLE_DIGITS))
    margin = _EPSILON * max(needed, abs(stored), _EPSILON)
    if needed > written + margin / 2:
        for digits in range(1, MOODLE_DIGITS + 1):
            written = Context(prec=digits, rounding=ROUND_CEILING).plus(needed)
            if written - needed <= margin / 2:
                break
    return number_text(float(stored), MOODLE_DIGITS), _decimal_text(written)


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def unit_multipliers(question: Question) -> list[tuple[str, str]]:
    """``(unit, multiplier)`` for Moodle: the answer's unit first with 1, then each declared
    conversion with ``1 / factor`` (Moodle divides a typed value by the multiplier)."""
    if not question.unit:
        return []
    units = [(question.unit, "1")]
    for name, factor in question.units.items():
        if name != question.unit:
            units.append((name, number_text(1 / factor)))
    return units


def numeric_notes(
    question: Question, label: str, answers: list[float], notes: list[str], *, units_kept: bool
) -> None:
    """Note what Moodle grades differently on a numeric question.

    Args:
        question: the question.
        label: ``quiz/question`` for the notes.
        answers: the answers of the variants written.
        notes: where to add the notes.
        units_kept: the export keeps the units (Moodle XML) or drops them (GIFT).
    """
    if question.unit and units_kept:
        notes.append(
            f"{label} : dans Moodle, l'unité se choisit dans une liste à côté du nombre ; une "
            "réponse juste sans unité choisie y est comptée fausse (ici, un nombre seul est lu "
            f"en {question.unit})."
        )
    elif question.unit:
        conversions = [name for name in question.units if name != question.unit]
        lost = (
            f" ; les conversions ({', '.join(conversions)}) sont perdues : une réponse juste en "
            f"{conversions[0]} y est comptée fausse"
            if conversions
            else ""
        )
        notes.append(
            f"{label} : GIFT n'enregistre pas l'unité ({question.unit}) : Moodle ne lit que le "
            "nombre, et note un nombre suivi de n'importe quelle unité (« 12 xyz ») comme le "
            f"nombre seul{lost}. Utilisez l'export Moodle XML."
        )
    else:
        notes.append(
            f"{label} : Moodle note un nombre suivi d'une unité (« 12 xyz ») comme le nombre seul "
            "si la réponse reste ainsi à la fin du test (il la signale comme invalide, sans la "
            "refuser) ; ici, une unité est refusée."
        )
    if any(answer < 0 for answer in answers):
        notes.append(
            f"{label} : Moodle ne lit pas le signe moins typographique « − » : les étudiants "
            "doivent taper « - » (ici, les deux sont acceptés)."
        )


#: Said once per export that has a numeric question.
DECIMAL_COMMA_NOTE = (
    "questions numériques : Moodle lit la virgule décimale selon la langue de l'étudiant ; "
    "imposez le français au cours (pack de langue français installé), sinon « 7,5 » y est lu 75."
)
