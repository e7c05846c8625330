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
