"""A quiz the course publishes for practice has its answers readable by every student (the
static site grades in the browser): an évaluation made from it needs the teacher to say so."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from hvlab.typography import french
from tests.server.conftest import QUIZZES, Server, make_server

FIELDS = {
    "title": "Contrôle",
    "opens_at": "2027-01-15T08:00",
    "closes_at": "2027-01-15T12:00",
    "duration_min": "0",
    "max_attempts": "1",
    "show_score": "after_close",
    "show_feedback": "after_close",
    "show_answers": "after_close",
}


def _course(root: Path) -> Path:
    """A course checkout: quizzes/ (one quiz published in a chapter, one kept for évaluations)
    and docs/ side by side."""
    quizzes = root / "quizzes"
    quizzes.mkdir(parents=True)
    shutil.copy(QUIZZES / "serveur-test.yaml", quizzes / "serveur-test.yaml")
    reserved = (QUIZZES / "serveur-test.yaml").read_text(encoding="utf-8")
    (quizzes / "reserve.yaml").write_text(
        reserved.replace("id: serveur-test", "id: reserve", 1), encoding="utf-8"
    )
    chapter = root / "docs" / "chapitres" / "01-intro.md"
    chapter.parent.mkdir(parents=True)
    chapter.write_text(
        "# Introduction\n\nTestez-vous :\n\n```quiz\nid: serveur-test\n```\n\n"
        "Un exemple de code, pas un quiz :\n\n```yaml\nid: reserve\n```\n",
        encoding="utf-8",
    )
    return quizzes


def _create(server: Server, quiz_id: str, **extra: str) -> tuple[int, str]:
    teacher = server.teacher()
    response = teacher.post_form("/enseignant/nouvelle", {"quiz_id": quiz_id, **FIELDS, **extra})
    return response.status_code, html.unescape(response.text)


def test_a_quiz_published_for_practice_is_refused_unless_the_teacher_says_so(
    tmp_path: Path,
) -> None:
    server = make_server(str(tmp_path / "hvlab.db"), quizzes=_course(tmp_path / "cours"))
    form = html.unescape(server.teacher().client.get("/enseignant/nouvelle").text)
    assert "(serveur-test, 8 questions, publié dans le cours)" in form
    assert "(reserve, 8 questions)" in form
    assert french("Ce quiz est public : je l'utilise quand même (évaluation formative)") in form

    status, page = _create(server, "serveur-test")
    assert status == 400
    assert (
        french(
            "Le quiz « serveur-test » est publié dans le cours pour l'entraînement "
            "(docs/chapitres/01-intro.md) : les étudiants peuvent y lire ses réponses"
        )
        in page
    )
    assert server.sql("SELECT * FROM evaluations") == []
    # Forged values of the confirmation are not a confirmation.
    for value in ("on", "true", "0", ""):
        assert _create(server, "serveur-test", public_ok=value)[0] == 400
    assert server.sql("SELECT * FROM evaluations") == []

    assert _create(server, "serveur-test", public_ok="1")[0] == 303
    assert _create(server, "reserve")[0] == 303  # a YAML example in a page is not a quiz fence
    assert [r["quiz_id"] for r in server.sql("SELECT quiz_id FROM evaluations")] == [
        "serveur-test",
        "reserve",
    ]
    server.app.state.context.database.close()


def test_a_quiz_in_the_served_site_counts_as_published(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "chapitres" / "un").mkdir(parents=True)
    (site / "chapitres" / "un" / "index.html").write_text(
        '<!doctype html><div class="hvlab-quiz" data-quiz="reserve" data-hvlab-quiz="…"></div>',
        encoding="utf-8",
    )
    server = make_server(
        str(tmp_path / "hvlab.db"), quizzes=_course(tmp_path / "cours"), site_dir=str(site)
    )
    status, page = _create(server, "reserve")
    assert status == 400 and "(chapitres/un/index.html)" in page
    assert _create(server, "reserve", public_ok="1")[0] == 303
    server.app.state.context.database.close()


def test_quizzes_kept_out_of_the_course_need_no_confirmation(server: Server) -> None:
    # The test quizzes folder has no docs/ beside it: nothing is published.
    assert _create(server, "serveur-test")[0] == 303
