"""YAML reading that keeps the line and column of every value (for French error messages).

PyYAML's ``compose`` gives nodes with marks; :func:`read_yaml` constructs plain Python data from
them while recording, for every path (``("questions", 2, "prompt")``), where its value and its key
start. It never raises: a YAML error becomes a problem with the error's position.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_MAX_NODES = 200_000
_MAX_DEPTH = 60

_YAML_FR = {
    "mapping values are not allowed here": (
        "« : » inattendu (mettez entre guillemets un texte qui contient « : »)"
    ),
    "could not find expected ':'": "« : » attendu après une clé",
    "found character '\\t' that cannot start any token": (
        "tabulation interdite en YAML : indentez avec des espaces"
    ),
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "expected <block end>, but found '<block sequence start>'": (
        "élément de liste « - » mal indenté"
    ),
    "did not find expected key": "clé attendue (indentation incorrecte ?)",
    "did not find expected '-' indicator": "« - » attendu (indentation incorrecte ?)",
    "found undefined alias": "alias (*nom) non défini",
    "expected a single document in the stream": (
        "un seul document YAML est attendu (retirez les lignes « --- » en trop)"
    ),
    "found unknown escape character": "séquence d'échappement inconnue entre guillemets",
    "found duplicate anchor": "ancre (&nom) définie deux fois",
    "found unhashable key": "clé non valide (une liste ou un dictionnaire ne peut servir de clé)",
}


@dataclass
class YamlDocument:
    """Data read from YAML, with positions.

    Attributes:
        data: the document as plain Python data (None when unreadable or empty).
        marks: path → (line, column) of the value (1-based).
        key_marks: path → (line, column) of the key naming that path (mappings only).
        problems: (message in French, line, column) of every reading problem.
    """

    data: Any = None
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[tuple[str, Path_, int, int]] = field(default_factory=list)


def _translate(problem: str | None) -> str:
    text = (problem or "erreur de syntaxe").strip()
    for english, french in _YAML_FR.items():
        if text.startswith(english):
            return french
    return f"erreur de syntaxe ({text})"


def read_yaml(text: str) -> YamlDocument:
    """Parse ``text`` into data and positions; never raises."""
    document = YamlDocument()
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        document.problems.append((f"YAML invalide : {_translate(error.problem)}", (), line, column))
        return document
    except yaml.YAMLError as error:
        document.problems.append((f"YAML invalide : {_translate(str(error))}", (), 0, 0))
        return document
    except (RecursionError, MemoryError):
        document.problems.append(("YAML invalide : imbrication trop profonde", (), 0, 0))
        return document
    if node is None:
        return document
    builder = _Builder(document)
    try:
        document.data = builder.build(node, (), 0)
    except _TooBig:
        document.data = None
    return document


class _TooBig(Exception):
    pass


class _Builder:
    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.constructor = yaml.SafeLoader("")
        self.count = 0

    def problem(self, message: str, path: Path_, node: yaml.Node) -> None:
        mark = node.start_mark
        self.document.problems.append((message, path, mark.line + 1, mark.column + 1))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > _MAX_NODES or depth > _MAX_DEPTH:
            self.problem("document trop volumineux ou trop imbriqué (alias récursif ?)", path, node)
            raise _TooBig
        self.document.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path, depth)
        return self.scalar(node, path)

    def build_mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        try:
            self.constructor.flatten_mapping(node)
        except yaml.YAMLError as error:
            self.problem(f"YAML invalide : {_translate(getattr(error, 'problem', ''))}", path, node)
        except RecursionError:
            self.problem("YAML invalide : fusion (<<) récursive", path, node)
            raise _TooBig from None
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem("clé invalide : une clé doit être un simple texte", path, key_node)
                continue
            key_value = self.scalar(key_node, path)
            key = key_value if isinstance(key_value, str) else _key_text(key_value)
            child = (*path, key)
            if key in result:
                self.problem(
                    f"clé « {key} » répétée : une seule occurrence est permise", child, key_node
                )
            self.document.key_marks[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def scalar(self, node: yaml.Node, path: Path_) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            self.problem(
                f"valeur illisible ({getattr(error, 'problem', None) or error})", path, node
            )
            return None
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, bytes):
            return value.decode("utf-8", errors="replace")
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(f"nombre non fini ({value}) : donnez un nombre ordinaire", path, node)
            return None
        if value is not None and not isinstance(value, (str, int, float, bool)):
            return str(value)
        return value


def _key_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
