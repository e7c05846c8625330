"""Hostile or careless source files given to the ``hvlab`` commands: a French message, exit 1,
never a traceback, and no hang (issue 15).

Each case writes the file a careless instructor or a hostile student could write and runs the
command on it in this process (``main([...])``) under a guard that only catches a hang (the
loaded test machine measures no speed: a file over the size limit is shown to be refused
*unopened*, not fast).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hvlab.cli import main
from tests.conftest import ROOT
from tests.hang import no_hang
from tests.reads import files_opened

MINI_LAB = ROOT / "tests" / "labs" / "fixtures" / "mini"


def _billion_laughs() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(9):
        name, previous = chr(98 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    return "\n".join(lines) + "\n"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with no_hang("hvlab " + " ".join(argv)):
        code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out, out.err


@pytest.fixture
def labs(tmp_path: Path) -> Path:
    """``labs/`` with the ``mini`` lab and a second lab folder to break."""
    root = tmp_path / "labs"
    shutil.copytree(MINI_LAB, root / "mini")
    (root / "casse").mkdir()
    return root


def test_empty_lab_yaml_is_an_error(labs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (labs / "casse" / "lab.yaml").write_text("# rien encore\n", encoding="utf-8")
    code, _, err = _run(capsys, "lab", "validate", str(labs / "casse"))
    assert code == 1
    assert "casse/lab.yaml:1:1: fichier vide : un TP décrit au moins id, title" in err


def test_billion_laughs_lab_does_not_block_the_list_of_the_others(
    labs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (labs / "casse" / "lab.yaml").write_text(_billion_laughs(), encoding="utf-8")
    code, out, err = _run(capsys, "lab", "list", "--labs-dir", str(labs))
    assert code == 1
    assert "mini" in out and "Un TP minuscule" in out
    assert "les alias (*nom) répètent trop de valeurs" in err
    assert "1 problème dans les autres TP" in err


def test_50_mb_lab_yaml_is_refused_unread(
    labs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = labs / "casse" / "lab.yaml"
    with huge.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    opened = files_opened(monkeypatch)
    code, _, err = _run(capsys, "lab", "validate", str(labs / "casse"))
    assert code == 1
    assert "fichier trop volumineux : 50\u202fMio pour 2\u202fMio au plus" in err
    assert huge.resolve() not in opened


def test_50_mb_quiz_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    quiz = tmp_path / "gros.yaml"
    with quiz.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    opened = files_opened(monkeypatch)
    code, out, err = _run(capsys, "quiz", "check", str(quiz))
    assert code == 1
    assert "fichier trop volumineux : 50\u202fMio" in out + err
    assert quiz.resolve() not in opened


def test_deeply_nested_quiz_is_a_french_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quiz = tmp_path / "profond.yaml"
    quiz.write_text("id: profond\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    code, out, err = _run(capsys, "quiz", "check", str(quiz))
    assert code == 1
    assert "document trop imbriqué : 50 niveaux" in out + err


@pytest.mark.parametrize("command", ["report", "grade"])
def test_100000_deep_json_to_quiz_commands_is_a_french_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "profond.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    quiz = str(ROOT / "quizzes" / "hyperviseur.yaml")
    argv = ["quiz", "report", str(deep)] if command == "report" else ["quiz", "grade", quiz]
    if command == "grade":
        argv += ["--responses", str(deep)]
    code, _, err = _run(capsys, *argv)
    assert code == 1
    # report lists each file it ignores (here: too deep) before saying none was valid.
    assert "Erreur : " in err and "imbriqué" in err and "Traceback" not in err


def test_deeply_nested_scenario_is_a_french_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "profond.yaml"
    deep.write_text("hosts: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "sim", "scenario", str(deep))
    assert code == 1
    assert err.startswith("Erreur : ") and "imbriqué" in err


def test_an_internal_error_is_reported_in_french_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import hvlab.commands.check as check_command

    def broken(*_args: object, **_kwargs: object) -> None:
        raise TypeError("boom")

    monkeypatch.setattr(check_command, "check_course", broken)
    code, _, err = _run(capsys, "check", "--only", "glossary")
    assert code == 1
    assert err.startswith("Erreur interne de hvlab (TypeError : boom) : ce n'est pas votre faute")
