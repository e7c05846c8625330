"""Teachers through the HTTP pages: login, évaluations, live progress, one student's settings."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from hvlab.typography import french
from tests.server.conftest import PASSWORD, Server, add_teacher


def test_teacher_pages_need_a_login(server: Server) -> None:
    anonymous = server.person()
    response = anonymous.client.get("/enseignant/nouvelle")
    assert response.status_code == 303
    assert response.headers["location"] == "/enseignant/connexion?suite=/enseignant/nouvelle"
    assert anonymous.client.get("/enseignant/").headers["location"] == "/enseignant/connexion"


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(server: Server) -> None:
    person = server.person()
    token = person.form_token("/enseignant/connexion")
    for username in ("prof", "inconnu"):
        response = person.post_form(
            "/enseignant/connexion", {"username": username, "password": "mauvais"}, token=token
        )
        assert response.status_code == 400
        assert "Identifiant ou mot de passe incorrect." in html.unescape(response.text)
        assert "hvlab_session" not in response.headers.get("set-cookie", "")


def test_login_sets_a_httponly_samesite_cookie_and_logout_ends_the_session(server: Server) -> None:
    teacher = server.person()
    response = teacher.login()
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("hvlab_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert teacher.client.get("/enseignant/").status_code == 200
    out = teacher.post_form("/enseignant/deconnexion", {})
    assert out.status_code == 303
    assert teacher.client.get("/enseignant/").status_code == 303
    assert server.sql("SELECT * FROM web_sessions WHERE teacher_id IS NOT NULL") == []


def test_cookies_are_secure_behind_an_https_address(database_url: str) -> None:
    from tests.server.conftest import make_server

    secure = make_server(database_url, public_url="https://hvlab.lycee.example")
    person = secure.person(base_url="https://hvlab.lycee.example")
    page = person.client.get("/enseignant/connexion")
    assert "Secure" in page.headers["set-cookie"]
    assert page.headers["strict-transport-security"] == "max-age=31536000"
    response = person.login()
    assert "Secure" in response.headers["set-cookie"]
    secure.app.state.context.database.close()


def test_login_is_rate_limited_per_address_and_account(database_url: str) -> None:
    from tests.server.conftest import make_server

    limited = make_server(database_url, login_limit=3)
    person = limited.person()
    token = person.form_token("/enseignant/connexion")
    codes = [
        person.post_form(
            "/enseignant/connexion", {"username": "prof", "password": "x"}, token=token
        ).status_code
        for _ in range(4)
    ]
    assert codes == [400, 400, 400, 429]
    blocked = person.post_form(
        "/enseignant/connexion", {"username": "prof", "password": PASSWORD}, token=token
    )
    assert blocked.status_code == 429
    assert french("Trop de tentatives : réessayez dans") in html.unescape(blocked.text)
    assert int(blocked.headers["retry-after"]) > 0
    limited.app.state.context.database.close()


def test_creating_an_evaluation_lists_it_with_its_code(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation(title="Contrôle du 15 janvier")
    code = server.code(evaluation)
    listing = html.unescape(teacher.client.get("/enseignant/").text)
    assert "Contrôle du 15 janvier" in listing
    assert f"{code[:4]}-{code[4:]}" in listing
    page = html.unescape(teacher.client.get(f"/enseignant/e/{evaluation}").text)
    assert "15/01/2027 08:00" in page and "15/01/2027 12:00" in page
    assert "après la fermeture de l'évaluation" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("closes_at", "2027-01-15T07:00", "La fermeture doit venir après l'ouverture."),
        ("opens_at", "demain", "Le champ « Ouverture » doit être une date et une heure"),
        ("max_attempts", "0", "Le champ « Nombre de tentatives » doit être compris entre 1 et 100"),
        ("show_score", "tout de suite", "Valeur invalide pour « Score »."),
        ("title", "", "Le champ « Titre » est obligatoire."),
        ("quiz_id", "../../etc/passwd", "Identifiant de quiz invalide."),
        ("quiz_id", "absent", "Le quiz « absent » n'existe pas"),
    ],
)
def test_a_bad_setting_is_refused_in_french(
    server: Server, field: str, value: str, message: str
) -> None:
    teacher = server.teacher()
    data = {
        "quiz_id": "serveur-test",
        "title": "T",
        "opens_at": "2027-01-15T08:00",
        "closes_at": "2027-01-15T12:00",
        "duration_min": "0",
        "max_attempts": "1",
        "show_score": "never",
        "show_feedback": "never",
        "show_answers": "never",
        field: value,
    }
    response = teacher.post_form("/enseignant/nouvelle", data)
    assert response.status_code == 400
    assert french(message) in html.unescape(response.text)
    assert server.sql("SELECT * FROM evaluations") == []


def test_a_teacher_never_sees_another_teachers_evaluation(server: Server) -> None:
    evaluation = server.teacher().create_evaluation()
    add_teacher(server.app, "collegue")
    other = server.teacher("collegue")
    for path in ("", "/suivi.json", "/notes.csv", "/moodle.csv", "/modifier", "/recorriger"):
        assert other.client.get(f"/enseignant/e/{evaluation}{path}").status_code == 404
    changed = other.post_form(
        f"/enseignant/e/{evaluation}/etudiant", {"student_number": "1", "action": "new_attempt"}
    )
    assert changed.status_code == 404
    assert server.sql("SELECT * FROM adjustments") == []


def test_live_progress_follows_who_started_answered_and_submitted(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation(duration_min=20)
    code = server.code(evaluation)
    alice, bob = server.person(), server.person()
    alice.join(code, "1001", "Alice")
    bob.join(code, "1002", "Bob")
    question = alice.state()["questions"][0]["id"]
    alice.save(question, None, 1)
    text = next(q["id"] for q in bob.state()["questions"] if q["type"] == "text")
    bob.save(text, "motcachealpha", 1)
    bob.api("POST", "/submit")
    server.clock.advance(60)
    students = teacher.client.get(f"/enseignant/e/{evaluation}/suivi.json").json()["students"]
    assert [(s["name"], s["state"], s["answered"], s["remaining_s"]) for s in students] == [
        ("Alice", "en cours", 0, 19 * 60),
        ("Bob", "rendue", 1, 0),
    ]
    assert students[1]["score"] == 1.0


def test_extra_time_moves_the_deadline_of_an_open_attempt(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation(duration_min=30)
    student = server.person()
    student.join(server.code(evaluation), "1001", "Alice")
    response = teacher.post_form(
        f"/enseignant/e/{evaluation}/etudiant",
        {"student_number": "1001", "action": "extra_time", "minutes": "10"},
    )
    assert french("Temps supplémentaire de l'étudiant 1001 : 10 min.") in html.unescape(
        response.text
    )
    assert student.state()["remaining_s"] == 40 * 60
    server.clock.advance(35 * 60)
    assert student.state()["status"] == "open"


def test_a_new_attempt_lets_a_student_start_again(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    code = server.code(evaluation)
    student = server.person()
    student.join(code, "1001", "Alice")
    first = student.attempt
    student.api("POST", "/submit")
    teacher.post_form(
        f"/enseignant/e/{evaluation}/etudiant", {"student_number": "1001", "action": "new_attempt"}
    )
    assert student.join(code, "1001", "Alice").status_code == 303
    assert student.attempt != first
    assert student.state()["status"] == "open"


def test_changing_the_closing_time_moves_open_deadlines(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation(closes_at="2027-01-15T10:00")
    student = server.person()
    student.join(server.code(evaluation), "1001", "Alice")
    assert student.state()["remaining_s"] == 3600
    response = teacher.post_form(
        f"/enseignant/e/{evaluation}/modifier",
        {
            "title": "T",
            "opens_at": "2027-01-15T08:00",
            "closes_at": "2027-01-15T09:30",
            "duration_min": "0",
            "max_attempts": "1",
            "show_score": "never",
            "show_feedback": "never",
            "show_answers": "never",
        },
    )
    assert response.status_code == 303
    assert student.state()["remaining_s"] == 1800


def _evaluation_routes(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) of the application that names an évaluation."""
    found = []
    for route in app.routes:
        path = getattr(route, "path", "")
        if "{evaluation}" in path:
            found += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return found


def test_no_route_gives_a_teacher_anything_of_another_teachers_evaluation(server: Server) -> None:
    owner = server.teacher()
    evaluation = owner.create_evaluation()
    server.person().join(server.code(evaluation), "1001", "Alice")
    add_teacher(server.app, "collegue")
    other = server.teacher("collegue")
    before = server.sql("SELECT * FROM evaluations"), server.sql("SELECT * FROM attempts")
    routes = _evaluation_routes(server.app)
    assert len(routes) >= 11, routes
    for method, path in routes:
        url = path.replace("{evaluation}", evaluation)
        form = {
            "student_number": "1001",
            "action": "release",
            "title": "Volée",
            "opens_at": "2027-01-15T08:00",
            "closes_at": "2027-01-15T12:00",
            "max_attempts": "5",
            "show_score": "after_answer",
            "show_feedback": "after_answer",
            "show_answers": "after_answer",
            "fingerprint": "0" * 64,
        }
        response = other.client.get(url) if method == "GET" else other.post_form(url, form)
        assert response.status_code == 404, (method, url, response.status_code)
        assert "Alice" not in response.text and "1001" not in response.text
    assert (server.sql("SELECT * FROM evaluations"), server.sql("SELECT * FROM attempts")) == before


def test_only_an_administrator_manages_platforms_and_keys(server: Server) -> None:
    # « prof » is a plain teacher here (so is every account an LMS launch opens).
    teacher = server.teacher()
    assert "Plateformes LTI" not in html.unescape(teacher.client.get("/enseignant/").text)
    page = teacher.client.get("/enseignant/lti/")
    assert page.status_code == 403
    assert "Seul un administrateur de hvlab" in html.unescape(page.text)
    for action in (
        {
            "action": "register",
            "moodle_url": "http://169.254.169.254",
            "client_id": "x",
            "deployment_ids": "1",
        },
        {"action": "rotate"},
        {"action": "delete", "platform": "1"},
    ):
        assert teacher.post_form("/enseignant/lti/", action).status_code == 403
    assert server.sql("SELECT * FROM lti_platforms") == []
    assert server.sql("SELECT * FROM lti_keys") == []
    add_teacher(server.app, "admin", admin=True)
    admin = server.teacher("admin")
    assert admin.client.get("/enseignant/lti/").status_code == 200
    assert "Plateformes LTI" in html.unescape(admin.client.get("/enseignant/").text)


def test_the_live_table_flags_one_person_under_two_numbers_and_filters(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation(max_attempts=1)
    code = server.code(evaluation)
    # Alice hands in, then starts again under another number from the same browser (a second
    # variant of each parametrised question); Chloé's double joins from another browser.
    alice = server.person()
    alice.join(code, "1001", "Alice Martin")
    alice.api("POST", "/submit")
    alice.join(code, "1002", "Alice Martin")
    server.person().join(code, "1003", "Chloé Durand")
    server.person().join(code, "1004", "durand  CHLOÉ")
    server.person().join(code, "1005", "Bruno Petit")
    data = teacher.client.get(f"/enseignant/e/{evaluation}/suivi.json").json()
    warnings = {s["number"]: s["warnings"] for s in data["students"]}
    assert warnings == {
        "1001": ["même navigateur que 1002", "même nom que 1002"],
        "1002": ["même navigateur que 1001", "même nom que 1001"],
        "1003": ["même nom que 1004"],
        "1004": ["même nom que 1003"],
        "1005": [],
    }
    assert data["summary"] == french(
        "5 étudiants ont commencé : 4 en cours (dont 4 sans réponse), 1 copie rendue. "
        "4 étudiants à regarder (alertes)."
    )
    only = teacher.client.get(f"/enseignant/e/{evaluation}/suivi.json?filtre=chloe").json()
    assert [s["number"] for s in only["students"]] == ["1003", "1004"] and only["hidden"] == 3
    assert only["hidden_sentence"] == "3 étudiants masqués par le filtre."
    one = teacher.client.get(f"/enseignant/e/{evaluation}/suivi.json?filtre=1005").json()
    assert one["hidden_sentence"] == "4 étudiants masqués par le filtre."
    everyone = teacher.client.get(f"/enseignant/e/{evaluation}/suivi.json").json()
    assert everyone["hidden_sentence"] == ""
    page = html.unescape(teacher.client.get(f"/enseignant/e/{evaluation}?etat=rendues").text)
    assert "1001" in page and "1005" not in page and "4 étudiants masqués par le filtre." in page
    flagged = html.unescape(teacher.client.get(f"/enseignant/e/{evaluation}?etat=alertes").text)
    assert "Chloé Durand" in flagged and "Bruno Petit" not in flagged


def test_the_teacher_reads_a_copy_and_nobody_else_does(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    other_evaluation = teacher.create_evaluation(title="Autre")
    student = server.person()
    student.join(server.code(evaluation), "1001", "Alice Martin")
    state = student.state()
    text = next(q["id"] for q in state["questions"] if q["type"] == "text")
    single = next(q for q in state["questions"] if q["type"] == "single")
    esxi = next(c["id"] for c in single["choices"] if c["html"] == "ESXi")
    student.save(text, "vmotion", 1)
    student.save(single["id"], esxi, 2)
    copy = student.attempt.rsplit("/", 1)[1]
    page = teacher.client.get(f"/enseignant/e/{evaluation}/copie/{copy}")
    assert page.status_code == 200
    shown = html.unescape(page.text)
    assert "Copie de Alice Martin" in shown and "notes provisoires" in shown
    assert 'Réponse</dt><dd><span class="hv-verbatim">vmotion' in shown
    assert "Réponse</dt><dd>ESXi" in shown
    assert french("Réponse attendue : « motcachealpha » ou « motcachebeta »") in shown
    assert "1 / 8" in shown
    # The same copy under another évaluation's address, another teacher, a student: nothing.
    assert teacher.client.get(f"/enseignant/e/{other_evaluation}/copie/{copy}").status_code == 404
    add_teacher(server.app, "collegue")
    assert (
        server.teacher("collegue")
        .client.get(f"/enseignant/e/{evaluation}/copie/{copy}")
        .status_code
        == 404
    )
    assert student.client.get(f"/enseignant/e/{evaluation}/copie/{copy}").status_code == 303


def test_the_teacher_goes_from_copy_to_copy_in_the_tables_order(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    other = teacher.create_evaluation(title="Autre")
    code = server.code(evaluation)
    copies = {}
    for number, name in (("1003", "Chloé Durand"), ("1001", "Alice Martin"), ("1002", "Bruno")):
        student = server.person()
        student.join(code, number, name)
        copies[name] = student.attempt.rsplit("/", 1)[1]
    server.person().join(server.code(other), "2001", "Zoé d'une autre évaluation")

    def links(name: str) -> tuple[list[str], str]:
        page = teacher.client.get(f"/enseignant/e/{evaluation}/copie/{copies[name]}")
        assert page.status_code == 200
        text = html.unescape(page.text)
        return re.findall(r'href="[^"]*/copie/([^"]+)" rel="(?:prev|next)"', text), text

    # By name, as in the live table: Alice, Bruno, Chloé; the links appear above and below.
    first, text = links("Alice Martin")
    assert first == [copies["Bruno"]] * 2 and "copie 1 sur 3" in text
    assert french("Copie suivante : Bruno →") in text and "Copie précédente" not in text
    middle, text = links("Bruno")
    assert middle == [copies["Alice Martin"], copies["Chloé Durand"]] * 2
    assert "copie 2 sur 3" in text
    last, text = links("Chloé Durand")
    assert last == [copies["Bruno"]] * 2 and "Copie suivante" not in text
    assert "Zoé" not in text
