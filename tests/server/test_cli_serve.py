"""`hvlab serve`: teacher accounts from the command line, French errors, French help."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hvlab.cli import main


def _run(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_the_first_teacher_is_created_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "hvlab.db")
    code = _run(
        ["serve", "--db", db, "--create-teacher", "mdupont", "--name", "M. Dupont"],
        monkeypatch,
        "un-mot-de-passe-long\n",
    )
    assert code == 0
    # The first account administers hvlab (LTI platforms, keys); the next ones do not.
    assert capsys.readouterr().out == "Compte enseignant « mdupont » créé (administrateur).\n"
    assert _run(["serve", "--db", db, "--create-teacher", "lmartin"], monkeypatch, "x" * 12) == 0
    assert capsys.readouterr().out == "Compte enseignant « lmartin » créé.\n"
    assert _run(["serve", "--db", db, "--list-teachers"], monkeypatch) == 0
    assert capsys.readouterr().out == ("lmartin — lmartin\nmdupont — M. Dupont (administrateur)\n")
    again = _run(["serve", "--db", db, "--create-teacher", "mdupont"], monkeypatch, "x" * 12 + "\n")
    assert again == 1
    assert "Erreur : le compte « mdupont » existe déjà" in capsys.readouterr().err
    assert _run(["serve", "--db", db, "--grant-admin", "lmartin"], monkeypatch) == 0
    assert capsys.readouterr().out == "« lmartin » est maintenant administrateur.\n"
    assert _run(["serve", "--db", db, "--revoke-admin", "mdupont"], monkeypatch) == 0
    assert capsys.readouterr().out == "« mdupont » n'est plus administrateur.\n"
    assert _run(["serve", "--db", db, "--list-teachers"], monkeypatch) == 0
    assert capsys.readouterr().out == ("lmartin — lmartin (administrateur)\nmdupont — M. Dupont\n")


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["--create-teacher", "court"], "abc\n", "au moins 10 caractères"),
        (["--create-teacher", "a b"], "un-mot-de-passe-long\n", "identifiant invalide"),
        (["--set-password", "personne"], "un-mot-de-passe-long\n", "aucun compte « personne »"),
        (["--grant-admin", "personne"], "", "aucun compte « personne » à mot de passe"),
        (["--create-teacher", "lti:1:42"], "un-mot-de-passe-long\n", "réservé aux comptes"),
        (
            ["--db", "ftp://serveur/base", "--list-teachers"],
            "",
            "adresse de base de données non reconnue",
        ),
        (["--site", "/nulle/part"], "", "n'est pas un site construit"),
        (["--workers", "0"], "", "--workers doit être compris entre 1 et 64"),
    ],
)
def test_bad_options_get_a_french_error_and_exit_code_1(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    stdin: str,
    message: str,
) -> None:
    if "--db" not in argv:
        argv = ["--db", str(tmp_path / "hvlab.db"), *argv]
    assert _run(["serve", *argv], monkeypatch, stdin) == 1
    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and message in err
    assert "Traceback" not in err


def test_the_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    assert "Serveur d'évaluations notées" in out
    assert "--create-teacher IDENTIFIANT" in out


def test_a_moodle_platform_is_registered_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(tmp_path / "hvlab.db")]
    argv = [
        "serve",
        *db,
        "--add-platform",
        "Moodle du lycée",
        "--moodle",
        "https://moodle.lycee.example",
    ]
    assert _run([*argv, "--client-id", "AbC", "--deployment-id", "4"], monkeypatch) == 0
    assert capsys.readouterr().out == (
        "Plateforme « Moodle du lycée » enregistrée (https://moodle.lycee.example).\n"
    )
    assert _run(["serve", *db, "--list-platforms"], monkeypatch) == 0
    assert capsys.readouterr().out == (
        "Moodle du lycée — https://moodle.lycee.example (client AbC, déploiements 4)\n"
    )
    assert _run([*argv, "--client-id", "AbC"], monkeypatch) == 1
    assert "Erreur : donnez au moins un identifiant de déploiement" in capsys.readouterr().err
    assert _run(["serve", *db, "--rotate-lti-key"], monkeypatch) == 0
    assert capsys.readouterr().out.startswith("Nouvelle clé de signature LTI « hvlab-")
