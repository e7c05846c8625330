"""The quiz UI in server mode, against a stand-in for the grading server's API (issue 11).

The stand-in follows the contract of ``hvlab/site/js/quiz/server.js`` with ``hvlab.quiz.view``
(what the real server does): student views only, answers in view ids, results cut to a policy.
It runs inside Playwright's request routing, so the test needs no server process; it can drop
requests to play a network failure. What a student sees is asserted: the saving status, feedback
without the answers when the policy withholds them, answers kept across a reload, submission.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlparse

from playwright.sync_api import expect

from hvlab.quiz import grade_question, load_quiz
from hvlab.quiz.model import Quiz
from hvlab.quiz.view import (
    ViewResponseError,
    hint_html,
    question_view,
    response_from_view,
    result_view,
    view_question_id,
)
from tests.browser.conftest import PageWatch
from tests.conftest import ROOT, ServedSite

QUIZ = load_quiz(ROOT / "quizzes" / "exemple-tous-types.yaml")
SECRET = bytes(range(32))
API = "/__attempt/a1"
PAGE = "__evaluation/"


@dataclass
class FakeServer:
    """The grading server's attempt API, in memory (one student, one attempt)."""

    quiz: Quiz
    validate: str = "question"
    show_score: bool = True
    show_feedback: bool = True
    show_answers: bool = False
    release: dict[str, str] | None = None
    total: dict[str, float] | None = None
    fail_next: int = 0
    status: str = "open"
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    hints: dict[str, int] = field(default_factory=dict)
    sent: list[str] = field(default_factory=list)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_view = {view_question_id(q.id, SECRET): q for q in self.quiz.questions}
        self.seeds = {q.id: (5 if q.params else None) for q in self.quiz.questions}

    def vid(self, question_id: str) -> str:
        return view_question_id(question_id, SECRET)

    def result(self, view_id: str, *, final_policy: bool) -> dict[str, Any]:
        question = self.by_view[view_id]
        saved = self.answers.get(view_id)
        seed = self.seeds[question.id]
        value = response_from_view(
            question, saved["response"] if saved else None, seed=seed, secret=SECRET
        )
        graded = grade_question(question, value, hints_used=self.hints.get(view_id, 0))
        answers = self.show_answers or final_policy
        data = result_view(
            question,
            graded,
            value,
            secret=SECRET,
            show_feedback=self.show_feedback or final_policy,
            show_answers=answers,
        )
        # As hvlab.server.grading.visible_result cuts what a policy withholds.
        if not (self.show_score or final_policy):
            if self.show_feedback:
                data["outcome"] = (
                    "right" if graded.correct else "partial" if graded.fraction > 0 else "wrong"
                )
            for key in ("score", "max", "fraction"):
                data.pop(key)
        if not (self.show_feedback or final_policy):
            data.pop("correct")
        return data

    def attempt(self) -> dict[str, Any]:
        done = self.status != "open"
        results = {
            view_id: self.result(view_id, final_policy=done)
            for view_id in self.by_view
            if done or self.answers.get(view_id, {}).get("final")
        }
        return {
            "format": "hvlab-attempt",
            "version": 1,
            "quiz": {"title": self.quiz.title, "description": "", "pass_mark": None},
            "questions": [
                question_view(q, self.seeds[q.id], secret=SECRET, order="a1").to_dict()
                for q in self.quiz.questions
            ],
            "answers": self.answers,
            "hints": {
                v: [hint_html(self.by_view[v], self.seeds[self.by_view[v].id], i) for i in range(n)]
                for v, n in self.hints.items()
            },
            "results": results,
            "validate": self.validate,
            **({"release": self.release} if self.release else {}),
            "status": self.status,
            "deadline": None,
            "now": "2026-12-01T09:00:00Z",
            "score": self.total if done else None,
        }

    def handle(self, route: Any) -> None:
        request = route.request
        path = unquote(urlparse(request.url).path)[len(API) :]
        self.requests.append((request.method, path, request.headers))
        if request.method != "GET" and self.fail_next > 0:
            self.fail_next -= 1
            route.abort()
            return
        try:
            status, body = self.answer(request.method, path, request.post_data)
        except ViewResponseError as error:
            status, body = 422, {"error": f"Réponse refusée : {error}."}
        text = json.dumps(body, ensure_ascii=False)
        self.sent.append(text)
        route.fulfill(status=status, content_type="application/json", body=text)

    def answer(self, method: str, path: str, data: str | None) -> tuple[int, Any]:
        body = json.loads(data) if data else {}
        if method == "GET" and path == "":
            return 200, self.attempt()
        if self.status != "open":
            return 409, {"error": "Copie déjà rendue."}
        if method == "PUT" and path.startswith("/answers/"):
            view_id = path.removeprefix("/answers/")
            question = self.by_view[view_id]
            response_from_view(
                question, body["response"], seed=self.seeds[question.id], secret=SECRET
            )
            saved = self.answers.get(view_id)
            if saved and saved["final"]:
                return 409, {"error": "Question déjà validée."}
            if saved and saved["seq"] > body["seq"]:
                return 200, {"saved": True, "seq": saved["seq"], "stale": True, "result": None}
            self.answers[view_id] = {
                "response": body["response"],
                "seq": body["seq"],
                "final": bool(body["final"]),
            }
            result = self.result(view_id, final_policy=False) if body["final"] else None
            return 200, {"saved": True, "seq": body["seq"], "result": result}
        if method == "POST" and path.startswith("/hints/"):
            view_id = path.removeprefix("/hints/")
            question = self.by_view[view_id]
            index = body["index"]
            self.hints[view_id] = max(self.hints.get(view_id, 0), index + 1)
            html = hint_html(question, self.seeds[question.id], index)
            return 200, {"index": index, "hint": html, "hints_used": self.hints[view_id]}
        if method == "POST" and path == "/submit":
            self.status = "submitted"
            return 200, {"status": "submitted", "results": {}, "score": None}
        return 404, {"error": "Adresse inconnue."}


def _open(page: Any, site: ServedSite, server: FakeServer) -> None:
    page.route(f"{site.url}__attempt/**", server.handle)
    page.route(f"{site.url.rstrip('/')}{API}", server.handle)
    html = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Évaluation</title>'
        '<link rel="stylesheet" href="/assets/hvlab/quiz.css"></head><body><main>'
        f'<div class="hvlab-quiz" data-hvlab-mode="server" data-hvlab-api="{API}" '
        'data-hvlab-csrf="jeton-csrf"></div></main>'
        '<script type="module" src="/assets/hvlab/quiz.bundle.js"></script></body></html>'
    )
    page.route(
        f"{site.url}{PAGE}",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    page.goto(site.url + PAGE, wait_until="load")
    page.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()


def _q(server: FakeServer, question_id: str) -> str:
    return f'[data-question="{server.vid(question_id)}"]'


def test_server_mode_saves_each_answer_retries_offline_and_withholds_answers(
    page: Any, served_site: ServedSite, watch: PageWatch
) -> None:
    server = FakeServer(QUIZ)
    _open(page, served_site, server)
    assert page.get_by_role("button", name="Rendre ma copie").count() == 1
    assert page.get_by_role("button", name="Télécharger mes résultats").count() == 0

    esxi = page.locator(_q(server, "type-esxi"))
    esxi.get_by_label("Type 2 (hébergé)").check()
    expect(esxi.locator(".hvlab-q__status")).to_have_text("Enregistré")
    esxi.get_by_role("button", name="Valider").click()
    expect(esxi.locator(".hvlab-q__verdict")).to_contain_text("Réponse fausse.")
    assert "✗ Mauvaise réponse" in esxi.inner_text()
    # Feedback on the option chosen, but neither the right option nor the explanation.
    assert "La bonne réponse" not in esxi.inner_text()
    assert esxi.locator(".hvlab-q__explanation").count() == 0
    assert "ESXi, Hyper-V et Xen" not in page.content()

    # The network drops two saves: the student is told, the answer arrives on the third try.
    server.fail_next = 2
    apports = page.locator(_q(server, "apports"))
    apports.get_by_label("Un serveur physique par application").check()
    expect(apports.locator(".hvlab-q__status")).to_have_text("Hors ligne, nouvel essai…")
    expect(apports.locator(".hvlab-q__status")).to_have_text("Enregistré", timeout=10_000)
    dropped = watch.take_console_errors()
    assert len(dropped) == 2 and all("ERR_FAILED" in e for e in dropped), dropped
    saved = server.answers[server.vid("apports")]
    assert saved["final"] is False and len(saved["response"]) == 1

    # A typed answer is saved after a pause, without « Valider ».
    page.locator(_q(server, "utilisation-avant")).locator("input").fill("9 %")
    expect(page.locator(_q(server, "utilisation-avant")).locator(".hvlab-q__status")).to_have_text(
        "Enregistré"
    )
    assert server.answers[server.vid("utilisation-avant")]["response"] == "9 %"

    # A hint comes from the server when asked for.
    apports.get_by_role("button", name="Indice").click()
    expect(apports.locator(".hvlab-q__hint-text")).to_contain_text("Il y a trois bonnes réponses.")

    # A reload loses nothing: choices, typed text, the validated question, the hint.
    page.reload(wait_until="load")
    page.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()
    esxi = page.locator(_q(server, "type-esxi"))
    assert esxi.get_by_label("Type 2 (hébergé)").is_checked()
    assert esxi.get_by_label("Type 2 (hébergé)").is_disabled()
    assert esxi.locator(".hvlab-q__verdict").inner_text().startswith("Réponse fausse.")
    apports = page.locator(_q(server, "apports"))
    assert apports.get_by_label("Un serveur physique par application").is_checked()
    assert apports.locator(".hvlab-q__hint-text").count() == 1
    assert page.locator(_q(server, "utilisation-avant")).locator("input").input_value() == "9 %"

    # No serious accessibility finding in server mode (status lines, locked question, hint).
    page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    findings = page.evaluate(
        """async () => {
          const r = await axe.run(document.querySelector('.hvlab-quiz'),
            {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']});
          return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }"""
    )
    assert findings == []

    # Every state-changing request carried the CSRF token; no response gave a key away.
    changes = [headers for method, _path, headers in server.requests if method != "GET"]
    assert changes and all(h.get("x-csrf-token") == "jeton-csrf" for h in changes)
    everything = "\n".join(server.sent)
    for secret in ('"answer"', '"expected"', '"explanation"', "vMotion", "ESXi, Hyper-V et Xen"):
        assert secret not in everything, secret


def test_server_mode_refusal_is_shown_in_french(
    page: Any, served_site: ServedSite, watch: PageWatch
) -> None:
    server = FakeServer(QUIZ)
    _open(page, served_site, server)
    server.status = "closed"
    question = page.locator(_q(server, "type2-sans-hote"))
    question.get_by_label("Faux").check()
    expect(question.locator(".hvlab-q__status")).to_have_text("Copie déjà rendue.")
    refused = watch.take_console_errors()
    assert all("409" in e for e in refused), refused


def test_server_mode_submission_locks_the_copy_and_shows_the_results(
    page: Any, served_site: ServedSite
) -> None:
    server = FakeServer(QUIZ, validate="submission", show_feedback=False)
    _open(page, served_site, server)
    assert page.locator("button.hvlab-q__validate:visible").count() == 0
    question = page.locator(_q(server, "type2-sans-hote"))
    question.get_by_label("Faux").check()
    expect(question.locator(".hvlab-q__status")).to_have_text("Enregistré")
    page.locator(_q(server, "migration-a-chaud")).locator("input").fill("vmotion")
    page.get_by_role("button", name="Rendre ma copie").click()
    page.get_by_role("button", name="Oui, rendre ma copie").click()
    expect(page.locator(".hvlab-quiz__submitted")).to_have_text("Copie rendue.")
    # The typed answer waiting for its pause was sent before the copy was handed in.
    assert server.answers[server.vid("migration-a-chaud")]["response"] == "vmotion"
    expect(question.locator(".hvlab-q__verdict")).to_contain_text("Bonne réponse\u00a0!")
    text = page.locator(_q(server, "migration-a-chaud")).inner_text()
    assert "Bonne réponse\u00a0!" in text
    unanswered = page.locator(_q(server, "type-esxi"))
    assert unanswered.locator(".hvlab-q__verdict").inner_text().startswith("Réponse fausse.")
    assert "La bonne réponse" in unanswered.inner_text()
    assert page.locator("input:enabled, select:enabled").count() == 0


def _summary(page: Any) -> tuple[str, str]:
    score = page.locator(".hvlab-quiz__score")
    shown = score.inner_text() if score.is_visible() else ""
    return shown, page.locator(".hvlab-quiz__progress").inner_text()


def test_server_mode_shows_no_mark_before_the_policy_releases_it(
    page: Any, served_site: ServedSite
) -> None:
    # Score after closing, feedback after each answer: the verdict, never points, and a sentence
    # that says when the mark comes (« Score : 0 / N » before anything is released read as a
    # failed copy).
    release = {
        "score_at": "after_close",
        "feedback_at": "after_answer",
        "answers_at": "after_close",
    }
    server = FakeServer(QUIZ, show_score=False, release=release)
    _open(page, served_site, server)
    count = len(QUIZ.questions)
    assert _summary(page) == (
        "Votre note s'affichera après la fermeture de l'évaluation.",
        f"0 question validée sur {count}.",
    )
    esxi = page.locator(_q(server, "type-esxi"))
    esxi.get_by_label("Type 1 (natif").check()
    esxi.get_by_role("button", name="Valider").click()
    expect(esxi.locator(".hvlab-q__verdict")).to_have_text("Bonne réponse\u00a0!")
    expect(page.locator(".hvlab-quiz__progress")).to_have_text(f"1 question validée sur {count}.")
    apports = page.locator(_q(server, "apports"))
    apports.get_by_label("La consolidation").check()
    apports.get_by_role("button", name="Valider").click()
    expect(apports.locator(".hvlab-q__verdict")).to_have_text("Réponse en partie juste.")
    text = page.locator(".hvlab-quiz").inner_text()
    assert not re.search(r"Score|Note\s*:|\d\s*/\s*\d", text), text
    verdicts = page.locator(".hvlab-q__verdict").all_inner_texts()
    assert not any(re.search(r"\d", v) for v in verdicts), verdicts
    assert _summary(page)[0] == "Votre note s'affichera après la fermeture de l'évaluation."

    # Submitted, still before closing: the sentence stays, nothing else is added.
    page.get_by_role("button", name="Rendre ma copie").click()
    page.get_by_role("button", name="Oui, rendre ma copie").click()
    expect(page.locator(".hvlab-quiz__submitted")).to_have_text("Copie rendue.")


def test_server_mode_shows_the_points_of_validated_questions_then_the_total(
    page: Any, served_site: ServedSite
) -> None:
    # Score after each answer, feedback never before closing: points without a verdict.
    release = {
        "score_at": "after_answer",
        "feedback_at": "after_close",
        "answers_at": "after_close",
    }
    server = FakeServer(QUIZ, show_feedback=False, release=release, total={"score": 1, "max": 9})
    _open(page, served_site, server)
    assert _summary(page)[0] == "Les points de chaque question s'affichent quand vous la validez."
    esxi = page.locator(_q(server, "type-esxi"))
    esxi.get_by_label("Type 1 (natif").check()
    esxi.get_by_role("button", name="Valider").click()
    expect(esxi.locator(".hvlab-q__verdict")).to_have_text("1 / 1 point.")
    assert "Bonne réponse" not in esxi.inner_text() and "✓" not in esxi.inner_text()
    expect(page.locator(".hvlab-quiz__score")).to_have_text(
        "Points des questions validées\u00a0: 1 / 1"
    )
    page.get_by_role("button", name="Rendre ma copie").click()
    page.get_by_role("button", name="Oui, rendre ma copie").click()
    expect(page.locator(".hvlab-quiz__score")).to_have_text("Note\u00a0: 1 / 9")
