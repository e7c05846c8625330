"""Nothing that grades leaks to a student before the policy allows it.

Every response body a student receives (pages, the attempt, saves, hints, submission) is recorded
while they answer every question of a quiz that has each question type and a parametrised
question; none may hold a key, a correct flag, a tolerance, an accepted text, a feedback or an
explanation. The secrets of the test quiz are markers; the parametrised question's answer is
computed independently for the student's own variant. Once the policy releases the answers, the
same search finds them: the test can see what it looks for.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from hvlab import fr
from hvlab.quiz import load_quiz
from hvlab.quiz.variants import variant
from tests.server.conftest import QUIZZES, Person, Server

QUIZ = load_quiz(QUIZZES / "serveur-test.yaml")
# The student types answers that are right but not the key's own spelling (within the tolerance,
# another case), so that what they typed, echoed back to them, is not taken for a leak.
MARKERS = [
    "RETOUR-SECRET-VBOX",
    "RETOUR-SECRET-ESXI",
    "RETOUR-SECRET-EXCEL",
    *(f"EXPLICATION-SECRETE-{q}" for q in ("UNIQUE", "MULTIPLE", "VRAIFAUX", "NOMBRE", "TEXTE")),
    *(f"EXPLICATION-SECRETE-{q}" for q in ("ASSOCIATION", "ORDRE", "PARAMETREE")),
    "motcachealpha",
    "motcachebeta",
    "4242.5",
    "4242,5",
    "0.77",
    "0,77",
]
KEYS = {
    "correct",
    "expected",
    "explanation",
    "answer",
    "marks",
    "option_feedback",
    "feedback",
    "verdict",
    "accept",
    "tolerance",
    "pairs",
    "key",
}


def _keys(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if item is not None:
                found.add(str(key))
            found |= _keys(item)
    elif isinstance(value, list):
        for item in value:
            found |= _keys(item)
    return found


class Recorder:
    """Every body a student's browser receives."""

    def __init__(self, person: Person) -> None:
        self.bodies: list[tuple[str, str]] = []
        person.client.event_hooks = {"response": [self._record]}

    def _record(self, response: Any) -> None:
        response.read()
        self.bodies.append(
            (f"{response.request.method} {response.request.url.path}", response.text)
        )

    def json_bodies(self) -> list[tuple[str, Any]]:
        found = []
        for where, text in self.bodies:
            try:
                found.append((where, json.loads(text)))
            except ValueError:
                continue
        return found


def _right_responses(student: Person, seeds: dict[str, Any]) -> list[tuple[Any, Any]]:
    """(view, response) for each question of the student's copy: its right answer."""
    state = student.state()
    texts = {q.prompt.split("{")[0][:20]: q for q in QUIZ.questions}
    found = []
    for view in state["questions"]:
        question = next(
            q for prefix, q in texts.items() if view["prompt"].startswith(f"<p>{prefix}")
        )
        kind = question.type
        if kind == "single":
            response: Any = next(c["id"] for c in view["choices"] if c["html"] == "ESXi")
        elif kind == "multiple":
            response = [c["id"] for c in view["choices"] if c["html"] in ("KVM", "Hyper-V")]
        elif kind == "true_false":
            response = next(c["id"] for c in view["choices"] if c["html"] == "Vrai")
        elif kind == "numeric" and question.params:
            shown = variant(question, seeds[question.id])
            response = f"{float(shown.answer) - 0.00004:.5f}".replace(".", ",")
        elif kind == "numeric":
            response = "4242,1"
        elif kind == "text":
            response = "MotCacheAlpha"
        elif kind == "matching":
            right = {r["html"]: r["id"] for r in view["right"]}
            pairs = {p.left: p.right for p in question.pairs}
            response = {left["id"]: right[pairs[left["html"]]] for left in view["left"]}
        else:
            by_text = {i["html"]: i["id"] for i in view["items"]}
            response = [by_text[item] for item in question.items]
        found.append((view, response))
    return found


def _answer_everything_right(student: Person, seeds: dict[str, Any]) -> None:
    """Answer each question with its right answer (what a leak would confirm)."""
    for seq, (view, response) in enumerate(_right_responses(student, seeds), start=1):
        if view["hint_count"]:
            student.api("POST", f"/hints/{view['id']}", {"index": 0})
        assert student.save(view["id"], response, seq, final=True).status_code == 200


def _secrets(seeds: dict[str, Any]) -> list[str]:
    question = QUIZ.question("parametree")
    answer = float(variant(question, seeds["parametree"]).answer)
    return [*MARKERS, repr(answer), fr.number(answer, 6)]


def _leaks(recorder: Recorder, secrets: list[str], forbidden_keys: set[str]) -> list[str]:
    found = []
    for where, text in recorder.bodies:
        found += [f"{where}: « {s} »" for s in secrets if s in text]
    for where, data in recorder.json_bodies():
        found += [f"{where}: clé {k}" for k in sorted(_keys(data) & forbidden_keys)]
    for where, data in recorder.json_bodies():
        for view in data.get("questions", []) if isinstance(data, dict) else []:
            if view.get("type") == "ordering":
                shown = [i["html"] for i in view["items"]]
                if shown == list(QUIZ.question("ordre").items):
                    found.append(f"{where}: ordering shown in the right order")
    return found


@pytest.mark.parametrize(
    ("score", "feedback", "answers"),
    [("after_close", "after_close", "after_close"), ("never", "never", "never")],
)
def test_no_key_reaches_a_student_before_the_policy_allows(
    server: Server, score: str, feedback: str, answers: str
) -> None:
    evaluation = server.teacher().create_evaluation(
        show_score=score, show_feedback=feedback, show_answers=answers, max_attempts=1
    )
    student = server.person()
    recorder = Recorder(student)
    student.join(server.code(evaluation), "1001", "Alice")
    plan = json.loads(server.sql("SELECT plan_json FROM attempts")[0]["plan_json"])
    seeds = plan["seeds"]
    student.client.get(student.attempt.replace("/api/attempts/", "/copie/"))
    _answer_everything_right(student, seeds)
    student.api("POST", "/submit")
    student.state()
    secrets = _secrets(seeds)
    leaks = _leaks(recorder, secrets, KEYS | {"score", "max", "fraction"})
    assert not leaks, leaks
    assert len(recorder.bodies) >= 15

    server.clock.advance(4 * 3600)
    released = Recorder(student)
    state = student.state()
    if answers == "never":
        assert not _leaks(released, secrets, KEYS | {"score"}), "released despite « jamais »"
        return
    found = " ".join(_leaks(released, secrets, KEYS))
    for expected in (
        "EXPLICATION-SECRETE-PARAMETREE",
        "motcachealpha",
        "clé expected",
        "clé correct",
    ):
        assert expected in found
    assert state["score"] == {"score": 7.75, "max": 8.0}


def test_score_after_submission_shows_the_score_and_nothing_else(server: Server) -> None:
    evaluation = server.teacher().create_evaluation(
        show_score="after_submit", show_feedback="after_close", show_answers="after_close"
    )
    student = server.person()
    recorder = Recorder(student)
    student.join(server.code(evaluation), "1001", "Alice")
    seeds = json.loads(server.sql("SELECT plan_json FROM attempts")[0]["plan_json"])["seeds"]
    _answer_everything_right(student, seeds)
    before = _leaks(recorder, _secrets(seeds), KEYS | {"score"})
    assert not before, before
    submitted = Recorder(student)
    result = student.api("POST", "/submit").json()
    assert result["score"] == {"score": 7.75, "max": 8.0}
    assert not _leaks(submitted, _secrets(seeds), KEYS), "feedback or answers after submission"


def test_after_each_answer_feedback_shows_the_verdict_but_not_the_answer(server: Server) -> None:
    evaluation = server.teacher().create_evaluation(
        show_score="after_answer", show_feedback="after_answer", show_answers="after_close"
    )
    student = server.person()
    recorder = Recorder(student)
    student.join(server.code(evaluation), "1001", "Alice")
    seeds = json.loads(server.sql("SELECT plan_json FROM attempts")[0]["plan_json"])["seeds"]
    _answer_everything_right(student, seeds)
    leaks = _leaks(recorder, _secrets(seeds), {"expected", "explanation", "answer"})
    chosen_feedback = [s for s in leaks if "RETOUR-SECRET-ESXI" in s]
    assert chosen_feedback, "the chosen option's feedback is part of the feedback"
    others = [s for s in leaks if "RETOUR-SECRET-ESXI" not in s]
    assert not others, others


_SCORE_KEYS = {"score", "max", "fraction"}
_FEEDBACK_KEYS = {"correct", "marks", "option_feedback", "outcome", "feedback"}
_ANSWER_KEYS = {"expected", "explanation", "answer"}
_FEEDBACK_MARKERS = ["RETOUR-SECRET-VBOX", "RETOUR-SECRET-ESXI", "RETOUR-SECRET-EXCEL"]
_ALL_MOMENTS = ("after_answer", "after_submit", "after_close", "never")


def _forbidden(release: Any, seeds: dict[str, Any]) -> tuple[list[str], set[str]]:
    """The texts and keys a student may not receive under ``release``."""
    texts: list[str] = []
    keys: set[str] = set()
    if not release.score:
        keys |= _SCORE_KEYS
    if not release.feedback:
        keys |= _FEEDBACK_KEYS
        texts += _FEEDBACK_MARKERS
    if not release.answers:
        keys |= _ANSWER_KEYS
        texts += [s for s in _secrets(seeds) if s not in _FEEDBACK_MARKERS]
        texts.append("4\u202f242,5")
    return texts, keys


#: Policies of the fast suite: each moment for each part, and the answers before the feedback
#: (the case that once leaked the chosen options' comments); the 64 in the slow suite.
_FAST_POLICIES = {
    ("after_answer", "after_answer", "after_answer"),
    ("after_answer", "never", "after_close"),
    ("after_submit", "after_close", "after_submit"),
    ("after_close", "after_submit", "never"),
    ("never", "never", "after_submit"),
    ("never", "after_answer", "never"),
    ("after_submit", "after_submit", "after_close"),
    ("never", "never", "never"),
}


@pytest.mark.parametrize(
    ("score", "feedback", "answers"),
    [
        pytest.param(s, f, a, marks=() if (s, f, a) in _FAST_POLICIES else pytest.mark.slow)
        for s in _ALL_MOMENTS
        for f in _ALL_MOMENTS
        for a in _ALL_MOMENTS
    ],
)
def test_every_policy_in_every_state_releases_exactly_what_it_says(
    sqlite_server: Server, score: str, feedback: str, answers: str
) -> None:
    """Each of the 64 policies, before submission (questions validated when the policy has
    « Valider »), after submission and after closing: no body holds what is not yet released,
    and what is released is there."""
    from hvlab.server.policy import Policy

    server = sqlite_server
    policy = Policy(score, feedback, answers)  # type: ignore[arg-type]
    evaluation = server.teacher().create_evaluation(
        show_score=score, show_feedback=feedback, show_answers=answers
    )
    student = server.person()
    recorder = Recorder(student)
    student.join(server.code(evaluation), "1001", "Alice")
    seeds = json.loads(server.sql("SELECT plan_json FROM attempts")[0]["plan_json"])["seeds"]
    student.client.get(student.attempt.replace("/api/attempts/", "/copie/"))
    _answer_everything_right(student, seeds)
    student.state()
    moments = [
        ("avant la remise", recorder, dict(submitted=False, closed=False)),
    ]
    submitted = Recorder(student)
    student.api("POST", "/submit")
    student.state()
    moments.append(("après la remise", submitted, dict(submitted=True, closed=False)))
    server.clock.advance(4 * 3600)
    closed = Recorder(student)
    final = student.state()
    moments.append(("après la fermeture", closed, dict(submitted=True, closed=True)))
    for when, bodies, state in moments:
        release = _expected_release(
            score, feedback, answers, validated=policy.per_question, **state
        )
        texts, keys = _forbidden(release, seeds)
        leaks = _leaks(bodies, texts, keys)
        assert not leaks, (when, leaks)
    # What is released after closing is really there (the search sees what it looks for).
    results = list(final["results"].values())
    released = _expected_release(
        score, feedback, answers, validated=True, submitted=True, closed=True
    )
    assert bool(results) == released.anything
    if released.score:
        assert all("score" in r for r in results) and final["score"] == {"score": 7.75, "max": 8.0}
    if released.feedback:
        assert all("correct" in r or "outcome" in r for r in results)
    if released.answers:
        assert any("EXPLICATION-SECRETE-UNIQUE" in str(r.get("explanation")) for r in results)


# --- Every route, not only those the quiz UI calls -------------------------------------------

_QUERY = "?tout=1&debug=1&etat=rendues&sur=20&reponses=1&release=all&format=json"


def _expected_release(
    score: str, feedback: str, answers: str, *, validated: bool, submitted: bool, closed: bool
) -> Any:
    """What the teacher's form promises at this moment, written out here from the guide's table
    (not from hvlab.server.policy: a mistake there must not move the test's expectation)."""
    from hvlab.server.policy import Release

    def shown(moment: str) -> bool:
        return {
            "after_answer": validated or submitted or closed,
            "after_submit": submitted or closed,
            "after_close": closed,
            "never": False,
        }[moment]

    return Release(score=shown(score), feedback=shown(feedback), answers=shown(answers))


def _student_routes(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) of the application (HEAD comes with GET; static mounts apart)."""
    found = []
    for route in app.routes:
        methods = getattr(route, "methods", None)
        if methods:
            found += [(m, route.path) for m in sorted(methods) if m != "HEAD"]
    return found


def _probe_every_route(
    server: Server,
    who: Person,
    ids: dict[str, str],
    rights: list[tuple[Any, Any]],
    *,
    submit: bool,
    log_out: bool,
) -> int:
    """Call every route of the application as ``who``, with the ids of Alice's copy in the
    path, each way a curious student would: plainly, with a query string asking for more, with
    and without the CSRF token, with the right answer, a wrong-typed one, broken JSON. The
    submission route is called with its token only when ``submit`` (it changes the state), the
    log-out only when ``log_out`` (it ends the browser's session: the copy stays with it).
    Returns the number of requests made."""
    client = who.client
    headers = {"X-CSRF-Token": who.csrf}
    requests = 0
    for method, template in _student_routes(server.app):
        if template.endswith("/deconnexion") and not log_out:
            continue
        paths = [template]
        for name, value in ids.items():
            paths = [p.replace("{" + name + "}", value) for p in paths]
        if "{question}" in template:
            paths = [p.replace("{question}", v["id"]) for p in paths for v, _ in rights]
            paths.append(
                template.replace("{question}", "inconnue").replace("{attempt}", ids["attempt"])
            )
        for path in paths:
            if method == "GET":
                calls = [client.get(path), client.get(path + _QUERY)]
            else:
                bodies: list[Any] = [{}, {"index": 0}, {"index": 9}, {"response": None, "seq": 0}]
                bodies += [{"response": r, "seq": 10_000, "final": False} for _, r in rights[:3]]
                calls = [client.request(method, path, json={})]
                if not path.endswith("/submit") or submit:
                    calls += [
                        client.request(method, path, json=body, headers=headers) for body in bodies
                    ]
                calls.append(
                    client.request(
                        method,
                        path,
                        content=b'{"response": [',
                        headers={**headers, "Content-Type": "application/json"},
                    )
                )
                calls.append(
                    client.request(method, path, data={"csrf": who.csrf, "action": "release"})
                )
            calls.append(client.request("OPTIONS", path))
            for response in calls:
                assert response.status_code < 500, (method, path, response.text)
            requests += len(calls)
    return requests


@pytest.mark.parametrize(
    ("score", "feedback", "answers"),
    [
        pytest.param(*policy, marks=() if fast else pytest.mark.slow)
        for policy, fast in (
            (("after_answer", "after_answer", "after_answer"), True),
            (("after_submit", "after_submit", "after_submit"), True),
            (("after_close", "after_close", "after_close"), True),
            (("never", "never", "never"), False),
            (("after_answer", "never", "after_close"), False),
            (("after_close", "after_submit", "never"), False),
            (("never", "after_answer", "after_submit"), False),
        )
    ],
)
def test_no_route_tells_a_student_more_than_the_policy_releases(
    sqlite_server: Server, score: str, feedback: str, answers: str
) -> None:
    """Alice's copy is answered right. Before submission, after it and after closing, Alice's
    browser calls every route of the server (student, teacher, LTI, exports) with her copy's
    ids, every way a curious student would; another browser does the same. No body Alice gets
    holds what the policy has not released at that moment; the other browser gets nothing of
    her copy, ever; no request ends in a server error."""
    from hvlab.server.policy import Release

    server = sqlite_server
    # Questions are validated one by one when something is shown after each answer.
    validated = "after_answer" in (score, feedback, answers)
    evaluation = server.teacher().create_evaluation(
        show_score=score, show_feedback=feedback, show_answers=answers
    )
    code = server.code(evaluation)
    alice = server.person()
    alice.join(code, "1001", "Alice")
    seeds = json.loads(server.sql("SELECT plan_json FROM attempts")[0]["plan_json"])["seeds"]
    rights = _right_responses(alice, seeds)
    _answer_everything_right(alice, seeds)
    ids = {"evaluation": evaluation, "attempt": alice.attempt.rsplit("/", 1)[1], "request": "1"}
    stranger = server.person()
    stranger.join(code, "2002", "Mallory")
    total = 0
    for when, state in (
        ("avant la remise", dict(submitted=False, closed=False)),
        ("après la remise", dict(submitted=True, closed=False)),
        ("après la fermeture", dict(submitted=True, closed=True)),
    ):
        if when == "après la remise":
            recorder = Recorder(alice)
            alice.api("POST", "/submit")
        elif when == "après la fermeture":
            server.clock.advance(4 * 3600)
            recorder = Recorder(alice)
        else:
            recorder = Recorder(alice)
        total += _probe_every_route(
            server, alice, ids, rights, submit=when != "avant la remise", log_out=False
        )
        alice.join(code, "1001", "Alice")  # joining again leads back to the same copy
        release = _expected_release(score, feedback, answers, validated=validated, **state)
        leaks = _leaks(recorder, *_forbidden(release, seeds))
        assert not leaks, (when, leaks)
    # The search sees what it looks for: once released, the explanations are in her bodies.
    if release.answers:
        assert any("EXPLICATION-SECRETE-UNIQUE" in text for _, text in recorder.bodies)
    # Another browser, when the most is released: nothing of Alice's copy.
    spy = Recorder(stranger)
    total += _probe_every_route(server, stranger, ids, rights, submit=True, log_out=True)
    leaks = _leaks(spy, *_forbidden(Release(), seeds))
    assert not leaks, ("autre navigateur", leaks)
    assert "Alice" not in " ".join(text for _, text in spy.bodies)
    assert len(server.sql("SELECT * FROM attempts")) == 2
    assert total >= 1000, total
