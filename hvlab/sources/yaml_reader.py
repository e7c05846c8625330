"""YAML read into plain data with the line and column of every value, within limits, in French.

PyYAML's ``compose`` gives nodes with their marks; :func:`read_yaml` builds plain Python data from
them (``dict``, ``list``, ``str``, ``int``, ``float``, ``bool``, ``None``; dates become ISO text)
and records, for every path (``("questions", 2, "prompt")``), where its value and its key start.
It never raises: a syntax error, a duplicate key, a text cut by a ``#``, a document too big, too
deep or swollen by aliases each become a :class:`~hvlab.errors.ValidationProblem` in French with
its ``file:line:column``, the line shown with a caret, and a hint for the usual causes.
"""

from __future__ import annotations

__all__ = ["YamlDocument", "read_yaml", "read_yaml_file"]

import datetime
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hvlab import fr
from hvlab.errors import ValidationProblem
from hvlab.sources.excerpt import excerpt
from hvlab.sources.limits import DEFAULT_LIMITS, Limits, read_text
from hvlab.sources.paths import Path_, human_path

_INDENT_HINT = (
    "vérifiez l'indentation : les clés d'un même dictionnaire et les « - » d'une même liste "
    "commencent à la même colonne, avec des espaces"
)
#: PyYAML's problem (its start) → (what is wrong, how to fix it), in French.
_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (
        "mapping values are not allowed here",
        "« : » inattendu",
        "un texte qui contient « : » suivi d'une espace se met entre guillemets "
        '(prompt: "Rôle : …") ; sinon, ' + _INDENT_HINT,
    ),
    (
        "could not find expected ':'",
        "« : » attendu après une clé",
        "une ligne continue-t-elle la précédente sans être indentée sous sa clé ? Indentez-la, ou "
        "écrivez le texte sur une seule ligne entre guillemets",
    ),
    (
        "found character '\\t' that cannot start any token",
        "tabulation interdite en YAML",
        "indentez avec des espaces (réglez l'éditeur pour qu'il insère des espaces)",
    ),
    (
        "found a tab character",
        "tabulation interdite en YAML",
        "indentez avec des espaces (réglez l'éditeur pour qu'il insère des espaces)",
    ),
    (
        "found unexpected end of stream",
        "fin de fichier inattendue",
        "un guillemet ouvert n'est pas refermé (la position indiquée est celle du guillemet)",
    ),
    ("expected <block end>", "élément mal indenté", _INDENT_HINT),
    ("did not find expected key", "clé attendue", _INDENT_HINT),
    (
        "did not find expected '-' indicator",
        "« - » attendu",
        "les éléments d'une liste commencent tous par « - » à la même colonne",
    ),
    (
        "did not find expected node content",
        "valeur attendue",
        "une valeur manque après « - » ou « : », ou un texte commence par un caractère "
        "réservé : mettez-le entre guillemets",
    ),
    (
        "expected ',' or ']'",
        "liste entre crochets mal fermée",
        "séparez les éléments par des virgules et fermez avec « ] » ; un texte qui contient « , » "
        "ou « ] » se met entre guillemets",
    ),
    (
        "expected ',' or '}'",
        "dictionnaire entre accolades mal fermé",
        "séparez les paires par des virgules et fermez avec « } »",
    ),
    (
        "found undefined alias",
        "alias (*nom) non défini",
        "définissez l'ancre « &nom » avant de l'utiliser, ou mettez le texte entre guillemets",
    ),
    (
        "expected a single document in the stream",
        "plusieurs documents YAML dans un fichier",
        "retirez les lignes « --- » en trop",
    ),
    (
        "found unknown escape character",
        "séquence d'échappement inconnue entre guillemets doubles",
        "doublez la barre oblique inverse (\\\\) ou utilisez des guillemets simples",
    ),
    ("found duplicate anchor", "ancre (&nom) définie deux fois", "renommez l'une des deux"),
    (
        "found unhashable key",
        "clé invalide",
        "une liste ou un dictionnaire ne peut pas servir de clé",
    ),
    (
        "found character",
        "caractère réservé en début de texte",
        "un texte qui commence par « % », « @ », « ` », « | », « > », « * », « & » ou « ! » se "
        "met entre guillemets",
    ),
    (
        "while scanning",
        "erreur de syntaxe",
        "vérifiez les guillemets, les deux-points et l'indentation de la ligne",
    ),
)
#: A value followed on its line by « #x »: YAML read « #x » as a comment and cut the text.
_CUT_BY_COMMENT = re.compile(r"^[ \t]+#(?=\S)")


@dataclass
class YamlDocument:
    """Data read from YAML, with positions.

    Attributes:
        data: the document as plain Python data (None when unreadable or empty).
        file: the file name shown in problems.
        text: the YAML text.
        marks: path → (line, column) of the value (1-based).
        key_marks: path → (line, column) of the key naming that path (mappings only).
        problems: every reading problem, in French, in file order.
    """

    data: Any = None
    file: str = ""
    text: str = ""
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[ValidationProblem] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where ``path`` starts (its key's position with ``key=True``), or its nearest parent's."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        probe = path
        while True:
            if probe in self.marks:
                return self.marks[probe]
            if not probe:
                return 0, 0
            probe = probe[:-1]

    def problem(self, message: str, path: Path_ = (), *, key: bool = False) -> ValidationProblem:
        """A problem of this document at ``path`` (its line, column and excerpt filled in)."""
        line, column = self.position(path, key=key)
        return ValidationProblem(
            message,
            self.file,
            human_path(path),
            line,
            column,
            excerpt=excerpt(self.text, line, column) if line else "",
        )


def _translate(error: yaml.YAMLError) -> tuple[str, int, int]:
    """``(French message with its hint, line, column)`` of a PyYAML error (1-based; 0: unknown)."""
    if isinstance(error, yaml.reader.ReaderError):
        return (
            f"YAML invalide : caractère interdit (code {error.character!r}) — retirez-le ; "
            "le fichier contient peut-être des données binaires.",
            0,
            0,
        )
    problem = str(getattr(error, "problem", "") or error).strip()
    mark = getattr(error, "problem_mark", None)
    for english, what, hint in _PROBLEMS:
        if problem.startswith(english) or (english == "while scanning" and not problem):
            if english == "found unexpected end of stream":
                mark = getattr(error, "context_mark", None) or mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            return f"YAML invalide : {what} — {hint}.", line, column
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return (
        "YAML invalide : erreur de syntaxe — vérifiez l'indentation, les deux-points et les "
        "guillemets de la ligne.",
        line,
        column,
    )


class _Stop(Exception):
    """A limit was reached: the data is dropped, the problem already recorded."""


def read_yaml(text: str, *, file: str = "", limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    """Parse ``text`` into data and positions; never raises.

    Args:
        text: the YAML text.
        file: the file name shown in problems.
        limits: bounds on size, depth and the values aliases may add.

    Example:
        >>> document = read_yaml("id: x\\nquestions:\\n  - prompt: Pourquoi ?\\n")
        >>> document.data, document.marks[("questions", 0, "prompt")]
        ({'id': 'x', 'questions': [{'prompt': 'Pourquoi ?'}]}, (3, 13))
        >>> problem = read_yaml("a: b: c\\n", file="quiz.yaml").problems[0]
        >>> str(problem).split(" — ")[0]
        'quiz.yaml:1:5: YAML invalide : « : » inattendu'
        >>> print(problem.excerpt)
            1 | a: b: c
              |     ^
    """
    document = YamlDocument(file=file, text=text)
    size = len(text.encode("utf-8", errors="replace"))
    if size > limits.max_bytes:
        document.problems.append(
            ValidationProblem(
                f"document trop volumineux : {limits.size_text()} au plus ; découpez-le.", file
            )
        )
        return document
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        message, line, column = _translate(error)
        document.problems.append(
            ValidationProblem(message, file, "", line, column, excerpt=excerpt(text, line, column))
        )
        return document
    except RecursionError:
        document.problems.append(
            ValidationProblem(
                f"document trop imbriqué : {limits.max_depth} niveaux de listes et de "
                "dictionnaires au plus.",
                file,
            )
        )
        return document
    if node is None:
        return document
    builder = _Builder(document, limits)
    try:
        document.data = builder.build(node, (), 0, alias=False)
    except _Stop:
        document.data = None
    document.problems.sort(key=lambda p: (p.line, p.column))
    return document


def read_yaml_file(
    path: str | Path, *, file: str = "", limits: Limits = DEFAULT_LIMITS
) -> YamlDocument:
    """Read and parse a YAML file within ``limits``; never raises.

    A file too large is refused before it is read; one that is not UTF-8 gives a problem.
    """
    shown = file or str(path)
    text, problem = read_text(path, limits=limits, file=shown)
    if text is None:
        assert problem is not None
        return YamlDocument(file=shown, problems=[problem])
    return read_yaml(text, file=shown, limits=limits)


class _Builder:
    def __init__(self, document: YamlDocument, limits: Limits) -> None:
        self.document = document
        self.limits = limits
        self.lines = document.text.splitlines()
        self.constructor = yaml.SafeLoader("")
        self.values = 0
        self.alias_values = 0
        self.built: set[int] = set()
        self.open: set[int] = set()

    def problem(self, message: str, path: Path_, node: yaml.Node) -> None:
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        self.document.problems.append(
            ValidationProblem(
                message,
                self.document.file,
                human_path(path),
                line,
                column,
                excerpt=excerpt(self.document.text, line, column),
            )
        )

    def build(self, node: yaml.Node, path: Path_, depth: int, *, alias: bool) -> Any:
        alias = alias or id(node) in self.built
        self.values += 1
        self.alias_values += alias
        if id(node) in self.open:
            self.problem(
                "alias récursif : cette valeur se contient elle-même (*nom à l'intérieur de "
                "&nom) ; recopiez la valeur au lieu de l'alias.",
                path,
                node,
            )
            raise _Stop
        if self.alias_values > self.limits.max_alias_values:
            self.problem(
                "les alias (*nom) répètent trop de valeurs : plus de "
                f"{fr.number(self.limits.max_alias_values)} au total (un alias d'alias "
                "d'alias… multiplie le document) ; recopiez les valeurs au lieu de les répéter.",
                path,
                node,
            )
            raise _Stop
        if self.values > self.limits.max_values:
            self.problem(
                f"document trop volumineux : plus de {fr.number(self.limits.max_values)} "
                "valeurs ; découpez-le.",
                path,
                node,
            )
            raise _Stop
        if depth > self.limits.max_depth:
            self.problem(
                f"document trop imbriqué : {self.limits.max_depth} niveaux de listes et de "
                "dictionnaires au plus.",
                path,
                node,
            )
            raise _Stop
        self.document.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [
                    self.build(item, (*path, i), depth + 1, alias=alias)
                    for i, item in enumerate(node.value)
                ]
            if isinstance(node, yaml.MappingNode):
                return self.build_mapping(node, path, depth, alias=alias)
            return self.scalar(node, path, check_comment=not alias)
        finally:
            self.open.discard(id(node))
            self.built.add(id(node))

    def build_mapping(
        self, node: yaml.MappingNode, path: Path_, depth: int, *, alias: bool
    ) -> dict[str, Any]:
        try:
            self.constructor.flatten_mapping(node)
        except yaml.YAMLError as error:
            message, _, _ = _translate(error)
            self.problem(message, path, node)
        except RecursionError:
            self.problem(
                "fusion (<<) récursive : une clé « << » se fusionne elle-même.", path, node
            )
            raise _Stop from None
        result: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(
                    "clé invalide : une clé est un simple texte, pas une liste ni un dictionnaire.",
                    path,
                    key_node,
                )
                continue
            key_value = self.scalar(key_node, path, check_comment=False)
            key = key_value if isinstance(key_value, str) else _key_text(key_value)
            child = (*path, key)
            if key in result and not alias:
                self.problem(
                    f"clé « {key} » répétée (déjà ligne {first[key]}) : une seule occurrence "
                    "est permise ; supprimez ou renommez l'une des deux.",
                    child,
                    key_node,
                )
            first.setdefault(key, key_node.start_mark.line + 1)
            self.document.key_marks[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.build(value_node, child, depth + 1, alias=alias)
        return result

    def scalar(self, node: yaml.Node, path: Path_, *, check_comment: bool) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            self.problem(
                "valeur illisible : mettez-la entre guillemets si c'est un texte.", path, node
            )
            return None
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, bytes):
            return value.decode("utf-8", errors="replace")
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(
                f"nombre non fini ({value}) : donnez un nombre ordinaire, ou mettez le texte "
                "entre guillemets.",
                path,
                node,
            )
            return None
        if isinstance(value, str) and check_comment and getattr(node, "style", "") is None:
            self.cut_by_comment(node, path)
        if value is not None and not isinstance(value, (str, int, float, bool)):
            return str(value)
        return value

    def cut_by_comment(self, node: yaml.Node, path: Path_) -> None:
        end = node.end_mark
        if end.line >= len(self.lines):
            return
        rest = self.lines[end.line][end.column :]
        match = _CUT_BY_COMMENT.match(rest)
        if match:
            shown = rest.strip()
            shown = shown if len(shown) <= 20 else shown[:19] + "…"
            self.problem(
                f"texte coupé avant « {shown} » : en YAML, « # » après une espace commence un "
                "commentaire ; mettez tout le texte entre guillemets (ou, pour un commentaire, "
                "une espace après « # »).",
                path,
                node,
            )


def _key_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
