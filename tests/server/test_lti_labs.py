"""Graded labs through LTI: deep linking, the student's « TP noté » page, checks run by the
server in the sandbox, grades through the AGS outbox (on SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import httpx2
import pytest

from hvlab.server.lti.outbox import deliver_due
from tests.server.conftest import BACKENDS
from tests.server.conftest import INLINE_CODE as _INLINE
from tests.server.lti_platform import INSTRUCTOR, LEARNER, TestPlatform
from tests.server.lti_tool import LABS, Tool, launch

LAB = LABS / "tp-serveur"
MARKER = "SOLUTION-MARQUEUR"
# The reference solution of step 1 without its marker comment (the student may well type it).
SOLUTION_1 = (LAB / "tpnote1_solution.py").read_text(encoding="utf-8").split("  #")[0] + "\n"


class Seen:
    """Every body the tool sent, to look for the solutions' text at the end."""

    def __init__(self) -> None:
        self.bodies: list[str] = []

    def __call__(self, response: httpx2.Response) -> httpx2.Response:
        self.bodies.append(response.text)
        return response

    def assert_no_solution(self) -> None:
        assert self.bodies
        for body in self.bodies:
            assert MARKER not in body
            assert "math.ceil(40 / 16)" not in body


def _deep_link_lab(tool: Tool, platform: TestPlatform, seen: Seen) -> tuple[str, str]:
    """A teacher adds the graded lab from the LMS; returns (lab id, line item URL)."""
    claims = platform.launch_claims(
        subject="prof-7", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest", name="M. Prof"
    )
    response, browser = launch(tool, platform, claims)
    assert response.status_code == 303, response.text
    picker = seen(browser.get(response.headers["location"]))
    text = _plain(picker.text)
    assert "Un TP noté (le serveur vérifie le code des étudiants)" in text
    assert "Un TP noté de test (2 étapes)" in text
    assert not _INLINE.findall(picker.text)
    csrf = re.search(r'name="csrf" value="([^"]+)"', picker.text).group(1)  # type: ignore[union-attr]
    chosen = seen(
        browser.post(response.headers["location"], data={"csrf": csrf, "choice": "lab:tp-serveur"})
    )
    assert chosen.status_code == 200, chosen.text
    action = html.unescape(re.search(r'action="([^"]+)"', chosen.text).group(1))  # type: ignore[union-attr]
    token = re.search(r'name="JWT" value="([^"]+)"', chosen.text).group(1)  # type: ignore[union-attr]
    assert httpx2.post(action, data={"JWT": token}, timeout=20).status_code == 200
    returned = platform.received.deep_links[-1]
    [item] = returned["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert item["custom"] == {"lab": "tp-serveur"}
    assert item["title"] == "TP noté : Un TP noté de test"
    assert item["lineItem"]["scoreMaximum"] == 2.0
    return item["custom"]["lab"], item["_lineitem"]


def _student(
    tool: Tool, platform: TestPlatform, lab: str, lineitem: str, subject: str, seen: Seen
) -> tuple[str, httpx2.Client, str]:
    """A student's launch: (page address, browser, CSRF token)."""
    claims = platform.launch_claims(
        subject=subject,
        roles=[LEARNER],
        custom={"lab": lab},
        lineitem=lineitem,
        name=f"Étudiante {subject}",
    )
    response, browser = launch(tool, platform, claims)
    assert response.status_code == 303, response.text
    address = response.headers["location"]
    assert address.startswith("/tp-note/")
    page = seen(browser.get(address))
    assert page.status_code == 200
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return address, browser, csrf


def _check(
    tool: Tool, browser: httpx2.Client, address: str, csrf: str, step: str, code: str, seen: Seen
) -> str:
    """« Faire vérifier »: posts the code, follows the redirect; the page's text."""
    posted = seen(
        browser.post(
            f"{address}/etape/{step}",
            data={"csrf": csrf, "code": code},
            headers={"Origin": tool.url},
        )
    )
    assert posted.status_code == 303, posted.text
    assert posted.headers["location"].startswith(address + "#etape-")
    page = seen(browser.get(address))
    assert page.status_code == 200
    return _plain(page.text)


def _plain(text: str) -> str:
    """The page's text with its French no-break spaces as plain spaces (the server's typography
    step has its own tests: tests/server/test_typography.py)."""
    return html.unescape(text).replace("\u00a0", " ").replace("\u202f", " ")


def _step_section(text: str, number: int) -> str:
    return text.split(f'id="etape-{number}"', 1)[1].split("</section>", 1)[0]


def _outbox(tool: Tool) -> list[dict[str, Any]]:
    with tool.app.state.context.read() as tx:
        return [
            dict(r)
            for r in tx.all(
                "SELECT lab_attempt_id, status, score_json FROM lti_outbox ORDER BY id", ()
            )
        ]


def test_a_lab_is_linked_checked_by_the_server_and_graded_once_per_change(
    tool: Tool, platform: TestPlatform
) -> None:
    seen = Seen()
    lab, lineitem = _deep_link_lab(tool, platform, seen)
    address, browser, csrf = _student(tool, platform, lab, lineitem, "etu-12", seen)
    first = _plain(seen.bodies[-1])
    assert "TP noté : Un TP noté de test" in first
    assert "<strong>8 Go</strong>" in first, "the instructions are rendered Markdown"
    assert "duree_s = ...\n</textarea>" in first, "the code field starts from the starter"
    assert not _INLINE.findall(seen.bodies[-1])

    # A wrong answer (the starter as is): the French report, and 0 / 2 queued.
    text = _check(tool, browser, address, csrf, "duree", "taille_go = 8\nduree_s = ...\n", seen)
    section = _step_section(text, 1)
    assert "Pas encore : 0 sur 1" in section
    assert "La variable « duree_s » vaut encore « ... »" in section
    assert "Étapes réussies</dt><dd>0 sur 2" in text
    [queued] = _outbox(tool)
    assert queued["status"] == "pending" and queued["lab_attempt_id"] is not None
    assert '"scoreGiven": 0.0' in queued["score_json"]
    assert deliver_due(tool.app.state.context) == (1, 0)

    # Step 1's solution: 1 / 2 reaches the platform's gradebook, exactly once.
    text = _check(tool, browser, address, csrf, "duree", SOLUTION_1, seen)
    section = _step_section(text, 1)
    assert "Vérifications réussies : 1 sur 1" in section and "(réussie)" in section
    assert "Étapes réussies</dt><dd>1 sur 2" in text
    assert deliver_due(tool.app.state.context) == (1, 0)
    # The same code again, then a wrong one: the step stays passed, nothing new to send.
    _check(tool, browser, address, csrf, "duree", SOLUTION_1, seen)
    text = _check(tool, browser, address, csrf, "duree", "duree_s = 7\n", seen)
    assert "La durée de la copie vaut 7 s, on attend 6,4 s." in _step_section(text, 1)
    assert "Étapes réussies</dt><dd>1 sur 2" in text
    assert deliver_due(tool.app.state.context) == (0, 0)
    assert "duree_s = 7\n</textarea>" in text, "the last code checked is kept"
    scores = platform.received.scores
    assert [(s["scoreGiven"], s["scoreMaximum"]) for s in scores] == [(0.0, 2.0), (1.0, 2.0)]
    assert all(s["userId"] == "etu-12" and s["_lineitem"] == lineitem for s in scores)
    assert scores[-1]["activityProgress"] == "InProgress"
    assert scores[-1]["gradingProgress"] == "FullyGraded"

    # « Rendre le TP »: the grade once more, as Completed; no more checks.
    handed = seen(
        browser.post(f"{address}/rendre", data={"csrf": csrf}, headers={"Origin": tool.url})
    )
    assert handed.status_code == 303
    assert deliver_due(tool.app.state.context) == (1, 0)
    assert (scores[-1]["scoreGiven"], scores[-1]["activityProgress"]) == (1.0, "Completed")
    late = seen(
        browser.post(
            f"{address}/etape/hotes",
            data={"csrf": csrf, "code": "hotes = 3\n"},
            headers={"Origin": tool.url},
        )
    )
    assert late.status_code == 409 and "Ce TP est rendu" in _plain(late.text)
    again = seen(
        browser.post(f"{address}/rendre", data={"csrf": csrf}, headers={"Origin": tool.url})
    )
    assert again.status_code == 303
    assert deliver_due(tool.app.state.context) == (0, 0)
    assert len(platform.received.scores) == 3
    assert platform.received.refused == []

    # The same student from another browser: the same attempt.
    response, _ = launch(
        tool,
        platform,
        platform.launch_claims(
            subject="etu-12",
            roles=[LEARNER],
            custom={"lab": lab},
            lineitem=lineitem,
            name="Étudiante etu-12",
        ),
    )
    assert response.headers["location"] == address

    # The course's teacher opens the link: the lab's progress.
    response, teacher = launch(
        tool,
        platform,
        platform.launch_claims(subject="prof-7", roles=[INSTRUCTOR], custom={"lab": lab}),
    )
    assert response.status_code == 303 and response.headers["location"].startswith(
        "/enseignant/tp/"
    )
    progress = seen(teacher.get(response.headers["location"]))
    row = _plain(progress.text).split("Étudiante etu-12", 1)[1].split("</tr>", 1)[0]
    assert "1 / 2" in row and "rendu" in row and "envoyée" in row
    seen.assert_no_solution()


def test_a_student_cannot_pass_by_patching_the_checks(tool: Tool, platform: TestPlatform) -> None:
    seen = Seen()
    lab, lineitem = _deep_link_lab(tool, platform, seen)
    address, browser, csrf = _student(tool, platform, lab, lineitem, "etu-13", seen)
    checks_file = LAB / "tpnote1_verif.py"
    before = checks_file.read_bytes()
    # Each attack with what the page then says: the code ran, and the real checks judged it.
    attacks = [
        # Replace the helpers the checks call.
        (
            "import hvlab.labs.checks as c\n"
            "c.expect_close = lambda *a, **k: None\n"
            "c.expect_var = lambda ns, name: 6.4\n"
            "duree_s = 1.0\n",
            "La durée de la copie vaut 1 s, on attend 6,4 s.",
        ),
        (
            "import sys\n"
            "sys.modules['hvlab.labs.checks'].expect_close = lambda *a, **k: None\n"
            "duree_s = 1.0\n",
            "La durée de la copie vaut 1 s, on attend 6,4 s.",
        ),
        # Rewrite the step's check file.
        (
            f"open({str(checks_file)!r}, 'w').write('def check_duree(ns):\\n    pass\\n')\n"
            "duree_s = 1.0\n",
            "Read-only file system",
        ),
        # A number that claims to be close to everything.
        (
            "class Partout(float):\n"
            "    def __eq__(self, other): return True\n"
            "    def __sub__(self, other): return 0.0\n"
            "    def __rsub__(self, other): return 0.0\n"
            "duree_s = Partout(1.0)\n",
            "La durée de la copie devrait être un nombre",
        ),
    ]
    for attack, said in attacks:
        text = _check(tool, browser, address, csrf, "duree", attack, seen)
        section = _step_section(text, 1)
        assert said in section, attack
        assert "Étapes réussies</dt><dd>0 sur 2" in text, attack
        assert "(réussie)" not in section, attack
    assert checks_file.read_bytes() == before
    with tool.app.state.context.read() as tx:
        [row] = tx.all("SELECT steps_passed FROM lab_attempts", ())
    assert row["steps_passed"] == 0
    seen.assert_no_solution()


def test_another_students_attempt_is_not_found(tool: Tool, platform: TestPlatform) -> None:
    seen = Seen()
    lab, lineitem = _deep_link_lab(tool, platform, seen)
    alice, alice_browser, alice_csrf = _student(tool, platform, lab, lineitem, "etu-1", seen)
    bob, bob_browser, bob_csrf = _student(tool, platform, lab, lineitem, "etu-2", seen)
    assert alice != bob
    assert bob_browser.get(alice).status_code == 404
    stolen = bob_browser.post(
        f"{alice}/etape/duree",
        data={"csrf": bob_csrf, "code": SOLUTION_1},
        headers={"Origin": tool.url},
    )
    assert stolen.status_code == 404
    handed = bob_browser.post(
        f"{alice}/rendre", data={"csrf": bob_csrf}, headers={"Origin": tool.url}
    )
    assert handed.status_code == 404
    # Without the session's CSRF token, even on her own attempt: refused.
    forged = alice_browser.post(
        f"{alice}/etape/duree",
        data={"csrf": bob_csrf, "code": SOLUTION_1},
        headers={"Origin": tool.url},
    )
    assert forged.status_code == 403
    # A stranger (no session) and the teacher's session are not her either.
    assert tool.browser().get(alice).status_code == 404
    with tool.app.state.context.read() as tx:
        rows = tx.all("SELECT steps_passed, submitted_at FROM lab_attempts", ())
    assert [(r["steps_passed"], r["submitted_at"]) for r in rows] == [(0, None), (0, None)]
    assert _outbox(tool) == []
    assert alice_csrf
    seen.assert_no_solution()


def test_an_endless_loop_is_stopped_and_the_server_keeps_answering(
    tool: Tool, platform: TestPlatform
) -> None:
    seen = Seen()
    lab, lineitem = _deep_link_lab(tool, platform, seen)
    address, browser, csrf = _student(tool, platform, lab, lineitem, "etu-14", seen)
    text = _check(tool, browser, address, csrf, "duree", "while True:\n    pass\n", seen)
    section = _step_section(text, 1)
    assert "Temps dépassé : votre code tournait encore au bout de 3 s" in section
    assert "Étapes réussies</dt><dd>0 sur 2" in text
    # The server answers others meanwhile and after; the next check runs normally.
    assert tool.browser().get("/lti/jwks.json").status_code == 200
    text = _check(tool, browser, address, csrf, "duree", SOLUTION_1, seen)
    assert "Étapes réussies</dt><dd>1 sur 2" in text
    seen.assert_no_solution()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_outbox_keeps_its_grades_through_the_graded_labs_migration(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """A database of the previous version, with grades waiting, migrated to graded labs."""
    from hvlab.server.store import migrate, open_database
    from hvlab.server.store.migrations import MIGRATIONS, _apply

    if backend == "sqlite":
        url = str(tmp_path / "ancienne.db")
    else:
        cluster = request.getfixturevalue("pg_cluster")
        cluster.sql("CREATE DATABASE hvlab_avant_tp")
        request.addfinalizer(
            lambda: cluster.sql("DROP DATABASE IF EXISTS hvlab_avant_tp WITH (FORCE)")
        )
        url = cluster.url("hvlab_avant_tp")
    database = open_database(url, pool_size=1)
    try:
        labs_migration = next(m for m in MIGRATIONS if m.name == "graded_labs")
        with database.lock_for_migrations() as tx:
            tx.execute(
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " applied_at DOUBLE PRECISION NOT NULL)"
            )
            for migration in MIGRATIONS:
                if migration.version < labs_migration.version:
                    _apply(tx, migration, database.dialect)
        with database.transaction() as tx:
            attempt = _attempt_row(tx)
            for status in ("sent", "pending"):
                tx.execute(
                    "INSERT INTO lti_outbox (platform_id, attempt_id, lineitem_url, score_json,"
                    " status, next_try_at, created_at) VALUES (?, ?, 'l', ?, ?, 0, 0)",
                    (attempt["platform"], attempt["attempt"], f'{{"s": "{status}"}}', status),
                )
        assert labs_migration.version in migrate(database)
        with database.transaction() as tx:
            rows = tx.all("SELECT attempt_id, status, score_json FROM lti_outbox ORDER BY id")
            assert [(r["attempt_id"], r["status"]) for r in rows] == [
                (attempt["attempt"], "sent"),
                (attempt["attempt"], "pending"),
            ]
            # New rows get new ids (the identity goes on after the copied rows).
            tx.execute(
                "INSERT INTO lti_outbox (platform_id, attempt_id, lineitem_url, score_json,"
                " status, next_try_at, created_at) VALUES (?, ?, 'l', '{}', 'pending', 0, 0)",
                (attempt["platform"], attempt["attempt"]),
            )
            ids = [r["id"] for r in tx.all("SELECT id FROM lti_outbox ORDER BY id")]
        assert len(set(ids)) == 3
    finally:
        database.close()


def _attempt_row(tx: Any) -> dict[str, int]:
    """A platform and an évaluation's attempt, in a database of the previous version."""
    tx.execute(
        "INSERT INTO teachers (username, display_name, password_hash, created_at)"
        " VALUES ('t', 'T', 'x', 0)"
    )
    teacher = tx.one("SELECT id FROM teachers")["id"]
    tx.execute(
        "INSERT INTO evaluations (public_id, title, quiz_id, quiz_json, quiz_fingerprint,"
        " view_secret, join_code, opens_at, closes_at, duration_s, max_attempts, show_score,"
        " show_feedback, show_answers, owner_id, created_at, updated_at)"
        " VALUES ('e', 'E', 'q', '{}', 'f', '00', 'CODE2345', 0, 10, NULL, 1, 'never', 'never',"
        " 'never', ?, 0, 0)",
        (teacher,),
    )
    evaluation = tx.one("SELECT id FROM evaluations")["id"]
    tx.execute(
        "INSERT INTO attempts (public_id, evaluation_id, student_number, student_name,"
        " attempt_no, owner_session, plan_json, started_at, deadline_at)"
        " VALUES ('a', ?, '1', 'A', 1, 's', '{}', 0, 10)",
        (evaluation,),
    )
    tx.execute(
        "INSERT INTO lti_platforms (name, issuer, client_id, auth_url, token_url, jwks_url,"
        " created_at) VALUES ('P', 'https://p', 'c', 'a', 't', 'j', 0)"
    )
    return {
        "attempt": tx.one("SELECT id FROM attempts")["id"],
        "platform": tx.one("SELECT id FROM lti_platforms")["id"],
    }
