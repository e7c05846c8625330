"""``hvlab lab …`` through hvlab.cli.main: exit codes and French output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hvlab.cli import main
from tests.conftest import ROOT


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_lab_list_prints_a_french_table(labs_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["lab", "list", "--labs-dir", str(labs_dir)], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Identifiant", "Titre", "Étapes", "Durée"]
    assert lines[2].split() == ["mini", "Un", "TP", "minuscule", "2", "10", "min"]


def test_lab_list_json(labs_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["lab", "list", "--labs-dir", str(labs_dir), "--json"], capsys)
    assert code == 0
    assert json.loads(out) == [
        {"id": "mini", "title": "Un TP minuscule", "steps": 2, "duration_min": 10}
    ]


def test_lab_list_of_the_project_shows_the_example_lab(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = _run(["lab", "list"], capsys)
    assert code == 0 and "consolidation" in out


def test_lab_check_passing_file_exits_0(
    labs_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "reponse.py"
    answer.write_text("import math\nhotes = math.ceil(40 / 16)\nprint(hotes)\n", encoding="utf-8")
    code, out, _ = _run(["lab", "check", "mini", str(answer), "--labs-dir", str(labs_dir)], capsys)
    assert code == 0
    assert out.splitlines() == [
        "TP « mini », étape 1/2 — La borne inférieure",
        "Sortie de votre code :",
        "3",
        "",
        "Bravo : la vérification est réussie.",
        "  ✓ Nombre d'hôtes",
    ]


def test_lab_check_failing_file_exits_1_with_feedback_and_hint(
    labs_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "reponse.py"
    answer.write_text("hotes = 40 // 16\n", encoding="utf-8")
    args = ["lab", "check", "mini", "--step", "1", str(answer), "--labs-dir", str(labs_dir)]
    code, out, _ = _run(args, capsys)
    assert code == 1
    assert "      2 hôtes calculés, on en attend 3 (40 / 16 arrondi au-dessus)." in out
    assert out.rstrip().endswith("Indice : Divisez la demande totale par la capacité d'un hôte.")
    code, out, _ = _run(["lab", "check", "mini", str(answer), "--labs-dir", str(labs_dir)], capsys)
    assert code == 1
    assert out.rstrip().endswith("ajoutez par exemple « --step 2 » (le TP en a 2).")


def test_lab_check_step_by_id_and_json(
    labs_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "reponse.py"
    solution = (labs_dir / "mini" / "etape2_solution.py").read_text(encoding="utf-8")
    answer.write_text(solution, encoding="utf-8")
    args = ["lab", "check", "mini", "-s", "affichage", str(answer), "--labs-dir", str(labs_dir)]
    code, out, _ = _run([*args, "--json"], capsys)
    assert code == 0
    report = json.loads(out)
    assert report["step_id"] == "affichage" and report["passed"] is True
    assert report["run"]["displays"][0]["type"] == "table"
    code, out, _ = _run(args, capsys)
    assert code == 0
    assert "hôte  cœurs\n----  -----\nh1       16\n" in out


def test_lab_check_error_in_code_is_explained(
    labs_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "reponse.py"
    answer.write_text("hotes = 3\nprint(hotse)\n", encoding="utf-8")
    code, out, _ = _run(["lab", "check", "mini", str(answer), "--labs-dir", str(labs_dir)], capsys)
    assert code == 1
    assert "Votre code s'est arrêté sur une erreur (ligne 2)" in out
    assert "Erreur ligne 2 : NameError: name 'hotse' is not defined" in out


def test_lab_check_unknown_lab_lists_known_ids(
    labs_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "r.py"
    answer.write_text("", encoding="utf-8")
    code, _, err = _run(["lab", "check", "nope", str(answer), "--labs-dir", str(labs_dir)], capsys)
    assert code == 1
    assert err.startswith("Erreur : TP « nope » introuvable dans ")
    assert err.rstrip().endswith("TP disponibles : mini.")


def test_lab_check_unknown_step_and_missing_file(
    labs_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "r.py"
    answer.write_text("", encoding="utf-8")
    args = ["lab", "check", "mini", "--step", "9", str(answer), "--labs-dir", str(labs_dir)]
    code, _, err = _run(args, capsys)
    assert code == 1 and "n'a pas d'étape « 9 »" in err
    missing = tmp_path / "absent.py"
    code, _, err = _run(["lab", "check", "mini", str(missing), "--labs-dir", str(labs_dir)], capsys)
    assert code == 1 and f"fichier « {missing} » introuvable." in err


def test_lab_check_infinite_loop_stops_at_the_time_limit(
    labs_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "boucle.py"
    answer.write_text("while True:\n    pass\n", encoding="utf-8")
    args = ["lab", "check", "mini", str(answer), "--timeout", "1", "--labs-dir", str(labs_dir)]
    code, out, _ = _run(args, capsys)
    assert code == 1
    assert "Temps dépassé : votre code tournait encore au bout de 1 s, il a été arrêté." in out
    assert out.count("Temps dépassé") == 1


def test_lab_solve_reports_each_step(labs_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["lab", "solve", "mini", "--labs-dir", str(labs_dir)], capsys)
    assert code == 0
    assert out.splitlines()[-1] == (
        "Les 2 solutions réussissent leurs vérifications et les codes de départ s'exécutent puis "
        "les échouent."
    )


def test_lab_solve_fails_when_a_solution_fails_or_a_starter_passes(
    labs_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mini = labs_dir / "mini"
    (mini / "etape1_solution.py").write_text("hotes = 2\n", encoding="utf-8")
    (mini / "etape2_depart.py").write_text(
        (mini / "etape2_solution.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, out, err = _run(["lab", "solve", "mini", "--labs-dir", str(labs_dir)], capsys)
    assert code == 1
    assert "1  borne        ÉCHEC" in out
    assert "RÉUSSIT (à corriger)" in out
    assert out.splitlines()[-1] == "2 étapes à corriger sur 2."
    assert f"{mini / 'etape1_solution.py'}: étape 1 (borne) : la solution échoue : « " in err
    assert f"{mini / 'etape2_depart.py'}: étape 2 (affichage) : le code de départ réussit" in err


@pytest.mark.parametrize(
    ("starter", "expected"),
    [
        (
            "import math\nhotes = ...\nprint(hotes + nombre)\n",
            "NameError: name 'nombre' is not defined, ligne 3",
        ),
        ("hotes = ...\nraise ValueError('pas prêt')\n", "ValueError: pas prêt, ligne 2"),
        (
            "import hvlab.inexistant\nhotes = ...\n",
            "ModuleNotFoundError: No module named 'hvlab.inexistant', ligne 1",
        ),
        (
            "hotes = ...\nwhile True:\n    pass\n",
            "Temps dépassé : votre code tournait encore au bout de 2 s",
        ),
    ],
    ids=["name-error", "value-error", "missing-import", "endless-loop"],
)
def test_lab_solve_fails_when_a_starter_crashes(
    labs_dir: Path, capsys: pytest.CaptureFixture[str], starter: str, expected: str
) -> None:
    mini = labs_dir / "mini"
    (mini / "etape1_depart.py").write_text(starter, encoding="utf-8")
    args = ["lab", "solve", "mini", "--labs-dir", str(labs_dir), "--timeout", "2"]
    code, out, err = _run(args, capsys)
    assert code == 1
    assert "1  borne        réussie   PLANTE (à corriger)" in out
    assert out.splitlines()[-1] == "1 étape à corriger sur 2."
    line = next(x for x in err.splitlines() if "le code de départ plante" in x)
    assert line.startswith(f"{mini / 'etape1_depart.py'}:")
    assert f"étape 1 (borne) : le code de départ plante : {expected}" in line
    assert "Traceback" not in out + err


def test_lab_solve_of_the_example_lab(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["lab", "solve", "consolidation", "--labs-dir", str(ROOT / "labs")], capsys)
    assert code == 0, out


def test_lab_notebook_writes_the_file(
    labs_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "tp.ipynb"
    args = ["lab", "notebook", "mini", "-o", str(target), "--labs-dir", str(labs_dir)]
    code, out, _ = _run(args, capsys)
    assert code == 0
    assert out.strip() == f"Notebook du TP « mini » écrit dans {target} (2 étapes)."
    assert json.loads(target.read_text(encoding="utf-8"))["metadata"]["hvlab"]["lab"] == "mini"


def test_lab_validate_valid_and_invalid(labs_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["lab", "validate", "--labs-dir", str(labs_dir)], capsys)
    assert code == 0 and out.strip().endswith("mini : valide.")
    (labs_dir / "mini" / "etape1.md").unlink()
    (labs_dir / "mini" / "etape2_verif.py").write_text("x = (\n", encoding="utf-8")
    code, _, err = _run(["lab", "validate", str(labs_dir / "mini")], capsys)
    assert code == 1
    lines = err.splitlines()
    missing = "steps n° 1 › instructions : fichier « etape1.md » introuvable"
    assert any(missing in li for li in lines)
    assert any("etape2_verif.py:1:" in li and "erreur de syntaxe Python" in li for li in lines)
    assert lines[-1] == "2 problèmes trouvés."


def test_lab_validate_unknown_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["lab", "validate", str(tmp_path / "absent")], capsys)
    assert code == 1 and "introuvable : donnez le dossier d'un TP" in err


def test_lab_without_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["lab"], capsys)
    assert code == 2 and err.startswith("utilisation : hvlab lab")
