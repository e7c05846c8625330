"""Semantic checks of quiz data, beyond what the JSON Schema can say (messages in French).

They run on the raw data, next to the schema validation, and skip whatever has the wrong shape
(the schema reports it), so that one mistake gives one message.
"""

from __future__ import annotations

__all__ = ["semantic_problems"]

import math
from collections.abc import Iterator, Mapping
from typing import Any

from hvlab.quiz.model import QUESTION_TYPES, Option, Param, Question
from hvlab.quiz.normalize import normalize_text
from hvlab.quiz.variants import (
    ExpressionError,
    all_parameter_sets,
    answer_for,
    check_expression,
    functions,
    placeholders,
    render,
)
from hvlab.sources.paths import Path_

Problem = tuple[str, Path_]

#: Keys that only make sense for some question types.
_TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "options": ("single", "multiple"),
    "shuffle_options": ("single", "multiple"),
    "answer": ("true_false", "numeric"),
    "tolerance": ("numeric",),
    "unit": ("numeric",),
    "units": ("numeric",),
    "accept": ("text",),
    "case_sensitive": ("text",),
    "ignore_accents": ("text",),
    "pairs": ("matching",),
    "distractors": ("matching",),
    "items": ("ordering",),
    "all_or_nothing": ("ordering",),
}
_MAX_VALUES = 1_000_000
_OPTION_KEYS = frozenset({"text", "correct", "feedback"})
_PARAM_KEYS = frozenset({"range", "step", "choices"})


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def semantic_problems(data: Any) -> list[Problem]:
    """Every semantic problem of quiz data (sanitised: string keys, plain values)."""
    if not isinstance(data, Mapping):
        return []
    problems: list[Problem] = []
    questions = data.get("questions")
    if not isinstance(questions, list):
        return problems
    seen: dict[str, int] = {}
    for index, question in enumerate(questions):
        if not isinstance(question, Mapping):
            continue
        path: Path_ = ("questions", index)
        qid = question.get("id")
        if isinstance(qid, str):
            if qid in seen:
                problems.append(
                    (
                        f"identifiant de question « {qid} » déjà utilisé par la question "
                        f"n° {seen[qid] + 1} : chaque question doit avoir le sien",
                        (*path, "id"),
                    )
                )
            else:
                seen[qid] = index
        problems.extend(_question_problems(question, path))
    return problems


def _question_problems(question: Mapping[str, Any], path: Path_) -> Iterator[Problem]:
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        return
    for key, kinds in _TYPE_KEYS.items():
        if key in question and kind not in kinds:
            yield (
                f"la clé « {key} » ne s'applique pas à une question « {kind} » (elle sert aux "
                f"questions {', '.join(kinds)}) : retirez-la",
                (*path, key),
            )
    if kind in ("single", "multiple"):
        yield from _option_problems(question, path, kind)
    elif kind == "true_false":
        answer = question.get("answer")
        if "answer" in question and not isinstance(answer, bool):
            yield (
                f"une question true_false attend true ou false comme réponse ; lu : {answer!r} "
                "(écrivez true ou false, sans guillemets)",
                (*path, "answer"),
            )
    elif kind == "numeric":
        yield from _numeric_problems(question, path)
    elif kind == "text":
        yield from _text_problems(question, path)
    elif kind == "matching":
        yield from _matching_problems(question, path)
    elif kind == "ordering":
        items = _strings(question.get("items"))
        for i, item in enumerate(items):
            if item in items[:i]:
                yield (
                    f"élément « {item} » en double : chaque élément à ordonner doit être unique",
                    (*path, "items", i),
                )
    yield from _param_problems(question, path)


def _option_problems(question: Mapping[str, Any], path: Path_, kind: str) -> Iterator[Problem]:
    options = question.get("options")
    if not isinstance(options, list) or not all(isinstance(o, Mapping) for o in options):
        return
    if any(set(o) - _OPTION_KEYS for o in options):
        return  # a misspelt key (« corect ») is reported by the schema; counting would mislead
    correct = [i for i, o in enumerate(options) if o.get("correct") is True]
    if kind == "single" and len(correct) != 1:
        if correct:
            numbers = ", ".join(str(i + 1) for i in correct)
            detail = f"{len(correct)} (options n° {numbers})"
        else:
            detail = "aucune"
        yield (
            f"une question single doit avoir exactement une bonne option (correct: true) ; "
            f"trouvé : {detail}. Pour plusieurs bonnes réponses, utilisez le type multiple",
            (*path, "options"),
        )
    if kind == "multiple" and not correct:
        yield (
            "une question multiple doit avoir au moins une bonne option (correct: true) ; "
            "trouvé : aucune",
            (*path, "options"),
        )
    texts = [o.get("text") for o in options]
    for i, text in enumerate(texts):
        if isinstance(text, str) and text in texts[:i]:
            yield f"option « {text} » en double", (*path, "options", i, "text")


def _numeric_problems(question: Mapping[str, Any], path: Path_) -> Iterator[Problem]:
    answer = question.get("answer")
    if isinstance(answer, bool):
        yield (
            f"une question numeric attend un nombre ou une expression comme réponse ; "
            f"YAML a lu le booléen {str(answer).lower()}",
            (*path, "answer"),
        )
    elif isinstance(answer, str):
        names = _param_names(question)
        for problem in check_expression(answer, names):
            yield problem, (*path, "answer")
    unit = question.get("unit")
    units = question.get("units")
    if isinstance(units, Mapping) and isinstance(unit, str) and unit in units and units[unit] != 1:
        yield (
            f"l'unité de la réponse « {unit} » doit avoir le facteur 1 dans units "
            f"(trouvé : {units[unit]})",
            (*path, "units", unit),
        )
    if isinstance(units, Mapping) and units and not unit:
        yield (
            "units donne des conversions mais la réponse n'a pas d'unité : ajoutez unit",
            (*path, "units"),
        )


def _text_problems(question: Mapping[str, Any], path: Path_) -> Iterator[Problem]:
    accept = question.get("accept")
    if not isinstance(accept, list):
        return
    options = {
        "case_sensitive": question.get("case_sensitive") is True,
        "ignore_accents": question.get("ignore_accents") is True,
    }
    for i, text in enumerate(accept):
        if isinstance(text, str) and not normalize_text(text, **options):
            yield "réponse acceptée vide (uniquement des espaces)", (*path, "accept", i)


def _matching_problems(question: Mapping[str, Any], path: Path_) -> Iterator[Problem]:
    pairs = question.get("pairs")
    if not isinstance(pairs, list):
        return
    lefts: list[Any] = []
    for i, pair in enumerate(pairs):
        if not isinstance(pair, Mapping):
            continue
        left = pair.get("left")
        if isinstance(left, str) and left in lefts:
            yield (
                f"élément de gauche « {left} » en double : chaque élément de gauche doit être "
                "unique (regroupez ses associations)",
                (*path, "pairs", i, "left"),
            )
        lefts.append(left)
    rights = {p.get("right") for p in pairs if isinstance(p, Mapping)}
    for i, distractor in enumerate(_strings(question.get("distractors"))):
        if distractor in rights:
            yield (
                f"le distracteur « {distractor} » est aussi une bonne réponse : retirez-le",
                (*path, "distractors", i),
            )


def _param_names(question: Mapping[str, Any]) -> list[str]:
    params = question.get("params")
    return [str(k) for k in params] if isinstance(params, Mapping) else []


def _templates(question: Mapping[str, Any]) -> Iterator[tuple[str, Path_]]:
    if isinstance(question.get("prompt"), str):
        yield question["prompt"], ("prompt",)
    hints = question.get("hints")
    for i, hint in enumerate(hints if isinstance(hints, list) else []):
        if isinstance(hint, str):
            yield hint, ("hints", i)
    if isinstance(question.get("explanation"), str):
        yield question["explanation"], ("explanation",)
    options = question.get("options")
    if isinstance(options, list):
        for i, option in enumerate(options):
            if isinstance(option, Mapping) and isinstance(option.get("text"), str):
                yield option["text"], ("options", i, "text")


def _build_params(question: Mapping[str, Any], path: Path_) -> tuple[list[Param], list[Problem]]:
    params: list[Param] = []
    problems: list[Problem] = []
    raw = question.get("params")
    if not isinstance(raw, Mapping):
        return params, problems
    known = functions()
    for name, spec in raw.items():
        where = (*path, "params", name)
        if not isinstance(spec, Mapping) or set(spec) - _PARAM_KEYS:
            continue
        if name in known:
            problems.append(
                (f"le paramètre « {name} » masque la fonction du même nom : renommez-le", where)
            )
        has_range, has_choices = "range" in spec, "choices" in spec
        if has_range == has_choices:
            problems.append(
                (
                    f"le paramètre « {name} » doit avoir soit range: [min, max], soit "
                    "choices: [...] (un seul des deux)",
                    where,
                )
            )
            continue
        if has_choices:
            choices = spec["choices"]
            if (
                isinstance(choices, list)
                and choices
                and all(_is_number(c) or isinstance(c, str) for c in choices)
            ):
                params.append(Param(name=name, choices=tuple(choices)))
            continue
        if "step" in spec and not has_range:
            continue
        bounds, step = spec["range"], spec.get("step", 1)
        if not (
            isinstance(bounds, list)
            and len(bounds) == 2
            and all(_is_number(b) for b in bounds)
            and _is_number(step)
            and step > 0
        ):
            continue
        low, high = bounds
        if low > high:
            problems.append(
                (
                    f"intervalle vide pour « {name} » : le minimum ({low}) dépasse le maximum "
                    f"({high})",
                    (*where, "range"),
                )
            )
            continue
        if (high - low) / step + 1 > _MAX_VALUES:
            problems.append(
                (
                    f"le paramètre « {name} » prend trop de valeurs (plus de {_MAX_VALUES}) : "
                    "augmentez step",
                    (*where, "step"),
                )
            )
            continue
        params.append(Param(name=name, low=low, high=high, step=step))
    return params, problems


def _param_problems(question: Mapping[str, Any], path: Path_) -> Iterator[Problem]:
    params, problems = _build_params(question, path)
    yield from problems
    declared = set(_param_names(question))
    parametrised = bool(declared) or isinstance(question.get("answer"), str)
    if not parametrised:
        return
    templates = list(_templates(question))
    template_ok = True
    for template, where in templates:
        try:
            used = placeholders(template)
        except ValueError as error:
            template_ok = False
            yield f"{error}", (*path, *where)
            continue
        for name in dict.fromkeys(used):
            if name not in declared:
                template_ok = False
                base = "l'énoncé" if where == ("prompt",) else "ce texte"
                yield (
                    f"le paramètre « {name or '{}'} » est utilisé dans {base} mais n'est pas "
                    "défini sous params (doublez les accolades {{ }} pour un texte littéral)",
                    (*path, *where),
                )
    if problems or not template_ok or len(params) != len(declared):
        return
    answer = question.get("answer")
    if (
        question.get("type") == "numeric"
        and isinstance(answer, str)
        and check_expression(answer, list(declared))
    ):
        return
    probe = _probe_question(question, params)
    if probe is None:
        return
    yield from _variant_problems(probe, templates, path)


def _probe_question(question: Mapping[str, Any], params: list[Param]) -> Question | None:
    answer = question.get("answer")
    kind = question.get("type")
    if kind != "numeric" or not isinstance(answer, (str, int, float)) or isinstance(answer, bool):
        answer = None
    options = question.get("options")
    return Question(
        id=str(question.get("id", "q")),
        type=kind if kind in QUESTION_TYPES else "numeric",
        prompt="",
        options=tuple(
            Option(text="", correct=o.get("correct") is True)
            for o in (options if isinstance(options, list) else [])
            if isinstance(o, Mapping)
        ),
        answer=answer,
        params=tuple(params),
    )


def _variant_problems(
    question: Question, templates: list[tuple[str, Path_]], path: Path_
) -> Iterator[Problem]:
    failed_render: set[Path_] = set()
    failed_answer = False
    for values in all_parameter_sets(question):
        shown = ", ".join(f"{k}={v!r}" for k, v in values.items())
        for template, where in templates:
            if where in failed_render:
                continue
            try:
                render(template, values)
            except (ValueError, TypeError, KeyError, IndexError) as error:
                failed_render.add(where)
                yield (
                    f"texte impossible à composer pour {shown} : {error} (vérifiez les formats "
                    "comme {x:.1f} ou {x:.0%}, réservés aux nombres)",
                    (*path, *where),
                )
        if question.type == "numeric" and isinstance(question.answer, str) and not failed_answer:
            try:
                answer_for(question, values)
            except ExpressionError as error:
                failed_answer = True
                where_text = f" pour {shown}" if shown else ""
                yield f"l'expression de la réponse échoue{where_text} : {error}", (*path, "answer")
        if failed_answer and len(failed_render) == len(templates):
            return
