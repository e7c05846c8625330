"""The ``hvlab`` command: French help, errors without traceback."""

from __future__ import annotations

import argparse

import pytest

from hvlab.cli import build_parser, main


def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _all_parsers(sub)
    return found


def test_help_is_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : hvlab")
    assert "affiche cette aide et quitte" in out
    assert "show this help" not in out


@pytest.mark.parametrize("parser", _all_parsers(build_parser()), ids=lambda p: p.prog)
def test_every_subcommand_help_is_in_french(parser: argparse.ArgumentParser) -> None:
    text = parser.format_help()
    assert text.startswith("utilisation :")
    for english in ("usage:", "show this help", "positional arguments", "optional arguments"):
        assert english not in text
    assert parser.description, f"{parser.prog} has no description"


def test_usage_error_is_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--nope"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "erreur : arguments non reconnus : --nope" in err


def test_no_subcommand_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "utilisation : hvlab" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["nan", "inf", "-1", "0", "dix", "1e9", ""])
def test_a_duration_must_be_a_positive_finite_number_of_seconds(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--only", "glossary", "--timeout", text])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --timeout : durée invalide « {text} » : donnez un nombre de secondes" in err


def test_a_duration_accepts_a_decimal_comma() -> None:
    from hvlab.commands._options import seconds

    assert seconds("2,5") == 2.5 and seconds("120") == 120.0


def test_unknown_name_suggests_the_closest_and_lists_the_known_ones() -> None:
    from hvlab.commands._options import unknown_name

    error = unknown_name("étape", "bornes", ["borne", "affichage"], feminine=True)
    assert str(error) == (
        "étape « bornes » inconnue (vouliez-vous dire « borne » ?) ; existantes : affichage, borne."
    )
    assert str(unknown_name("quiz", "x", [])) == "quiz « x » inconnu ; existants : aucun."
