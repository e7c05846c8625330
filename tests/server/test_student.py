"""Students through the HTTP API: join, autosave, reload, hints, submit, deadlines."""

from __future__ import annotations

import html
from typing import Any

import pytest

from hvlab.server.sweeper import sweep
from hvlab.typography import french
from tests.server.conftest import Person, Server


def _question(state: dict[str, Any], prompt_part: str) -> dict[str, Any]:
    for question in state["questions"]:
        if prompt_part in question["prompt"]:
            return question
    raise AssertionError(prompt_part)


def _choice(question: dict[str, Any], html: str) -> str:
    return next(c["id"] for c in question["choices"] if c["html"] == html)


def _joined(server: Server, number: str = "22001234", **settings: Any) -> Person:
    evaluation = server.teacher().create_evaluation(**settings)
    student = server.person()
    assert student.join(server.code(evaluation), number, "Alice Martin").status_code == 303
    return student


def test_student_joins_saves_reloads_and_finds_every_answer(server: Server) -> None:
    student = _joined(server)
    state = student.state()
    assert state["status"] == "open"
    assert len(state["questions"]) == 8
    single = _question(state, "type 1")
    text = _question(state, "déplacement")
    esxi = _choice(single, "ESXi")
    assert student.save(single["id"], esxi, 1).json()["saved"] is True
    assert student.save(text["id"], "motcachealpha", 2).json()["saved"] is True
    reloaded = student.state()
    assert reloaded["answers"][single["id"]]["response"] == esxi
    assert reloaded["answers"][text["id"]]["response"] == "motcachealpha"
    assert reloaded["questions"] == state["questions"]


def test_saving_the_same_answer_twice_keeps_one_and_an_older_save_never_wins(
    server: Server,
) -> None:
    student = _joined(server)
    text = _question(student.state(), "déplacement")["id"]
    assert student.save(text, "deuxième", 20).json() == {
        "saved": True,
        "seq": 20,
        "stale": False,
        "locked": False,
        "result": None,
    }
    assert student.save(text, "deuxième", 20).json()["stale"] is False
    late = student.save(text, "premier", 10).json()
    assert late["stale"] is True and late["seq"] == 20
    assert student.state()["answers"][text]["response"] == "deuxième"
    assert len(server.sql("SELECT * FROM answers")) == 1


@pytest.mark.parametrize(
    ("code", "status", "message"),
    [
        ("ZZZZ-ZZZZ", 404, "Aucune évaluation ne correspond à ce code"),
        ("abc", 400, "Ce code n'a pas la bonne forme"),
    ],
)
def test_a_wrong_code_is_refused_in_french(
    server: Server, code: str, status: int, message: str
) -> None:
    server.teacher().create_evaluation()
    response = server.person().join(code, "1", "Alice")
    assert response.status_code == status
    assert message in html.unescape(response.text)


def test_joining_before_the_opening_or_after_the_closing_is_refused(server: Server) -> None:
    evaluation = server.teacher().create_evaluation(
        opens_at="2027-01-15T10:00", closes_at="2027-01-15T11:00"
    )
    code = server.code(evaluation)
    early = server.person().join(code, "1", "Alice")
    assert early.status_code == 409
    assert french("pas encore ouverte : elle ouvre le 15/01/2027 10:00") in html.unescape(
        early.text
    )
    server.clock.advance(2 * 3600)
    late = server.person().join(code, "1", "Alice")
    assert late.status_code == 409
    assert "est fermée" in html.unescape(late.text)


@pytest.mark.parametrize("number", ["", "a b", "'; DROP TABLE attempts; --", "x" * 41, "-12"])
def test_an_invalid_student_number_is_refused(server: Server, number: str) -> None:
    evaluation = server.teacher().create_evaluation()
    response = server.person().join(server.code(evaluation), number, "Alice")
    assert response.status_code == 400
    assert "Numéro d'étudiant" in html.unescape(response.text)
    assert server.sql("SELECT * FROM attempts") == []


def test_the_same_browser_resumes_and_another_browser_is_refused_until_released(
    server: Server,
) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    code = server.code(evaluation)
    first = server.person()
    first.join(code, "22001234", "Alice Martin")
    attempt = first.attempt
    first.join(code, "22001234", "Alice Martin")
    assert first.attempt == attempt
    other = server.person()
    refused = other.join(code, "22001234", "Alice Martin")
    assert refused.status_code == 409
    assert "déjà en cours dans un autre navigateur" in html.unescape(refused.text)
    released = teacher.post_form(
        f"/enseignant/e/{evaluation}/etudiant",
        {"student_number": "22001234", "action": "release"},
    )
    assert "débloquée" in html.unescape(released.text)
    assert other.join(code, "22001234", "Alice Martin").status_code == 303
    assert other.attempt == attempt
    assert first.client.get(attempt).status_code == 404


def test_a_student_can_neither_read_nor_write_another_students_attempt(server: Server) -> None:
    evaluation = server.teacher().create_evaluation()
    code = server.code(evaluation)
    alice, bob = server.person(), server.person()
    alice.join(code, "1001", "Alice")
    bob.join(code, "1002", "Bob")
    question = _question(alice.state(), "déplacement")["id"]
    alice.save(question, "réponse d'Alice", 1)
    stolen = Person(bob.client, csrf=bob.csrf, attempt=alice.attempt)
    assert stolen.client.get(alice.attempt).status_code == 404
    assert stolen.save(question, "écrasé par Bob", 99).status_code == 404
    assert stolen.api("POST", "/submit").status_code == 404
    page = bob.client.get(alice.attempt.replace("/api/attempts/", "/copie/"))
    assert page.status_code == 404
    assert "réponse d'Alice" not in page.text
    assert alice.state()["answers"][question]["response"] == "réponse d'Alice"


def test_anonymous_requests_get_nothing(server: Server) -> None:
    alice = _joined(server)
    stranger = server.person()
    assert stranger.client.get(alice.attempt).status_code == 404
    assert stranger.client.get(alice.attempt + "x").status_code == 404


def test_validating_a_question_locks_it_and_shows_what_the_policy_allows(server: Server) -> None:
    student = _joined(server, show_score="after_answer", show_feedback="after_answer")
    state = student.state()
    assert state["validate"] == "question"
    single = _question(state, "type 1")
    answer = student.save(single["id"], _choice(single, "VirtualBox"), 1, final=True).json()
    assert answer["locked"] is True
    result = answer["result"]
    assert result["score"] == 0 and result["correct"] is False
    assert "Réponse fausse" in result["feedback"]
    assert "expected" not in result and "explanation" not in result and "answer" not in result
    changed = student.save(single["id"], _choice(single, "ESXi"), 2, final=True).json()
    assert changed["locked"] is True and changed["stale"] is True
    assert changed["result"]["score"] == 0


def test_submission_mode_ignores_final_and_keeps_answers_editable(server: Server) -> None:
    student = _joined(server)
    single = _question(student.state(), "type 1")
    first = student.save(single["id"], _choice(single, "VirtualBox"), 1, final=True).json()
    assert first["locked"] is False and first["result"] is None
    second = student.save(single["id"], _choice(single, "ESXi"), 2).json()
    assert second["stale"] is False


def test_a_hint_is_charged_once_and_costs_points(server: Server) -> None:
    student = _joined(server, show_score="after_submit")
    single = _question(student.state(), "type 1")
    assert single["hint_count"] == 1
    hint = student.api("POST", f"/hints/{single['id']}", {"index": 0}).json()
    assert hint["hint"] == "<p>INDICE-VISIBLE-SUR-DEMANDE</p>"
    assert student.api("POST", f"/hints/{single['id']}", {"index": 0}).json()["hints_used"] == 1
    assert student.api("POST", f"/hints/{single['id']}", {"index": 1}).status_code == 400
    assert student.state()["hints"][single["id"]] == ["<p>INDICE-VISIBLE-SUR-DEMANDE</p>"]
    student.save(single["id"], _choice(single, "ESXi"), 1)
    submitted = student.api("POST", "/submit").json()
    assert submitted["results"][single["id"]]["score"] == 0.75


def test_submitting_shows_the_score_after_submission_and_freezes_the_copy(server: Server) -> None:
    student = _joined(server, show_score="after_submit")
    state = student.state()
    single = _question(state, "type 1")
    student.save(single["id"], _choice(single, "ESXi"), 1)
    submitted = student.api("POST", "/submit").json()
    assert submitted["status"] == "submitted"
    assert submitted["score"] == {"score": 1.0, "max": 8.0}
    assert "feedback" not in submitted["results"][single["id"]]
    late = student.save(single["id"], _choice(single, "VirtualBox"), 2)
    assert late.status_code == 409
    assert late.json() == {
        "error": french("Cette copie a déjà été rendue : elle ne peut plus changer.")
    }
    assert student.api("POST", "/submit").json()["score"]["score"] == 1.0


def test_the_deadline_submits_the_copy_with_the_servers_clock(server: Server) -> None:
    evaluation = server.teacher().create_evaluation(duration_min=30, show_score="after_submit")
    student, idle = server.person(), server.person()
    student.join(server.code(evaluation), "1001", "Alice")
    idle.join(server.code(evaluation), "1002", "Bob")
    text = _question(student.state(), "déplacement")["id"]
    assert student.state()["remaining_s"] == 30 * 60
    server.clock.advance(30 * 60 + 2)
    assert student.save(text, "motcachealpha", 1).json()["saved"] is True
    server.clock.advance(5)
    refused = student.save(text, "autre", 2)
    assert refused.status_code == 409
    assert refused.json()["error"] == french(
        "Le temps est écoulé : la copie a été rendue automatiquement."
    )
    state = student.state()
    assert (state["status"], state["submit_reason"]) == ("submitted", "deadline")
    assert state["score"] == {"score": 1.0, "max": 8.0}
    assert sweep(server.app.state.context, server.app.state.book) == 1
    assert idle.state()["submit_reason"] == "deadline"


def test_a_student_out_of_attempts_is_told_so(server: Server) -> None:
    evaluation = server.teacher().create_evaluation()
    code = server.code(evaluation)
    first = server.person()
    first.join(code, "1001", "Alice")
    first.api("POST", "/submit")
    elsewhere = server.person().join(code, "1001", "Alice")
    assert elsewhere.status_code == 409
    assert "a déjà rendu 1 copie (1 tentative permise)" in html.unescape(elsewhere.text)


def test_two_processes_sweeping_at_the_deadline_submit_each_copy_once(database_url: str) -> None:
    import threading

    from hvlab.server.submission import submit_expired
    from tests.server.conftest import make_server, make_server_on

    one = make_server(database_url)
    two = make_server_on(database_url, one.clock)
    try:
        evaluation = one.teacher().create_evaluation(duration_min=30)
        code = one.code(evaluation)
        students = []
        for number in range(30):
            student = one.person()
            assert student.join(code, f"2200{number:04d}", f"Étudiant {number}").status_code == 303
            students.append(student)
        text = _question(students[0].state(), "déplacement")["id"]
        for seq, student in enumerate(students[:10], start=1):
            assert student.save(text, "motcachealpha", seq).status_code == 200
        one.clock.advance(30 * 60 + one.app.state.context.settings.grace_s + 1)
        done: list[int] = []
        refused: list[int] = []

        def sweep_with(server: Server) -> None:
            done.append(submit_expired(server.app.state.context, server.app.state.book, limit=7))

        def late_save() -> None:
            # A save arriving after the deadline, from a page whose clock is behind the server's.
            refused.append(students[-1].save(text, "trop tard", 10**9).status_code)

        threads = [threading.Thread(target=sweep_with, args=(s,)) for s in (one, two, one, two)]
        threads.append(threading.Thread(target=late_save))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        # Each copy submitted once: by one of the sweeps, or by the late save's request (which
        # submits a copy whose time is up before refusing the save).
        assert sum(done) in (29, 30), done
        rows = one.sql("SELECT submitted_at, submit_reason, score FROM attempts")
        assert len(rows) == 30
        assert all(r["submit_reason"] == "deadline" and r["score"] is not None for r in rows)
        assert sorted(r["score"] for r in rows).count(1.0) == 10
        assert refused == [409]
        assert one.sql("SELECT response_json FROM answers WHERE response_json LIKE '%tard%'") == []
    finally:
        one.app.state.context.database.close()
        two.app.state.context.database.close()
