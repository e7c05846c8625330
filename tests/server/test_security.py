"""What an attacker tries: forged requests, huge or malformed bodies, odd ids, SQL in fields,
inline scripts, error pages that say too much.

What depends on the database (tokens of sessions, rate-limit counters, SQL) runs on both backends;
parsing, limits, headers and error pages run on SQLite only.
"""

from __future__ import annotations

import html
from typing import Any

import pytest
from starlette.testclient import TestClient

from hvlab.server.security import CSP
from hvlab.typography import french
from tests.server.conftest import INLINE_CODE as _INLINE
from tests.server.conftest import Person, Server


def _student(server: Server) -> tuple[Person, Person, str]:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    student = server.person()
    student.join(server.code(evaluation), "1001", "Alice")
    return teacher, student, evaluation


def _text_question(student: Person) -> str:
    return next(q["id"] for q in student.state()["questions"] if q["type"] == "text")


def test_a_teacher_form_without_or_with_a_forged_token_is_refused(server: Server) -> None:
    teacher, _, evaluation = _student(server)
    form = {"student_number": "1001", "action": "new_attempt"}
    path = f"/enseignant/e/{evaluation}/etudiant"
    for token in ("", "forged-token-of-the-right-length-000000000"):
        response = teacher.post_form(path, form, token=token)
        assert response.status_code == 403
        assert "jeton de sécurité" in html.unescape(response.text)
    assert server.sql("SELECT * FROM adjustments") == []


def test_a_request_from_another_site_is_refused_even_with_the_token(server: Server) -> None:
    teacher, student, evaluation = _student(server)
    response = teacher.client.post(
        f"/enseignant/e/{evaluation}/etudiant",
        data={"csrf": teacher.csrf, "student_number": "1001", "action": "new_attempt"},
        headers={"Origin": "https://pirate.example"},
    )
    assert response.status_code == 403
    assert "vient d'un autre site" in html.unescape(response.text)
    saved = student.client.put(
        student.attempt + f"/answers/{_text_question(student)}",
        json={"response": "x", "seq": 1},
        headers={"X-CSRF-Token": student.csrf, "Origin": "https://pirate.example"},
    )
    assert saved.status_code == 403


def test_the_student_api_needs_the_sessions_token(server: Server) -> None:
    _teacher, student, _evaluation = _student(server)
    question = _text_question(student)
    path = student.attempt + f"/answers/{question}"
    body = {"response": "x", "seq": 1}
    assert student.client.put(path, json=body).status_code == 403
    other = server.person()
    other.join(server.code(_evaluation), "1002", "Bob")
    forged = student.client.put(path, json=body, headers={"X-CSRF-Token": other.csrf})
    assert forged.status_code == 403
    assert forged.json()["error"].startswith("Requête refusée")
    assert student.state()["answers"] == {}


def test_login_and_join_forms_need_their_cookie_token(sqlite_server: Server) -> None:
    server = sqlite_server
    server.teacher().create_evaluation()
    person = server.person()
    token = person.form_token("/rejoindre")
    bare = TestClient(server.app, follow_redirects=False)
    for path, data in (
        ("/rejoindre", {"code": "AAAA-AAAA", "student_number": "1", "student_name": "A"}),
        ("/enseignant/connexion", {"username": "prof", "password": "x"}),
    ):
        response = bare.post(path, data={"csrf": token, **data})
        assert response.status_code == 403


def test_an_oversize_body_is_refused_before_it_is_read(sqlite_server: Server) -> None:
    server = sqlite_server
    _teacher, student, _evaluation = _student(server)
    question = _text_question(student)
    big = {"response": "x" * 70_000, "seq": 1}
    response = student.api("PUT", f"/answers/{question}", big)
    assert response.status_code == 413
    assert response.json() == {"error": "La requête est trop volumineuse (64 Kio au plus)."}

    def chunks() -> Any:
        for _ in range(100):
            yield b"a" * 1024

    streamed = student.client.put(
        student.attempt + f"/answers/{question}",
        content=chunks(),
        headers={"X-CSRF-Token": student.csrf, "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413
    assert student.state()["answers"] == {}


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"[" * 30_000 + b"]" * 30_000, "application/json", 400),
        (b'{"a":' * 5_000 + b"1" + b"}" * 5_000, "application/json", 400),
        (b"\xff\xfe{}", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'{"response": "x", "seq": 1}', "text/plain", 415),
        (b'{"response": "x", "seq": -1}', "application/json", 400),
        (b'{"response": "x", "seq": true}', "application/json", 400),
        (b'{"response": "x", "seq": 1, "final": "oui"}', "application/json", 400),
        (b'{"seq": 1}', "application/json", 400),
        (b'{"response": {"a": 1}, "seq": 1}', "application/json", 400),
    ],
)
def test_a_malformed_answer_gets_a_french_error(
    sqlite_server: Server, body: bytes, content_type: str, status: int
) -> None:
    server = sqlite_server
    _teacher, student, _evaluation = _student(server)
    response = student.client.put(
        student.attempt + f"/answers/{_text_question(student)}",
        content=body,
        headers={"X-CSRF-Token": student.csrf, "Content-Type": content_type},
    )
    assert response.status_code == status
    message = response.json()["error"]
    assert message and "Traceback" not in message
    assert student.state()["answers"] == {}


@pytest.mark.parametrize(
    "suffix",
    ["x", "/../../enseignant", "%27%20OR%201=1--", "a" * 300, "/answers/inconnue"],
)
def test_odd_ids_get_a_plain_404(sqlite_server: Server, suffix: str) -> None:
    server = sqlite_server
    _teacher, student, _evaluation = _student(server)
    response = student.client.get(student.attempt + suffix)
    assert response.status_code in (404, 405)
    assert "Traceback" not in response.text


def test_an_unknown_question_id_is_refused(sqlite_server: Server) -> None:
    server = sqlite_server
    _teacher, student, _evaluation = _student(server)
    response = student.save("texte", "x", 1)
    assert response.status_code == 404
    assert response.json() == {"error": "Cette question ne fait pas partie de la copie."}


def test_sql_metacharacters_are_data(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation(title="Robert'); DROP TABLE attempts;--")
    student = server.person()
    name = "Robert'); DROP TABLE attempts;-- \" % _ \\"
    assert student.join(server.code(evaluation), "1001", name).status_code == 303
    student.save(_text_question(student), "' OR '1'='1", 1)
    rows = server.sql("SELECT student_name FROM attempts")
    assert rows == [{"student_name": name}]
    assert server.sql("SELECT response_json FROM answers") == [{"response_json": "\"' OR '1'='1\""}]
    intruder = server.person()
    token = intruder.form_token("/enseignant/connexion")
    response = intruder.post_form(
        "/enseignant/connexion", {"username": "prof' --", "password": "' OR '1'='1"}, token=token
    )
    assert response.status_code == 400


def test_every_page_has_the_csp_and_no_inline_script_or_style(sqlite_server: Server) -> None:
    server = sqlite_server
    teacher, student, evaluation = _student(server)
    anonymous = server.person()
    pages = [
        (anonymous, "/rejoindre"),
        (anonymous, "/enseignant/connexion"),
        (anonymous, "/nulle-part"),
        (teacher, "/enseignant/"),
        (teacher, "/enseignant/nouvelle"),
        (teacher, f"/enseignant/e/{evaluation}"),
        (teacher, f"/enseignant/e/{evaluation}/modifier"),
        (teacher, f"/enseignant/e/{evaluation}/recorriger"),
        (student, student.attempt.replace("/api/attempts/", "/copie/")),
    ]
    for person, path in pages:
        response = person.client.get(path)
        assert response.headers["content-security-policy"] == CSP, path
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        found = _INLINE.findall(response.text)
        assert not found, (path, found)
    assert (
        "script-src 'self'" in CSP and "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    )


def test_an_internal_error_is_a_french_page_without_traceback(
    sqlite_server: Server, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    server = sqlite_server
    from hvlab.server import student as actions

    _teacher, student, _evaluation = _student(server)

    def broken(*args: Any) -> Any:
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(actions, "attempt_state", broken)
    client = TestClient(server.app, raise_server_exceptions=False, follow_redirects=False)
    client.cookies = student.client.cookies
    response = client.get(student.attempt)
    assert response.status_code == 500
    assert response.json() == {
        "error": french(
            "Une erreur interne s'est produite. Elle a été consignée pour l'administrateur ; "
            "réessayez dans un instant."
        )
    }
    assert "secret detail" not in response.text
    assert any("secret detail" in str(r.exc_info) for r in caplog.records if r.exc_info)


def test_unknown_pages_and_methods_answer_in_french(sqlite_server: Server) -> None:
    server = sqlite_server
    client = server.person().client
    missing = client.get("/nulle-part")
    assert missing.status_code == 404
    assert "Cette page n'existe pas (ou plus)." in html.unescape(missing.text)
    wrong = client.delete("/rejoindre")
    assert wrong.status_code == 405
    assert "Cette méthode n'est pas acceptée" in html.unescape(wrong.text)
    assert (
        client.post(
            "/rejoindre", content=b"a=1", headers={"Content-Type": "multipart/form-data"}
        ).status_code
        == 415
    )


def test_a_form_with_too_many_fields_is_refused(sqlite_server: Server) -> None:
    server = sqlite_server
    person = server.person()
    token = person.form_token("/rejoindre")
    fields = "&".join(f"f{i}=1" for i in range(500))
    response = person.client.post(
        "/rejoindre",
        content=f"csrf={token}&{fields}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert "Formulaire illisible" in html.unescape(response.text)


def test_joins_are_rate_limited(database_url: str) -> None:
    from tests.server.conftest import make_server

    limited = make_server(database_url, join_limit=2)
    person = limited.person()
    token = person.form_token("/rejoindre")
    statuses = [
        person.post_form(
            "/rejoindre",
            {"code": "ZZZZ-ZZZZ", "student_number": "1", "student_name": "A"},
            token=token,
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [404, 404, 429]
    limited.app.state.context.database.close()
