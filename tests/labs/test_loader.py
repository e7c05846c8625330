"""Loading and validating lab folders: every problem, in French, with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvlab.errors import ValidationError
from hvlab.labs.loader import find_lab, lab_folders, load_lab, load_labs, validate_lab
from hvlab.labs.model import Lab, LabLookupError, SolutionAfter


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "lab.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _messages(folder: Path) -> list[str]:
    return [str(p) for p in validate_lab(folder)]


def test_load_lab_reads_metadata_steps_and_files(mini: Path) -> None:
    lab = load_lab(mini)
    assert isinstance(lab, Lab)
    assert lab.id == "mini" and lab.title == "Un TP minuscule"
    assert lab.objectives == ("Calculer une borne inférieure",)
    assert lab.duration_min == 10 and lab.level == "débutant"
    assert lab.prerequisites == ("Chapitre 2",)
    assert [s.id for s in lab.steps] == ["borne", "affichage"]
    first = lab.steps[0]
    assert first.starter == "import math\n\nhotes = ...\n"
    assert "def check_hotes(ns: dict[str, object]) -> None:" in first.checks
    assert first.instructions_md.startswith("Calculez `hotes`")
    assert first.hints == ("Divisez la demande totale par la capacité d'un hôte.",)
    assert first.solution_after == SolutionAfter("attempts", 2)
    assert lab.steps[1].solution_after == SolutionAfter("success", 0)
    assert first.files["checks"] == (mini / "etape1_verif.py").resolve()


def test_lab_step_by_number_or_id(mini: Path) -> None:
    lab = load_lab(mini)
    assert lab.step(2).id == "affichage"
    assert lab.step("borne").id == "borne"
    assert lab.step("2").id == "affichage"
    with pytest.raises(LabLookupError, match=r"pas d'étape « 3 » ; étapes : 1 \(borne\), 2"):
        lab.step(3)


def test_validate_lab_reports_a_missing_file_with_its_path_and_line(mini: Path) -> None:
    _edit(mini, "solution: etape2_solution.py", "solution: etape2_solutio.py")
    (problem,) = validate_lab(mini)
    assert problem.path == "steps n° 2 › solution"
    assert problem.line == 24 and problem.column == 15
    assert problem.message.startswith("fichier « etape2_solutio.py » introuvable dans ")
    assert "etape2_solution.py" in problem.message
    assert str(problem).startswith(f"{problem.file}:24:15: steps n° 2 › solution : fichier «")
    assert problem.file.endswith("mini/lab.yaml")


def test_validate_lab_reports_every_problem_at_once(mini: Path) -> None:
    _edit(mini, "title: Un TP minuscule", "tittle: Un TP minuscule")
    _edit(mini, "duration_min: 10", "duration_min: dix")
    _edit(mini, "level: débutant", "level: expert")
    _edit(mini, "solution_after: success", "solution_after: jamais")
    _edit(mini, "  - id: affichage", "  - id: Affichage")
    messages = _messages(mini)
    assert len(messages) == 5, messages
    joined = "\n".join(messages)
    assert "tittle : clé inconnue « tittle » (vouliez-vous dire « title » ?)" in joined
    assert "clé obligatoire « title »" not in joined, "the misspelt key is the one problem"
    assert "duration_min : durée en minutes attendue (entier positif, par exemple 45)" in joined
    assert (
        "level : niveau « expert » inconnu ; choisissez parmi : débutant, intermédiaire, avancé"
    ) in joined
    assert "steps n° 2 › solution_after : valeur « jamais » invalide : écrivez" in joined
    assert "steps n° 2 › id : identifiant d'étape « Affichage » invalide" in joined


def test_validate_lab_syntax_error_points_into_the_python_file(mini: Path) -> None:
    (mini / "etape1_depart.py").write_text("import math\n\nhotes = (\n", encoding="utf-8")
    (problem,) = validate_lab(mini)
    assert problem.file.endswith("mini/etape1_depart.py")
    assert problem.line == 3
    assert problem.message.startswith("erreur de syntaxe Python : ")
    assert "utilisez « ... » pour les trous" in problem.message


def test_validate_lab_checks_file_needs_check_functions(mini: Path) -> None:
    (mini / "etape1_verif.py").write_text(
        "def verifie(ns):\n    pass\n\n\ndef check_deux(ns, autre):\n    pass\n", encoding="utf-8"
    )
    messages = _messages(mini)
    assert len(messages) == 1
    assert "la vérification « check_deux » doit prendre un seul paramètre" in messages[0]
    (mini / "etape1_verif.py").write_text("X = 1\n", encoding="utf-8")
    (problem,) = validate_lab(mini)
    assert problem.message.startswith("aucune fonction de vérification")


def test_validate_lab_id_must_match_the_folder(mini: Path) -> None:
    _edit(mini, "id: mini", "id: autre")
    (problem,) = validate_lab(mini)
    assert problem.path == "id" and problem.line == 1
    assert problem.message == (
        "l'identifiant « autre » diffère du nom du dossier « mini » : renommez l'un ou l'autre."
    )


def test_validate_lab_duplicate_step_ids(mini: Path) -> None:
    _edit(mini, "  - id: affichage", "  - id: borne")
    (problem,) = validate_lab(mini)
    assert problem.path == "steps n° 2 › id"
    assert "déjà utilisé par l'étape n° 1" in problem.message


def test_validate_lab_files_must_stay_in_the_lab_folder(mini: Path) -> None:
    _edit(mini, "starter: etape1_depart.py", "starter: ../../conftest.py")
    (problem,) = validate_lab(mini)
    assert problem.path == "steps n° 1 › starter"
    assert "doit être dans le dossier du TP" in problem.message


def test_validate_lab_wrong_extension(mini: Path) -> None:
    _edit(mini, "instructions: etape1.md", "instructions: etape1_depart.py")
    (problem,) = validate_lab(mini)
    assert problem.message == "le fichier « etape1_depart.py » devrait avoir l'extension « .md »."


def test_validate_lab_yaml_error_has_line_and_column(mini: Path) -> None:
    _edit(mini, "summary: Calculer", "summary: [Calculer")
    (problem,) = validate_lab(mini)
    assert problem.message.startswith("YAML invalide : ")
    assert problem.line > 0 and problem.column > 0


def test_validate_lab_empty_lists_and_wrong_types(mini: Path) -> None:
    _edit(mini, "objectives:\n  - Calculer une borne inférieure", "objectives: []")
    _edit(mini, "prerequisites:\n  - Chapitre 2", "prerequisites: Chapitre 2")
    messages = _messages(mini)
    assert any("objectives : la liste est vide" in m for m in messages)
    assert any("prerequisites : liste de textes attendue" in m for m in messages)


def test_validate_lab_folder_without_lab_yaml(tmp_path: Path) -> None:
    (problem,) = validate_lab(tmp_path)
    assert problem.message.startswith("fichier « lab.yaml » introuvable")


def test_load_lab_raises_validation_error_listing_problems(mini: Path) -> None:
    _edit(mini, "duration_min: 10", "duration_min: 0")
    with pytest.raises(ValidationError) as info:
        load_lab(mini)
    assert str(info.value).startswith("1 problème trouvé :\n  - ")


def test_lab_folders_skip_scenarios_and_hidden(labs_dir: Path) -> None:
    (labs_dir / ".cache").mkdir()
    (labs_dir / "_brouillon").mkdir()
    assert [p.name for p in lab_folders(labs_dir)] == ["mini"]


def test_load_labs_collects_problems_of_every_lab(labs_dir: Path) -> None:
    assert [lab.id for lab in load_labs(labs_dir)] == ["mini"]
    (labs_dir / "vide").mkdir()
    with pytest.raises(ValidationError) as info:
        load_labs(labs_dir)
    assert len(info.value.problems) == 1
    assert info.value.problems[0].file.endswith("vide")


def test_find_lab_unknown_id_lists_known_labs(labs_dir: Path) -> None:
    assert find_lab(labs_dir, "mini").id == "mini"
    with pytest.raises(
        LabLookupError, match=r"TP « inconnu » introuvable dans .* ; TP disponibles : mini\."
    ):
        find_lab(labs_dir, "inconnu")
    with pytest.raises(LabLookupError):
        find_lab(labs_dir, "scenarios")
