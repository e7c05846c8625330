"""Compile a quiz into the JSON a static page needs to show it and grade it in the browser.

What the student sees is each variant's *student view* (:mod:`hvlab.quiz.view`: rendered
prompt, options and items under opaque ids, no secret). What grades it is *sealed*, one blob per
question and variant: the grader's key (:func:`grading_key`), the view ids in source order, and
what is shown after answering (option feedback, hints, explanation, rendered). Each blob is
XOR-ed with its own keystream — HMAC-SHA256 in counter mode under a key derived from the quiz's
salt, the question's view id and the seed — so knowing the plaintext of one blob (every blob
starts with ``{"key":{"id":``) gives nothing on the rest of it nor on any other blob, unlike the
repeating 16-byte XOR of format version 1. This keeps answers out of the page source, the search
index and casual reading; it does not stop a student who runs the page's own code to unseal a
blob (the instructor guide says so, and points to the grading server for marks).

The compiled quiz (format ``hvlab-quiz``, version 2)::

    {"format": "hvlab-quiz", "version": 2, "id", "title", "description": html, "pass_mark",
     "shuffle": bool, "fingerprint": hex, "salt": base64, "max": float,
     "questions": [{"id": view id, "type", "points", "parametrised", "shuffle": bool,
                    "variants": [{…QuestionView.to_dict(), "sealed": base64}]}]}

A sealed blob opens (:func:`unseal`) to::

    {"key": grading_key(question, seed),
     "ids": {"choices", "left", "right", "rights", "items"},   # view.source_ids
     "html": {"feedback": [html per option], "hints": [html], "explanation": html}}
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_VARIANT_COUNT",
    "FORMAT",
    "VERSION",
    "MarkdownRenderer",
    "answer_fields",
    "compile_quiz",
    "default_renderer",
    "grading_key",
    "quiz_salt",
    "seal",
    "unseal",
]

import base64
import hashlib
import hmac
import json
from typing import Any

from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.render import MarkdownRenderer, default_renderer
from hvlab.quiz.variants import variant
from hvlab.quiz.view import question_view, quiz_secret, source_ids

FORMAT = "hvlab-quiz"
VERSION = 2
#: How many variants of a parametrised question the page ships (seeds 0 … N − 1).
DEFAULT_VARIANT_COUNT = 10
_BLOCK = 32


def quiz_salt(quiz: Quiz) -> bytes:
    """The 16 bytes, shipped in the page, from which each blob's key is derived."""
    return hmac.new(quiz_secret(quiz), b"hvlab-quiz-salt", hashlib.sha256).digest()[:16]


def _blob_key(salt: bytes, question_id: str, seed: int | None) -> bytes:
    label = f"hvlab-quiz-key\x1f{question_id}\x1f{'' if seed is None else seed}"
    return hmac.new(salt, label.encode("utf-8"), hashlib.sha256).digest()


def _keystream(key: bytes, length: int) -> bytes:
    blocks = (length + _BLOCK - 1) // _BLOCK
    return b"".join(
        hmac.new(key, counter.to_bytes(4, "big"), hashlib.sha256).digest()
        for counter in range(blocks)
    )[:length]


def seal(data: Any, salt: bytes, question_id: str, seed: int | None) -> str:
    """JSON of ``data`` XOR-ed with the keystream of (salt, question view id, seed), base64."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    stream = _keystream(_blob_key(salt, question_id, seed), len(raw))
    return base64.b64encode(bytes(a ^ b for a, b in zip(raw, stream, strict=True))).decode()


def unseal(blob: str, salt: bytes, question_id: str, seed: int | None) -> Any:
    """Inverse of :func:`seal` (what ``quiz/seal.js`` does in the browser)."""
    raw = base64.b64decode(blob)
    stream = _keystream(_blob_key(salt, question_id, seed), len(raw))
    return json.loads(bytes(a ^ b for a, b in zip(raw, stream, strict=True)).decode("utf-8"))


def compile_quiz(
    quiz: Quiz,
    render: MarkdownRenderer | None = None,
    *,
    variant_count: int = DEFAULT_VARIANT_COUNT,
    extra_seeds: dict[str, list[int]] | None = None,
) -> dict[str, Any]:
    """The JSON-ready compiled form of ``quiz`` (see the module docstring).

    Args:
        quiz: a validated quiz.
        render: Markdown → HTML; a plain Python-Markdown renderer by default.
        variant_count: variants shipped per parametrised question (seeds 0 … N − 1).
        extra_seeds: more seeds to ship, per question id (tests grade vectors with any seed).

    Returns:
        A dict ready for ``json.dumps``.

    Raises:
        hvlab.quiz.variants.ExpressionError: an answer expression fails for a shipped seed.
    """
    render = render or default_renderer()
    secret = quiz_secret(quiz)
    salt = quiz_salt(quiz)
    questions = []
    for question in quiz.questions:
        seeds = _seeds(question, variant_count, (extra_seeds or {}).get(question.id, []))
        variants = []
        for seed in seeds:
            view = question_view(question, seed, secret=secret, render=render)
            sealed = seal(_sealed(question, seed, secret, render), salt, view.id, view.seed)
            variants.append({**view.to_dict(), "sealed": sealed})
        questions.append(
            {
                "id": variants[0]["id"],
                "type": question.type,
                "points": float(question.points),
                "parametrised": question.is_parametrised,
                "shuffle": question.shuffle_options,
                "variants": variants,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": quiz.id,
        "title": quiz.title,
        "description": render(quiz.description) if quiz.description else "",
        "pass_mark": quiz.pass_mark,
        "shuffle": quiz.shuffle,
        "fingerprint": hashlib.sha256(b"hvlab-quiz/" + secret).hexdigest()[:16],
        "salt": base64.b64encode(salt).decode("ascii"),
        "max": quiz.max_score,
        "questions": questions,
    }


def _sealed(
    question: Question, seed: int | None, secret: bytes, render: MarkdownRenderer
) -> dict[str, Any]:
    shown = variant(question, seed)
    return {
        "key": grading_key(question, seed),
        "ids": source_ids(question, seed, secret=secret),
        "html": {
            "feedback": [render(o.feedback) if o.feedback else "" for o in question.options],
            "hints": [render(hint) for hint in shown.hints],
            "explanation": render(shown.explanation) if shown.explanation else "",
        },
    }


def _seeds(question: Question, count: int, extra: list[int]) -> list[int | None]:
    if not question.is_parametrised:
        return [None]
    seeds: list[int | None] = []
    seen: set[str] = set()
    for seed in [*range(count), *extra]:
        params = json.dumps(variant(question, seed).params, sort_keys=True, default=str)
        if params in seen and seed not in extra:
            continue
        seen.add(params)
        seeds.append(seed)
    return seeds


def grading_key(question: Question, seed: int | None = None) -> dict[str, Any]:
    """What the browser's grader (``quiz/grading.js``) needs to grade variant ``seed``.

    The question's grading fields, with the variant's option texts and answer: ``id``, ``type``,
    ``points``, ``hint_penalty``, ``hint_count``, ``seed``, ``parametrised``, ``explanation``
    and the fields of its type (``options: [{text, correct, feedback}]``; ``answer``;
    ``tolerance``, ``unit``, ``units``; ``accept``, ``case_sensitive``, ``ignore_accents``;
    ``pairs``; ``items``, ``all_or_nothing``).

    Raises:
        hvlab.quiz.variants.ExpressionError: the variant's answer cannot be computed.
    """
    shown = variant(question, seed)
    key: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "points": float(question.points),
        "hint_penalty": float(question.hint_penalty),
        "hint_count": len(question.hints),
        "seed": shown.seed,
        "parametrised": question.is_parametrised,
        "explanation": shown.explanation,
    }
    if question.type in ("single", "multiple"):
        key["options"] = [
            {"text": text, "correct": option.correct, "feedback": option.feedback}
            for text, option in zip(shown.options, question.options, strict=True)
        ]
    key.update(answer_fields(question, shown.answer))
    return key


def answer_fields(question: Question, answer: Any) -> dict[str, Any]:
    """The fields of a key that say what is right, for the types without options.

    ``answer`` is the answer to show: a variant's value, or the question's own (the expression of
    a parametrised one). ``true_false``: ``answer``; ``numeric``: ``answer``, ``tolerance``,
    ``unit``, ``units``; ``text``: ``accept``, ``case_sensitive``, ``ignore_accents``;
    ``matching``: ``pairs``; ``ordering``: ``items``, ``all_or_nothing``; nothing for ``single``
    and ``multiple`` (their options carry it).
    """
    kind = question.type
    if kind == "true_false":
        return {"answer": bool(answer)}
    if kind == "numeric":
        return {
            "answer": answer,
            "tolerance": question.tolerance,
            "unit": question.unit,
            "units": dict(question.units),
        }
    if kind == "text":
        return {
            "accept": list(question.accept),
            "case_sensitive": question.case_sensitive,
            "ignore_accents": question.ignore_accents,
        }
    if kind == "matching":
        return {"pairs": [pair.to_dict() for pair in question.pairs]}
    if kind == "ordering":
        return {"items": list(question.items), "all_or_nothing": question.all_or_nothing}
    return {}
