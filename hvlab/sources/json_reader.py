"""JSON read within the same limits as YAML, its errors in French with line, column and caret.

Used for the files hvlab writes and reads back (results, responses): a file edited by hand, or
by someone who wants to break the command that reads it, gives a French problem and never a
traceback — 100,000 nested brackets included.
"""

from __future__ import annotations

__all__ = ["read_json", "read_json_file"]

import json
from pathlib import Path
from typing import Any

from hvlab import fr
from hvlab.errors import ValidationProblem
from hvlab.sources.excerpt import excerpt
from hvlab.sources.limits import DEFAULT_LIMITS, Limits, read_text

#: json's message (its start) → French.
_MESSAGES = (
    (
        "Expecting value",
        "valeur attendue (un nombre, un texte entre guillemets doubles, true, false, null, une "
        "liste [...] ou un dictionnaire {...})",
    ),
    ("Expecting ',' delimiter", "« , » attendue entre deux éléments"),
    ("Expecting ':' delimiter", "« : » attendu après une clé"),
    (
        "Expecting property name enclosed in double quotes",
        "nom de clé entre guillemets doubles attendu (une virgule en trop avant « } » ?)",
    ),
    ("Unterminated string", "texte entre guillemets non refermé"),
    (
        "Invalid control character",
        "caractère de contrôle dans un texte (un retour à la ligne s'écrit \\n)",
    ),
    ("Extra data", "données en trop après la fin du document"),
    (
        "Invalid \\escape",
        "séquence d'échappement invalide (une barre oblique inverse s'écrit \\\\)",
    ),
    ("Invalid \\u", "séquence d'échappement \\u invalide"),
)


class _NotJson(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NotJson(name)


def read_json(
    text: str, *, file: str = "", limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, list[ValidationProblem]]:
    """Parse ``text``; returns ``(data, [])`` or ``(None, problems)``; never raises.

    ``NaN`` and ``Infinity`` are refused (they are not JSON), and so is a document deeper than
    ``limits.max_depth`` or holding more than ``limits.max_values`` values.

    Example:
        >>> read_json('{"score": 1}')
        ({'score': 1}, [])
        >>> _, [problem] = read_json('{"score": 1,}', file="r.json")
        >>> str(problem).splitlines()[0][:60]
        'r.json:1:13: JSON invalide : nom de clé entre guillemets dou'
    """
    if len(text.encode("utf-8", errors="replace")) > limits.max_bytes:
        return None, [
            ValidationProblem(f"document trop volumineux : {limits.size_text()} au plus.", file)
        ]
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except _NotJson as error:
        return None, [
            ValidationProblem(
                f"JSON invalide : « {error} » n'est pas un nombre JSON ; écrivez un nombre "
                "ordinaire ou null.",
                file,
            )
        ]
    except json.JSONDecodeError as error:
        what = next((fr for en, fr in _MESSAGES if error.msg.startswith(en)), "erreur de syntaxe")
        return None, [
            ValidationProblem(
                f"JSON invalide : {what}",
                file,
                line=error.lineno,
                column=error.colno,
                excerpt=excerpt(text, error.lineno, error.colno),
            )
        ]
    except RecursionError:
        return None, [_too_deep(file, limits)]
    problem = _bounds(data, file, limits)
    return (None, [problem]) if problem else (data, [])


def _too_deep(file: str, limits: Limits) -> ValidationProblem:
    return ValidationProblem(
        f"document trop imbriqué : {limits.max_depth} niveaux de listes et de dictionnaires au "
        "plus.",
        file,
    )


def _bounds(data: Any, file: str, limits: Limits) -> ValidationProblem | None:
    """Walk ``data`` without recursion; the first limit exceeded, if any."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    values = 0
    while stack:
        value, depth = stack.pop()
        values += 1
        if values > limits.max_values:
            return ValidationProblem(
                f"document trop volumineux : plus de {fr.number(limits.max_values)} valeurs.", file
            )
        if depth > limits.max_depth:
            return _too_deep(file, limits)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return None


def read_json_file(
    path: str | Path, *, file: str = "", limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, list[ValidationProblem]]:
    """Read and parse a JSON file within ``limits``; never raises."""
    shown = file or str(path)
    text, problem = read_text(path, limits=limits, file=shown)
    if text is None:
        assert problem is not None
        return None, [problem]
    return read_json(text, file=shown, limits=limits)
