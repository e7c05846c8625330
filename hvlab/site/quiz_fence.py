"""The ``quiz`` fence: embed a quiz of ``quizzes/`` in a page.

In a page::

    ```quiz
    id: hyperviseurs
    ```

The fence is a ``pymdownx.superfences`` custom fence (see ``mkdocs.yml``). It loads
``quizzes/<id>.yaml``, compiles it (:mod:`hvlab.quiz.compile`) and writes a container that
``quiz.js`` turns into the quiz. An unknown id, an invalid quiz or a malformed fence is reported
through the page's :class:`~hvlab.site.embed.EmbedContext` (the plugin logs it as a warning naming
the page, which ``mkdocs build --strict`` makes fatal) and shown in the page as an error box.
"""

from __future__ import annotations

__all__ = ["QuizEmbedError", "format_quiz", "quiz_html", "render_markdown"]

import html
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from hvlab.errors import HvlabError, ValidationError
from hvlab.site.embed import EmbedContext, error_box, markdown_renderer
from hvlab.site.markdown import context_of

if TYPE_CHECKING:
    from hvlab.quiz.model import Quiz

_FENCE_KEYS = ("id",)


class QuizEmbedError(HvlabError):
    """A quiz fence cannot be rendered (French message naming the id and how to fix it)."""


def format_quiz(
    source: str,
    language: str,
    class_name: str,
    options: dict[str, Any],
    md: Any,
    **kwargs: Any,
) -> str:
    """Superfences formatter of the ``quiz`` fence.

    Args:
        source: the body of the fence (YAML: ``id: …``).
        language: the fence's name (``quiz``).
        class_name: the class configured for the fence (unused).
        options: options parsed by the fence's validator (unused).
        md: the page's Markdown instance (holds the embedding context).
        **kwargs: other arguments superfences passes (ignored).

    Returns:
        The quiz container, or an error box after reporting the problem.
    """
    context = context_of(md)
    try:
        quiz_id = _fence_id(source)
        return quiz_html(quiz_id, context)
    except QuizEmbedError as error:
        context.report(str(error))
        return error_box(str(error))


def quiz_html(quiz_id: str, context: EmbedContext) -> str:
    """The HTML container of quiz ``quiz_id``, compiled once and kept while unchanged.

    Raises:
        QuizEmbedError: the quiz does not exist or is invalid.
    """
    cache_key = f"quiz:{quiz_id}"
    if cache_key not in context.cache:
        # Kept between builds while the quiz file and the code are unchanged (errors are not).
        inputs = context.build_cache.key(quiz_id, context.quizzes_dir / f"{quiz_id}.yaml")
        context.cache[cache_key] = context.build_cache.text(
            "quiz", inputs, lambda: _compiled_container(quiz_id, context)
        )
    return str(context.cache[cache_key])


def _compiled_container(quiz_id: str, context: EmbedContext) -> str:
    from hvlab.quiz.compile import compile_quiz

    quiz = _load(quiz_id, context.quizzes_dir)
    renderer = context.cache.setdefault("quiz:markdown", render_markdown())
    try:
        compiled = compile_quiz(quiz, renderer)
    except HvlabError as error:
        raise QuizEmbedError(
            f"le quiz « {quiz_id} » ne peut pas être compilé : {error} "
            f"Corrigez quizzes/{quiz_id}.yaml (« hvlab quiz check quizzes/{quiz_id}.yaml »)."
        ) from None
    return _container(compiled)


def render_markdown() -> Callable[[str], str]:
    """Markdown → HTML for quiz texts, with the site's usual extensions."""
    return markdown_renderer()


def _fence_id(source: str) -> str:
    example = "écrivez par exemple « id: hyperviseurs » entre les lignes ```quiz et ```"
    try:
        data = yaml.safe_load(source) if source.strip() else None
    except yaml.YAMLError:
        raise QuizEmbedError(f"bloc « quiz » illisible (YAML invalide) : {example}.") from None
    if isinstance(data, str) and data.strip():
        data = {"id": data.strip()}
    if not isinstance(data, dict) or "id" not in data:
        raise QuizEmbedError(f"bloc « quiz » sans identifiant : {example}.")
    unknown = [str(k) for k in data if k not in _FENCE_KEYS]
    if unknown:
        listed = ", ".join(f"« {k} »" for k in unknown)
        raise QuizEmbedError(
            f"bloc « quiz » : clé(s) inconnue(s) {listed} ; seule « id » est permise."
        )
    quiz_id = data["id"]
    if not isinstance(quiz_id, str) or not quiz_id.strip():
        raise QuizEmbedError(
            f"bloc « quiz » : l'identifiant doit être un texte, reçu {quiz_id!r} ; {example}."
        )
    return quiz_id.strip()


def _load(quiz_id: str, folder: Path) -> Quiz:
    from hvlab.quiz import loader

    path = folder / f"{quiz_id}.yaml"
    if "/" in quiz_id or "\\" in quiz_id or not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
        listed = ", ".join(known) if known else "aucun"
        raise QuizEmbedError(
            f"quiz « {quiz_id} » introuvable : le fichier quizzes/{quiz_id}.yaml n'existe pas. "
            f"Corrigez l'identifiant du bloc « quiz » (quiz disponibles : {listed}) "
            "ou créez ce fichier."
        )
    try:
        quiz = loader.load_quiz(path)
    except ValidationError as error:
        count = len(error.problems)
        head = "1 problème" if count == 1 else f"{count} problèmes"
        details = " ; ".join(
            str(replace(problem, file=f"quizzes/{quiz_id}.yaml")) for problem in error.problems[:5]
        )
        more = " ; …" if count > 5 else ""
        raise QuizEmbedError(
            f"le quiz « {quiz_id} » est invalide ({head}) : {details}{more}. Corrigez "
            f"quizzes/{quiz_id}.yaml (« hvlab quiz check quizzes/{quiz_id}.yaml » liste tout)."
        ) from None
    if quiz.id != quiz_id:
        raise QuizEmbedError(
            f"le fichier quizzes/{quiz_id}.yaml déclare l'identifiant « {quiz.id} » : "
            "donnez au fichier le nom de son identifiant (ou l'inverse)."
        )
    return quiz


def _container(compiled: dict[str, Any]) -> str:
    # The compiled quiz rides in an attribute, not in a <script type="application/json">:
    # Material's instant navigation re-runs every inline script of the page as JavaScript.
    data = html.escape(json.dumps(compiled, ensure_ascii=False, separators=(",", ":")), quote=True)
    title = html.escape(str(compiled["title"]))
    quiz_id = html.escape(str(compiled["id"]), quote=True)
    return (
        f'<div class="hvlab-quiz" data-quiz="{quiz_id}" data-hvlab-quiz="{data}">'
        f'<p class="hvlab-quiz__title">Quiz : {title}</p>'
        "<noscript><p>Ce quiz a besoin de JavaScript : activez-le dans votre navigateur "
        "pour répondre aux questions.</p></noscript>"
        "</div>"
    )
