"""Helpers for check authors: French messages for missing, placeholder and wrong values."""

from __future__ import annotations

import pytest

from hvlab.labs.checks import CheckFailed, expect_close, expect_type, expect_var


def test_check_failed_is_an_assertion_error() -> None:
    assert issubclass(CheckFailed, AssertionError)


def test_expect_var_returns_the_value() -> None:
    assert expect_var({"x": 3}, "x") == 3


def test_expect_var_missing_variable() -> None:
    with pytest.raises(CheckFailed, match="La variable « placement » n'existe pas"):
        expect_var({}, "placement")


def test_expect_var_placeholder() -> None:
    with pytest.raises(CheckFailed) as info:
        expect_var({"x": ...}, "x")
    assert str(info.value) == (
        "La variable « x » vaut encore « ... » : remplacez les points de suspension par votre code."
    )


def test_expect_type_wrong_type() -> None:
    with pytest.raises(CheckFailed) as info:
        expect_type({"hotes": "3"}, "hotes", int)
    assert str(info.value) == "La variable « hotes » devrait être un « int », pas un « str » ('3')."


def test_expect_type_accepts_an_int_for_a_float() -> None:
    assert expect_type({"x": 2}, "x", float) == 2.0


def test_expect_close_message_gives_value_and_expectation() -> None:
    expect_close(0.1 + 0.2, 0.3, what="la somme")
    with pytest.raises(CheckFailed) as info:
        expect_close(3, 4, what="la borne inférieure", unit="hôtes")
    assert str(info.value) == "La borne inférieure vaut 3 hôtes, on attend 4 hôtes."
    with pytest.raises(CheckFailed, match="vaut 2,5, on attend 2,75"):
        expect_close(2.5, 2.75, what="x")


def test_expect_close_rejects_non_numbers() -> None:
    with pytest.raises(CheckFailed, match="La puissance devrait être un nombre"):
        expect_close(..., 3.0, what="la puissance")  # type: ignore[arg-type]
