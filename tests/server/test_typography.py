"""French typography on everything the server shows: every page a student, a teacher or an
administrator reads, and the French texts of the JSON the quiz and teacher pages display.

What a French reader expects (Lexique des règles typographiques en usage à l'Imprimerie
nationale): no ordinary space before « : ; ! ? » (a no-break one, narrow before « ; ! ? ») and none
inside « guillemets » (a narrow no-break one). What a student typed is data: shown as typed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from starlette.testclient import TestClient

from hvlab.server.views import student as student_views
from tests.server.conftest import Server, add_teacher

#: An ordinary space (or line break) before « : ; ! ? », after « or before ».
_PLAIN_SPACES = {
    "plain space before « : ; ! ? »": re.compile(r"\S[ \t\r\n]+[:;!?](?=[\s\u00a0\u202f]|$)"),
    "plain space after «": re.compile(r"«[ \t\r\n]"),
    "plain space before »": re.compile(r"[ \t\r\n]»"),
    "« without a space": re.compile(r"«[^\s\u00a0\u202f]|[^\s\u00a0\u202f]»"),
}
#: Attributes whose value people read (screen readers, tooltips, empty fields).
_HUMAN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class _Visible(HTMLParser):
    """The text a person reads in a page: text nodes and human attributes, without scripts,
    styles, code, text areas and data shown as typed (``hv-verbatim``)."""

    _SKIPPED = frozenset({"script", "style", "code", "pre", "kbd", "samp", "textarea"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if not self.skipping:
            self.texts.extend(str(values[a]) for a in _HUMAN_ATTRIBUTES if values.get(a))
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        classes = (values.get("class") or "").split()
        if self.skipping or tag in self._SKIPPED or "hv-verbatim" in classes:
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.texts.append(data)


def visible_text(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    parser.close()
    return "\n".join(parser.texts)


def typography_problems(text: str) -> list[str]:
    found = []
    for problem, pattern in _PLAIN_SPACES.items():
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 30) : match.end() + 15].replace("\n", "⏎")
            found.append(f"{problem}: …{around}…")
    return found


def _json_texts(value: Any, skipped: frozenset[str] = frozenset()) -> list[str]:
    """Every string of a JSON value (HTML fragments as their visible text), except under the
    keys ``skipped`` (data: answers, names)."""
    if isinstance(value, str):
        return [visible_text(value)]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k not in skipped for t in _json_texts(v, skipped)]
    if isinstance(value, list):
        return [t for item in value for t in _json_texts(item, skipped)]
    return []


def test_the_checker_sees_what_a_reader_sees() -> None:
    page = (
        '<p title="Aide : ici">Note\u00a0: «\u202fx\u202f» ; fin</p><script>a ? b : c</script>'
        '<code>x : y</code><span class="hv-verbatim">tapé : ainsi</span><textarea>a ! b</textarea>'
    )
    problems = typography_problems(visible_text(page))
    assert len(problems) == 2, problems  # « Aide : » (a tooltip) and « » ; fin »
    assert all(p.startswith("plain space before « : ; ! ? »") for p in problems)
    assert "Aide : ici" in problems[0] and "» ; fin" in problems[1]
    problems = typography_problems("Le champ «Titre» ! 10:30 https://a.b/c?d=1 Yahoo!")
    assert [p.split(":")[0] for p in problems] == [
        "plain space before « ",
        "« without a space",
        "« without a space",
    ]


def _pages(server: Server, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[int, str]]:
    """Every kind of page, as its reader gets it: ``name → (status, HTML)``."""
    got: dict[str, tuple[int, str]] = {}

    def keep(name: str, response: Any, status: int = 200) -> None:
        assert response.status_code == status, (name, response.status_code, response.text[:500])
        assert response.headers["content-type"].startswith("text/html"), name
        got[name] = (response.status_code, response.text)

    anonymous = server.person()
    keep("login", anonymous.client.get("/enseignant/connexion"))
    token = anonymous.form_token("/enseignant/connexion")
    keep(
        "login refused",
        anonymous.post_form(
            "/enseignant/connexion", {"username": "prof", "password": "faux"}, token=token
        ),
        400,
    )
    keep("join", anonymous.client.get("/rejoindre"))
    keep("join with an error", anonymous.join("AAAA-AAAA", "1001", "Alice Martin"), 404)
    keep("join with a bad code", anonymous.join("K7", "1001", "Alice Martin"), 400)

    teacher = server.teacher()
    keep("new évaluation form", teacher.client.get("/enseignant/nouvelle"))
    bad = {"quiz_id": "serveur-test", "title": "", "opens_at": "demain", "max_attempts": "0"}
    keep("évaluation form with errors", teacher.post_form("/enseignant/nouvelle", bad), 400)
    evaluation = teacher.create_evaluation(
        show_score="after_submit", show_feedback="after_submit", show_answers="after_submit"
    )
    keep("dashboard", teacher.client.get("/enseignant/"))
    keep("edit form", teacher.client.get(f"/enseignant/e/{evaluation}/modifier"))

    code = server.code(evaluation)
    student = server.person()
    assert student.join(code, "1001", "Alice Martin").status_code == 303
    keep("quiz page", student.client.get(student.attempt.replace("/api/attempts/", "/copie/")))
    text = next(q["id"] for q in student.state()["questions"] if q["type"] == "text")
    assert student.save(text, "réponse : tapée ; ainsi !", 1).status_code == 200
    other = server.person()
    other.join(code, "1002", "Bruno Petit")
    keep("évaluation page (live table)", teacher.client.get(f"/enseignant/e/{evaluation}"))
    assert student.api("POST", "/submit").status_code == 200
    keep("submitted copy", student.client.get(student.attempt.replace("/api/attempts/", "/copie/")))
    keep("évaluation page", teacher.client.get(f"/enseignant/e/{evaluation}"))
    copy_id = student.attempt.rsplit("/", 1)[1]
    keep("teacher's copy view", teacher.client.get(f"/enseignant/e/{evaluation}/copie/{copy_id}"))
    keep("regrade page", teacher.client.get(f"/enseignant/e/{evaluation}/recorriger"))
    keep("participants", teacher.client.get(f"/enseignant/e/{evaluation}/participants"))
    keep(
        "student action notice",
        teacher.post_form(
            f"/enseignant/e/{evaluation}/etudiant",
            {"student_number": "1002", "action": "extra_time", "minutes": "10"},
        ),
    )

    add_teacher(server.app, "admin", admin=True)
    admin = server.teacher("admin")
    keep("LTI platforms (administrator)", admin.client.get("/enseignant/lti/"))
    keep("LTI configuration", admin.client.get("/lti/configuration"))
    forged = {"code": code, "student_number": "1003", "student_name": "Chloé"}
    keep("403", anonymous.post_form("/rejoindre", forged, token="faux"), 403)
    keep("404", anonymous.client.get("/nulle-part"), 404)
    keep(
        "LTI refusal page",
        anonymous.client.post("/lti/launch", data={"id_token": "x.y.z", "state": "etat-inconnu"}),
        400,
    )

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(student_views, "_join_page", broken)
    crashing = TestClient(server.app, raise_server_exceptions=False, follow_redirects=False)
    keep("500", crashing.get("/rejoindre"), 500)
    return got


def test_every_page_has_french_spaces_in_what_people_read(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = []
    pages = _pages(server, monkeypatch)
    for name, (_status, page) in pages.items():
        found += [f"{name}: {problem}" for problem in typography_problems(visible_text(page))]
    assert not found, "\n".join(found)
    # The probe is not blind: the pages hold the sentences it checks, with French spaces.
    shown = {name: html.unescape(page) for name, (_status, page) in pages.items()}
    assert "Le champ «\u202fTitre\u202f» est obligatoire." in shown["évaluation form with errors"]
    assert "\u00a0:" in shown["quiz page"] and "\u00a0:" in shown["teacher's copy view"]


def test_what_a_student_typed_is_shown_as_typed(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    student = server.person()
    student.join(server.code(evaluation), "1001", "Alice Martin")
    text = next(q["id"] for q in student.state()["questions"] if q["type"] == "text")
    student.save(text, "réponse : tapée ; ainsi !", 1)
    student.api("POST", "/submit")
    copy_id = student.attempt.rsplit("/", 1)[1]
    page = html.unescape(teacher.client.get(f"/enseignant/e/{evaluation}/copie/{copy_id}").text)
    assert '<span class="hv-verbatim">réponse : tapée ; ainsi !</span>' in page
    assert student.state()["answers"][text]["response"] == "réponse : tapée ; ainsi !"


def test_the_json_the_pages_show_has_french_spaces(server: Server) -> None:
    teacher = server.teacher()
    evaluation = teacher.create_evaluation(
        show_score="after_submit", show_feedback="after_submit", show_answers="after_submit"
    )
    student = server.person()
    student.join(server.code(evaluation), "1001", "Alice Martin")
    texts = _json_texts(student.state(), frozenset({"answers", "student"}))
    unknown = student.save("inconnue", "x", 2)  # a question of no copy
    submitted = student.api("POST", "/submit")
    texts += _json_texts(submitted.json())
    errors: list[Any] = [
        unknown,
        student.save("inconnue", "x", 3),  # 409: already handed in
        student.client.put(student.attempt + "/answers/x", json={}),  # 403: no CSRF token
        server.person().client.get(student.attempt),  # 403/404: someone else
    ]
    for response in errors:
        assert response.status_code >= 400, (response.request.url, response.text)
        assert set(response.json()) == {"error"}
        texts.append(response.json()["error"])
    assert any("\u00a0:" in t for t in texts[-4:]), texts[-4:]
    progress = teacher.client.get(f"/enseignant/e/{evaluation}/suivi.json").json()
    texts += [progress["summary"], progress["hidden_sentence"]]
    texts += [w for row in progress["students"] for w in row["warnings"]]
    assert "\u00a0:" in progress["summary"]
    found = [p for t in texts for p in typography_problems(t)]
    assert not found, "\n".join(found)


def test_an_error_page_without_templates_still_has_french_spaces(server: Server) -> None:
    server.app.state.templates = None
    client = TestClient(server.app, follow_redirects=False)
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert not typography_problems(visible_text(response.text))
    assert "Page introuvable" in response.text
