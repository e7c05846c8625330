"""Parametrised questions: parameters drawn from a seed, the prompt rendered, the answer computed.

A parametrised question declares ``params``; each variant draws one value per parameter with
``random.Random(f"{question.id}/{seed}")``, so a seed always gives the same variant. The prompt,
hints, explanation and option texts are Python format strings over the parameters
(``{servers}``, ``{util:.0%}``), rendered the French way (decimal comma, ``8 %``). A numeric
answer may be an expression over the parameters, evaluated by :func:`evaluate`: a whitelist of
``ast`` nodes (arithmetic, comparisons, ``x if c else y``, calls of the functions of
:func:`functions`) — no attribute, no subscript, no import, no lambda, bounded powers. ``ceil``
and ``floor`` round to 9 decimals first, so that floating-point noise does not change a count
(``ceil(24 * 0.1 / 0.8)`` is 3, although ``24 * 0.1 / 0.8`` is ``3.0000000000000004``).

Example:
    >>> evaluate("ceil(servers * util / 0.8)", {"servers": 20, "util": 0.1})
    3
"""

from __future__ import annotations

__all__ = [
    "ExpressionError",
    "Variant",
    "all_parameter_sets",
    "answer_for",
    "check_expression",
    "draw_params",
    "evaluate",
    "functions",
    "placeholders",
    "render",
    "variant",
]

import ast
import itertools
import math
import operator
import random
import re
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from hvlab.errors import HvlabError
from hvlab.quiz.model import Question

_MAX_EXPONENT = 64
_MAX_MAGNITUDE = 1e300
_MAX_LENGTH = 500

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
    ast.Not: operator.not_,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_NODE_NAMES_FR = {
    "Attribute": "l'accès à un attribut (a.b)",
    "Subscript": "l'indexation (a[i])",
    "Lambda": "les fonctions lambda",
    "ListComp": "les compréhensions de liste",
    "GeneratorExp": "les générateurs",
    "DictComp": "les compréhensions de dictionnaire",
    "SetComp": "les compréhensions d'ensemble",
    "Dict": "les dictionnaires",
    "Set": "les ensembles",
    "NamedExpr": "l'opérateur :=",
    "JoinedStr": "les f-strings",
    "Starred": "l'opérateur *",
    "Await": "await",
    "Yield": "yield",
    "BitAnd": "les opérateurs binaires (&, |, ^, <<, >>)",
    "BitOr": "les opérateurs binaires (&, |, ^, <<, >>)",
    "BitXor": "les opérateurs binaires (&, |, ^, <<, >>)",
    "LShift": "les opérateurs binaires (&, |, ^, <<, >>)",
    "RShift": "les opérateurs binaires (&, |, ^, <<, >>)",
    "Invert": "l'opérateur ~",
    "MatMult": "l'opérateur @",
}


class ExpressionError(HvlabError):
    """An answer expression is unsafe, refers to an unknown name, or fails (message in French)."""


def _safe_round(value: float, digits: int = 0) -> float:
    return round(value, digits)


def _ceil(value: float) -> int:
    """``ceil`` that ignores floating-point noise: ``ceil(24 * 0.1 / 0.8)`` is 3, not 4."""
    return math.ceil(round(value, 9))


def _floor(value: float) -> int:
    """``floor`` that ignores floating-point noise: ``floor(0.29 * 100)`` is 29, not 28."""
    return math.floor(round(value, 9))


_MATH: dict[str, Any] = {
    "abs": abs,
    "min": min,
    "max": max,
    "round": _safe_round,
    "int": int,
    "float": float,
    "ceil": _ceil,
    "floor": _floor,
    "sqrt": math.sqrt,
    "exp": math.exp,
    "log": math.log,
    "log2": math.log2,
    "log10": math.log10,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "pi": math.pi,
    "e": math.e,
}

_functions_cache: dict[str, Any] | None = None


def functions() -> dict[str, Any]:
    """The names an answer expression may use: math functions, constants, hvlab.sim helpers.

    hvlab.sim helpers are imported lazily; a helper whose module or function does not exist (yet)
    is not offered.
    """
    global _functions_cache
    if _functions_cache is None:
        from hvlab.quiz._sim_helpers import sim_helpers

        found: dict[str, Any] = {**_MATH, **sim_helpers()}
        _functions_cache = found
    return dict(_functions_cache)


def _unsafe(node: ast.AST) -> str:
    kind = type(node).__name__
    return _NODE_NAMES_FR.get(kind, f"la construction « {kind} »")


def check_expression(expression: str, names: Iterator[str] | list[str] | set[str]) -> list[str]:
    """Static check of an answer expression, without evaluating it.

    Args:
        expression: the expression (Python syntax).
        names: the parameters it may use.

    Returns:
        French problems (empty when the expression is syntactically safe and uses known names).
    """
    allowed = set(names) | set(functions())
    if len(expression) > _MAX_LENGTH:
        return [f"expression trop longue ({len(expression)} caractères, {_MAX_LENGTH} au plus)"]
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as error:
        return [
            f"expression invalide « {expression} » : erreur de syntaxe (colonne {error.offset})"
        ]
    except (ValueError, RecursionError, MemoryError):
        return [f"expression invalide « {expression} »"]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        problems: list[str] = []
        if isinstance(node, ast.Name):
            if node.id not in allowed:
                problems.append(
                    f"nom inconnu « {node.id} » dans l'expression « {expression} » : "
                    "définissez-le sous « params » ou utilisez une fonction connue "
                    f"({', '.join(sorted(functions()))})"
                )
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                problems.append(
                    f"appel interdit dans « {expression} » : seules les fonctions connues, "
                    "appelées par leur nom, sont permises"
                )
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, (int, float, str, bool)):
                problems.append(f"constante interdite dans « {expression} » : {node.value!r}")
        elif not isinstance(
            node,
            (
                ast.Expression,
                ast.BinOp,
                ast.UnaryOp,
                ast.BoolOp,
                ast.Compare,
                ast.IfExp,
                ast.Tuple,
                ast.List,
                ast.keyword,
                ast.Load,
                ast.And,
                ast.Or,
                *_BINARY,
                *_UNARY,
                *_COMPARE,
            ),
        ):
            problems.append(
                f"construction interdite dans une expression de réponse : {_unsafe(node)}"
            )
        found += [(getattr(node, "col_offset", 0), problem) for problem in problems]
    return list(dict.fromkeys(problem for _, problem in sorted(found, key=lambda f: f[0])))


def evaluate(expression: str, params: Mapping[str, Any]) -> Any:
    """Evaluate a safe expression over ``params`` and the functions of :func:`functions`.

    Raises:
        ExpressionError: the expression is unsafe, uses an unknown name, or fails (French message
            naming the parameter values).
    """
    problems = check_expression(expression, list(params))
    if problems:
        raise ExpressionError(problems[0])
    names = {**functions(), **params}
    tree = ast.parse(expression.strip(), mode="eval")
    try:
        return _eval(tree.body, names)
    except ExpressionError:
        raise
    except ZeroDivisionError:
        raise ExpressionError(f"division par zéro dans « {expression} »") from None
    except (ValueError, OverflowError, ArithmeticError) as error:
        raise ExpressionError(
            f"calcul impossible dans « {expression} » : {_math_error_fr(error)}"
        ) from None
    except (TypeError, RecursionError, MemoryError) as error:
        raise ExpressionError(f"calcul impossible dans « {expression} » : {error}") from None
    except HvlabError as error:
        raise ExpressionError(f"calcul impossible dans « {expression} » : {error}") from None


def _math_error_fr(error: BaseException) -> str:
    text = str(error)
    if "math domain error" in text:
        return "hors du domaine de la fonction (racine ou logarithme d'un nombre négatif ?)"
    if isinstance(error, OverflowError) or "too large" in text:
        return "nombre trop grand"
    return text


def _check_size(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and abs(value) > _MAX_MAGNITUDE:
        raise OverflowError("too large")
    if isinstance(value, str) and len(value) > _MAX_LENGTH:
        raise ValueError("texte trop long")
    return value


def _eval(node: ast.AST, names: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return names[node.id]
    if isinstance(node, ast.BinOp):
        left = _eval(node.left, names)
        right = _eval(node.right, names)
        if isinstance(node.op, ast.Pow) and (
            not isinstance(right, (int, float)) or abs(right) > _MAX_EXPONENT
        ):
            raise ValueError(f"exposant trop grand ({right!r}, {_MAX_EXPONENT} au plus)")
        if isinstance(node.op, ast.Mult) and (isinstance(left, str) or isinstance(right, str)):
            raise TypeError("on ne multiplie pas un texte")
        return _check_size(_BINARY[type(node.op)](left, right))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, names))
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, names) for v in node.values]
        if isinstance(node.op, ast.And):
            return all(values)
        return any(values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, names)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, names)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _eval(node.test, names) else node.orelse, names)
    if isinstance(node, (ast.Tuple, ast.List)):
        return [_eval(e, names) for e in node.elts]
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        function = names[node.func.id]
        if not callable(function):
            raise TypeError(f"« {node.func.id} » n'est pas une fonction")
        args = [_eval(a, names) for a in node.args]
        kwargs = {k.arg: _eval(k.value, names) for k in node.keywords if k.arg}
        return _check_size(function(*args, **kwargs))
    raise ValueError(f"construction interdite : {_unsafe(node)}")


class _FrenchFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if any(len(digits) > 2 for digits in re.findall(r"\d+", format_spec)):
            raise ValueError(f"format « {format_spec} » trop large (99 caractères au plus)")
        text = format(value, format_spec)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = text.replace(",", "\u202f").replace(".", ",")
            if text.endswith("%"):
                text = text[:-1].rstrip() + "\u00a0%"
        return text

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        if not field_name.isidentifier():
            raise KeyError(field_name)
        return super().get_field(field_name, args, kwargs)


_FORMATTER = _FrenchFormatter()


def placeholders(template: str) -> list[str]:
    """The parameter names a template uses (``{name}`` or ``{name:spec}``).

    Raises:
        ValueError: the template's braces are unbalanced (French message).
    """
    names = []
    try:
        for _literal, field_name, _spec, _conversion in string.Formatter().parse(template):
            if field_name is not None:
                names.append(field_name)
    except ValueError:
        raise ValueError(
            "accolades non appariées : écrivez {{ et }} pour une accolade littérale"
        ) from None
    return names


def render(template: str, params: Mapping[str, Any]) -> str:
    """Replace ``{name}`` / ``{name:spec}`` by the parameters, French style.

    Example:
        >>> render("{servers} serveurs à {util:.0%}", {"servers": 20, "util": 0.08})
        '20 serveurs à 8\xa0%'
    """
    return _FORMATTER.vformat(template, (), dict(params))


@dataclass(frozen=True)
class Variant:
    """One variant of a question, as a student sees it.

    Attributes:
        seed: the seed that drew it (None for a question without parameters).
        params: the drawn parameter values.
        prompt: the rendered prompt.
        hints: the rendered hints.
        explanation: the rendered explanation.
        options: the rendered option texts (single, multiple).
        answer: the expected answer in the response format: the correct option index (single),
            the sorted correct indexes (multiple), a bool (true_false), a float (numeric), the
            accepted texts (text), ``{left: right}`` (matching), the items in order (ordering).
    """

    seed: int | None
    params: Mapping[str, Any]
    prompt: str
    answer: Any
    hints: tuple[str, ...] = ()
    explanation: str = ""
    options: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        answer = self.answer
        if isinstance(answer, tuple):
            answer = list(answer)
        return {
            "seed": self.seed,
            "params": dict(self.params),
            "prompt": self.prompt,
            "hints": list(self.hints),
            "explanation": self.explanation,
            "options": list(self.options),
            "answer": answer,
        }


def draw_params(question: Question, seed: int) -> dict[str, Any]:
    """The parameter values of variant ``seed`` of ``question``."""
    rng = random.Random(f"{question.id}/{seed}")
    return {param.name: param.draw(rng) for param in question.params}


def all_parameter_sets(
    question: Question, limit: int = 1000, sample: int = 200
) -> Iterator[dict[str, Any]]:
    """Parameter sets to try when validating: all of them when there are at most ``limit``,
    otherwise the extreme values and the variants of seeds ``0 … sample - 1``.
    """
    if not question.params:
        yield {}
        return
    total = 1
    for param in question.params:
        total *= param.count
    if total <= limit:
        ranges = [range(p.count) for p in question.params]
        for indexes in itertools.product(*ranges):
            yield {p.name: p.value(i) for p, i in zip(question.params, indexes, strict=True)}
        return
    yield {p.name: p.value(0) for p in question.params}
    yield {p.name: p.value(p.count - 1) for p in question.params}
    for seed in range(sample):
        yield draw_params(question, seed)


def answer_for(question: Question, params: Mapping[str, Any]) -> Any:
    """The expected answer of ``question`` for these parameter values (see :class:`Variant`).

    Raises:
        ExpressionError: a numeric answer expression fails or does not give a finite number.
    """
    kind = question.type
    if kind == "single":
        indexes = question.correct_indexes
        return indexes[0] if indexes else None
    if kind == "multiple":
        return question.correct_indexes
    if kind == "true_false":
        return bool(question.answer)
    if kind == "numeric":
        answer = question.answer
        if isinstance(answer, str):
            value = evaluate(answer, params)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ExpressionError(
                    f"l'expression « {answer} » ne donne pas un nombre mais {value!r}"
                )
            if not math.isfinite(value):
                raise ExpressionError(f"l'expression « {answer} » ne donne pas un nombre fini")
            return float(value)
        return float(answer) if isinstance(answer, (int, float)) else None
    if kind == "text":
        return question.accept
    if kind == "matching":
        return {pair.left: pair.right for pair in question.pairs}
    return question.items


def variant(question: Question, seed: int | None = None) -> Variant:
    """The variant ``seed`` of ``question``: parameters, rendered texts and expected answer.

    A question without parameters has one variant (its seed is None, whatever is asked).

    Raises:
        ExpressionError: the answer expression fails for the drawn parameters.
    """
    if not question.params:
        return Variant(
            seed=None,
            params={},
            prompt=question.prompt,
            answer=answer_for(question, {}),
            hints=question.hints,
            explanation=question.explanation,
            options=tuple(o.text for o in question.options),
        )
    seed = int(seed or 0)
    params = draw_params(question, seed)
    return Variant(
        seed=seed,
        params=params,
        prompt=render(question.prompt, params),
        answer=answer_for(question, params),
        hints=tuple(render(h, params) for h in question.hints),
        explanation=render(question.explanation, params),
        options=tuple(render(o.text, params) for o in question.options),
    )
