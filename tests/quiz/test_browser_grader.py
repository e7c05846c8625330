"""The browser's reading of answers and its numbers, under Node, against Python's.

``quiz/grading.js`` reads typed numbers and texts like ``hvlab/quiz/normalize.py`` and writes
expected numbers like ``hvlab/quiz/grading.py`` (both through the ``hvlab.fr`` twins);
``quiz/pyformat.js`` rounds scores like Python's ``round`` (half to even on the exact binary value,
where JavaScript's toFixed rounds exact ties up) and quotes like ``repr``. Hand-checked anchors
keep the two from agreeing on a wrong reading.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from hvlab.quiz.grading import _number_fr
from hvlab.quiz.normalize import normalize_text, read_quantity
from tests.quiz.jsrun import GRADING, PYFORMAT, js_values

TYPED = [
    "7,5",
    "7.5",
    " 7,5 % ",
    "7,5%",
    "12 345,6",
    "12\u00a0345,6",
    "12\u202f345,6 Go",
    "1.234,5",
    "1,234.5",
    "1,2,3",
    "12 34",
    "1 2345",
    "−3,5",
    "- 2",
    "+4",
    "1e3",
    "2,5E-2",
    "16Go",
    "16 go",
    "16 000 Mo",
    "16 To",
    "abc",
    "",
    ",5",
    "5.",
    "1e400",
    "0,000001",
    "3 Mo ",
]
UNITS = {"Mo": 0.001, "Ko": 1e-6, "%": 1.0}


def test_browser_reads_typed_numbers_like_python() -> None:
    js = js_values(GRADING, [("readQuantity", [t, "Go", UNITS]) for t in TYPED])
    python = [read_quantity(t, "Go", UNITS) for t in TYPED]
    assert [r["value"] for r in js] == [p.value for p in python]
    assert [r["problem"] for r in js] == [p.problem for p in python]
    assert [r["unit"] for r in js] == [p.unit for p in python]
    read = {t: p.value for t, p in zip(TYPED, python, strict=True)}
    assert read["7,5"] == 7.5
    assert read["12\u202f345,6 Go"] == 12345.6
    assert read["16 000 Mo"] == pytest.approx(16.0)
    assert read["12 34"] is None
    assert read["16 To"] is None


TEXTS = [
    "  Migration   à CHAUD ",
    "l\u2019hyperviseur",
    "Straße",
    "E\u0301cole",
    "École\u00a0normale",
    "ÇA VA",
    "vMotion\t",
    "ﬁchier",
    "a\u2003b\u3000c",
]


@pytest.mark.parametrize(
    ("case_sensitive", "ignore_accents"), [(False, False), (True, False), (False, True)]
)
def test_browser_normalises_text_like_python(case_sensitive: bool, ignore_accents: bool) -> None:
    js = js_values(GRADING, [("normalizeText", [t, case_sensitive, ignore_accents]) for t in TEXTS])
    python = [
        normalize_text(t, case_sensitive=case_sensitive, ignore_accents=ignore_accents)
        for t in TEXTS
    ]
    assert js == python


def _numbers() -> list[float]:
    rng = random.Random(20261201)
    values = [
        0.125,  # old quiz.js showed "0,13"
        0.0078125,  # a tie at the 7th decimal
        2**-10,  # 0.0009765625: a tie at 6 significant digits
        1234565e9,  # an integer tie beyond 1e15
        999999.5,
        1e-7,
        1e15,
        1e16,
        123456789.123,
        -1234.5678,
        0.1 + 0.2,
        1 / 3,
        12345.6,
        1e-3,
        5e-324,
        -0.0,
    ]
    for _ in range(400):
        values.append(rng.choice([1, -1]) * rng.random() * 10 ** rng.randint(-12, 20))
        values.append(rng.randint(1, 2**20) / 2 ** rng.randint(1, 30))
    return values


def test_browser_writes_expected_numbers_like_python() -> None:
    values = _numbers()
    js = js_values(GRADING, [("numberFr", [v]) for v in values])
    assert js == [_number_fr(v) for v in values]
    assert _number_fr(0.125) == "0,125"
    assert _number_fr(0.0078125) == "0,007813"  # hvlab.fr rounds halves away from zero
    assert _number_fr(1.5e-7) == "1,5 × 10⁻⁷"
    assert _number_fr(12345.6) == "12\u202f345,6"


def test_browser_rounds_like_python() -> None:
    values = [v for v in _numbers() if abs(v) < 1e15]
    js = js_values(PYFORMAT, [("pyRound", [v, 6]) for v in values])
    assert js == [round(v, 6) for v in values]
    assert js_values(PYFORMAT, [("pyRound", [0.0078125, 6])]) == [0.007812]


REPRS: list[Any] = [
    "abc",
    "l'a",
    "l'a\"b",
    "\\x",
    "\n\t",
    "é\u00a0\u202f",
    "\x00\x7f\u2028",
    "😀",
    [1, "a", None, True, {"k": [2.5, 1e-05, 1e16]}],
    0.1,
    -3.5e-7,
]


def test_browser_quotes_responses_like_python_repr() -> None:
    assert js_values(PYFORMAT, [("pyRepr", [v]) for v in REPRS]) == [repr(v) for v in REPRS]
