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


def _answer_everything_right(student: Person, seeds: dict[str, Any]) -> None:
    """Answer each question with its right answer (what a leak would confirm)."""
    state = student.state()
    texts = {q.prompt.split("{")[0][:20]: q for q in QUIZ.questions}
    seq = 1
    for view in state["questions"]:
        question = next(
            q for prefix, q in texts.items() if view["prompt"].startswith(f"<p>{prefix}")
        )
        if view["hint_count"]:
            student.api("POST", f"/hints/{view['id']}", {"index": 0})
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
        assert student.save(view["id"], response, seq, final=True).status_code == 200
        seq += 1


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
    from hvlab.server.policy import Policy, Release

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
        release = Release.at(policy, validated=policy.per_question, **state)
        texts, keys = _forbidden(release, seeds)
        leaks = _leaks(bodies, texts, keys)
        assert not leaks, (when, leaks)
    # What is released after closing is really there (the search sees what it looks for).
    results = list(final["results"].values())
    released = Release.at(policy, validated=True, submitted=True, closed=True)
    assert bool(results) == released.anything
    if released.score:
        assert all("score" in r for r in results) and final["score"] == {"score": 7.75, "max": 8.0}
    if released.feedback:
        assert all("correct" in r or "outcome" in r for r in results)
    if released.answers:
        assert any("EXPLICATION-SECRETE-UNIQUE" in str(r.get("explanation")) for r in results)
