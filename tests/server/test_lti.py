"""LTI 1.3 Advantage against a platform written for the tests (real HTTP on 127.0.0.1): a full
launch, deep linking, grade passback, the roster, each refusal, and grades that wait for a
platform that is down, then arrive once."""

from __future__ import annotations

import html
import logging
import re
from typing import Any

import httpx2
import pytest
from joserfc import jwk

from hvlab.server.lti.outbox import deliver_due
from hvlab.server.security import CSP
from hvlab.typography import french
from tests.server.conftest import INLINE_CODE as _INLINE
from tests.server.lti_platform import INSTRUCTOR, LEARNER, TestPlatform
from tests.server.lti_tool import Tool, launch


def _deep_link_quiz(tool: Tool, platform: TestPlatform) -> tuple[str, str]:
    """A teacher adds an évaluation from the LMS; returns (evaluation id, line item URL)."""
    claims = platform.launch_claims(
        subject="prof-7", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest", name="M. Prof"
    )
    response, browser = launch(tool, platform, claims)
    assert response.status_code == 303, response.text
    picker = browser.get(response.headers["location"])
    assert "Choisir un contenu hvlab" in html.unescape(picker.text)
    # The LMS opens deep linking in a dialog's frame: that LMS, and no other site, may frame it.
    assert picker.headers["content-security-policy"] == CSP.replace(
        "frame-ancestors 'none'", f"frame-ancestors {platform.url}"
    )
    assert not _INLINE.findall(picker.text)
    csrf = re.search(r'name="csrf" value="([^"]+)"', picker.text).group(1)  # type: ignore[union-attr]
    chosen = browser.post(
        response.headers["location"], data={"csrf": csrf, "choice": "quiz:serveur-test"}
    )
    assert chosen.status_code == 200, chosen.text
    assert f"form-action 'self' {platform.url}" in chosen.headers["content-security-policy"]
    assert f"frame-ancestors {platform.url}" in chosen.headers["content-security-policy"]
    assert not _INLINE.findall(chosen.text)
    action = html.unescape(re.search(r'action="([^"]+)"', chosen.text).group(1))  # type: ignore[union-attr]
    token = re.search(r'name="JWT" value="([^"]+)"', chosen.text).group(1)  # type: ignore[union-attr]
    assert action == platform.url + "/deep-link-return"
    assert httpx2.post(action, data={"JWT": token}, timeout=20).status_code == 200
    returned = platform.received.deep_links[-1]
    item = returned["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"][0]
    return item["custom"]["evaluation"], item["_lineitem"]


def test_the_tool_publishes_its_public_keys_and_rotates_them(tool: Tool) -> None:
    from hvlab.server.lti import keys

    first = httpx2.get(tool.url + "/lti/jwks.json").json()["keys"]
    assert len(first) == 1 and first[0]["kty"] == "RSA" and first[0]["alg"] == "RS256"
    assert "d" not in first[0] and "p" not in first[0]
    with tool.app.state.context.write() as tx:
        keys.rotate(tx, tool.clock())
    both = httpx2.get(tool.url + "/lti/jwks.json").json()["keys"]
    assert {k["kid"] for k in both} >= {first[0]["kid"]} and len(both) == 2
    tool.clock.advance(keys.RETIRED_PUBLISHED_S + 1)
    later = httpx2.get(tool.url + "/lti/jwks.json").json()["keys"]
    assert first[0]["kid"] not in {k["kid"] for k in later}


def test_deep_linking_then_a_student_launch_answers_and_the_grade_reaches_the_gradebook(
    tool: Tool, platform: TestPlatform
) -> None:
    evaluation, lineitem = _deep_link_quiz(tool, platform)
    returned = platform.received.deep_links[-1]
    assert returned["iss"] == platform.client_id and returned["aud"] == platform.issuer
    assert (
        returned["https://purl.imsglobal.org/spec/lti/claim/message_type"]
        == "LtiDeepLinkingResponse"
    )
    assert returned["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "donnee-opaque-77"
    assert platform.line_items[lineitem]["scoreMaximum"] == 8.0
    claims = platform.launch_claims(
        subject="etu-12",
        roles=[LEARNER],
        custom={"evaluation": evaluation},
        lineitem=lineitem,
        name="Alice Martin",
    )
    claims["https://purl.imsglobal.org/spec/lti/claim/lis"] = {"person_sourcedid": "22001234"}
    response, browser = launch(tool, platform, claims)
    assert response.status_code == 303 and response.headers["location"].startswith("/copie/")
    page = browser.get(response.headers["location"]).text
    api = re.search(r'data-hvlab-api="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    csrf = re.search(r'data-hvlab-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    state = browser.get(api).json()
    assert state["student"] == {"name": "Alice Martin", "number": "22001234"}
    text = next(q for q in state["questions"] if q["type"] == "text")
    headers = {"X-CSRF-Token": csrf, "Origin": tool.url}
    assert (
        browser.put(
            f"{api}/answers/{text['id']}",
            json={"response": "motcachealpha", "seq": 1},
            headers=headers,
        ).status_code
        == 200
    )
    assert browser.post(f"{api}/submit", json={}, headers=headers).status_code == 200
    assert deliver_due(tool.app.state.context) == (1, 0)
    [score] = platform.received.scores
    assert score["userId"] == "etu-12"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (1.0, 8.0)
    assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "FullyGraded"
    assert score["_lineitem"] == lineitem
    assert platform.received.refused == []
    again, _ = launch(
        tool,
        platform,
        platform.launch_claims(
            subject="etu-12", roles=[LEARNER], custom={"evaluation": evaluation}, lineitem=lineitem
        ),
    )
    assert again.headers["location"] == response.headers["location"], (
        "the same attempt, another browser"
    )


def test_grades_wait_while_the_platform_is_down_then_arrive_exactly_once(
    tool: Tool, platform: TestPlatform
) -> None:
    evaluation, lineitem = _deep_link_quiz(tool, platform)
    platform.down = True
    for subject in ("etu-1", "etu-2"):
        response, browser = launch(
            tool,
            platform,
            platform.launch_claims(
                subject=subject,
                roles=[LEARNER],
                custom={"evaluation": evaluation},
                lineitem=lineitem,
            ),
        )
        page = browser.get(response.headers["location"]).text
        api = re.search(r'data-hvlab-api="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        csrf = re.search(r'data-hvlab-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        browser.post(f"{api}/submit", json={}, headers={"X-CSRF-Token": csrf})
    context = tool.app.state.context
    assert deliver_due(context) == (0, 2)
    assert deliver_due(context) == (0, 0), "not due again before the back-off"
    rows = tool.app.state.context.database
    with rows.transaction(write=False) as tx:
        queued = tx.all("SELECT status, tries, last_error FROM lti_outbox ORDER BY id")
    assert [(r["status"], r["tries"]) for r in queued] == [("pending", 1), ("pending", 1)]
    assert "HTTP 503" in queued[0]["last_error"]
    tool.clock.advance(31)
    assert deliver_due(context) == (0, 2)
    platform.down = False
    tool.clock.advance(61)
    assert deliver_due(context) == (2, 0)
    for _ in range(3):
        tool.clock.advance(3600)
        assert deliver_due(context) == (0, 0)
    assert sorted(s["userId"] for s in platform.received.scores) == ["etu-1", "etu-2"]


def test_the_teacher_sees_waiting_grades_and_sends_them_again(
    tool: Tool, platform: TestPlatform
) -> None:
    evaluation, lineitem = _deep_link_quiz(tool, platform)
    platform.down = True
    response, browser = launch(
        tool,
        platform,
        platform.launch_claims(
            subject="etu-1", roles=[LEARNER], custom={"evaluation": evaluation}, lineitem=lineitem
        ),
    )
    page = browser.get(response.headers["location"]).text
    api = re.search(r'data-hvlab-api="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    csrf = re.search(r'data-hvlab-csrf="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    browser.post(f"{api}/submit", json={}, headers={"X-CSRF-Token": csrf})
    deliver_due(tool.app.state.context)
    teacher_response, teacher = launch(
        tool,
        platform,
        platform.launch_claims(
            subject="prof-7",
            roles=[INSTRUCTOR],
            custom={"evaluation": evaluation},
            lineitem=lineitem,
        ),
    )
    assert teacher_response.headers["location"] == f"/enseignant/e/{evaluation}"
    dashboard = html.unescape(teacher.get(teacher_response.headers["location"]).text)
    assert "Notes envoyées à la plateforme (LTI)" in dashboard
    assert "nouvel essai prévu (1 échec)" in dashboard and "HTTP 503" in dashboard
    assert "Renvoyer maintenant la note non envoyée" in dashboard
    platform.down = False
    csrf_teacher = re.search(r'name="csrf" value="([^"]+)"', dashboard).group(1)  # type: ignore[union-attr]
    resent = teacher.post(
        f"/enseignant/e/{evaluation}/notes-lms",
        data={"csrf": csrf_teacher},
        headers={"Origin": tool.url},
    )
    assert resent.status_code == 303
    assert [s["userId"] for s in platform.received.scores] == ["etu-1"]
    assert "envoyée" in html.unescape(teacher.get(f"/enseignant/e/{evaluation}").text)


def test_the_roster_shows_who_has_not_started(tool: Tool, platform: TestPlatform) -> None:
    evaluation, lineitem = _deep_link_quiz(tool, platform)
    platform.members = [
        {"user_id": "prof-7", "name": "M. Prof", "roles": [INSTRUCTOR], "status": "Active"},
        {"user_id": "etu-1", "name": "Alice Martin", "roles": [LEARNER], "status": "Active"},
        {"user_id": "etu-2", "name": "Bob Durand", "roles": [LEARNER], "status": "Active"},
        {"user_id": "etu-3", "given_name": "Chloé", "family_name": "Petit", "roles": [LEARNER]},
        {"user_id": "etu-4", "name": "Parti", "roles": [LEARNER], "status": "Inactive"},
    ]
    launch(
        tool,
        platform,
        platform.launch_claims(
            subject="etu-1", roles=[LEARNER], custom={"evaluation": evaluation}, lineitem=lineitem
        ),
    )
    _, teacher = launch(
        tool,
        platform,
        platform.launch_claims(
            subject="prof-7", roles=[INSTRUCTOR], custom={"evaluation": evaluation}
        ),
    )
    roster = html.unescape(teacher.get(f"/enseignant/e/{evaluation}/participants").text)
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", roster)
    assert rows == [
        ("Bob Durand", "pas commencé"),
        ("Chloé Petit", "pas commencé"),
        ("Alice Martin", "en cours"),
    ]


def _refused(response: httpx2.Response, status: int, message: str) -> None:
    assert response.status_code == status, response.text
    text = html.unescape(response.text)
    assert "Lancement impossible" in text and message in text
    assert "Traceback" not in text


@pytest.mark.parametrize(
    ("change", "kind", "message"),
    [
        ({"aud": "un-autre-outil"}, "bad-audience", "destiné à un autre outil"),
        ({"exp": -600}, "expired", "a expiré"),
        ({"iss": "http://127.0.0.1:1"}, "bad-issuer", "vient d'une autre plateforme"),
        (
            {"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "99"},
            "unknown-deployment",
            "déploiement",
        ),
        (
            {
                "https://purl.imsglobal.org/spec/lti/claim/roles": [
                    "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"
                ]
            },
            "no-role",
            "Votre rôle",
        ),
        (
            {"https://purl.imsglobal.org/spec/lti/claim/version": "1.1"},
            "bad-version",
            "version de LTI",
        ),
        ({"aud": ["hvlab-outil-42", "autre"]}, "bad-azp", "azp"),
    ],
)
def test_a_launch_with_a_wrong_claim_is_refused_with_a_french_page_and_a_log_line(
    tool: Tool,
    platform: TestPlatform,
    caplog: pytest.LogCaptureFixture,
    change: dict[str, Any],
    kind: str,
    message: str,
) -> None:
    claims = platform.launch_claims(subject="etu-1", roles=[LEARNER], custom={"evaluation": "x"})

    def altered(params: dict[str, str]) -> dict[str, Any]:
        result = dict(claims)
        for key, value in change.items():
            result[key] = int(tool.clock()) + value if key == "exp" else value
        return result

    with caplog.at_level(logging.WARNING, logger="hvlab.server.lti"):
        response, _ = launch(tool, platform, altered)
    _refused(response, 403 if kind == "no-role" else 400, message)
    assert f"LTI refusé [{kind}]" in caplog.text


def test_a_token_signed_with_another_key_is_refused(tool: Tool, platform: TestPlatform) -> None:
    forger = jwk.RSAKey.generate_key(2048, parameters={"kid": "plateforme-1"})
    claims = {**platform.launch_claims(subject="etu-1", roles=[LEARNER]), "_sign_with": forger}
    response, _ = launch(tool, platform, claims)
    _refused(response, 400, "La signature du jeton de lancement est fausse")


def test_an_unknown_key_id_refreshes_the_platforms_keys_and_an_unpublished_one_is_refused(
    tool: Tool, platform: TestPlatform
) -> None:
    def teacher() -> dict[str, Any]:
        return platform.launch_claims(
            subject="prof-7", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest"
        )

    assert launch(tool, platform, teacher())[0].status_code == 303
    platform.key = jwk.RSAKey.generate_key(2048, parameters={"kid": "plateforme-2", "alg": "RS256"})
    tool.clock.advance(31)
    rotated, _ = launch(tool, platform, teacher())
    assert rotated.status_code == 303, "the platform's new key is fetched on its unknown kid"
    ghost = jwk.RSAKey.generate_key(2048, parameters={"kid": "fantome"})
    claims = {**teacher(), "_sign_with": ghost}
    original = platform.sign
    platform.sign = lambda claims, key=None, kid="": original(claims, key, kid="fantome")  # type: ignore[method-assign]
    refused, _ = launch(tool, platform, claims)
    _refused(refused, 400, "utilise une clé que la plateforme ne publie pas")


def test_a_replayed_launch_and_a_tampered_state_are_refused(
    tool: Tool, platform: TestPlatform
) -> None:
    kept: dict[str, str] = {}

    def keep(fields: dict[str, str]) -> dict[str, str]:
        kept.update(fields)
        return fields

    claims = platform.launch_claims(
        subject="prof-7", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest"
    )
    first, browser = launch(tool, platform, claims, tamper=keep)
    assert first.status_code == 303
    replay = browser.post("/lti/launch", data=kept)
    _refused(
        replay, 400, "Le lancement ne correspond pas à une connexion commencée dans ce navigateur"
    )
    browser.cookies.set("hvlab_lti_state", kept["state"], domain="127.0.0.1", path="/lti/")
    replay_with_cookie = browser.post("/lti/launch", data=kept)
    _refused(replay_with_cookie, 400, "Ce lancement a déjà servi")
    tampered, _ = launch(
        tool, platform, claims, tamper=lambda f: {**f, "state": f["state"][:-2] + "xx"}
    )
    _refused(
        tampered, 400, "Le lancement ne correspond pas à une connexion commencée dans ce navigateur"
    )


def test_a_replayed_nonce_is_refused_even_under_a_new_state(
    tool: Tool, platform: TestPlatform
) -> None:
    from hvlab.server.tokens import hash_token

    seen: dict[str, str] = {}
    claims = platform.launch_claims(
        subject="prof-7", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest"
    )

    def remember(params: dict[str, str]) -> dict[str, Any]:
        seen["nonce"] = params["nonce"]
        return claims

    first, _ = launch(tool, platform, remember)
    assert first.status_code == 303
    browser = tool.browser()
    with tool.app.state.context.write() as tx:
        tx.execute(
            "INSERT INTO lti_states (state_hash, nonce, platform_id, expires_at)"
            " SELECT ?, ?, id, ? FROM lti_platforms",
            (hash_token("etat-rejoue-0123456789"), seen["nonce"], tool.clock() + 600),
        )
    now = int(tool.clock())
    token = platform.sign({**claims, "nonce": seen["nonce"], "iat": now, "exp": now + 300})
    browser.cookies.set(
        "hvlab_lti_state", "etat-rejoue-0123456789", domain="127.0.0.1", path="/lti/"
    )
    replay = browser.post(
        "/lti/launch", data={"id_token": token, "state": "etat-rejoue-0123456789"}
    )
    _refused(replay, 400, "Ce jeton de lancement a déjà été utilisé")


def test_an_unknown_platform_cannot_start_a_login(tool: Tool, platform: TestPlatform) -> None:
    response = tool.browser().get(
        "/lti/login",
        params={
            "iss": "https://moodle.inconnu.example",
            "login_hint": "x",
            "target_link_uri": tool.url + "/lti/launch",
        },
    )
    _refused(response, 400, "Cette plateforme n'est pas enregistrée dans hvlab")


def test_a_student_cannot_choose_course_content(tool: Tool, platform: TestPlatform) -> None:
    claims = platform.launch_claims(
        subject="etu-1", roles=[LEARNER], message_type="LtiDeepLinkingRequest"
    )
    response, _ = launch(tool, platform, claims)
    _refused(response, 403, "Seul un enseignant peut choisir un contenu")


def test_a_platform_is_registered_from_the_teacher_page_with_the_moodle_address(tool: Tool) -> None:
    browser = tool.browser()
    token = re.search(
        r'name="csrf" value="([^"]+)"', browser.get("/enseignant/connexion").text
    ).group(1)  # type: ignore[union-attr]
    browser.post(
        "/enseignant/connexion",
        data={"csrf": token, "username": "prof", "password": "mot-de-passe-de-test"},
    )
    page = browser.get("/enseignant/lti/")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    done = browser.post(
        "/enseignant/lti/",
        data={
            "csrf": csrf,
            "action": "register",
            "name": "Moodle du lycée",
            "moodle_url": "https://moodle.lycee.example/",
            "client_id": "AbC123",
            "deployment_ids": "4",
        },
        headers={"Origin": tool.url},
    )
    text = html.unescape(done.text)
    assert french("Plateforme « Moodle du lycée » enregistrée.") in text
    assert "https://moodle.lycee.example" in text
    from hvlab.server.lti import platforms

    with tool.app.state.context.read() as tx:
        [registered] = platforms.list_platforms(tx)
    assert registered.auth_url == "https://moodle.lycee.example/mod/lti/auth.php"
    assert registered.token_url == "https://moodle.lycee.example/mod/lti/token.php"
    assert registered.jwks_url == "https://moodle.lycee.example/mod/lti/certs.php"
    for path in ("/lti/configuration", "/enseignant/lti/"):
        response = browser.get(path)
        assert response.headers["content-security-policy"] == CSP
        assert not _INLINE.findall(response.text), path
    config = html.unescape(browser.get("/lti/configuration").text)
    assert f"{tool.url}/lti/login" in config and f"{tool.url}/lti/jwks.json" in config


def test_names_from_the_lms_are_text_in_every_page(tool: Tool, platform: TestPlatform) -> None:
    """A name in the launch or in the roster carrying markup is shown as text to the student
    and in the teacher's pages (table, copy, roster), never as an element."""
    evaluation, lineitem = _deep_link_quiz(tool, platform)
    markup = '<img src=x onerror="alert(1)">'
    platform.members = [
        {"user_id": "etu-2", "name": f"Bob {markup}", "roles": [LEARNER], "status": "Active"},
    ]
    response, student = launch(
        tool,
        platform,
        platform.launch_claims(
            subject="etu-1",
            roles=[LEARNER],
            custom={"evaluation": evaluation},
            lineitem=lineitem,
            name=f"Alice {markup}",
        ),
    )
    assert response.status_code == 303, response.text
    own = student.get(response.headers["location"]).text
    assert "<img" not in own and f"Alice {markup}" in html.unescape(own)
    _, teacher = launch(
        tool,
        platform,
        platform.launch_claims(
            subject="prof-7", roles=[INSTRUCTOR], custom={"evaluation": evaluation}
        ),
    )
    table = teacher.get(f"/enseignant/e/{evaluation}/suivi.json")
    assert table.headers["content-type"] == "application/json"
    (row,) = table.json()["students"]
    assert row["name"] == f"Alice {markup}"
    pages = {
        "tableau": f"/enseignant/e/{evaluation}",
        "copie": f"/enseignant/e/{evaluation}/copie/{row['copy']}",
        "participants": f"/enseignant/e/{evaluation}/participants",
    }
    for where, path in pages.items():
        text = teacher.get(path).text
        assert "<img" not in text, where
    assert f"Alice {markup}" in html.unescape(teacher.get(pages["copie"]).text)
    assert f"Bob {markup}" in html.unescape(teacher.get(pages["participants"]).text)
