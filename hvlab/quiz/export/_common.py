"""What both Moodle exports share: grade fractions, Markdown to HTML, variants to export."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

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
        notes: one French sentence per approximation (rounded fraction, unsupported feature).
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


def category_of(quiz: Quiz) -> str:
    """The Moodle category of a quiz (its ``category``, or its title)."""
    return quiz.category or quiz.title


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


def tolerance_abs(question: Question, answer: float) -> float:
    """The numeric tolerance of ``question`` as an absolute error around ``answer``."""
    tolerance = question.tolerance
    if isinstance(tolerance, str):
        percent = float(tolerance.strip().rstrip("%").strip().replace(",", "."))
        return abs(answer) * percent / 100
    return float(tolerance)


def number_text(value: float) -> str:
    """A number for Moodle (dot decimal, no exponent for ordinary values, no trailing zeros)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10f}".rstrip("0").rstrip(".")


def multiple_fractions(question: Question, label: str, notes: list[str]) -> list[float]:
    """Moodle fractions (%) of the options of a ``multiple`` question: ``100/C`` for each of the C
    right options, ``−100/W`` for each of the W wrong ones (Moodle then sums and clamps to
    [0, 100], which is exactly hvlab's rule), rounded to allowed fractions with a note."""
    right = sum(1 for o in question.options if o.correct)
    wrong = len(question.options) - right
    fractions = []
    for option in question.options:
        wanted = 100 / right if option.correct else -100 / wrong
        allowed, rounded = nearest_fraction(wanted)
        if rounded:
            notes.append(
                f"{label} : fraction {wanted:.4f} % arrondie à {format_fraction(allowed)} % "
                "(Moodle n'accepte que des fractions fixes)."
            )
        fractions.append(allowed)
    return fractions
