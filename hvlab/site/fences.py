"""What the ``lab`` and ``guest`` fences share: the superfences formatter around a fence's own code.

A fence's body is a YAML mapping of known keys. :func:`fence_formatter` reads it
(:func:`fence_body`) and hands it to the fence's own rendering, a function of the body and the
:class:`~hvlab.site.embed.EmbedContext` that returns the fence's HTML or raises
:class:`FenceProblem`. A problem is recorded in the context (a warning naming the page, fatal under
``mkdocs build --strict``) and shown in the page as an error box.
"""

from __future__ import annotations

__all__ = ["FenceFormatter", "FenceProblem", "FenceRender", "fence_body", "fence_formatter"]

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from markdown import Markdown

from hvlab.site.embed import EmbedContext, error_box
from hvlab.site.markdown import context_of

#: A fence's own rendering: its body and the build's context to its HTML.
FenceRender = Callable[[dict[str, Any], EmbedContext], str]


class FenceProblem(Exception):
    """A fence that cannot be rendered (French message saying how to fix it)."""


def fence_body(
    source: str,
    name: str,
    *,
    keys: frozenset[str],
    required: frozenset[str] = frozenset(),
    shape: str,
) -> dict[str, Any]:
    """The body of fence ``name``: a YAML mapping (empty when blank) of ``keys``.

    Args:
        source: the text between the fence's lines.
        name: the fence's name, as the page writes it (``lab``).
        keys: the keys the fence knows.
        required: the keys it needs.
        shape: the message when the body is not a mapping or lacks a ``required`` key.

    Raises:
        FenceProblem: the body is not YAML, not such a mapping, or has an unknown key.

    Example:
        >>> fence_body("id: invite", "guest", keys=frozenset({"id"}), shape="")
        {'id': 'invite'}
    """
    try:
        body = yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        raise FenceProblem(f"le bloc « {name} » n'est pas du YAML valide ({exc}).") from None
    if not isinstance(body, dict) or not required <= body.keys():
        raise FenceProblem(shape)
    unknown = sorted(set(map(str, body)) - keys)
    if unknown:
        possible = "clé possible" if len(keys) == 1 else "clés possibles"
        raise FenceProblem(
            f"clé(s) inconnue(s) dans le bloc « {name} » : {', '.join(unknown)} ; "
            f"{possible} : {', '.join(sorted(keys))}."
        )
    return body


@dataclass(frozen=True)
class FenceFormatter:
    """The superfences formatter of fence ``name`` (``keys``, ``required``, ``shape``: as for
    :func:`fence_body`).

    Called with superfences' arguments (``source``, ``language``, ``css_class``, ``options``,
    ``md``, then keywords it ignores), it returns the fence's HTML, or an error box after recording
    the problem in the page's context. An instance of a module-level class (not a closure), so that
    a generator which pickles its Markdown configuration (Zensical hashes it) can.
    """

    name: str
    render: FenceRender
    keys: frozenset[str]
    required: frozenset[str] = frozenset()
    shape: str = ""

    def __call__(
        self,
        source: str,
        language: str,
        css_class: str,
        options: dict[str, Any],
        md: Markdown,
        **kwargs: Any,
    ) -> str:
        context = context_of(md)
        try:
            body = fence_body(
                source, self.name, keys=self.keys, required=self.required, shape=self.shape
            )
            return self.render(body, context)
        except FenceProblem as problem:
            context.report(str(problem))
            return error_box(str(problem))


def fence_formatter(
    name: str,
    render: FenceRender,
    *,
    keys: frozenset[str],
    required: frozenset[str] = frozenset(),
    shape: str,
) -> FenceFormatter:
    """The superfences formatter of fence ``name``; ``render`` must be a module-level function.

    Example:
        >>> import pickle
        >>> formatter = fence_formatter("guest", repr, keys=frozenset({"id"}), shape="")
        >>> pickle.loads(pickle.dumps(formatter)) == formatter
        True
    """
    return FenceFormatter(name, render, keys, required, shape)
