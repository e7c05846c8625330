"""Re-grading after a key correction: preview, apply, the log of what changed, what is refused."""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from hvlab.typography import french
from tests.server.conftest import QUIZZES, Person, Server, make_server

QUIZ_FILE = "serveur-test.yaml"


@pytest.fixture
def corrected(database_url: str, tmp_path: Path) -> Iterator[Server]:
    """A server whose quizzes folder the test may edit."""
    folder = tmp_path / "quizzes"
    folder.mkdir()
    shutil.copy(QUIZZES / QUIZ_FILE, folder / QUIZ_FILE)
    made = make_server(database_url, quizzes=folder)
    yield made
    made.app.state.context.database.close()


def _edit(server: Server, old: str, new: str) -> None:
    path = server.quizzes / QUIZ_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _submit_text(server: Server, code: str, number: str, typed: str) -> Person:
    student = server.person()
    student.join(code, number, f"Étudiant {number}")
    text = next(q["id"] for q in student.state()["questions"] if q["type"] == "text")
    student.save(text, typed, 1)
    student.api("POST", "/submit")
    return student


def test_a_corrected_key_regrades_every_copy_and_logs_each_change(corrected: Server) -> None:
    teacher = corrected.teacher()
    evaluation = teacher.create_evaluation()
    code = corrected.code(evaluation)
    _submit_text(corrected, code, "1001", "vmotion")
    _submit_text(corrected, code, "1002", "motcachealpha")
    _edit(corrected, "accept: [motcachealpha, motcachebeta]", "accept: [motcachealpha, vMotion]")
    preview = html.unescape(teacher.client.get(f"/enseignant/e/{evaluation}/recorriger").text)
    assert french("texte</strong> : réponses acceptées") in preview
    assert french("2 copies rendues ; 1 note de question change.") in preview
    assert "Étudiant 1001 (1001)" in preview
    token = teacher.form_token(f"/enseignant/e/{evaluation}/recorriger")
    fingerprint = preview.split('name="fingerprint" value="')[1].split('"')[0]
    applied = teacher.post_form(
        f"/enseignant/e/{evaluation}/recorriger", {"fingerprint": fingerprint}, token=token
    )
    assert applied.status_code == 303
    page = html.unescape(teacher.client.get(applied.headers["location"]).text)
    assert "Les copies ont été recorrigées" in page
    assert "Journal des recorrections" in page
    assert (
        french(
            "Questions modifiées : texte (réponses acceptées). "
            "1 note de question modifiée sur 2 copies."
        )
        in page
    )
    scores = {r["student_number"]: r["score"] for r in corrected.sql("SELECT * FROM attempts")}
    assert scores == {"1001": 1.0, "1002": 1.0}
    again = teacher.post_form(
        f"/enseignant/e/{evaluation}/recorriger", {"fingerprint": fingerprint}, token=token
    )
    assert again.status_code == 409
    assert "n'a pas changé" in html.unescape(again.text)


def test_a_changed_question_list_cannot_be_regraded(corrected: Server) -> None:
    teacher = corrected.teacher()
    evaluation = teacher.create_evaluation()
    _submit_text(corrected, corrected.code(evaluation), "1001", "x")
    _edit(corrected, "  - id: texte\n", "  - id: texte-renomme\n")
    preview = html.unescape(teacher.client.get(f"/enseignant/e/{evaluation}/recorriger").text)
    assert "Recorrection impossible" in preview
    assert french("questions retirées : « texte »") in preview
    assert 'name="fingerprint"' not in preview


def test_a_file_changed_after_the_preview_is_not_applied(corrected: Server) -> None:
    teacher = corrected.teacher()
    evaluation = teacher.create_evaluation()
    _submit_text(corrected, corrected.code(evaluation), "1001", "vmotion")
    _edit(corrected, "accept: [motcachealpha, motcachebeta]", "accept: [motcachealpha, vmotion]")
    preview = teacher.client.get(f"/enseignant/e/{evaluation}/recorriger").text
    fingerprint = preview.split('name="fingerprint" value="')[1].split('"')[0]
    _edit(corrected, "tolerance: 0.77", "tolerance: 1")
    response = teacher.post_form(
        f"/enseignant/e/{evaluation}/recorriger", {"fingerprint": fingerprint}
    )
    assert response.status_code == 409
    assert "a encore changé depuis l'aperçu" in html.unescape(response.text)
    assert corrected.sql("SELECT * FROM regrades") == []
