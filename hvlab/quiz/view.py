"""The student view of a question variant, the way back from a response in its ids, and results.

Three functions make the contract between the quiz engine and whoever shows a quiz (the static
site's compile step, the grading server):

* :func:`question_view` — everything a student may see *before* grading: the rendered prompt,
  the options, the matching columns, the items to order, the unit; each part named by an
  **opaque id** and, where the question asks for it, shown in a per-variant permutation. Nothing
  secret is in it: no key, no correct flag, no tolerance, no accepted text, no feedback, no
  explanation, no hint text (only how many hints there are and what each costs).
* :func:`response_from_view` — a response written in view ids turned back into the response
  :func:`hvlab.quiz.grading.grade_question` grades (option indexes in source order, item texts…).
* :func:`result_view` — a graded response as the student may see it, in view ids, cut to what a
  policy allows (score only; with feedback; with the correct answers and the explanation).

Ids are ``"h"`` + 12 hex digits of an HMAC-SHA256 of the question id, the seed, the part and the
index under a **secret**: they carry no information (the right option is not ``0``, and two
variants do not share ids), yet whoever holds the secret finds them again to grade. The static
site uses :func:`quiz_secret` (derived from the whole quiz file, which the site does not publish:
reproducible from build to build, unknowable from the page); a server uses its own random secret
per évaluation.

Questions are named by an opaque id too (:func:`view_question_id`): authors name questions after
their subject, sometimes after their answer.

JSON shapes (``QuestionView.to_dict()`` / ``result_view``), what a page or an API sends::

    view:   {"id": opaque question id, "type": str, "points": float,
             "seed": int | null, "parametrised": bool, "prompt": html, "prompt_inline": html | null,
             "hint_count": int, "hint_penalty": float,
             "choices": [{"id", "html"}],                 # single, multiple, true_false
             "unit": str, "units": [str],                 # numeric (accepted unit names)
             "left": [{"id", "html"}], "right": [{"id", "html"}],   # matching
             "items": [{"id", "html"}]}                   # ordering, in the starting order

    response in view ids (what the UI sends):
             single, true_false: choice id; multiple: [choice id]; numeric, text: the typed text;
             matching: {left id: right id}; ordering: [item id] (every item once); null: none

    result: {"id": opaque question id, "score", "max", "correct", "fraction", "hints_used", "seed",
             # with feedback:
             "feedback": str, "marks": {view id: "right" | "wrong"},
             "option_feedback": {choice id: html},
             # with the answers:
             "expected": str, "explanation": html,
             "answer": [choice id] | {left id: right id} | [item id] | null}

``marks`` judges what the student gave: each chosen option, each matched left item, each item's
position. ``feedback`` is the French feedback of :mod:`hvlab.quiz.grading`, without the sentence
that gives the expected answer unless the answers may be shown.

Example:
    >>> from hvlab.quiz.loader import question_from_dict
    >>> q = question_from_dict({"id": "t", "type": "single", "prompt": "Type 1 ?",
    ...     "options": [{"text": "ESXi", "correct": True}, {"text": "VirtualBox"}]})
    >>> shown = question_view(q, secret=b"s" * 32)
    >>> [c.id.startswith("h") and len(c.id) for c in shown.choices]
    [13, 13]
    >>> response_from_view(q, shown.choices[0].id, secret=b"s" * 32)
    0
"""

from __future__ import annotations

__all__ = [
    "MAX_TEXT_LENGTH",
    "Choice",
    "QuestionView",
    "ViewResponseError",
    "hint_html",
    "question_view",
    "quiz_secret",
    "response_from_view",
    "result_view",
    "source_ids",
    "view_question_id",
]

import hashlib
import hmac
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hvlab.errors import HvlabError
from hvlab.quiz.grading import QuestionResult, unwrap_response
from hvlab.quiz.model import Question, QuestionType, Quiz
from hvlab.quiz.render import MarkdownRenderer, default_renderer, inline, rendered_inline
from hvlab.quiz.variants import Variant, variant

#: Longest numeric or text answer accepted (characters).
MAX_TEXT_LENGTH = 1000


class ViewResponseError(HvlabError):
    """A response in view ids does not fit the question (unknown id, wrong shape; French)."""


@dataclass(frozen=True)
class Choice:
    """One part a student sees and picks: an option, a matching column entry, an item.

    Attributes:
        id: opaque id (``"h"`` + 12 hex digits).
        text: the Markdown as written (parameters replaced).
        html: the same, rendered (inline when it is one paragraph).
    """

    id: str
    text: str
    html: str

    def to_dict(self) -> dict[str, str]:
        """``{"id", "html"}``."""
        return {"id": self.id, "html": self.html}


@dataclass(frozen=True)
class QuestionView:
    """What a student may see of one variant of a question before grading.

    Attributes:
        id: the question's opaque id (:func:`view_question_id`): authors name questions after
            their subject, sometimes after their answer (a text question « baie » whose answer is
            « baie »), so the real id stays out of the view.
        question_id: the question's id in the quiz file (not in :meth:`to_dict`).
        type: the question's type.
        points: what it is worth.
        seed: the variant (None for a question without parameters).
        prompt: the prompt's Markdown (parameters replaced).
        prompt_html: the prompt rendered.
        prompt_inline: the prompt rendered without its paragraph, when it is a single one.
        hint_count: how many hints the student may ask for.
        hint_penalty: share of the points each hint costs.
        choices: options shown (single, multiple, true_false), in display order.
        unit: the unit of the answer (numeric).
        units: every unit accepted after the number (numeric).
        left: left-hand items (matching), in display order.
        right: the choices for each left-hand item (matching), alphabetical.
        items: the items to order, in their starting order (never the right one).
    """

    id: str
    question_id: str
    type: QuestionType
    points: float
    seed: int | None
    prompt: str
    prompt_html: str
    prompt_inline: str | None
    hint_count: int
    hint_penalty: float
    choices: tuple[Choice, ...] = ()
    unit: str = ""
    units: tuple[str, ...] = ()
    left: tuple[Choice, ...] = ()
    right: tuple[Choice, ...] = ()
    items: tuple[Choice, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the module docstring (only the parts of the question's type)."""
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "points": self.points,
            "seed": self.seed,
            "parametrised": self.seed is not None,
            "prompt": self.prompt_html,
            "prompt_inline": self.prompt_inline,
            "hint_count": self.hint_count,
            "hint_penalty": self.hint_penalty,
        }
        if self.type in ("single", "multiple", "true_false"):
            data["choices"] = [c.to_dict() for c in self.choices]
        elif self.type == "numeric":
            data["unit"] = self.unit
            data["units"] = list(self.units)
        elif self.type == "matching":
            data["left"] = [c.to_dict() for c in self.left]
            data["right"] = [c.to_dict() for c in self.right]
        elif self.type == "ordering":
            data["items"] = [c.to_dict() for c in self.items]
        return data


def quiz_secret(quiz: Quiz) -> bytes:
    """The secret of a quiz published as a static page: a hash of its whole file.

    Stable from build to build while the quiz does not change; the page cannot give it back, since
    the correct flags, feedback and explanations that it hashes are not in the page.
    """
    canonical = json.dumps(quiz.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(b"hvlab-quiz-view/" + canonical.encode("utf-8")).digest()


def view_question_id(question_id: str, secret: bytes) -> str:
    """The opaque id under which a question appears in views and results (``"q"`` + 12 hex)."""
    return "q" + _digest(secret, "question", question_id).hex()[:12]


def _digest(secret: bytes, *parts: object) -> bytes:
    message = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).digest()


def _ids(secret: bytes, question: Question, seed: int | None, part: str, count: int) -> list[str]:
    ids: list[str] = []
    for index in range(count):
        salt = 0
        while True:
            made = "h" + _digest(secret, "id", question.id, seed, part, index, salt).hex()[:12]
            if made not in ids:
                break
            salt += 1
        ids.append(made)
    return ids


def _rng(secret: bytes, question: Question, seed: int | None, order: object) -> random.Random:
    return random.Random(_digest(secret, "order", question.id, seed, order))


@dataclass(frozen=True)
class _Parts:
    """A variant's parts in source order, with their ids and the values responses use."""

    shown: Variant
    choice_ids: list[str]
    choice_texts: list[str]
    left_ids: list[str]
    right_ids: list[str]
    rights: list[str]
    item_ids: list[str]


def _parts(question: Question, seed: int | None, secret: bytes) -> _Parts:
    shown = variant(question, seed)
    seed = shown.seed
    kind = question.type
    texts: list[str] = []
    if kind in ("single", "multiple"):
        texts = list(shown.options)
    elif kind == "true_false":
        texts = ["Vrai", "Faux"]
    rights = list(dict.fromkeys([*(p.right for p in question.pairs), *question.distractors]))
    return _Parts(
        shown=shown,
        choice_ids=_ids(secret, question, seed, "choice", len(texts)),
        choice_texts=texts,
        left_ids=_ids(secret, question, seed, "left", len(question.pairs)),
        right_ids=_ids(secret, question, seed, "right", len(rights)),
        rights=rights,
        item_ids=_ids(secret, question, seed, "item", len(question.items)),
    )


def source_ids(question: Question, seed: int | None = None, *, secret: bytes) -> dict[str, Any]:
    """The view ids of variant ``seed`` in source order — the secret half of the view.

    What turns a view response back into the grader's: ``choices`` (options, or Vrai/Faux),
    ``left`` (pairs), ``right`` with ``rights`` (the distinct right-hand texts, pairs first, then
    distractors), ``items`` (the right order). Never sent to a student before grading.
    """
    parts = _parts(question, seed, secret)
    return {
        "choices": parts.choice_ids,
        "left": parts.left_ids,
        "right": parts.right_ids,
        "rights": parts.rights,
        "items": parts.item_ids,
    }


def question_view(
    question: Question,
    seed: int | None = None,
    *,
    secret: bytes,
    render: MarkdownRenderer | None = None,
    order: object = None,
) -> QuestionView:
    """The student view of variant ``seed`` of ``question`` (see the module docstring).

    Args:
        question: the question.
        seed: the variant (ignored for a question without parameters).
        secret: the key of the ids (:func:`quiz_secret` for a static page; a server's own).
        render: Markdown → HTML (:func:`hvlab.quiz.render.default_renderer` when None).
        order: what else the display order depends on (a server passes the attempt, so that two
            students with the same variant see the options in different orders); the ids do not
            depend on it.

    Raises:
        hvlab.quiz.variants.ExpressionError: the variant's answer cannot be computed.
    """
    render = render or default_renderer()
    parts = _parts(question, seed, secret)
    shown = parts.shown
    rng = _rng(secret, question, shown.seed, order)
    prompt_html = render(shown.prompt)
    kind = question.type
    choices: tuple[Choice, ...] = ()
    left: tuple[Choice, ...] = ()
    right: tuple[Choice, ...] = ()
    items: tuple[Choice, ...] = ()
    if kind in ("single", "multiple", "true_false"):
        made = [
            Choice(id_, text, rendered_inline(render, text) if kind != "true_false" else text)
            for id_, text in zip(parts.choice_ids, parts.choice_texts, strict=True)
        ]
        if question.shuffle_options and kind != "true_false":
            rng.shuffle(made)
        choices = tuple(made)
    elif kind == "matching":
        lefts = [
            Choice(id_, pair.left, rendered_inline(render, pair.left))
            for id_, pair in zip(parts.left_ids, question.pairs, strict=True)
        ]
        if question.shuffle_options:
            rng.shuffle(lefts)
        left = tuple(lefts)
        right = tuple(
            sorted(
                (
                    Choice(id_, text, rendered_inline(render, text))
                    for id_, text in zip(parts.right_ids, parts.rights, strict=True)
                ),
                key=lambda c: c.text.casefold(),
            )
        )
    elif kind == "ordering":
        made = [
            Choice(id_, text, rendered_inline(render, text))
            for id_, text in zip(parts.item_ids, question.items, strict=True)
        ]
        items = tuple(_scrambled(made, rng))
    return QuestionView(
        id=view_question_id(question.id, secret),
        question_id=question.id,
        type=kind,
        points=float(question.points),
        seed=shown.seed,
        prompt=shown.prompt,
        prompt_html=prompt_html,
        prompt_inline=inline(prompt_html),
        hint_count=len(question.hints),
        hint_penalty=float(question.hint_penalty),
        choices=choices,
        unit=question.unit if kind == "numeric" else "",
        units=tuple(dict.fromkeys([question.unit, *question.units]) if question.unit else ())
        if kind == "numeric"
        else (),
        left=left,
        right=right,
        items=items,
    )


def _scrambled(items: list[Choice], rng: random.Random) -> list[Choice]:
    """``items`` in an order whose texts are not the right order (when two texts differ)."""
    right = [item.text for item in items]
    if len(set(right)) < 2:
        return items
    order = items[:]
    while [item.text for item in order] == right:
        rng.shuffle(order)
    return order


def hint_html(
    question: Question, seed: int | None, index: int, *, render: MarkdownRenderer | None = None
) -> str:
    """Hint ``index`` (0-based) of variant ``seed``, rendered, for a student who asked for it.

    Raises:
        IndexError: the question has no such hint.
    """
    if not 0 <= index < len(question.hints):
        raise IndexError(index)
    return (render or default_renderer())(variant(question, seed).hints[index])


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ViewResponseError(f"réponse illisible : {what} est attendu")
    if len(value) > MAX_TEXT_LENGTH:
        raise ViewResponseError(
            f"réponse trop longue ({len(value)} caractères, {MAX_TEXT_LENGTH} au plus)"
        )
    return value


def _pick(ids: list[str], value: Any, what: str) -> int:
    if not isinstance(value, str) or value not in ids:
        shown = value if isinstance(value, str) and len(value) <= 40 else type(value).__name__
        raise ViewResponseError(f"réponse illisible : {what} inconnu « {shown} »")
    return ids.index(value)


def response_from_view(
    question: Question, response: Any, *, seed: int | None = None, secret: bytes
) -> Any:
    """Turn a response in view ids into the response the grader reads (see the module docstring).

    A parametrised question's response comes back in its envelope ``{"seed": S, "value": …}``.

    Args:
        question: the question.
        response: the response in the ids of ``question_view(question, seed, secret=secret)``
            (None: not answered).
        seed: the variant the student saw.
        secret: the key of the ids.

    Raises:
        ViewResponseError: an unknown id, an id given twice, a wrong shape, a text too long.
    """
    parts = _parts(question, seed, secret)
    value = _from_view(question, parts, response)
    if parts.shown.seed is not None:
        return {"seed": parts.shown.seed, "value": value}
    return value


def _from_view(question: Question, parts: _Parts, response: Any) -> Any:
    if response is None:
        return None
    kind = question.type
    if kind == "single":
        return _pick(parts.choice_ids, response, "option")
    if kind == "true_false":
        return _pick(parts.choice_ids, response, "option") == 0
    if kind == "multiple":
        if not isinstance(response, list) or len(response) > len(parts.choice_ids):
            raise ViewResponseError("réponse illisible : une liste d'options est attendue")
        indexes = [_pick(parts.choice_ids, r, "option") for r in response]
        if len(set(indexes)) != len(indexes):
            raise ViewResponseError("réponse illisible : une option est cochée deux fois")
        return sorted(indexes)
    if kind == "numeric":
        return _text(response, "un nombre écrit en texte")
    if kind == "text":
        return _text(response, "un texte")
    if kind == "matching":
        if not isinstance(response, Mapping) or len(response) > len(parts.left_ids):
            raise ViewResponseError(
                "réponse illisible : des associations {élément : choix} sont attendues"
            )
        matched: dict[str, str] = {}
        for left_id, right_id in response.items():
            left = question.pairs[_pick(parts.left_ids, left_id, "élément")].left
            if right_id is not None:
                matched[left] = parts.rights[_pick(parts.right_ids, right_id, "choix")]
        return matched
    if not isinstance(response, list) or sorted(
        _pick(parts.item_ids, r, "élément") for r in response
    ) != list(range(len(parts.item_ids))):
        raise ViewResponseError(
            "réponse illisible : chaque élément à ranger est attendu une fois, dans l'ordre choisi"
        )
    return [question.items[parts.item_ids.index(r)] for r in response]


def result_view(
    question: Question,
    result: QuestionResult,
    response: Any,
    *,
    secret: bytes,
    render: MarkdownRenderer | None = None,
    show_feedback: bool = True,
    show_answers: bool = True,
) -> dict[str, Any]:
    """A graded response as the student may see it, in view ids (JSON shape: module docstring).

    Args:
        question: the question.
        result: its grade (:func:`hvlab.quiz.grading.grade_question` of the response below).
        response: the response the grader read (source indexes, texts; an envelope is unwrapped).
        secret: the key of the ids.
        render: Markdown → HTML for option feedback and the explanation.
        show_feedback: add the feedback and the marks of what the student gave.
        show_answers: add the expected answer, the explanation and the right choices (the
            feedback text, which includes the verdict, only with ``show_feedback`` too).
    """
    data: dict[str, Any] = {
        "id": view_question_id(result.id, secret),
        "score": result.score,
        "max": result.max,
        "correct": result.correct,
        "fraction": result.fraction,
        "hints_used": result.hints_used,
        "seed": result.seed,
    }
    if not (show_feedback or show_answers):
        return data
    render = render or default_renderer()
    value, _seed, _hints = unwrap_response(response)
    parts = _parts(question, result.seed, secret)
    if show_feedback:
        data["feedback"] = result.feedback if show_answers else result.verdict
        data["marks"] = _marks(question, parts, value)
        data["option_feedback"] = {
            parts.choice_ids[index]: render(question.options[index].feedback)
            for index in _chosen(question, value)
            if question.options[index].feedback
        }
    if show_answers:
        # The feedback text holds the verdict and the chosen options' comments: shown only with
        # the feedback (answers alone give the expected answer, the explanation, right choices).
        if show_feedback:
            data["feedback"] = result.feedback
        data["expected"] = result.expected
        data["explanation"] = render(result.explanation) if result.explanation else ""
        data["answer"] = _answer(question, parts)
    return data


def _chosen(question: Question, value: Any) -> list[int]:
    count = len(question.options)
    if question.type == "single":
        picked = [value]
    elif question.type == "multiple" and isinstance(value, list):
        picked = value
    else:
        return []
    return sorted(
        {i for i in picked if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < count}
    )


def _marks(question: Question, parts: _Parts, value: Any) -> dict[str, str]:
    kind = question.type
    if kind in ("single", "multiple"):
        return {
            parts.choice_ids[i]: "right" if question.options[i].correct else "wrong"
            for i in _chosen(question, value)
        }
    if kind == "true_false" and isinstance(value, bool):
        right = bool(parts.shown.answer)
        return {parts.choice_ids[0 if value else 1]: "right" if value == right else "wrong"}
    if kind == "matching" and isinstance(value, Mapping):
        return {
            id_: "right" if value.get(pair.left) == pair.right else "wrong"
            for id_, pair in zip(parts.left_ids, question.pairs, strict=True)
            if pair.left in value
        }
    if kind == "ordering" and isinstance(value, list):
        marks: dict[str, str] = {}
        free = list(range(len(question.items)))
        for position, text in enumerate(value):
            index = next((i for i in free if question.items[i] == text), None)
            if index is None:
                continue
            free.remove(index)
            right = position < len(question.items) and question.items[position] == text
            marks[parts.item_ids[index]] = "right" if right else "wrong"
        return marks
    return {}


def _answer(question: Question, parts: _Parts) -> Any:
    kind = question.type
    if kind in ("single", "multiple"):
        return [parts.choice_ids[i] for i in question.correct_indexes]
    if kind == "true_false":
        return [parts.choice_ids[0 if parts.shown.answer else 1]]
    if kind == "matching":
        return {
            id_: parts.right_ids[parts.rights.index(pair.right)]
            for id_, pair in zip(parts.left_ids, question.pairs, strict=True)
        }
    if kind == "ordering":
        return list(parts.item_ids)
    return None
