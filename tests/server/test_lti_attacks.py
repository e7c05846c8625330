"""LTI under attack: forged id_tokens (alg none, HS256 with the public key, another platform's key,
keys named in the token's header), launches replayed to another process, a student number shared
by two platforms or borrowed by a join with a code, framing by other sites, platform management
by a teacher, forged log lines, and calls to addresses a platform should never name."""

from __future__ import annotations

import base64
import html
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx2
import pytest
from joserfc import jwk, jws
from starlette.testclient import TestClient

from hvlab.server.lti.outbox import deliver_due
from hvlab.server.security import CSP
from hvlab.typography import french
from tests.hang import no_hang
from tests.server.live import free_port
from tests.server.lti_platform import INSTRUCTOR, LEARNER, LTI, TestPlatform
from tests.server.lti_tool import Tool, launch

LIS = LTI + "lis"


def _refused(response: httpx2.Response, status: int, message: str) -> None:
    assert response.status_code == status, response.text
    assert message in html.unescape(response.text), html.unescape(response.text)
    assert "Traceback" not in response.text


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _claims_of(id_token: str) -> dict[str, Any]:
    payload = id_token.split(".")[1]
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return data


def _evaluation(
    tool: Tool, *, code_join: bool = True, max_attempts: int = 1, owner: str = "prof"
) -> tuple[str, str]:
    """An open évaluation of teacher ``owner``: (public id, join code)."""
    from hvlab.server import teacher as actions
    from hvlab.server.policy import Policy
    from hvlab.server.store import accounts
    from hvlab.server.store.evaluations import EvaluationSettings

    context = tool.app.state.context
    with context.read() as tx:
        found = accounts.find_teacher(tx, owner)
    assert found is not None
    now = tool.clock()
    settings = EvaluationSettings(
        title="Contrôle LTI",
        opens_at=now - 60,
        closes_at=now + 3600,
        duration_s=None,
        max_attempts=max_attempts,
        policy=Policy("after_submit", "after_close", "after_close"),
        code_join=code_join,
    )
    evaluation = actions.create(context, found[0], "serveur-test", settings)
    return evaluation.public_id, evaluation.join_code


def _picker(tool: Tool, platform: TestPlatform, subject: str = "prof-7") -> tuple[str, Any, str]:
    """A teacher's deep-linking launch: (picker address, browser, CSRF token)."""
    claims = platform.launch_claims(
        subject=subject, roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest"
    )
    response, browser = launch(tool, platform, claims)
    assert response.status_code == 303, response.text
    where = response.headers["location"]
    picker = browser.get(where)
    csrf = re.search(r'name="csrf" value="([^"]+)"', picker.text).group(1)  # type: ignore[union-attr]
    return where, browser, csrf


def _student_claims(
    platform: TestPlatform, evaluation: str, subject: str, number: str = "", name: str = ""
) -> dict[str, Any]:
    claims = platform.launch_claims(
        subject=subject,
        roles=[LEARNER],
        custom={"evaluation": evaluation},
        resource_link=f"lien-{evaluation[:6]}",
        name=name or f"Étudiant {subject}",
    )
    if number:
        claims[LIS] = {"person_sourcedid": number}
    return claims


class Copy:
    """A student's copy opened in a browser (its API address and CSRF token)."""

    def __init__(self, tool: Tool, browser: httpx2.Client, location: str) -> None:
        page = browser.get(location)
        assert page.status_code == 200, page.text
        self.browser = browser
        self.page = page
        self.api = re.search(r'data-hvlab-api="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        self.csrf = re.search(r'data-hvlab-csrf="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        self.origin = tool.url

    def state(self) -> dict[str, Any]:
        data: dict[str, Any] = self.browser.get(self.api).json()
        return data

    def answer_text(self, text: str) -> None:
        question = next(q for q in self.state()["questions"] if q["type"] == "text")
        saved = self.browser.put(
            f"{self.api}/answers/{question['id']}",
            json={"response": text, "seq": time.time_ns() // 1000},
            headers={"X-CSRF-Token": self.csrf, "Origin": self.origin},
        )
        assert saved.status_code == 200, saved.text

    def submit(self) -> None:
        done = self.browser.post(
            f"{self.api}/submit",
            json={},
            headers={"X-CSRF-Token": self.csrf, "Origin": self.origin},
        )
        assert done.status_code == 200, done.text


def _open(tool: Tool, platform: TestPlatform, claims: dict[str, Any]) -> Copy:
    response, browser = launch(tool, platform, claims)
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith("/copie/")
    return Copy(tool, browser, response.headers["location"])


def _code_join(tool: Tool, code: str, number: str, name: str) -> httpx2.Response:
    browser = tool.browser()
    form = browser.get("/rejoindre")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    return browser.post(
        "/rejoindre",
        data={"csrf": token, "code": code, "student_number": number, "student_name": name},
    )


@pytest.fixture
def second_platform(tool: Tool) -> Iterator[TestPlatform]:
    """Another school's platform (its own key), registered in the same hvlab."""
    from hvlab.server.lti import platforms

    with TestPlatform(clock=tool.clock) as made:
        made.key = jwk.RSAKey.generate_key(2048, parameters={"kid": "autre-ecole", "alg": "RS256"})
        made.tool_jwks_url = tool.url + "/lti/jwks.json"
        settings = platforms.settings_from_values({**made.registration(), "name": "Autre école"})
        with tool.app.state.context.write() as tx:
            platforms.register_platform(tx, settings, tool.clock())
        yield made


# Forged id_tokens: each is the platform's real launch, re-signed another way.


def _alg_none(claims: dict[str, Any], platform: TestPlatform, other: TestPlatform) -> str:
    header = {"alg": "none", "kid": str(platform.key.kid), "typ": "JWT"}
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}."


def _hs256_with_public_key(claims: dict[str, Any], platform: TestPlatform, _: Any) -> str:
    import hashlib
    import hmac

    public = platform.key.as_pem(private=False)
    header = {"alg": "HS256", "kid": str(platform.key.kid), "typ": "JWT"}
    signing = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    mac = hmac.new(public, signing.encode("ascii"), hashlib.sha256).digest()
    return f"{signing}.{_b64(mac)}"


def _other_key_same_kid(claims: dict[str, Any], platform: TestPlatform, _: Any) -> str:
    mallory = jwk.RSAKey.generate_key(2048, parameters={"kid": str(platform.key.kid)})
    return platform.sign(claims, mallory, kid=str(platform.key.kid))


def _other_platforms_key(
    claims: dict[str, Any], platform: TestPlatform, other: TestPlatform
) -> str:
    # Another registered platform's administrator signs a launch « from » this platform.
    return other.sign(claims, other.key, kid=str(other.key.kid))


def _key_url_in_the_header(
    claims: dict[str, Any], platform: TestPlatform, other: TestPlatform
) -> str:
    # The token names where to find its key (jku): that address is never fetched.
    header = {"alg": "RS256", "kid": "cle-du-jeton", "jku": other.url + "/jwks"}
    return str(
        jws.serialize_compact(header, json.dumps(claims).encode(), other.key, algorithms=["RS256"])
    )


def _key_in_the_header(claims: dict[str, Any], platform: TestPlatform, other: TestPlatform) -> str:
    # The token carries its own public key (jwk): never used either.
    header = {"alg": "RS256", "kid": "cle-du-jeton", "jwk": other.key.as_dict(private=False)}
    signing = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = other.sign(claims).split(".")[2]
    return f"{signing}.{signature}"


@pytest.mark.parametrize(
    ("forge", "message"),
    [
        (_alg_none, "n'est pas signé en RS256"),
        (_hs256_with_public_key, "n'est pas signé en RS256"),
        (_other_key_same_kid, "La signature du jeton de lancement est fausse"),
        (_other_platforms_key, "une clé que la plateforme ne publie pas"),
        (_key_url_in_the_header, "une clé que la plateforme ne publie pas"),
        (_key_in_the_header, "Le jeton de lancement (id_token) est illisible"),
    ],
    ids=[
        "alg-none",
        "hs256-public-key",
        "other-key-same-kid",
        "other-platform-key",
        "jku",
        "embedded-jwk",
    ],
)
def test_a_forged_id_token_is_refused(
    tool: Tool,
    platform: TestPlatform,
    second_platform: TestPlatform,
    forge: Callable[..., str],
    message: str,
) -> None:
    def forged(fields: dict[str, str]) -> dict[str, str]:
        claims = _claims_of(fields["id_token"])
        return {**fields, "id_token": forge(claims, platform, second_platform)}

    claims = platform.launch_claims(
        subject="prof-7", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest"
    )
    response, _ = launch(tool, platform, claims, tamper=forged)
    _refused(response, 400, message)
    with tool.app.state.context.read() as tx:
        assert tx.all("SELECT * FROM lti_users") == []
        assert tx.all("SELECT * FROM web_sessions") == []


def test_a_launch_replayed_to_another_process_is_refused(
    tool: Tool, platform: TestPlatform
) -> None:
    from hvlab.server import Settings, create_app

    kept: dict[str, str] = {}

    def keep(fields: dict[str, str]) -> dict[str, str]:
        kept.update(fields)
        return fields

    claims = platform.launch_claims(
        subject="prof-7", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest"
    )
    first, _ = launch(tool, platform, claims, tamper=keep)
    assert first.status_code == 303
    context = tool.app.state.context
    # A second process of the same server: its own pool, the same database and address.
    other = create_app(
        Settings(
            database_url=context.settings.database_url,
            quizzes_dir=context.settings.quizzes_dir,
            public_url=tool.url,
            pool_size=2,
        ),
        clock=tool.clock,
        sweeper=False,
    )
    try:
        with TestClient(other, base_url=tool.url, follow_redirects=False) as client:
            client.cookies.set("hvlab_lti_state", kept["state"], path="/lti/")
            replay = client.post("/lti/launch", data=kept)
            _refused(replay, 400, "Ce lancement a déjà servi")
    finally:
        other.state.context.database.close()


def test_a_student_of_another_platform_with_the_same_number_gets_a_copy_of_their_own(
    tool: Tool, platform: TestPlatform, second_platform: TestPlatform
) -> None:
    evaluation, _code = _evaluation(tool, code_join=False)
    alice = _open(tool, platform, _student_claims(platform, evaluation, "etu-1", "22001234"))
    alice.answer_text("réponse d'Alice")
    # Another school's LMS gives its own student the same ID number.
    bruno = _open(
        tool, second_platform, _student_claims(second_platform, evaluation, "etu-1", "22001234")
    )
    state = bruno.state()
    assert state["answers"] == {}, "Bruno must not get Alice's copy"
    assert state["student"]["number"].startswith("lms-")
    assert alice.state()["student"]["number"] == "22001234"
    assert alice.browser.get(alice.api).status_code == 200, "Alice keeps her copy"
    bruno.answer_text("réponse de Bruno")
    alice.submit()
    bruno.submit()
    deliver_due(tool.app.state.context)
    # Each grade goes to its own platform, for its own user.
    assert [s["userId"] for s in platform.received.scores] == ["etu-1"]
    assert [s["userId"] for s in second_platform.received.scores] == ["etu-1"]
    assert all(s["_lineitem"].startswith(platform.url) for s in platform.received.scores)
    assert all(
        s["_lineitem"].startswith(second_platform.url) for s in second_platform.received.scores
    )


def test_a_number_borrowed_by_a_code_join_never_hands_that_copy_to_the_lms_student(
    tool: Tool, platform: TestPlatform
) -> None:
    evaluation, code = _evaluation(tool, code_join=True)
    # Mallory joins first with Alice's ID number and plants wrong answers.
    mallory = _code_join(tool, code, "22001234", "Alice Martin")
    assert mallory.status_code == 303
    alice = _open(tool, platform, _student_claims(platform, evaluation, "etu-1", "22001234"))
    state = alice.state()
    assert state["answers"] == {}, "the copy Mallory filled in is not Alice's"
    assert state["student"]["number"] != "22001234"
    # And once Alice has a copy under her number, nobody joins with it by code.
    evaluation2, code2 = _evaluation(tool, code_join=True)
    _open(tool, platform, _student_claims(platform, evaluation2, "etu-1", "22001234"))
    refused = _code_join(tool, code2, "22001234", "Alice Martin")
    _refused(refused, 409, "celui d'un étudiant inscrit sur la plateforme du cours")


def test_an_evaluation_chosen_from_the_lms_is_closed_to_code_joins(
    tool: Tool, platform: TestPlatform
) -> None:
    where, browser, csrf = _picker(tool, platform)
    # « prof » (a password account) made this one: the LMS teacher cannot link it.
    theirs, _code = _evaluation(tool)
    taken = browser.post(where, data={"csrf": csrf, "choice": f"evaluation:{theirs}"})
    _refused(taken, 404, "elle appartient à un autre enseignant")
    with tool.app.state.context.read() as tx:
        row = tx.one("SELECT username FROM teachers WHERE username LIKE 'lti:%'")
    assert row is not None
    evaluation, code = _evaluation(tool, owner=str(row["username"]))
    assert _code_join(tool, code, "22001111", "Avant").status_code == 303
    chosen = browser.post(where, data={"csrf": csrf, "choice": f"evaluation:{evaluation}"})
    assert chosen.status_code == 200, chosen.text
    refused = _code_join(tool, code, "22001234", "Alice Martin")
    _refused(refused, 403, "se passe depuis la plateforme du cours")


def test_deep_linking_answers_for_the_deployment_that_asked(
    tool: Tool, platform: TestPlatform
) -> None:
    from hvlab.server.lti import platforms

    with tool.app.state.context.write() as tx:
        platforms.register_platform(
            tx,
            platforms.settings_from_values({**platform.registration(), "deployment_ids": "3, 4"}),
            tool.clock(),
        )
    claims = platform.launch_claims(
        subject="prof-7", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest"
    )
    claims[LTI + "deployment_id"] = "4"
    response, browser = launch(tool, platform, claims)
    where = response.headers["location"]
    picker = browser.get(where)
    csrf = re.search(r'name="csrf" value="([^"]+)"', picker.text).group(1)  # type: ignore[union-attr]
    # Another teacher cannot answer this request (its address leaked, say).
    intruder, intruder_browser = launch(
        tool, platform, platform.launch_claims(subject="prof-8", roles=[INSTRUCTOR], name="Autre")
    )
    assert intruder.status_code == 303
    _refused(intruder_browser.get(where), 404, "Cette sélection de contenu a expiré")
    chosen = browser.post(where, data={"csrf": csrf, "choice": "quiz:serveur-test"})
    token = re.search(r'name="JWT" value="([^"]+)"', chosen.text).group(1)  # type: ignore[union-attr]
    signed = _claims_of(token)
    assert signed[LTI + "deployment_id"] == "4"
    assert signed["aud"] == platform.issuer and signed["iss"] == platform.client_id
    # Answered once: the same request cannot be answered again.
    again = browser.post(where, data={"csrf": csrf, "choice": "quiz:serveur-test"})
    _refused(again, 404, "Cette sélection de contenu a expiré")


def test_pages_of_an_lms_session_may_be_framed_by_that_lms_only(
    tool: Tool, platform: TestPlatform
) -> None:
    evaluation, code = _evaluation(tool, code_join=True)
    alice = _open(tool, platform, _student_claims(platform, evaluation, "etu-1", "22001234"))
    framed = CSP.replace("frame-ancestors 'none'", f"frame-ancestors {platform.url}")
    assert alice.page.headers["content-security-policy"] == framed
    assert "x-frame-options" not in alice.page.headers
    # A student who joined with the code: no site may frame the page.
    joined = _code_join(tool, code, "22009999", "Bruno")
    browser = tool.browsers[-1]
    page = browser.get(joined.headers["location"])
    assert page.headers["content-security-policy"] == CSP
    assert page.headers["x-frame-options"] == "DENY"
    # A refused launch's page may be shown in a registered platform's frame, no other.
    response, _ = launch(
        tool, platform, _student_claims(platform, evaluation, "etu-2"), tamper=_bad_signature
    )
    assert response.status_code == 400
    assert response.headers["content-security-policy"] == framed


def _bad_signature(fields: dict[str, str]) -> dict[str, str]:
    head, body, signature = fields["id_token"].split(".")
    return {**fields, "id_token": f"{head}.{body}.{signature[:-4]}AAAA"}


def test_over_https_the_lms_session_cookie_is_partitioned_and_host_only(
    tool: Tool, platform: TestPlatform
) -> None:
    from hvlab.server import Settings, create_app

    context = tool.app.state.context
    public = "https://hvlab.lycee.example"
    secure = create_app(
        Settings(
            database_url=context.settings.database_url,
            quizzes_dir=context.settings.quizzes_dir,
            public_url=public,
            pool_size=2,
        ),
        clock=tool.clock,
        sweeper=False,
    )
    evaluation, _code = _evaluation(tool)
    try:
        with TestClient(secure, base_url=public, follow_redirects=False) as client:
            hint = f"hint-{time.monotonic_ns()}"
            platform.prepare(hint, _student_claims(platform, evaluation, "etu-1", "22001234"))
            start = client.get(
                "/lti/login",
                params={
                    "iss": platform.issuer,
                    "login_hint": hint,
                    "target_link_uri": public + "/lti/launch",
                    "client_id": platform.client_id,
                },
            )
            assert start.status_code == 302, start.text
            state_cookie = start.headers["set-cookie"]
            assert "SameSite=none" in state_cookie and "Partitioned" in state_cookie
            form = httpx2.get(start.headers["location"], timeout=20).text
            fields = {
                k: html.unescape(v)
                for k, v in re.findall(r'name="([a-z_]+)" value="([^"]*)"', form)
            }
            launched = client.post("/lti/launch", data=fields)
            assert launched.status_code == 303, launched.text
            cookie = next(
                c for c in launched.headers.get_list("set-cookie") if "hvlab_session" in c
            )
            assert cookie.startswith("__Host-hvlab_session=")
            for part in ("HttpOnly", "Partitioned", "Secure", "SameSite=none", "Path=/"):
                assert part in cookie, cookie
            page = client.get(launched.headers["location"])
            assert page.status_code == 200
            assert page.headers["content-security-policy"].endswith(
                f"frame-ancestors {platform.url}"
            )
    finally:
        secure.state.context.database.close()


def test_values_from_a_launch_cannot_forge_a_log_line(
    tool: Tool, platform: TestPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    forged = "https://moodle.example\nLTI accepté : administrateur"
    with caplog.at_level(logging.WARNING, logger="hvlab.server.lti"):
        response = tool.browser().get(
            "/lti/login",
            params={"iss": forged, "login_hint": "x", "target_link_uri": tool.url + "/lti/launch"},
        )
    assert response.status_code == 400
    lines = [r.getMessage() for r in caplog.records if "LTI refusé" in r.getMessage()]
    assert lines and all("\n" not in line for line in lines), lines
    assert "moodle.example\\nLTI accepté" in lines[-1]


class _Hostile(BaseHTTPRequestHandler):
    """A « JWKS » that never ends, or drips: what a wrong address may lead to."""

    mode = "huge"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        try:
            if self.mode == "huge":
                chunk = b" " * 65536
                for _ in range(10_000):  # 640 Mio if nobody stops reading
                    self.wfile.write(chunk)
            else:
                for _ in range(60):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.mark.parametrize("mode", ["huge", "drip"])
def test_the_platforms_key_set_is_read_within_size_and_time_bounds(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hvlab.server.lti import platforms
    from hvlab.server.lti.errors import LtiError

    handler = type("Handler", (_Hostile,), {"mode": mode})
    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(platforms, "_TIMEOUT_S", 3.0)
    try:
        with no_hang("fetch_jwks"), pytest.raises(LtiError) as refused:
            platforms.fetch_jwks(f"http://127.0.0.1:{port}/jwks")
    finally:
        server.shutdown()
        server.server_close()
    assert refused.value.kind == "jwks-unreachable"
    # "trop lente": the 3-s total bound cut the drip (the words name that bound, not a speed).
    assert ("trop grande" if mode == "huge" else "trop lente") in refused.value.detail


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[fe80::1]/jwks",
        "http://0.0.0.0:8080/jwks",
        "http://224.0.0.1/jwks",
        "file:///etc/passwd",
        "gopher://127.0.0.1:25/",
        "http://[::ffff:169.254.169.254]/",
    ],
)
def test_a_platform_address_never_reaches_link_local_or_odd_destinations(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hvlab.server.lti import http, platforms
    from hvlab.server.lti.errors import LtiError

    with pytest.raises(http.HttpRefused):
        http.check_destination(url)
    connections: list[object] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        connections.append(address)
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    with no_hang("fetch_jwks"), pytest.raises(LtiError) as refused:
        platforms.fetch_jwks(url)
    assert connections == [], "refused before any connection"
    assert "adresse refusée" in refused.value.detail


def test_the_lms_picker_refuses_a_quiz_published_for_practice_unless_confirmed(
    tool: Tool, platform: TestPlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where the course publishes quizzes is tested in test_published; here, the picker's way.
    from hvlab.server import catalogue
    from hvlab.server import teacher as teacher_actions

    def published(quizzes_dir: str, site_dir: str = "") -> dict[str, str]:
        return {"serveur-test": "docs/chapitres/01-intro.md"}

    monkeypatch.setattr(catalogue, "published_quizzes", published)
    monkeypatch.setattr(teacher_actions, "published_quizzes", published)
    where, browser, csrf = _picker(tool, platform)
    picker = html.unescape(browser.get(where).text)
    assert french("publié dans le cours : réponses lisibles par les étudiants") in picker
    assert french("Ce quiz est public : je l'utilise quand même") in picker
    for forged in ({}, {"public_ok": "on"}, {"public_ok": "true"}):
        refused = browser.post(where, data={"csrf": csrf, "choice": "quiz:serveur-test", **forged})
        _refused(refused, 400, "est publié dans le cours pour l'entraînement")
    with tool.app.state.context.read() as tx:
        assert tx.all("SELECT id FROM evaluations") == []
    chosen = browser.post(
        where, data={"csrf": csrf, "choice": "quiz:serveur-test", "public_ok": "1"}
    )
    assert chosen.status_code == 200, chosen.text
    with tool.app.state.context.read() as tx:
        assert len(tx.all("SELECT id FROM evaluations")) == 1
