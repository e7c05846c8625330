"""Students through the HTTP API: join, autosave, reload, hints, submit, deadlines."""

from __future__ import annotations

from typing import Any

from tests.server.conftest import Server


def _views(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The student's questions by their prompt's first words (ids are opaque)."""
    return {q["prompt"]: q for q in state["questions"]}


def _question(state: dict[str, Any], prompt_start: str) -> dict[str, Any]:
    for question in state["questions"]:
        if prompt_start in question["prompt"]:
            return question
    raise AssertionError(prompt_start)


def test_student_joins_saves_reloads_and_finds_every_answer(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    student = server.person()
    assert student.join(server.code(evaluation), "22001234", "Alice Martin").status_code == 303
    state = student.state()
    assert state["status"] == "open"
    assert len(state["questions"]) == 8
    single = _question(state, "type 1")
    esxi = next(c["id"] for c in single["choices"] if c["html"] == "ESXi")
    text = _question(state, "déplacement")
    assert student.save(single["id"], esxi, 1).json()["saved"] is True
    assert student.save(text["id"], "motcachealpha", 2).json()["saved"] is True
    again = server.person()
    again.client.cookies = student.client.cookies
    again.attempt, again.csrf = student.attempt, student.csrf
    reloaded = again.state()
    assert reloaded["answers"][single["id"]]["response"] == esxi
    assert reloaded["answers"][text["id"]]["response"] == "motcachealpha"
