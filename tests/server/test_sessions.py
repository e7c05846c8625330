"""Sessions under attack: a token planted in a student's browser, cookies another host could set,
a second copy under another number from the same browser, login guessing spread over processes."""

from __future__ import annotations

import html
from typing import Any

from tests.server.conftest import PASSWORD, Server, make_server, make_server_on


def _state_of(person: Any, attempt: str) -> int:
    return int(person.client.get(attempt).status_code)


def test_a_token_planted_in_a_browser_opens_nothing_once_the_student_joins(server: Server) -> None:
    evaluation = server.teacher().create_evaluation(max_attempts=1)
    code = server.code(evaluation)
    # Mallory gets a session of her own (join, hand in), then plants its token in a shared
    # computer's browser (an HTTP page of the school's network, a sibling sub-domain…).
    mallory = server.person()
    assert mallory.join(code, "6666", "Mallory").status_code == 303
    assert mallory.api("POST", "/submit").status_code == 200
    planted = mallory.client.cookies["hvlab_session"]
    alice = server.person()
    alice.client.cookies.set("hvlab_session", planted, domain="testserver.local")
    assert alice.join(code, "1001", "Alice Martin").status_code == 303
    # The browser now holds a new token; Mallory's is dead, and Alice's copy is out of her reach.
    assert alice.client.cookies["hvlab_session"] != planted
    assert _state_of(mallory, alice.attempt) == 404
    assert mallory.save("q000000000000", "x", 1).status_code == 404
    assert server.sql("SELECT * FROM web_sessions WHERE token_hash = ?", (_hash(planted),)) == []
    assert alice.state()["student"]["number"] == "1001"


def _hash(token: str) -> str:
    from hvlab.server.tokens import hash_token

    return hash_token(token)


def test_the_new_token_at_each_join_keeps_the_browsers_other_copies(server: Server) -> None:
    teacher = server.teacher()
    first, second = teacher.create_evaluation(), teacher.create_evaluation(title="Deuxième")
    student = server.person()
    student.join(server.code(first), "1001", "Alice")
    earlier = student.attempt
    token = student.client.cookies["hvlab_session"]
    student.join(server.code(second), "1001", "Alice")
    assert student.client.cookies["hvlab_session"] != token
    assert _state_of(student, earlier) == 200, "the first copy follows the browser"
    assert server.sql("SELECT * FROM web_sessions WHERE token_hash = ?", (_hash(token),)) == []


def test_over_https_cookies_are_host_only_and_cannot_be_planted(database_url: str) -> None:
    secure = make_server(database_url, public_url="https://hvlab.lycee.example")
    try:
        person = secure.person(base_url="https://hvlab.lycee.example")
        page = person.client.get("/rejoindre")
        assert page.headers["set-cookie"].startswith("__Host-hvlab_csrf=")
        response = person.login()
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("__Host-hvlab_session=")
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
        # A cookie without the prefix (what a sibling host can set) is not read.
        other = secure.person(base_url="https://hvlab.lycee.example")
        other.client.cookies.set("hvlab_session", person.client.cookies["__Host-hvlab_session"])
        assert other.client.get("/enseignant/").status_code == 303
    finally:
        secure.app.state.context.database.close()


def test_a_second_number_from_the_same_browser_waits_for_the_first_copy(server: Server) -> None:
    evaluation = server.teacher().create_evaluation(max_attempts=1)
    code = server.code(evaluation)
    student = server.person()
    student.join(code, "1001", "Alice")
    first = student.attempt
    # Another number, to be dealt a second variant of the parametrised question: refused while
    # the first copy runs.
    refused = student.join(code, "1002", "Alice bis")
    assert refused.status_code == 409
    text = html.unescape(refused.text)
    assert "Ce navigateur a déjà une copie en cours pour cette évaluation (numéro 1001)" in text
    assert len(server.sql("SELECT * FROM attempts")) == 1
    # A shared computer after the copy is handed in: the next student may join.
    assert student.api("POST", "/submit").status_code == 200
    assert student.join(code, "1002", "Bruno").status_code == 303
    assert student.attempt != first


def test_numbers_of_lms_students_cannot_be_typed_at_a_join(server: Server) -> None:
    evaluation = server.teacher().create_evaluation()
    refused = server.person().join(server.code(evaluation), "lms-42", "Mallory")
    assert refused.status_code == 409
    assert "inscrit sur la plateforme du cours" in html.unescape(refused.text)
    assert server.sql("SELECT * FROM attempts") == []


def test_a_name_cannot_hide_text_direction_or_control_characters(server: Server) -> None:
    evaluation = server.teacher().create_evaluation()
    student = server.person()
    # U+202E shows what follows backwards: « Alice » on screen for « ecilA » typed.
    assert student.join(server.code(evaluation), "1001", "\u202eecilA  Martin").status_code == 303
    assert server.sql("SELECT student_name FROM attempts")[0]["student_name"] == "ecilA Martin"


def test_login_guesses_are_counted_across_processes(database_url: str) -> None:
    # Two processes of one server (two applications on the same database): the limit is shared.
    one = make_server(database_url, login_limit=3)
    two = make_server_on(database_url, one.clock, login_limit=3)
    try:
        codes = []
        for server in (one, two, one, two):
            person = server.person()
            token = person.form_token("/enseignant/connexion")
            codes.append(
                person.post_form(
                    "/enseignant/connexion", {"username": "prof", "password": "faux"}, token=token
                ).status_code
            )
        assert codes == [400, 400, 400, 429]
        # Around a window's boundary too: the previous window still counts.
        one.clock.advance(one.app.state.context.settings.login_window_s)
        person = two.person()
        token = person.form_token("/enseignant/connexion")
        late = person.post_form(
            "/enseignant/connexion", {"username": "prof", "password": PASSWORD}, token=token
        )
        assert late.status_code == 429
        assert int(late.headers["retry-after"]) > 0
    finally:
        one.app.state.context.database.close()
        two.app.state.context.database.close()
