"""JSON Schema validation of quiz data, with errors translated into French.

Each jsonschema error becomes ``(message, path, at_key)``: ``at_key`` asks the caller to point at
the key rather than at its value (unknown keys).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

import jsonschema

from hvlab.quiz._yaml import Path_

_TYPES_FR = {
    "string": "du texte",
    "number": "un nombre",
    "integer": "un entier",
    "boolean": "true ou false",
    "array": "une liste",
    "object": "un dictionnaire (clé: valeur)",
    "null": "une valeur vide",
}

_REQUIRED_FR = {
    "id": "l'identifiant",
    "title": "le titre du quiz",
    "questions": "la liste des questions",
    "type": "le type de question (single, multiple, true_false, numeric, text, matching, ordering)",
    "prompt": "l'énoncé de la question",
    "options": "la liste des options (au moins deux, avec correct: true sur les bonnes)",
    "answer": "la bonne réponse (true/false, ou un nombre)",
    "accept": "la liste des réponses acceptées",
    "pairs": "la liste des associations {left: …, right: …}",
    "items": "la liste des éléments dans le bon ordre",
    "text": "le texte",
    "left": "l'élément de gauche",
    "right": "l'élément de droite",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        word = "true" if value else "false"
        return (
            f"le booléen {word} (YAML lit yes/no/on/off/true/false comme des booléens : "
            "mettez le texte entre guillemets)"
        )
    if value is None:
        return "une valeur vide"
    if isinstance(value, (int, float)):
        return f"le nombre {value}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "…"
        return f"le texte « {short} »"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un dictionnaire"
    return repr(value)


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f" (vouliez-vous dire « {close[0]} » ?)"
    return f" ; clés possibles : {', '.join(sorted(choices))}"


def _number(value: Any) -> str:
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def _translate(
    error: jsonschema.ValidationError, all_keys: frozenset[str] = frozenset()
) -> Iterator[tuple[str, Path_, bool]]:
    path: Path_ = tuple(error.absolute_path)
    validator = str(error.validator)
    value: Any = error.validator_value
    instance: Any = error.instance
    subschema: Any = error.schema
    if validator == "additionalProperties" and isinstance(instance, dict):
        known = list(subschema.get("properties", {})) if isinstance(subschema, dict) else []
        for key in instance:
            if key not in known:
                yield f"clé inconnue « {key} »{_suggest(str(key), known)}", (*path, key), True
        return
    if validator == "required" and isinstance(instance, dict):
        unknown = [str(k) for k in instance if k not in all_keys]
        for key in value:
            if difflib.get_close_matches(key, unknown, n=1, cutoff=0.6):
                continue  # « promt » is reported as unknown, with « prompt » suggested
            if key not in instance:
                what = _REQUIRED_FR.get(key, "")
                detail = f" : {what}" if what else ""
                if "type" in instance and key in ("options", "answer", "accept", "pairs", "items"):
                    detail += f" (obligatoire pour une question « {instance['type']} »)"
                yield f"clé obligatoire « {key} » manquante{detail}", path, False
        return
    if validator == "type":
        expected = value if isinstance(value, list) else [value]
        wanted = " ou ".join(_TYPES_FR.get(str(t), str(t)) for t in expected)
        yield f"type incorrect — attendu : {wanted} ; lu : {_describe(instance)}", path, False
        return
    if validator == "enum":
        choices = [str(c) for c in value]
        if path and path[-1] == "type":
            close = difflib.get_close_matches(str(instance), choices, n=1, cutoff=0.5)
            hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
            yield (
                (
                    f"type de question inconnu « {instance} »{hint} ; types possibles : "
                    + ", ".join(choices)
                ),
                path,
                False,
            )
        else:
            yield (
                f"valeur « {instance} » non permise ; valeurs possibles : {', '.join(choices)}",
                path,
                False,
            )
        return
    if validator in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        last = path[-1] if path else ""
        if last == "points":
            yield (
                f"les points doivent être strictement positifs ; valeur lue : {_number(instance)}",
                path,
                False,
            )
        elif last == "tolerance":
            yield (
                (
                    f"tolérance négative ({_number(instance)}) : donnez un écart positif ou nul, "
                    'absolu (2.5) ou relatif ("10%")'
                ),
                path,
                False,
            )
        else:
            relation = {
                "minimum": "supérieur ou égal à",
                "exclusiveMinimum": "strictement supérieur à",
                "maximum": "inférieur ou égal à",
                "exclusiveMaximum": "strictement inférieur à",
            }[str(validator)]
            yield (
                (
                    f"valeur hors limites — attendu : {relation} {_number(value)} ; "
                    f"lu : {_number(instance)}"
                ),
                path,
                False,
            )
        return
    if validator == "minItems":
        count = len(instance) if isinstance(instance, list) else 0
        last = path[-1] if path else ""
        if last == "items":
            yield (
                (
                    f"une question ordering doit avoir au moins {value} éléments à ordonner ; "
                    f"trouvé : {count}"
                ),
                path,
                False,
            )
        elif last == "options":
            yield (
                (f"une question à choix doit avoir au moins {value} options ; trouvé : {count}"),
                path,
                False,
            )
        elif last == "pairs":
            yield (
                (
                    f"une question matching doit avoir au moins {value} associations ; "
                    f"trouvé : {count}"
                ),
                path,
                False,
            )
        else:
            yield (
                f"liste trop courte — attendu : au moins {value} élément(s) ; trouvé : {count}",
                path,
                False,
            )
        return
    if validator == "maxItems":
        count = len(instance) if isinstance(instance, list) else 0
        if path and path[-1] == "range":
            yield (
                f"l'intervalle doit avoir deux bornes [min, max] ; trouvé : {count} valeur(s)",
                path,
                False,
            )
        else:
            yield (
                f"liste trop longue — attendu : au plus {value} élément(s) ; trouvé : {count}",
                path,
                False,
            )
        return
    if validator == "minLength":
        yield "texte vide : écrivez-le ou retirez la clé", path, False
        return
    if validator == "pattern":
        last = path[-1] if path else ""
        if error.schema_path and "propertyNames" in error.schema_path:
            yield (
                (
                    f"nom de paramètre invalide « {instance} » : lettres sans accent, chiffres "
                    "et _ seulement, sans commencer par un chiffre (exemple : nb_serveurs)"
                ),
                path,
                False,
            )
        elif last == "tolerance":
            yield (
                (f'tolérance invalide « {instance} » : un nombre (2.5) ou un pourcentage ("10%")'),
                path,
                False,
            )
        elif len(path) == 1:
            yield (
                (
                    f"identifiant de quiz invalide « {instance} » : minuscules sans accent, "
                    "chiffres et tirets seulement (exemple : types-hyperviseurs)"
                ),
                path,
                False,
            )
        else:
            yield (
                (
                    f"identifiant invalide « {instance} » : lettres sans accent, chiffres, - et _ "
                    "seulement (exemple : type1)"
                ),
                path,
                False,
            )
        return
    if validator in ("anyOf", "oneOf"):
        subs = list(error.context or [])
        meaningful = [s for s in subs if s.validator != "type"]
        if meaningful:
            yield from _translate(meaningful[0], all_keys)
            return
        wanted = " ou ".join(
            _TYPES_FR.get(str(s.validator_value), str(s.validator_value)) for s in subs
        )
        yield f"type incorrect — attendu : {wanted} ; lu : {_describe(instance)}", path, False
        return
    yield (
        (f"valeur invalide (règle « {validator} » du schéma) ; lu : {_describe(instance)}"),
        path,
        False,
    )


def schema_problems(data: Any, schema: dict[str, Any]) -> list[tuple[str, Path_, bool]]:
    """French problems of ``data`` against ``schema``, in path order."""
    validator = jsonschema.Draft202012Validator(schema)
    found: list[tuple[str, Path_, bool]] = []
    all_keys = frozenset(
        key
        for part in [schema, *schema.get("$defs", {}).values()]
        for key in part.get("properties", {})
    )
    for error in sorted(
        validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]
    ):
        found.extend(_translate(error, all_keys))
    return found
