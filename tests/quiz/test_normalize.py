"""Reading French numbers with units, and normalising text answers."""

from __future__ import annotations

import pytest

from hvlab.quiz.normalize import normalize_text, parse_number, read_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7,5", 7.5),
        ("7.5", 7.5),
        ("12 345", 12345.0),
        ("12\u00a0345,5", 12345.5),
        ("12\u202f345,5", 12345.5),
        ("1 234 567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("\u22123,5", -3.5),
        ("-0,25", -0.25),
        ("+4", 4.0),
        ("1,5e3", 1500.0),
        ("2E-3", 0.002),
        ("3,", 3.0),
    ],
)
def test_parse_number_french_and_english(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "12 34", "1,2,3", "1.2.3", "1e999", "7,5 %", "--1"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_read_quantity_converts_declared_units() -> None:
    units = {"Mo": 0.001, "To": 1000}
    assert read_quantity("2 To", "Go", units).value == 2000
    assert read_quantity("512Mo", "Go", units).value == pytest.approx(0.512)
    assert read_quantity("3 Go", "Go", units).value == 3
    assert read_quantity("3", "Go", units).value == 3
    assert read_quantity("3 go", "Go", units).value == 3


def test_read_quantity_ambiguous_case_folding_is_refused() -> None:
    # "ms" and "Ms" differ only by case: "MS" matches neither exactly, and both case-insensitively
    reading = read_quantity("3 MS", "ms", {"Ms": 1e9})
    assert reading.value is None
    assert "« MS » non reconnue" in reading.problem


def test_read_quantity_without_unit_declared_refuses_a_unit() -> None:
    reading = read_quantity("3 W", "", None)
    assert reading.value is None
    assert reading.problem == "Unité « W » non reconnue (donnez le nombre seul)."


def test_read_quantity_percent_sign() -> None:
    assert read_quantity("7,5\u202f%", "%").value == 7.5
    assert read_quantity("7,5%", "%").value == 7.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Migration   à\tCHAUD ", "migration à chaud"),
        ("L\u2019hyperviseur", "l'hyperviseur"),
        ("e\u0301te\u0301", "été"),
    ],
)
def test_normalize_text_default(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


def test_normalize_text_options() -> None:
    assert normalize_text("Été", case_sensitive=True) == "Été"
    assert normalize_text("Été à Noël", ignore_accents=True) == "ete a noel"
