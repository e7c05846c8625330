"""Students' results files: reading, checking, aggregating per question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hvlab.errors import ValidationError
from hvlab.quiz.results import build_reports, read_results, reports_to_csv, results_from_dict


def _file(
    student: str, date: str, outcomes: list[tuple[str, float, float, bool, int]]
) -> dict[str, Any]:
    return {
        "format": "hvlab-quiz-results",
        "version": 1,
        "quiz": "hyperviseur",
        "title": "L'hyperviseur",
        "student": student,
        "date": date,
        "score": sum(o[1] for o in outcomes),
        "max": sum(o[2] for o in outcomes),
        "questions": [
            {
                "id": qid,
                "score": s,
                "max": m,
                "correct": ok,
                "response": 0,
                "seed": None,
                "hints_used": h,
            }
            for qid, s, m, ok, h in outcomes
        ],
    }


def test_results_from_dict_reads_the_contract() -> None:
    result = results_from_dict(_file("Ana", "2026-11-26T08:00:00", [("q1", 1, 1, True, 0)]))
    assert (result.quiz, result.student, result.score, result.max) == ("hyperviseur", "Ana", 1, 1)
    assert result.questions[0].correct is True


def test_results_from_dict_lists_every_problem_in_french() -> None:
    with pytest.raises(ValidationError) as error:
        results_from_dict(
            {"format": "autre", "version": 2, "questions": [{"id": "q", "score": "x"}]}
        )
    messages = [p.message for p in error.value.problems]
    assert messages[0].startswith("ce n'est pas un fichier de résultats hvlab (format « autre »")
    assert "version 2 non prise en charge (attendu : 1)" in messages
    assert "clé « student » manquante ou qui n'est pas un texte" in messages
    assert "« score » et « max » doivent être des nombres" in messages


def test_read_results_invalid_json_has_position(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('{\n  "format": oops\n}', encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        read_results(path)
    problem = error.value.problems[0]
    assert problem.message.startswith("JSON invalide")
    assert (problem.line, problem.column) == (2, 13)


def test_build_reports_latest_file_per_student_and_stats() -> None:
    files = [
        _file("Ana", "2026-11-25T10:00:00", [("q1", 0, 1, False, 0), ("q2", 0, 2, False, 0)]),
        _file("Ana", "2026-11-26T10:00:00", [("q1", 1, 1, True, 0), ("q2", 1, 2, False, 1)]),
        _file("Bea", "2026-11-26T09:00:00", [("q1", 0.75, 1, True, 1), ("q2", 2, 2, True, 0)]),
        _file("Carl", "2026-11-26T09:30:00", [("q1", 0, 1, False, 2)]),
    ]
    (report,) = build_reports(results_from_dict(f) for f in files)
    assert [s.student for s in report.students] == ["Ana", "Bea", "Carl"]
    q1, q2 = report.questions
    # q1: Ana 1 (right), Bea 0.75 (right with a hint), Carl 0
    assert (q1.attempts, q1.correct) == (3, 2)
    assert q1.success_rate == pytest.approx(2 / 3)
    assert q1.mean_score == pytest.approx(1.75 / 3)
    assert q1.mean_hints == pytest.approx(1.0)
    # q2: Ana 1 (not right), Bea 2 (right); Carl did not answer it
    assert (q2.attempts, q2.correct, q2.mean_score, q2.max) == (2, 1, 1.5, 2)
    assert report.mean_score == pytest.approx((2 + 2.75 + 0) / 3)
    csv = reports_to_csv([report]).splitlines()
    assert csv[1] == "hyperviseur;q1;3;2;66,7;0,58;1,00;1,00"


def test_build_reports_groups_by_quiz(tmp_path: Path) -> None:
    first = _file("Ana", "2026-11-26", [("q", 1, 1, True, 0)])
    second = {**first, "quiz": "stockage", "title": "Stockage"}
    for index, data in enumerate([first, second]):
        (tmp_path / f"{index}.json").write_text(json.dumps(data), encoding="utf-8")
    reports = build_reports(read_results(p) for p in sorted(tmp_path.glob("*.json")))
    assert [r.quiz for r in reports] == ["hyperviseur", "stockage"]
    assert reports[1].to_dict()["title"] == "Stockage"
