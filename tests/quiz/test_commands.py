"""``hvlab quiz``: check, take, grade, export, report — through hvlab.cli.main."""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import pytest

from hvlab.cli import main
from hvlab.quiz import load_quiz
from hvlab.quiz.take import run_quiz
from tests.conftest import ROOT

SAMPLE = ROOT / "quizzes" / "exemple-tous-types.yaml"

SMALL = """\
id: petit
title: Petit quiz
pass_mark: 0.5
questions:
  - id: type
    type: single
    prompt: "ESXi est de type…"
    options:
      - {text: "type 1", correct: true, feedback: "Oui, sur le matériel."}
      - {text: "type 2"}
    hints: ["Pas d'OS hôte."]
  - {id: tf, type: true_false, prompt: "VirtualBox est de type 2.", answer: true}
  - {id: util, type: numeric, prompt: "Utilisation ?", answer: 7.5, tolerance: 2.5, unit: "%"}
  - {id: nom, type: text, prompt: "Migration à chaud chez VMware ?", accept: [vMotion]}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "petit.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_quiz_without_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quiz"]) == 2
    assert "utilisation : hvlab quiz" in capsys.readouterr().err


def test_check_valid_file(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quiz", "check", str(small)]) == 0
    assert capsys.readouterr().out == "1 fichier vérifié : aucun problème.\n"


def test_check_defaults_to_the_quizzes_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "petit.yaml").write_text(SMALL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["quiz", "check"]) == 0
    assert "1 fichier vérifié" in capsys.readouterr().out


def test_check_prints_every_problem_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "petit.yaml"
    bad.write_text(
        SMALL.replace("type: single", "type: singel").replace("tolerance: 2.5", "tolerance: -1"),
        encoding="utf-8",
    )
    assert main(["quiz", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith(str(bad))]
    assert lines[0].startswith(f"{bad}:6:11: questions n° 1 › type : type de question inconnu")
    assert lines[1].startswith(f"{bad}:13:") and "tolérance négative (-1)" in lines[1]
    assert "    6 |     type: singel\n      |           ^" in out, "the line is shown with a caret"
    assert out.splitlines()[-1] == "1 fichier vérifié : 2 problèmes dans 1 fichier."


def test_check_json_and_missing_path(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quiz", "check", "--json", str(small), "absent.yaml"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == [str(small)]
    assert data["problems"] == [
        {
            "file": "absent.yaml",
            "line": 0,
            "column": 0,
            "path": "",
            "message": "fichier ou dossier introuvable",
        }
    ]


def test_take_reads_forgiving_answers_from_a_pipe(
    small: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = "?\nA\nvrai\n7,5 %\n  VMOTION \n"
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    assert main(["quiz", "take", str(small)]) == 0
    out = capsys.readouterr().out
    assert "Indice 1/1 : Pas d'OS hôte." in out
    assert "Oui, sur le matériel." in out
    # 0.75 (one hint) + 1 + 1 + 1
    assert "Score : 3,75 / 4" in out
    assert "Quiz réussi" in out


def test_take_reasks_after_an_unreadable_answer_and_stops_at_end_of_input(
    small: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("z\n2\npeut-être\nnon\n"))
    assert main(["quiz", "take", str(small)]) == 0
    out = capsys.readouterr().out
    assert "« z » : il n'y a que 2 choix. Réessayez :" in out
    assert "Répondez par « vrai » ou « faux »" in out
    assert "Score : 0 / 4" in out
    assert "Question 3/4" in out and "Question 4/4" not in out


class _Scripted(io.StringIO):
    """A stdin that answers by reading what the quiz printed so far."""

    def __init__(self, out: io.StringIO, answer: object) -> None:
        super().__init__()
        self.out = out
        self.answer = answer

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return str(self.answer(self.out.getvalue())) + "\n"  # type: ignore[operator]


def _letters(block: str) -> dict[str, str]:
    return {text: letter for letter, text in re.findall(r"^  ([a-z])\) (.+)$", block, re.M)}


def _answer_sample(printed: str) -> str:
    """Right answers to the sample quiz, read from the last question printed."""
    block = printed[printed.rfind("Question ") :]
    letters = _letters(block)
    if "ESXi** est un hyperviseur" in block:
        return letters["Type 1 (natif, *bare metal*)"]
    if "apports de la virtualisation" in block:
        return " ".join(
            letters[t]
            for t in letters
            if t.startswith(("La consolidation", "La migration", "L'isolation"))
        )
    if "s'installe sans système" in block:
        return "faux"
    if "réellement\nutilisée" in block or "réellement utilisée" in block:
        return "7,5"
    if "Quatre VM" in block:
        return "24 000 Mo"
    if "serveurs physiques, chacun" in block:
        servers, percent = re.search(
            r"compte (\d+) serveurs .* à (\d+)\u00a0%", block, re.S
        ).groups()  # type: ignore[union-attr]
        load = int(servers) * int(percent)  # in hundredths of a server
        return str(-(-load // 80))  # hosts at 80 %: ceil(load / 80)
    if "consomme-t-il" in block:
        peak, percent = re.search(
            r"consomme (\d+) W .* à (\d+)\u00a0% de charge", block, re.S
        ).groups()  # type: ignore[union-attr]
        return str(0.7 * int(peak) + 0.3 * int(peak) * int(percent) / 100).replace(".", ",")
    if "chez VMware" in block:
        return "vmotion"
    if "sigle anglais" in block:
        return "vmm"
    if "Associez" in block:
        kinds = {
            "VMware ESXi": "Type 1",
            "Microsoft Hyper-V": "Type 1",
            "Oracle VirtualBox": "Type 2",
            "VMware Workstation": "Type 2",
        }
        lefts = re.findall(r"^  \d\. (.+)$", block, re.M)
        return " ".join(letters[kinds[left]] for left in lefts)
    if "déploiement d'une application" in block:
        order = [
            "Commander le serveur",
            "Installer et mettre à jour le système d'exploitation",
            "Configurer le système",
            "Installer et configurer l'application",
        ]
        return " ".join(letters[item] for item in order)
    if "couches d'un serveur ESXi" in block:
        order = [
            "Matériel (CPU, RAM, réseau, stockage)",
            "Couche de virtualisation (ESXi)",
            "Machines virtuelles",
            "Services et applications",
        ]
        return " ".join(letters[item] for item in order)
    raise AssertionError(f"unexpected question: {block[:200]}")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_take_the_sample_quiz_right_gives_full_marks(seed: int) -> None:
    out = io.StringIO()
    result = run_quiz(load_quiz(SAMPLE), _Scripted(out, _answer_sample), out, seed=seed)
    assert [q.id for q in result.questions if not q.correct] == []
    assert out.getvalue().rstrip().endswith("Score : 14 / 14\nQuiz réussi, bravo !")


def test_grade_json_contract(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    responses = tmp_path / "r.json"
    responses.write_text(json.dumps({"type": 1, "tf": True, "util": "9,9", "nom": "VMotion"}))
    assert main(["quiz", "grade", str(small), "--responses", str(responses), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["score"] == 3.0 and data["max"] == 4.0
    assert [(q["id"], q["score"], q["correct"]) for q in data["questions"]] == [
        ("type", 0.0, False),
        ("tf", 1.0, True),
        ("util", 1.0, True),
        ("nom", 1.0, True),
    ]
    assert all(isinstance(q["feedback"], str) and q["feedback"] for q in data["questions"])


def test_grade_text_output(small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    responses = tmp_path / "r.json"
    responses.write_text(json.dumps({"type": 0, "autre": 1}))
    assert main(["quiz", "grade", str(small), "--responses", str(responses)]) == 0
    out = capsys.readouterr().out
    assert "Score : 1 / 4" in out
    assert "Remarque : réponse « autre » ignorée" in out
    assert "Seuil de réussite non atteint." in out


def test_grade_bad_responses_file(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    responses = tmp_path / "r.json"
    responses.write_text("{oups")
    assert main(["quiz", "grade", str(small), "--responses", str(responses)]) == 1
    assert "JSON invalide" in capsys.readouterr().err


def test_export_gift_and_xml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "quiz.gift"
    assert (
        main(["quiz", "export", "--format", "gift", str(SAMPLE), "-o", str(out), "--variants", "2"])
        == 0
    )
    err = capsys.readouterr().err
    assert "Remarque : exemple-tous-types/couches-esxi" in err
    assert "14 questions Moodle (de 1 quiz) exportées au format GIFT" in err  # 10 + 2 × 2 variants
    assert out.read_text(encoding="utf-8").count("::hotes-necessaires-v") == 2
    xml = tmp_path / "quiz.xml"
    assert main(["quiz", "export", "--format", "moodle-xml", str(SAMPLE), "-o", str(xml)]) == 0
    assert xml.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_export_refuses_invalid_quizzes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "petit.yaml"
    bad.write_text(SMALL.replace("answer: true", "answer: vrai"), encoding="utf-8")
    assert main(["quiz", "export", "--format", "gift", str(bad), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Erreur : 1 problème trouvé :")
    assert not (tmp_path / "o").exists()


def _results(
    student: str, date: str, scores: dict[str, tuple[float, bool]], hints: int = 0
) -> dict[str, object]:
    return {
        "format": "hvlab-quiz-results",
        "version": 1,
        "quiz": "petit",
        "title": "Petit quiz",
        "student": student,
        "date": date,
        "score": sum(s for s, _ in scores.values()),
        "max": 4.0,
        "questions": [
            {
                "id": qid,
                "score": s,
                "max": 1.0,
                "correct": ok,
                "response": None,
                "seed": None,
                "hints_used": hints,
            }
            for qid, (s, ok) in scores.items()
        ],
    }


def test_report_text_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "resultats"
    folder.mkdir()
    files = {
        "alice-1.json": _results(
            "Alice", "2026-11-20T10:00:00", {"type": (0.0, False), "tf": (1.0, True)}
        ),
        "alice-2.json": _results(
            "Alice", "2026-11-21T10:00:00", {"type": (1.0, True), "tf": (1.0, True)}
        ),
        "bob.json": _results(
            "Bob", "2026-11-20T11:00:00", {"type": (0.75, True), "tf": (0.0, False)}, hints=1
        ),
    }
    for name, data in files.items():
        (folder / name).write_text(json.dumps(data), encoding="utf-8")
    (folder / "autre.json").write_text('{"format": "autre"}', encoding="utf-8")
    csv_path = tmp_path / "synthese.csv"
    assert main(["quiz", "report", str(folder), "--csv", str(csv_path)]) == 0
    captured = capsys.readouterr()
    assert "Fichier ignoré" in captured.err and "autre.json" in captured.err
    # Alice's latest file counts (2 points) and Bob's 0.75: mean 1.375
    assert "Quiz « Petit quiz » (petit) : 2 étudiants, score moyen 1,38 / 2" in captured.out
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert (
        lines[0]
        == "quiz;question;tentatives;réussites;taux_de_réussite_%;score_moyen;points;indices_moyens"
    )
    assert lines[1] == "petit;type;2;2;100,0;0,88;1,00;0,50"
    assert lines[2] == "petit;tf;2;1;50,0;0,50;1,00;0,50"


def test_report_without_valid_file_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("[]", encoding="utf-8")
    assert main(["quiz", "report", str(bad)]) == 1
    assert "aucun fichier de résultats valide" in capsys.readouterr().err


def test_sample_quiz_file_is_unchanged_by_this_module() -> None:
    assert textwrap.dedent(SMALL) == SMALL
