"""Compile a quiz into the JSON a static page needs to show it and grade it in the browser.

What the student sees (prompts, options, items…) is rendered to HTML and readable; what grades
the answers (correct flags, numeric answers and tolerances, accepted texts, pairs, the right
order, per-option feedback, hints and the explanation) goes into a *key*, one per variant: its
JSON is XOR-ed with a key of 16 bytes derived from the quiz, then base64-encoded. This keeps
answers out of the page source and out of the search index; it does not stop a determined student
who reads ``quiz.js`` (the instructor guide says so, and points to the Moodle export for marks).

The compiled quiz (format ``hvlab-quiz``, version 1)::

    {"format": "hvlab-quiz", "version": 1, "id", "title", "description": html, "pass_mark",
     "shuffle": bool, "fingerprint": hex, "key": base64, "max": float,
     "questions": [{"id", "type", "points", "shuffle_options", "hint_count", "parametrised",
                    "variants": [{"seed", "prompt": html, "prompt_inline": html | null,
                                  "options": [{"index", "html"(, "value")}],   # choices
                                  "unit": str,                                 # numeric
                                  "left": [{"text", "html"}], "right": [{"text", "html"}],
                                  "items": [{"text", "html"}],                 # not in order
                                  "key": base64}]}]}

The decoded key of a variant holds the question's YAML grading fields (``type``, ``points``,
``hint_penalty``, ``options[].correct``, ``answer``, ``tolerance``, ``unit``, ``units``,
``accept``, ``case_sensitive``, ``ignore_accents``, ``pairs``, ``items``, ``all_or_nothing``),
with the variant's answer, plus what is shown after answering: ``options[].feedback_html``,
``hints`` (HTML), ``explanation_html``, ``items_html``.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_VARIANT_COUNT",
    "FORMAT",
    "VERSION",
    "MarkdownRenderer",
    "compile_quiz",
    "decode_key",
    "encode_key",
    "quiz_key",
]

import base64
import hashlib
import json
import random
import re
from collections.abc import Callable
from typing import Any

from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.variants import Variant, variant

FORMAT = "hvlab-quiz"
VERSION = 1
#: How many variants of a parametrised question the page ships (seeds 0 … N − 1).
DEFAULT_VARIANT_COUNT = 10

#: Markdown → HTML (block level).
MarkdownRenderer = Callable[[str], str]

_SINGLE_PARAGRAPH = re.compile(r"\A<p>(?P<inner>(?:(?!</?p[ >]).)*)</p>\Z", re.DOTALL)


def quiz_key(quiz: Quiz) -> bytes:
    """The 16 bytes that obfuscate the keys of ``quiz`` (stable for a given quiz content)."""
    return hashlib.sha256(b"hvlab-quiz-key/" + _canonical(quiz)).digest()[:16]


def encode_key(data: Any, key: bytes) -> str:
    """JSON of ``data``, XOR-ed with ``key`` (repeated), in base64."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(bytes(b ^ key[i % len(key)] for i, b in enumerate(raw))).decode("ascii")


def decode_key(blob: str, key: bytes) -> Any:
    """Inverse of :func:`encode_key` (what ``quiz.js`` does in the browser)."""
    raw = base64.b64decode(blob)
    return json.loads(bytes(b ^ key[i % len(key)] for i, b in enumerate(raw)).decode("utf-8"))


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
    key = quiz_key(quiz)
    questions = [
        _compile_question(
            quiz, question, render, key, variant_count, (extra_seeds or {}).get(question.id, [])
        )
        for question in quiz.questions
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": quiz.id,
        "title": quiz.title,
        "description": render(quiz.description) if quiz.description else "",
        "pass_mark": quiz.pass_mark,
        "shuffle": quiz.shuffle,
        "fingerprint": hashlib.sha256(b"hvlab-quiz/" + _canonical(quiz)).hexdigest()[:16],
        "key": base64.b64encode(key).decode("ascii"),
        "max": quiz.max_score,
        "questions": questions,
    }


def default_renderer() -> MarkdownRenderer:
    """A Python-Markdown renderer with the extensions quiz texts may use."""
    import markdown

    md = markdown.Markdown(
        extensions=["abbr", "attr_list", "def_list", "tables", "md_in_html", "sane_lists"],
        output_format="html",
    )

    def _render(text: str) -> str:
        md.reset()
        return str(md.convert(text))

    return _render


def _canonical(quiz: Quiz) -> bytes:
    return json.dumps(quiz.to_dict(), sort_keys=True, ensure_ascii=False, default=str).encode()


def _inline(html: str) -> str | None:
    match = _SINGLE_PARAGRAPH.match(html.strip())
    return match.group("inner") if match else None


def _rendered_inline(render: MarkdownRenderer, text: str) -> str:
    html = render(text)
    inner = _inline(html)
    return inner if inner is not None else html


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


def _compile_question(
    quiz: Quiz,
    question: Question,
    render: MarkdownRenderer,
    key: bytes,
    count: int,
    extra: list[int],
) -> dict[str, Any]:
    variants = [
        _compile_variant(quiz, question, variant(question, seed), render, key)
        for seed in _seeds(question, count, extra)
    ]
    return {
        "id": question.id,
        "type": question.type,
        "points": float(question.points),
        "shuffle_options": question.shuffle_options,
        "hint_count": len(question.hints),
        "parametrised": question.is_parametrised,
        "variants": variants,
    }


def _compile_variant(
    quiz: Quiz, question: Question, shown: Variant, render: MarkdownRenderer, key: bytes
) -> dict[str, Any]:
    prompt = render(shown.prompt)
    public: dict[str, Any] = {
        "seed": shown.seed,
        "prompt": prompt,
        "prompt_inline": _inline(prompt),
    }
    grading: dict[str, Any] = {
        "type": question.type,
        "points": float(question.points),
        "hint_penalty": question.hint_penalty,
        "hints": [render(hint) for hint in shown.hints],
        "explanation_html": render(shown.explanation) if shown.explanation else "",
    }
    kind = question.type
    if kind in ("single", "multiple"):
        texts = shown.options or tuple(option.text for option in question.options)
        public["options"] = [
            {"index": i, "html": _rendered_inline(render, text)} for i, text in enumerate(texts)
        ]
        grading["options"] = [
            {
                "correct": option.correct,
                "feedback_html": render(option.feedback) if option.feedback else "",
            }
            for option in question.options
        ]
    elif kind == "true_false":
        public["options"] = [
            {"index": 0, "html": "Vrai", "value": True},
            {"index": 1, "html": "Faux", "value": False},
        ]
        grading["answer"] = bool(shown.answer)
    elif kind == "numeric":
        public["unit"] = question.unit
        grading.update(
            answer=shown.answer,
            tolerance=question.tolerance,
            unit=question.unit,
            units=dict(question.units),
        )
    elif kind == "text":
        grading.update(
            accept=list(question.accept),
            case_sensitive=question.case_sensitive,
            ignore_accents=question.ignore_accents,
        )
    elif kind == "matching":
        public["left"] = [
            {"text": pair.left, "html": _rendered_inline(render, pair.left)}
            for pair in question.pairs
        ]
        rights = sorted(
            dict.fromkeys([*(pair.right for pair in question.pairs), *question.distractors]),
            key=str.casefold,
        )
        public["right"] = [{"text": r, "html": _rendered_inline(render, r)} for r in rights]
        grading["pairs"] = [pair.to_dict() for pair in question.pairs]
    elif kind == "ordering":
        shown_order = _scrambled(list(question.items), f"{quiz.id}/{question.id}/{shown.seed}")
        public["items"] = [
            {"text": item, "html": _rendered_inline(render, item)} for item in shown_order
        ]
        grading.update(
            items=list(question.items),
            items_html=[_rendered_inline(render, item) for item in question.items],
            all_or_nothing=question.all_or_nothing,
        )
    public["key"] = encode_key(grading, key)
    return public


def _scrambled(items: list[str], seed: str) -> list[str]:
    """``items`` in an order that is not the right one (when there are two distinct items)."""
    if len(set(items)) < 2:
        return items
    rng = random.Random(seed)
    order = items[:]
    while order == items:
        rng.shuffle(order)
    return order
