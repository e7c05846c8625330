"""Grade exports: the spreadsheet CSV holds the marks `hvlab quiz grade` gives for the same
answers; the Moodle file follows what Moodle's grade import reads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from hvlab.cli import main as hvlab_main
from tests.server.conftest import QUIZZES, Person, Server


def _view(state: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(q for q in state["questions"] if q["type"] == kind and not q["parametrised"])


def _answer(student: Person, right: bool) -> dict[str, Any]:
    """Answer three questions in the page; return the same answers as `hvlab quiz grade` reads."""
    state = student.state()
    single = _view(state, "single")
    choice = "ESXi" if right else "VirtualBox"
    student.save(single["id"], next(c["id"] for c in single["choices"] if c["html"] == choice), 1)
    text = _view(state, "text")
    student.save(text["id"], "motcachebeta" if right else "mauvais", 2)
    ordering = _view(state, "ordering")
    items = ["Pré-copie", "Copie itérative", "Arrêt bref", "Reprise"]
    if not right:
        items = items[::-1]
    by_html = {i["html"]: i["id"] for i in ordering["items"]}
    student.save(ordering["id"], [by_html[i] for i in items], 3)
    student.api("POST", "/submit")
    return {
        "unique": 1 if right else 0,
        "texte": "motcachebeta" if right else "mauvais",
        "ordre": items,
    }


def _grade_with_cli(responses: dict[str, Any], tmp_path: Path, capsys: Any) -> dict[str, Any]:
    path = tmp_path / "reponses.json"
    path.write_text(json.dumps(responses), encoding="utf-8")
    capsys.readouterr()
    code = hvlab_main(
        ["quiz", "grade", str(QUIZZES / "serveur-test.yaml"), "--responses", str(path), "--json"]
    )
    assert code == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def _number(cell: str) -> float:
    return float(cell.replace(",", ".")) if cell else 0.0


def test_the_csv_holds_the_marks_hvlab_quiz_grade_gives(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    code = server.code(evaluation)
    expected = {}
    for number, name, right in (("1001", "Alice Martin", True), ("1002", "Bob Durand", False)):
        student = server.person()
        student.join(code, number, name)
        expected[number] = _grade_with_cli(_answer(student, right), tmp_path, capsys)
    response = teacher.client.get(f"/enseignant/e/{evaluation}/notes.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="notes-serveur-test.csv"' in response.headers["content-disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    header = rows[0]
    assert header[:5] == ["numéro", "nom", "tentative", "remise", "motif"]
    assert header[5] == "Q1 unique (/1)" and header[-2:] == ["total", "sur"]
    assert len(rows) == 3
    for row in rows[1:]:
        graded = expected[row[0]]
        scores = {q["id"]: q["score"] for q in graded["questions"]}
        for index, question in enumerate(graded["questions"]):
            assert _number(row[5 + index]) == pytest.approx(scores[question["id"]])
        assert _number(row[-2]) == pytest.approx(graded["score"])
        assert _number(row[-1]) == graded["max"] == 8
    assert [r[1] for r in rows[1:]] == ["Alice Martin", "Bob Durand"]
    assert rows[1][-2] == "3" and rows[2][-2] == "0"


def test_the_moodle_file_has_the_id_number_and_a_mark_on_the_chosen_scale(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation(title="Contrôle, partie 1")
    code = server.code(evaluation)
    alice = server.person()
    alice.join(code, "1001", '=HYPERLINK("http://pirate.example")')
    _answer(alice, True)
    server.person().join(code, "1002", "Bob (pas rendu)")
    response = teacher.client.get(f"/enseignant/e/{evaluation}/moodle.csv?sur=20")
    text = response.content.decode("utf-8")
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["Numéro d'identification", "Nom", "Contrôle, partie 1"],
        ["1001", '\'=HYPERLINK("http://pirate.example")', "7.50"],
    ]
    bad = teacher.client.get(f"/enseignant/e/{evaluation}/moodle.csv?sur=abc")
    assert bad.status_code == 400


def test_spreadsheet_cells_never_start_a_formula(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    for number, name in (("1001", "+33 6 12"), ("1002", "@SUM(A1)"), ("1003", "-2+3")):
        student = server.person()
        student.join(server.code(evaluation), number, name)
        student.api("POST", "/submit")
    text = teacher.client.get(f"/enseignant/e/{evaluation}/notes.csv").content.decode()
    names = [r[1] for r in csv.reader(io.StringIO(text[1:]), delimiter=";")][1:]
    assert sorted(names) == ["'+33 6 12", "'-2+3", "'@SUM(A1)"]


def _class_of(server: Server, evaluation: str, size: int) -> dict[str, dict[str, str]]:
    """``size`` students answer three questions and hand in; what each one typed or chose."""
    code = server.code(evaluation)
    typed = {}
    for index in range(size):
        number = f"{20260000 + index}"
        name = "Élodie Ünal-Lefèvre" if index == 7 else f"Étudiant n° {index}"
        student = server.person()
        student.join(code, number, name)
        state = student.state()
        single = _view(state, "single")
        choice = ("ESXi", "VirtualBox", "Un tableur")[index % 3]
        student.save(
            single["id"], next(c["id"] for c in single["choices"] if c["html"] == choice), 1
        )
        text = ("motcachebeta", "je ne sais pas", '=HYPERLINK("http://pirate.example";"ici")')[
            index % 3
        ]
        student.save(_view(state, "text")["id"], text, 2)
        figure = ("4242,5", "-3,5", "4 242,4")[index % 3]
        student.save(_view(state, "numeric")["id"], figure, 3)
        assert student.api("POST", "/submit").status_code == 200
        typed[number] = {"name": name, "unique": choice, "texte": text, "nombre": figure}
    return typed


def _sheet(server: Server, teacher: Person, evaluation: str, name: str) -> list[list[str]]:
    response = teacher.client.get(f"/enseignant/e/{evaluation}/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and "\r\n" in text
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_copies_of_a_class_of_120_in_one_french_sheet(sqlite_server: Server) -> None:
    """A teacher marking 120 copies gets one row a student: what each typed or chose (in
    words), the points beside it — the same points as the marks file — in the quiz's order."""
    server = sqlite_server
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    typed = _class_of(server, evaluation, 120)
    server.person().join(server.code(evaluation), "99999", "Pas rendu")
    rows = _sheet(server, teacher, evaluation, "copies.csv")
    marks = {row[0]: row for row in _sheet(server, teacher, evaluation, "notes.csv")[1:]}
    header = rows[0]
    assert header[:7] == [
        "numéro",
        "nom",
        "tentative",
        "remise",
        "motif",
        "Q1 unique : réponse",
        "Q1 unique : points (/1)",
    ]
    assert header[-2:] == ["total", "sur"] and len(header) == 5 + 2 * 8 + 2
    assert len(rows) == 121 and "99999" not in {row[0] for row in rows}
    column = {title: i for i, title in enumerate(header)}
    for row in rows[1:]:
        given = typed[row[0]]
        assert row[1] == given["name"]
        assert row[column["Q1 unique : réponse"]] == given["unique"]
        expected_text = given["texte"]
        if expected_text.startswith("="):
            expected_text = "'" + expected_text  # a formula stays text in the sheet
        assert row[column["Q5 texte : réponse"]] == expected_text
        assert row[column["Q4 nombre : réponse"]] == given["nombre"]  # « -3,5 » stays a number
        assert row[column["Q2 multiple : réponse"]] == ""  # not answered
        # Points, question by question and in total: those of the marks file.
        assert [row[i] for i in range(6, 5 + 2 * 8, 2)] == marks[row[0]][5:13]
        assert row[-2:] == marks[row[0]][-2:]
    right = [r for r in rows[1:] if r[column["Q1 unique : réponse"]] == "ESXi"]
    assert len(right) == 40 and {r[column["Q1 unique : points (/1)"]] for r in right} == {"1"}
