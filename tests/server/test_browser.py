"""The graded-sessions server in Chromium: a teacher creates an évaluation, two students join in
their own browsers and get different variants, one reloads mid-way and finds every answer, both
submit; the teacher's CSV holds the marks `hvlab quiz grade` gives for the same answers; axe-core
finds no serious or critical problem on the teacher's and the students' pages."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hvlab.cli import main as hvlab_main
from hvlab.quiz import load_quiz
from hvlab.quiz.variants import variant
from tests.conftest import ROOT, require
from tests.server.conftest import PASSWORD, QUIZZES
from tests.server.live import LiveServer, start_server

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
QUIZ = load_quiz(QUIZZES / "serveur-test.yaml")
BOB = 'Bob <img src=x onerror="window.hvlabXss=1">Durand'
_BLOCKING = ("serious", "critical")


@pytest.fixture
def chromium(browser: Any) -> Any:
    """The session's Chromium (tests/conftest.py), with axe-core at hand."""
    require(AXE.is_file(), f"axe-core not found at {AXE} (npm ci installs it)")
    return browser


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveServer]:
    from hvlab.server.passwords import hash_password
    from hvlab.server.store import accounts, migrate, open_database

    url = str(tmp_path / "hvlab.db")
    database = open_database(url, pool_size=1)
    migrate(database)
    with database.transaction() as tx:
        accounts.create_teacher(tx, "prof", "Mme Prof", hash_password(PASSWORD), 0.0)
    database.close()
    server = start_server(url, QUIZZES, log_dir=tmp_path)
    server.database_url = url  # type: ignore[attr-defined]
    yield server
    server.stop()


def _context(chromium: Any, live: LiveServer, errors: list[str]) -> Any:
    """A browser context that may only talk to the server, with CSP bypassed for axe-core."""
    context = chromium.new_context(locale="fr-FR", bypass_csp=True)

    def route(route: Any) -> None:
        if route.request.url.startswith(live.url):
            route.continue_()
        else:
            errors.append(f"foreign request: {route.request.url}")
            route.abort()

    context.route("**/*", route)
    return context


def _axe(page: Any, where: str) -> None:
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    blocking = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in violations
        if v["impact"] in _BLOCKING
    ]
    assert not blocking, f"{where}: {blocking}"


def _question(page: Any, text: str) -> Any:
    return page.locator("fieldset.hvlab-q", has_text=text)


def _saved(question: Any) -> None:
    from playwright.sync_api import expect

    expect(question.locator(".hvlab-q__status")).to_have_text("Enregistré", timeout=15_000)


def _join(page: Any, live: LiveServer, code: str, number: str, name: str) -> None:
    page.goto(live.url + "/rejoindre")
    _axe(page, "/rejoindre")
    page.get_by_label("Code de l'évaluation").fill(code)
    page.get_by_label("Numéro d'étudiant").fill(number)
    page.get_by_label("Nom et prénom").fill(name)
    page.get_by_role("button", name="Commencer").click()
    page.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()


def _product(page: Any) -> tuple[int, int]:
    prompt = _question(page, "Combien font").locator(".hvlab-q__prompt").inner_text()
    a, b = re.search(r"(\d+) × (\d+)", prompt).groups()  # type: ignore[union-attr]
    return int(a), int(b)


def _grade(responses: dict[str, Any], tmp_path: Path, capsys: Any) -> dict[str, Any]:
    path = tmp_path / f"reponses-{len(list(tmp_path.glob('reponses-*')))}.json"
    path.write_text(json.dumps(responses), encoding="utf-8")
    capsys.readouterr()
    assert (
        hvlab_main(
            [
                "quiz",
                "grade",
                str(QUIZZES / "serveur-test.yaml"),
                "--responses",
                str(path),
                "--json",
            ]
        )
        == 0
    )
    graded: dict[str, Any] = json.loads(capsys.readouterr().out)
    return graded


def test_a_teacher_and_two_students_through_the_browser(
    chromium: Any, live: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    teacher_context = _context(chromium, live, errors)
    teacher = teacher_context.new_page()
    teacher.on("pageerror", lambda exc: errors.append(str(exc)))
    teacher.goto(live.url + "/enseignant/")
    _axe(teacher, "/enseignant/connexion")
    teacher.get_by_label("Identifiant").fill("prof")
    teacher.get_by_label("Mot de passe").fill(PASSWORD)
    teacher.get_by_role("button", name="Se connecter").click()
    teacher.get_by_role("link", name="Créer une évaluation").click()
    _axe(teacher, "/enseignant/nouvelle")
    now = datetime.now(ZoneInfo("Europe/Paris"))
    teacher.get_by_label("Quiz", exact=True).select_option("serveur-test")
    teacher.get_by_label("Titre de l'évaluation").fill("Contrôle de virtualisation")
    teacher.get_by_label("Ouverture").fill((now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    teacher.get_by_label("Fermeture").fill((now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    teacher.get_by_label("Le score").select_option("after_submit")
    teacher.get_by_role("button", name="Créer l'évaluation").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Contrôle de virtualisation")
    code = teacher.locator(".hv-code").inner_text()
    _axe(teacher, "tableau de bord")

    alice_context = _context(chromium, live, errors)
    bob_context = _context(chromium, live, errors)
    alice, bob = alice_context.new_page(), bob_context.new_page()
    for page in (alice, bob):
        page.on("pageerror", lambda exc: errors.append(str(exc)))
    _join(alice, live, code, "22001001", "Alice Martin")
    # Bob's name carries markup: text everywhere, never an element (CSP is bypassed in these
    # contexts, so escaping alone must hold).
    _join(bob, live, code, "22001002", BOB)
    expect(bob.locator("main")).to_contain_text(BOB)
    assert bob.locator("main img").count() == 0
    _axe(alice, "page de l'évaluation")
    assert _product(alice) != _product(bob), "each student gets a variant of their own"
    # Nothing that looks like a mark before the policy releases one (the score comes after
    # submission here): a sentence says when it will come.
    for page in (alice, bob):
        expect(page.locator(".hvlab-quiz__score")).to_have_text(
            "Votre note s'affichera quand vous aurez rendu votre copie."
        )
        expect(page.locator(".hvlab-quiz__progress")).to_have_text(
            "Aucune des 8 questions n'a encore de réponse."
        )
        shown = page.locator("main").inner_text()
        assert not re.search(r"Score|Note\s*:|\d\s*/\s*\d", shown), shown
        assert shown.count("Contrôle de virtualisation") == 1, "the title is shown once"

    a, b = _product(alice)
    esxi = _question(alice, "type 1")
    esxi.get_by_label("ESXi").check()
    _saved(esxi)
    text = _question(alice, "déplacement à chaud")
    text.get_by_label("Votre réponse").fill("MotCacheAlpha")
    _saved(text)
    product = _question(alice, "Combien font")
    product.get_by_label("Votre réponse").fill(f"{a * b},123")
    _saved(product)
    alice.reload()
    alice.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()
    assert _question(alice, "type 1").get_by_label("ESXi").is_checked()
    assert _question(alice, "déplacement à chaud").get_by_label("Votre réponse").input_value() == (
        "MotCacheAlpha"
    )
    assert _question(alice, "Combien font").get_by_label("Votre réponse").input_value() == (
        f"{a * b},123"
    )
    true_false = _question(alice, "système hôte")
    true_false.get_by_label("Vrai").check()
    _saved(true_false)
    expect(alice.locator(".hvlab-quiz__progress")).to_have_text(
        "4 questions sur 8 ont une réponse."
    )

    wrong = _question(bob, "type 1")
    wrong.get_by_label("VirtualBox").check()
    _saved(wrong)
    bob_text = _question(bob, "déplacement à chaud")
    bob_text.get_by_label("Votre réponse").fill("vmotion")
    _saved(bob_text)

    for page in (alice, bob):
        page.get_by_role("button", name="Rendre ma copie").click()
        page.get_by_role("button", name="Oui, rendre ma copie").click()
        expect(page.locator(".hvlab-quiz__submitted")).to_have_text("Copie rendue.")
    _axe(alice, "copie rendue")
    # Released after submission: the server's total, and still no feedback (after closing).
    expect(alice.locator(".hvlab-quiz__score")).to_have_text("Note\u00a0: 4 / 8")
    expect(bob.locator(".hvlab-quiz__score")).to_have_text("Note\u00a0: 0 / 8")
    assert "Bonne réponse" not in alice.locator("main").inner_text()

    from hvlab.server.store import open_database

    database = open_database(live.database_url, pool_size=1)  # type: ignore[attr-defined]
    with database.transaction(write=False) as tx:
        plans = {
            row["student_number"]: json.loads(row["plan_json"])
            for row in tx.all("SELECT student_number, plan_json FROM attempts")
        }
    database.close()
    seed = plans["22001001"]["seeds"]["parametree"]
    assert variant(QUIZ.question("parametree"), seed).params == {"a": a, "b": b}
    expected = {
        "22001001": _grade(
            {
                "unique": 1,
                "texte": "MotCacheAlpha",
                "parametree": {"seed": seed, "value": f"{a * b},123"},
                "vrai-faux": True,
            },
            tmp_path,
            capsys,
        ),
        "22001002": _grade({"unique": 0, "texte": "vmotion"}, tmp_path, capsys),
    }

    teacher.reload()
    expect(teacher.locator("#suivi")).to_contain_text("rendue")
    # The table as teacher.js redraws it from suivi.json, then Bob's copy.
    expect(teacher.locator("#suivi-heure")).to_contain_text("Mis à jour", timeout=15_000)
    expect(teacher.locator("#suivi")).to_contain_text(BOB)
    assert teacher.locator("#suivi img").count() == 0
    teacher.get_by_role("link", name=BOB).click()
    expect(teacher.get_by_role("heading", level=1)).to_contain_text(BOB)
    assert teacher.locator("main img").count() == 0
    expect(teacher.locator("nav[aria-label='Copies voisines']")).to_contain_text(
        "Copie précédente : Alice Martin"
    )
    _axe(teacher, "copie lue par l'enseignant")
    for page in (teacher, bob):
        assert page.evaluate("window.hvlabXss") is None, "markup in a name ran"
    teacher.go_back()
    link = teacher.get_by_role("link", name="Notes (CSV, tableur)").get_attribute("href")
    response = teacher.request.get(live.url + str(link))
    rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["22001001", "22001002"]
    ids = [q.id for q in QUIZ.questions]
    for row in rows[1:]:
        graded = expected[row[0]]
        scores = {q["id"]: q["score"] for q in graded["questions"]}
        marks = [float(cell.replace(",", ".")) for cell in row[5 : 5 + len(ids)]]
        assert marks == [scores[qid] for qid in ids], row
        assert float(row[-2].replace(",", ".")) == graded["score"]
    assert expected["22001001"]["score"] == 4 and expected["22001002"]["score"] == 0
    assert not errors, errors
    for context in (teacher_context, alice_context, bob_context):
        context.close()
