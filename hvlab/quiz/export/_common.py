"""What both Moodle exports share: grade fractions, Markdown to HTML, variants to export."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from hvlab.errors import ValidationError, ValidationProblem
from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.variants import Variant, variant

#: The grade fractions (in %) Moodle accepts for an answer; negatives are allowed too.
MOODLE_FRACTIONS: tuple[float, ...] = (
    100.0,
    90.0,
    83.33333,
    80.0,
    75.0,
    70.0,
    66.66667,
    60.0,
    50.0,
    40.0,
    33.33333,
    30.0,
    25.0,
    20.0,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10.0,
    5.0,
    0.0,
)

_ALLOWED = sorted({*MOODLE_FRACTIONS, *(-f for f in MOODLE_FRACTIONS)})


def nearest_fraction(percent: float) -> tuple[float, bool]:
    """The allowed Moodle fraction nearest to ``percent``, and whether it had to be rounded.

    Example:
        >>> nearest_fraction(100 / 3)
        (33.33333, False)
        >>> nearest_fraction(100 / 11)
        (10.0, True)
    """
    best = min(_ALLOWED, key=lambda allowed: (abs(allowed - percent), -abs(allowed)))
    return best, abs(best - percent) > 1e-4


def format_fraction(percent: float) -> str:
    """``33.33333`` → ``"33.33333"``, ``50.0`` → ``"50"``."""
    text = f"{percent:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class ExportResult:
    """An export: its text and the French notes on what was approximated.

    Attributes:
        text: the exported file's content.
        notes: one French sentence per approximation (rounded fraction, unsupported feature)
            and per way Moodle grades a question differently, each starting ``quiz/question :``
            (one sentence, on the decimal comma, concerns every numeric question).
        question_count: how many Moodle questions were written (variants included).
    """

    text: str
    notes: list[str] = field(default_factory=list)
    question_count: int = 0


@cache
def _markdown() -> Any:
    import markdown

    return markdown.Markdown(extensions=["abbr", "attr_list", "def_list", "tables", "sane_lists"])


def markdown_to_html(text: str) -> str:
    """Markdown → HTML (Python-Markdown with tables, attribute lists and abbreviations)."""
    converter = _markdown()
    converter.reset()
    return str(converter.convert(text))


def inline_html(text: str) -> str:
    """Markdown → HTML without the enclosing paragraph of a one-paragraph text."""
    html = markdown_to_html(text).strip()
    match = re.fullmatch(r"<p>((?:(?!</?p[ >]).)*)</p>", html, re.DOTALL)
    return match.group(1) if match else html


def category_name(name: str) -> str:
    """One category name as a segment of a Moodle category path.

    Mirrors ``qformat_default::assemble_category_path`` (question/format.php): ``/`` is doubled
    (``split_category_path`` splits on single slashes only), and a name starting or ending with
    ``/`` gets a space there.
    """
    escaped = name.replace("/", "//")
    if escaped.startswith("/"):
        escaped = " " + escaped
    if escaped.endswith("/"):
        escaped += " "
    return escaped


def category_of(quiz: Quiz) -> str:
    """The Moodle category path of a quiz: its ``category`` (``/`` separates nested categories),
    or else its title as one category (a ``/`` in the title is kept, doubled)."""
    return quiz.category or category_name(quiz.title)


def subcategory_of(quiz: Quiz, question: Question) -> str:
    """The Moodle category path of the variants of a parametrised question."""
    return f"{category_of(quiz)}/{category_name(question.id)}"


def instances(question: Question, variant_count: int) -> Iterator[tuple[str, Variant]]:
    """``(name, variant)`` of every Moodle question to write for ``question``.

    A question without parameters gives one; a parametrised one gives ``variant_count`` (seeds
    ``0 … N − 1``), named ``<id>-v<seed>``, skipping seeds that repeat earlier parameters.
    """
    if not question.params:
        yield question.id, variant(question)
        return
    seen: set[str] = set()
    for seed in range(variant_count):
        shown = variant(question, seed)
        key = repr(sorted(shown.params.items()))
        if key in seen:
            continue
        seen.add(key)
        yield f"{question.id}-v{seed}", shown


def strip_accents(text: str) -> str:
    """``"à chaud"`` → ``"a chaud"``."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def check_matching_size(
    label: str,
    asked: int,
    answers: int,
    notes: list[str],
    fix: str = "ajoutez un distracteur (distractors)",
) -> None:
    """Note a matching question smaller than Moodle's minimum: ``edit_match_form::validation``
    (question/type/match) wants at least 2 questions and 3 answers (pairs + distractors). The
    import accepts fewer, but the form then refuses to save the question when it is edited."""
    if asked < 2 or answers < 3:
        notes.append(
            f"{label} : Moodle demande au moins 2 paires et 3 réponses (paires + distracteurs) "
            f"pour une association ; {fix}, sans quoi Moodle refusera d'enregistrer la question "
            "si on la modifie."
        )


def tolerance_abs(question: Question, answer: float) -> float:
    """The numeric tolerance of ``question`` as an absolute error around ``answer``."""
    tolerance = question.tolerance
    if isinstance(tolerance, str):
        percent = float(tolerance.strip().rstrip("%").strip().replace(",", "."))
        return abs(answer) * percent / 100
    return float(tolerance)


def number_text(value: float, digits: int = 15) -> str:
    """A number for Moodle: dot decimal, no exponent, no trailing zeros, and every
    significant digit of the float up to ``digits`` (``%.15g`` by default, which also drops
    binary noise such as ``24 × 0.05 = 1.2000000000000002``), so that a small unit multiplier
    such as ``1/1048576`` is not rounded to 10 decimals (Moodle divides the student's value by
    it).

    Example:
        >>> number_text(2.0), number_text(0.1), number_text(1 / 1048576)
        ('2', '0.1', '0.00000095367431640625')
        >>> number_text(100 / 3, 14)
        '33.333333333333'
    """
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = format(Decimal(f"{value:.{digits}g}"), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _right_fractions(right: int, label: str) -> tuple[list[float], bool]:
    """Allowed Moodle fractions (%) for ``right`` correct options that add up to exactly 100 %.

    Moodle refuses a multiple-answer question whose positive fractions do not add up to 100 %
    (``qtype_multichoice``: ``round(total, 2) != 1`` → ``errfractionsaddwrong``), so ``100/C`` is
    used when it is an allowed fraction, and otherwise the mix of two allowed fractions
    (``n·a + (C − n)·b = 100``) closest to ``100/C`` in squared error, e.g. 11 options →
    9 × 10 % + 2 × 5 %.

    Returns:
        The fractions (larger first) and whether they differ from ``100/C``.

    Raises:
        ValidationError: more than 20 correct options (5 %, the smallest fraction, × 20 = 100 %).
    """
    equal, rounded = nearest_fraction(100 / right)
    if not rounded:
        return [equal] * right, False
    positives = [f for f in MOODLE_FRACTIONS if f > 0]
    best: tuple[float, list[float]] | None = None
    for a in positives:
        for b in positives:
            if b >= a:
                continue
            for n in range(1, right):
                total = n * a + (right - n) * b
                if round(total / 100, 2) == 1:
                    spread = n * (a - 100 / right) ** 2 + (right - n) * (b - 100 / right) ** 2
                    if best is None or spread < best[0]:
                        best = (spread, [a] * n + [b] * (right - n))
    if best is None:
        raise ValidationError(
            [
                ValidationProblem(
                    f"question à réponses multiples avec {right} bonnes options : Moodle ne peut "
                    "pas répartir 100 % entre elles avec ses fractions autorisées (5 % au "
                    "minimum, donc 20 bonnes options au plus) ; réduisez le nombre de bonnes "
                    "options.",
                    path=label,
                )
            ]
        )
    return best[1], True


def multiple_fractions(question: Question, label: str, notes: list[str]) -> list[float]:
    """Moodle fractions (%) of the options of a ``multiple`` question.

    Each of the C right options gets ``100/C`` and each of the W wrong ones ``−100/W`` (Moodle then
    sums the chosen ones and clamps to [0, 100], which is exactly hvlab's rule). The fractions must
    be among Moodle's allowed ones (``question_bank::fraction_options_full()``, checked by
    ``qformat_default::importprocess``) and the right ones must add up to 100 % (checked by
    ``qtype_multichoice``); when ``100/C`` is not allowed, the right options get a mix of two
    allowed fractions adding up to 100 %, with a note.
    """
    right = sum(1 for o in question.options if o.correct)
    wrong = len(question.options) - right
    rights, uneven = _right_fractions(right, label) if right else ([], False)
    if uneven:
        shown = " + ".join(
            f"{rights.count(f)} × {format_fraction(f)} %" for f in dict.fromkeys(rights)
        )
        notes.append(
            f"{label} : {right} bonnes options, et 100/{right} = {100 / right:.4f} % n'est pas une "
            f"fraction Moodle ; elles valent {shown} (Moodle exige un total de 100 %), elles "
            "n'ont donc pas toutes le même poids."
        )
    right_iter = iter(rights)
    fractions = []
    for option in question.options:
        if option.correct:
            fractions.append(next(right_iter))
            continue
        wanted = -100 / wrong
        allowed, rounded = nearest_fraction(wanted)
        if rounded:
            notes.append(
                f"{label} : fraction {wanted:.4f} % arrondie à {format_fraction(allowed)} % "
                "(Moodle n'accepte que des fractions fixes)."
            )
        fractions.append(allowed)
    return fractions
