"""JSON Schema validation with every error written in French, for any hvlab file format.

:func:`schema_problems` runs a Draft 2020-12 validator and turns each error into a
:class:`SchemaProblem`: a French message, the path of the faulty value, and whether to point at
the key rather than the value (an unknown key). The messages are generic (« clé inconnue « promt »
(vouliez-vous dire « prompt » ?) », « type incorrect — attendu : un nombre ; lu : le texte
« dix » »); a format gives better ones where it knows more through a :class:`Vocabulary`.
"""

from __future__ import annotations

__all__ = ["SchemaProblem", "Vocabulary", "describe", "schema_problems"]

import contextlib
import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jsonschema

from hvlab import fr
from hvlab.sources.paths import Path_

_TYPES_FR = {
    "string": "du texte",
    "number": "un nombre",
    "integer": "un entier",
    "boolean": "true ou false",
    "array": "une liste",
    "object": "un dictionnaire (clé: valeur)",
    "null": "une valeur vide",
}
_RELATIONS_FR = {
    "minimum": "supérieur ou égal à",
    "exclusiveMinimum": "strictement supérieur à",
    "maximum": "inférieur ou égal à",
    "exclusiveMaximum": "strictement inférieur à",
}


@dataclass(frozen=True)
class SchemaProblem:
    """One schema error in French.

    Attributes:
        message: what is wrong and how to fix it.
        path: where, in the data (list indices 0-based, as in the data).
        at_key: point at the key of ``path`` rather than its value (an unknown key).
    """

    message: str
    path: Path_
    at_key: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """What a file format says better than the generic messages.

    Attributes:
        required: key → what it holds, for « clé obligatoire « prompt » manquante : l'énoncé ».
            Without an entry, the ``description`` of the key in the schema is used.
        required_when: added to a missing key required by an ``if``/``then`` of the schema,
            formatted with the faulty dictionary: ``" (obligatoire pour une question « {type} »)"``.
        messages: ``"keyword:where"`` → message template. ``where`` is the path with list
            indices written ``*`` (``"minItems:questions/*/items"``), or ``*/key`` for a key at
            any depth (``"pattern:*/tolerance"``); ``"keyword"`` alone applies everywhere.
            A pattern that a key of a dictionary fails (``propertyNames``) has the keyword
            ``propertyNames``. Templates may use ``{value}`` (the value described in French),
            ``{raw}`` (the value as written), ``{limit}`` (the schema's bound), ``{count}``
            (the length of a list), ``{choices}`` and ``{suggestion}`` (for ``enum``).
    """

    required: Mapping[str, str] = field(default_factory=dict)
    required_when: str = ""
    messages: Mapping[str, str] = field(default_factory=dict)

    def message(self, keyword: str, path: Path_) -> str | None:
        """The template for ``keyword`` failing at ``path``, if the format has one."""
        where = "/".join("*" if isinstance(p, int) else str(p) for p in path)
        last = str(path[-1]) if path and not isinstance(path[-1], int) else ""
        for candidate in (f"{keyword}:{where}", f"{keyword}:*/{last}" if last else "", keyword):
            if candidate and candidate in self.messages:
                return self.messages[candidate]
        return None


def describe(value: Any) -> str:
    """A value as a French reader understands it: « le texte « dix » », « le nombre 2,5 »…

    Example:
        >>> describe(True)[:16]
        'le booléen true '
        >>> describe(2.5), describe("oui"), describe(None)
        ('le nombre 2,5', 'le texte « oui »', 'une valeur vide')
    """
    if isinstance(value, bool):
        word = "true" if value else "false"
        return (
            f"le booléen {word} (YAML lit yes/no/on/off/true/false comme des booléens : "
            "mettez le texte entre guillemets)"
        )
    if value is None:
        return "une valeur vide"
    if isinstance(value, (int, float)):
        return f"le nombre {_number(value)}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "…"
        return f"le texte « {short} »"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un dictionnaire"
    return "une valeur d'un autre type"


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return fr.significant(value, 15) if isinstance(value, float) else fr.number(value)


def _raw(value: Any) -> str:
    return _number(value) if isinstance(value, (int, float)) else str(value)


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f" (vouliez-vous dire « {close[0]} » ?)"
    return f" ; clés possibles : {', '.join(sorted(choices))}" if choices else ""


def _description(schema: Any, key: str, root: Mapping[str, Any]) -> str:
    """The ``description`` of property ``key`` in ``schema`` (following one ``$ref``)."""
    prop = schema.get("properties", {}).get(key) if isinstance(schema, dict) else None
    if not isinstance(prop, dict):
        return ""
    text = prop.get("description")
    if not text and isinstance(prop.get("$ref"), str) and prop["$ref"].startswith("#/$defs/"):
        text = root.get("$defs", {}).get(prop["$ref"][8:], {}).get("description")
    return str(text or "").rstrip(".")


def _translate(
    error: jsonschema.ValidationError,
    vocabulary: Vocabulary,
    root: Mapping[str, Any],
    all_keys: frozenset[str],
) -> Iterator[SchemaProblem]:
    path: Path_ = tuple(error.absolute_path)
    keyword = str(error.validator)
    limit: Any = error.validator_value
    instance: Any = error.instance
    subschema: Any = error.schema
    if keyword == "pattern" and "propertyNames" in error.schema_path:
        keyword = "propertyNames"
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = list(subschema.get("properties", {})) if isinstance(subschema, dict) else []
        for key in instance:
            if key not in known:
                yield SchemaProblem(
                    f"clé inconnue « {key} »{_suggest(str(key), known)}", (*path, key), True
                )
        return
    if keyword == "required" and isinstance(instance, dict):
        unknown = [str(k) for k in instance if k not in all_keys]
        for key in limit:
            if key in instance:
                continue
            if difflib.get_close_matches(key, unknown, n=1, cutoff=0.6):
                continue  # « promt » is reported as unknown, with « prompt » suggested
            what = vocabulary.required.get(key) or _description(subschema, key, root)
            detail = f" : {what}" if what else ""
            if vocabulary.required_when and "then" in error.schema_path:
                with contextlib.suppress(KeyError, IndexError, ValueError):
                    detail += vocabulary.required_when.format(**instance)
            yield SchemaProblem(f"clé obligatoire « {key} » manquante{detail}", path)
        return
    if keyword in ("anyOf", "oneOf") and vocabulary.message(keyword, path) is None:
        subs = list(error.context or [])
        meaningful = [s for s in subs if s.validator != "type"]
        if meaningful:
            yield from _translate(meaningful[0], vocabulary, root, all_keys)
            return
        wanted = " ou ".join(
            _TYPES_FR.get(str(s.validator_value), str(s.validator_value)) for s in subs
        )
        yield SchemaProblem(
            f"type incorrect — attendu : {wanted} ; lu : {describe(instance)}", path
        )
        return
    fields = {
        "value": describe(instance),
        "raw": _raw(instance),
        "limit": _number(limit) if isinstance(limit, (int, float)) else limit,
        "count": len(instance) if isinstance(instance, (list, dict, str)) else 0,
        "choices": ", ".join(str(c) for c in limit) if keyword == "enum" else "",
        "suggestion": "",
    }
    if keyword == "enum":
        close = difflib.get_close_matches(str(instance), [str(c) for c in limit], n=1, cutoff=0.5)
        fields["suggestion"] = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
    template = vocabulary.message(keyword, path) or _GENERIC.get(keyword)
    if template is None:
        template = "valeur invalide (règle « " + keyword + " » du schéma) ; lu : {value}"
    if keyword == "type":
        expected = limit if isinstance(limit, list) else [limit]
        fields["limit"] = " ou ".join(_TYPES_FR.get(str(t), str(t)) for t in expected)
    if keyword in _RELATIONS_FR:
        fields["relation"] = _RELATIONS_FR[keyword]
    yield SchemaProblem(template.format(**fields), path)


_GENERIC = {
    "type": "type incorrect — attendu : {limit} ; lu : {value}",
    "enum": "valeur « {raw} » non permise{suggestion} ; valeurs possibles : {choices}",
    "const": "valeur « {raw} » non permise : seule « {limit} » est acceptée",
    "minimum": "valeur hors limites — attendu : {relation} {limit} ; lu : {raw}",
    "exclusiveMinimum": "valeur hors limites — attendu : {relation} {limit} ; lu : {raw}",
    "maximum": "valeur hors limites — attendu : {relation} {limit} ; lu : {raw}",
    "exclusiveMaximum": "valeur hors limites — attendu : {relation} {limit} ; lu : {raw}",
    "minItems": "liste trop courte — attendu : au moins {limit} élément(s) ; trouvé : {count}",
    "maxItems": "liste trop longue — attendu : au plus {limit} élément(s) ; trouvé : {count}",
    "minLength": "texte vide : écrivez-le ou retirez la clé",
    "maxLength": "texte trop long — {limit} caractères au plus ; lu : {count}",
    "pattern": "valeur « {raw} » mal formée : voir le format attendu dans le guide",
    "propertyNames": "nom de clé « {raw} » mal formé",
    "uniqueItems": "la liste contient deux fois le même élément : retirez le doublon",
    "minProperties": "dictionnaire vide : donnez au moins {limit} clé(s)",
    "maxProperties": "trop de clés — {limit} au plus ; lu : {count}",
}


def schema_problems(
    data: Any, schema: Mapping[str, Any], vocabulary: Vocabulary | None = None
) -> list[SchemaProblem]:
    """Every error of ``data`` against ``schema``, in French, in path order.

    Args:
        data: plain data (as read from YAML or JSON).
        schema: a JSON Schema (Draft 2020-12).
        vocabulary: what the file format says better than the generic messages.

    Example:
        >>> schema = {"type": "object", "properties": {"prompt": {"type": "string"}},
        ...           "required": ["prompt"], "additionalProperties": False}
        >>> [p.message for p in schema_problems({"promt": "?"}, schema)]
        ['clé inconnue « promt » (vouliez-vous dire « prompt » ?)']
    """
    words = vocabulary or Vocabulary()
    validator = jsonschema.Draft202012Validator(schema)
    all_keys = frozenset(
        key
        for part in [schema, *schema.get("$defs", {}).values()]
        if isinstance(part, dict)
        for key in part.get("properties", {})
    )
    found: list[SchemaProblem] = []
    seen: set[tuple[str, Path_]] = set()
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        for problem in _translate(error, words, schema, all_keys):
            if (problem.message, problem.path) not in seen:
                seen.add((problem.message, problem.path))
                found.append(problem)
    return found
