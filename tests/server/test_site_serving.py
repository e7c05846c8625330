"""`hvlab serve --site`: the built course served beside the évaluations, each with its own
Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from hvlab.server.security import CSP
from tests.server.conftest import make_server

INLINE = "var palette=__md_get('__palette');"


def _site(folder: Path) -> Path:
    site = folder / "site"
    (site / "assets" / "hvlab").mkdir(parents=True)
    (site / "index.html").write_text(
        "<!doctype html><html lang='fr'><head><title>Cours</title>"
        f"<script>{INLINE}</script>"
        '<script id="__config" type="application/json">{"base": "."}</script>'
        "</head><body><h1>Cours</h1></body></html>",
        encoding="utf-8",
    )
    (site / "assets" / "hvlab" / "quiz.bundle.js").write_text("export {};", encoding="utf-8")
    return site


def test_the_site_is_served_with_its_inline_scripts_allowed_by_hash_only(tmp_path: Path) -> None:
    site = _site(tmp_path)
    server = make_server(str(tmp_path / "hvlab.db"), site_dir=str(site))
    client = server.person().client
    home = client.get("/")
    assert home.status_code == 200 and "<h1>Cours</h1>" in home.text
    policy = home.headers["content-security-policy"]
    digest = base64.b64encode(hashlib.sha256(INLINE.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert policy.count("'sha256-") == 1, "the JSON configuration is data, not a script"
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert client.get("/rejoindre").headers["content-security-policy"] == CSP
    server.app.state.context.database.close()


def test_the_students_page_takes_the_quiz_ui_from_the_site(tmp_path: Path) -> None:
    site = _site(tmp_path)
    server = make_server(str(tmp_path / "hvlab.db"), site_dir=str(site))
    teacher = server.teacher()
    evaluation = teacher.create_evaluation()
    student = server.person()
    student.join(server.code(evaluation), "1001", "Alice")
    page = student.client.get(student.attempt.replace("/api/attempts/", "/copie/")).text
    assert '<script type="module" src="/assets/hvlab/quiz.bundle.js"></script>' in page
    assert student.client.get("/assets/hvlab/quiz.bundle.js").text == "export {};"
    server.app.state.context.database.close()
