"""Quizzes the course publishes for practice: every student can read their answers.

A practice quiz on the course site is graded in the student's browser, so its key is in the page
(docs/guide/secrets.md) — and simply doing the practice quiz shows the right answers. An
évaluation made from the same quiz is graded on answers the students could know beforehand: the
teacher is told, and creates it only after saying so (a formative évaluation may want it).

Where the course publishes quizzes:

* the ``quiz`` fences of the Markdown pages in ``docs/`` beside the quizzes folder (a course
  checkout: ``quizzes/`` and ``docs/`` side by side);
* the quiz containers (``data-quiz="…"``) of the built site served with ``--site``.

Reading is bounded: at most :data:`MAX_FILES` files of at most :data:`MAX_FILE_BYTES` each.
"""

from __future__ import annotations

__all__ = ["MAX_FILES", "MAX_FILE_BYTES", "published_quizzes"]

import re
from collections.abc import Iterator
from pathlib import Path

MAX_FILES = 5000
MAX_FILE_BYTES = 4 * 1024 * 1024

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*quiz\b[^\n]*\n(.*?)^[ \t]*\1", re.M | re.S)
_FENCE_ID = re.compile(r"^\s*id\s*:\s*[\"']?([A-Za-z0-9][A-Za-z0-9_-]*)", re.M)
_CONTAINER = re.compile(r"data-quiz=\"([A-Za-z0-9][A-Za-z0-9_-]*)\"")


def _files(root: Path, pattern: str) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for count, path in enumerate(sorted(root.rglob(pattern))):
        if count >= MAX_FILES:
            return
        try:
            if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
                continue
            yield path, path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue


def published_quizzes(quizzes_dir: str, site_dir: str = "") -> dict[str, str]:
    """Quiz id → the first page that publishes it (a path relative to its folder)."""
    found: dict[str, str] = {}
    docs = Path(quizzes_dir).resolve().parent / "docs"
    for path, text in _files(docs, "*.md"):
        for fence in _FENCE.finditer(text):
            match = _FENCE_ID.search(fence.group(2))
            if match:
                found.setdefault(match.group(1), f"docs/{path.relative_to(docs).as_posix()}")
    if site_dir:
        site = Path(site_dir)
        for path, text in _files(site, "*.html"):
            for match in _CONTAINER.finditer(text):
                found.setdefault(match.group(1), path.relative_to(site).as_posix())
    return found
