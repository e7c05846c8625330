"""Values of a student's program as plain data, and back: how checks see them without running them.

A step's checks never run in the process (or browser worker) that ran the student's code: that code
could have replaced the checks' helpers. The student's side turns the values its code left into
JSON-ready data with :func:`encode`; the checker's side rebuilds them with :func:`decode`, which
creates nothing but plain values (``None``, numbers, strings, lists, tuples, dicts, sets, bytes,
XML elements…), instances of known ``hvlab.sim`` classes (their attributes set from data, no
constructor or method run), enum members, and stand-ins: :class:`Opaque` for a value that cannot
cross (a generator, a module…), :class:`StudentObject` for an instance of a class the student
wrote, and :class:`StudentFunction` for a function (see :mod:`hvlab.labs.judge`). Nothing is
unpickled, no name given by the data is imported outside ``hvlab.sim`` and ``hvlab.errors``, and no
code given by the data is run.

Data layout: ``None``, booleans, strings and finite floats are themselves; integers are themselves
when small, else ``{"$": "int", "hex": …}``; every other value is a mapping tagged by ``"$"``.
Containers and objects carry an ``"id"``; a second occurrence of the same object is
``{"$": "ref", "id": …}`` (shared objects stay shared, cycles through lists, dicts and objects are
kept).

This module is standard library only (it runs in Pyodide).

Examples:
    >>> data = encode({"hôtes": [1, 2.5, None], "ok": (True,)})
    >>> decode(data) == {"hôtes": [1, 2.5, None], "ok": (True,)}
    True
    >>> from hvlab.sim import PlacementItem
    >>> decode(encode(PlacementItem("vm1", 2.0, 4.0)))
    PlacementItem(name='vm1', cpu=2.0, ram_gib=4.0)
"""

from __future__ import annotations

__all__ = [
    "ALLOWED_MODULES",
    "Opaque",
    "StudentObject",
    "TransferError",
    "TransferLimits",
    "decode",
    "encode",
    "encode_namespace",
    "opaque_type",
    "student_object_type",
]

import base64
import enum
import importlib
import math
import random
import sys
import types
import xml.etree.ElementTree as ElementTree
from collections import Counter, OrderedDict, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from hvlab.errors import HvlabError

#: Modules whose classes (and functions) data may name: the simulator and hvlab's errors.
ALLOWED_MODULES: tuple[str, ...] = ("hvlab.sim", "hvlab.errors")

_SMALL_INT = 2**53
_NAME_CHARS = 100
_BUILTIN_EXCEPTIONS: dict[str, type[BaseException]] = {
    name: value
    for name, value in vars(__import__("builtins")).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}
_STDLIB_CLASSES: dict[str, type] = {
    "collections:OrderedDict": OrderedDict,
    "collections:defaultdict": defaultdict,
    "collections:Counter": Counter,
}


class TransferError(HvlabError):
    """Values that cannot be turned into data, or data that cannot be turned back (French)."""


@dataclass(frozen=True)
class TransferLimits:
    """Bounds on what crosses: beyond them a value becomes an :class:`Opaque` or fails.

    Attributes:
        max_depth: containers inside containers, at most.
        max_nodes: values (each number, string, container…) in one transfer, at most.
        max_str_chars: characters of one string, at most (longer strings are cut).
    """

    max_depth: int = 100
    max_nodes: int = 2_000_000
    max_str_chars: int = 1_000_000


class Opaque:
    """A value the student's program had that could not cross as data (shown by its type and text).

    Its class is named after the original type (``type(value).__name__ == "generator"``), so a
    check's message « pas un generator » reads as it would have.
    """

    __slots__ = ("text", "type_name")

    def __init__(self, type_name: str, text: str) -> None:
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


class StudentObject:
    """An instance of a class the student wrote: its attributes, without its methods."""

    def __init__(self, type_name: str, attributes: dict[str, Any]) -> None:
        object.__setattr__(self, "_type_name", type_name)
        object.__setattr__(self, "_attributes", attributes)

    def __getattr__(self, name: str) -> Any:
        attributes = object.__getattribute__(self, "_attributes")
        try:
            return attributes[name]
        except KeyError:
            raise AttributeError(
                f"l'objet {object.__getattribute__(self, '_type_name')} n'a pas d'attribut "
                f"« {name} »"
            ) from None

    def __repr__(self) -> str:
        return f"<objet {object.__getattribute__(self, '_type_name')}>"


def _named_type(base: type, name: str, cache: dict[str, type]) -> type:
    name = name if name.isidentifier() and len(name) <= _NAME_CHARS else base.__name__
    found = cache.get(name)
    if found is None:
        found = cache[name] = type(name, (base,), {"__slots__": ()} if base is Opaque else {})
    return found


_OPAQUE_TYPES: dict[str, type] = {}
_OBJECT_TYPES: dict[str, type] = {}


def opaque_type(name: str) -> type:
    """The :class:`Opaque` subclass named ``name`` (one class per name)."""
    return _named_type(Opaque, name, _OPAQUE_TYPES)


def student_object_type(name: str) -> type:
    """The :class:`StudentObject` subclass named ``name`` (one class per name)."""
    return _named_type(StudentObject, name, _OBJECT_TYPES)


# ------------------------------------------------------------------------------------- encode


class _TooBig(Exception):
    pass


class _Encoder:
    def __init__(self, limits: TransferLimits, functions: Callable[[Any], Any] | None) -> None:
        self.limits = limits
        self.functions = functions
        self.memo: dict[int, int] = {}
        self.alive: list[Any] = []
        self.nodes = 0

    def encode(self, value: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise _TooBig
        if value is None or value is True or value is False:
            return value
        if value is Ellipsis:  # a starter's placeholder: checks test « is Ellipsis »
            return {"$": "ellipsis"}
        kind = type(value)
        if kind is str:
            return value[: self.limits.max_str_chars]
        if kind is int:
            return value if -_SMALL_INT <= value <= _SMALL_INT else {"$": "int", "hex": hex(value)}
        if kind is float:
            return value if math.isfinite(value) else {"$": "float", "text": repr(value)}
        if kind is complex:
            return {"$": "complex", "re": self.encode(value.real), "im": self.encode(value.imag)}
        if kind is bytes or kind is bytearray:
            text = base64.b64encode(bytes(value[: self.limits.max_str_chars])).decode("ascii")
            return {"$": kind.__name__, "b64": text}
        if kind is range:
            return {"$": "range", "args": [value.start, value.stop, value.step]}
        if kind is Fraction:
            return {"$": "fraction", "text": str(value)}
        if depth >= self.limits.max_depth:
            return _opaque_node(value, "trop imbriqué pour être vérifié")
        found = self.memo.get(id(value))
        if found is not None:
            return {"$": "ref", "id": found}
        node_id = len(self.memo) + 1
        self.memo[id(value)] = node_id
        self.alive.append(value)
        node = self._container(value, kind, depth + 1)
        node["id"] = node_id
        return node

    def _items(self, values: Any, depth: int) -> list[Any]:
        return [self.encode(v, depth) for v in values]

    def _pairs(self, mapping: Any, depth: int) -> list[list[Any]]:
        return [[self.encode(k, depth), self.encode(v, depth)] for k, v in mapping.items()]

    def _container(self, value: Any, kind: type, depth: int) -> dict[str, Any]:
        if kind is list:
            return {"$": "list", "items": self._items(value, depth)}
        if kind is tuple:
            return {"$": "tuple", "items": self._items(value, depth)}
        if kind is dict:
            return {"$": "dict", "pairs": self._pairs(value, depth)}
        if kind is set or kind is frozenset:
            return {"$": kind.__name__, "items": self._items(value, depth)}
        if kind is deque:
            return {"$": "deque", "items": self._items(value, depth), "maxlen": value.maxlen}
        if kind in (OrderedDict, Counter):
            return {"$": "object", "class": _class_ref(kind), "pairs": self._pairs(value, depth)}
        if kind is defaultdict:
            return {"$": "defaultdict", "pairs": self._pairs(value, depth)}
        if kind is random.Random:
            return {"$": "random", "state": self.encode(value.getstate(), depth)}
        if kind is ElementTree.Element:
            text = ElementTree.tostring(value, encoding="unicode")
            return {"$": "xml", "text": text[: self.limits.max_str_chars]}
        if isinstance(value, enum.Enum) and _allowed_class(kind):
            return {"$": "enum", "class": _class_ref(kind), "name": value.name}
        if isinstance(value, type):
            if _allowed_class(value):
                return {"$": "class", "ref": _class_ref(value)}
            return _opaque_node(value, f"<classe {value.__qualname__}>")
        if isinstance(value, types.ModuleType):
            return _opaque_node(value, f"<module {value.__name__}>")
        if isinstance(value, BaseException):
            return self._exception(value, kind, depth)
        if callable(value) and _is_function(value):
            if self.functions is not None:
                return dict(self.functions(value))
            return _function_ref(value)
        if _allowed_class(kind):
            return self._object(value, kind, depth)
        if _is_plain_instance(value):
            return {
                "$": "student-object",
                "type": kind.__name__,
                "attrs": self._pairs(vars(value), depth),
            }
        return _opaque_node(value)

    def _object(self, value: Any, kind: type, depth: int) -> dict[str, Any]:
        node: dict[str, Any] = {"$": "object", "class": _class_ref(kind)}
        if isinstance(value, dict):
            node["pairs"] = self._pairs(value, depth)
        elif isinstance(value, (list, tuple)):
            node["items"] = self._items(value, depth)
        elif isinstance(value, str):
            node["str"] = str.__str__(value)[: self.limits.max_str_chars]
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            node["number"] = self.encode(int(value) if isinstance(value, int) else float(value))
        state = _state(value)
        if state:
            node["state"] = self._pairs(state, depth)
        return node

    def _exception(self, value: BaseException, kind: type, depth: int) -> dict[str, Any]:
        if _allowed_class(kind) or _BUILTIN_EXCEPTIONS.get(kind.__name__) is kind:
            node: dict[str, Any] = {"$": "exception", "class": _class_ref(kind)}
            node["args"] = self._items(value.args, depth)
            state = _state(value)
            if state:
                node["state"] = self._pairs(state, depth)
            return node
        return _opaque_node(value, f"{kind.__name__}({value})")


def encode(
    value: Any,
    *,
    limits: TransferLimits | None = None,
    functions: Callable[[Any], Any] | None = None,
) -> Any:
    """``value`` as JSON-ready data (see the module docstring).

    Args:
        value: any value.
        limits: bounds (defaults: :class:`TransferLimits`).
        functions: turns a function into its node (the student's side records calls this way);
            by default an hvlab function is named, any other becomes an :class:`Opaque`.

    Returns:
        The data.

    Raises:
        TransferError: ``value`` holds more than ``limits.max_nodes`` values.
    """
    encoder = _Encoder(limits or TransferLimits(), functions)
    try:
        return encoder.encode(value)
    except _TooBig:
        raise TransferError(_too_big(encoder.limits)) from None


def encode_namespace(
    namespace: dict[str, Any],
    *,
    limits: TransferLimits | None = None,
    functions: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """The student's variables as data: ``{"$": "namespace", "vars": [[name, node], ...]}``.

    Modules and private names (``_x``, ``__builtins__``) are left out. A variable too big to cross
    becomes an :class:`Opaque` saying so; the others still cross.
    """
    chosen = {
        name: value
        for name, value in namespace.items()
        if isinstance(name, str)
        and not name.startswith("_")
        and not isinstance(value, types.ModuleType)
    }
    encoder = _Encoder(limits or TransferLimits(), functions)
    result = []
    for name, value in chosen.items():
        known, alive, nodes = len(encoder.memo), len(encoder.alive), encoder.nodes
        try:
            node = encoder.encode(value)
        except (_TooBig, RecursionError):
            for key in list(encoder.memo)[known:]:
                del encoder.memo[key]
            del encoder.alive[alive:]
            encoder.nodes = nodes
            node = _opaque_node(value, f"<{_too_big(encoder.limits)}>")
        result.append([name, node])
    return {"$": "namespace", "vars": result}


def _too_big(limits: TransferLimits) -> str:
    return (
        f"valeur trop volumineuse pour être vérifiée (plus de {limits.max_nodes:_} éléments)"
    ).replace("_", "\u202f")


def _opaque_node(value: Any, text: str | None = None) -> dict[str, Any]:
    if text is None:
        try:
            text = repr(value)
        except Exception:
            text = f"<{type(value).__name__}>"
    return {"$": "opaque", "type": type(value).__name__, "text": text[:200]}


def _class_ref(kind: type) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


def _function_ref(value: Any) -> dict[str, Any]:
    module = getattr(value, "__module__", None) or ""
    qualname = getattr(value, "__qualname__", "") or ""
    bound = getattr(value, "__self__", None)
    if (
        _allowed_module(module)
        and "<" not in qualname
        and not isinstance(value, types.MethodType)
        and (bound is None or isinstance(bound, types.ModuleType))
    ):
        return {"$": "function", "ref": f"{module}:{qualname}"}
    return _opaque_node(value, f"<fonction {qualname or type(value).__name__}>")


def _is_function(value: Any) -> bool:
    return isinstance(
        value,
        (
            types.FunctionType,
            types.BuiltinFunctionType,
            types.MethodType,
            types.BuiltinMethodType,
        ),
    )


def _is_plain_instance(value: Any) -> bool:
    """An instance of a class written in the student's program (``__main__``), with attributes."""
    return type(value).__module__ == "__main__" and isinstance(
        getattr(value, "__dict__", None), dict
    )


def _allowed_module(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in ALLOWED_MODULES)


def _allowed_class(kind: type) -> bool:
    return _allowed_module(getattr(kind, "__module__", "") or "")


def _state(value: Any) -> dict[str, Any]:
    """An object's attributes: its ``__dict__`` and the ``__slots__`` of its classes."""
    state: dict[str, Any] = {}
    for klass in reversed(type(value).__mro__):
        slots = klass.__dict__.get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if slot not in ("__dict__", "__weakref__") and hasattr(value, slot):
                state[slot] = getattr(value, slot)
    state.update(getattr(value, "__dict__", {}))
    return state


# ------------------------------------------------------------------------------------- decode


class _Pending:
    """A tuple or frozenset being rebuilt (it cannot be referenced before it exists)."""


class _Decoder:
    def __init__(
        self, limits: TransferLimits, functions: Callable[[dict[str, Any]], Any] | None
    ) -> None:
        self.limits = limits
        self.functions = functions
        self.memo: dict[int, Any] = {}
        self.nodes = 0

    def decode(self, data: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise TransferError(_too_big(self.limits))
        if data is None or isinstance(data, (bool, str, float)):
            return data
        if isinstance(data, int):
            return data
        if isinstance(data, list):
            raise TransferError("donnée mal formée : une liste sans étiquette.")
        if not isinstance(data, dict):
            raise TransferError(f"donnée mal formée : {type(data).__name__}.")
        if depth > self.limits.max_depth + 2:
            raise TransferError("donnée trop imbriquée.")
        tag = data.get("$")
        if tag == "ref":
            found = self.memo.get(_int(data.get("id")), _MISSING)
            if found is _MISSING or isinstance(found, _Pending):
                raise TransferError("donnée mal formée : référence à un objet inconnu.")
            return found
        node_id = _int(data["id"]) if "id" in data else None
        if node_id is not None and node_id in self.memo:
            raise TransferError("donnée mal formée : identifiant en double.")
        simple = self._simple(tag, data)
        if simple is not _MISSING:
            if node_id is not None:
                self.memo[node_id] = simple
            return simple
        if node_id is None:
            raise TransferError("donnée mal formée : identifiant manquant.")
        return self._container(tag, data, node_id, depth + 1)

    def _simple(self, tag: Any, data: dict[str, Any]) -> Any:
        if tag == "ellipsis":
            return Ellipsis
        if tag == "int":
            return int(_text(data, "hex"), 16)
        if tag == "float":
            text = _text(data, "text")
            if text not in ("nan", "inf", "-inf"):
                raise TransferError(f"donnée mal formée : nombre « {text[:20]} ».")
            return float(text)
        if tag == "complex":
            return complex(_number(data.get("re")), _number(data.get("im")))
        if tag in ("bytes", "bytearray"):
            raw = base64.b64decode(_text(data, "b64"), validate=True)
            return raw if tag == "bytes" else bytearray(raw)
        if tag == "range":
            args = data.get("args")
            if not (isinstance(args, list) and len(args) == 3 and all(_is_int(a) for a in args)):
                raise TransferError("donnée mal formée : range.")
            return range(*args)
        if tag == "fraction":
            return Fraction(_text(data, "text")[:1000])
        if tag == "namespace":
            return {str(k): self.decode(v, 1) for k, v in (_pair(p) for p in _list(data, "vars"))}
        if tag == "opaque":
            return opaque_type(_text(data, "type"))(_text(data, "type"), _text(data, "text"))
        if tag == "class":
            return _resolve(_text(data, "ref"))
        if tag == "enum":
            kind = _resolve(_text(data, "class"))
            if not issubclass(kind, enum.Enum):
                raise TransferError("donnée mal formée : ce n'est pas une énumération.")
            try:
                return kind[_text(data, "name")]
            except KeyError:
                raise TransferError("donnée mal formée : membre d'énumération inconnu.") from None
        if tag == "function":
            if self.functions is not None and "ref" not in data:
                return self.functions(data)
            return _resolve(_text(data, "ref"), function=True)
        return _MISSING

    def _container(self, tag: Any, data: dict[str, Any], node_id: int, depth: int) -> Any:
        if tag == "list":
            items: list[Any] = []
            self.memo[node_id] = items
            items.extend(self.decode(v, depth) for v in _list(data, "items"))
            return items
        if tag in ("tuple", "frozenset"):
            self.memo[node_id] = _Pending()
            values = [self.decode(v, depth) for v in _list(data, "items")]
            built: Any = tuple(values) if tag == "tuple" else frozenset(values)
            self.memo[node_id] = built
            return built
        if tag == "set":
            members: set[Any] = set()
            self.memo[node_id] = members
            members.update(self.decode(v, depth) for v in _list(data, "items"))
            return members
        if tag in ("dict", "defaultdict"):
            mapping: dict[Any, Any] = {} if tag == "dict" else defaultdict(None)
            self.memo[node_id] = mapping
            for key, value in self._pairs(data, "pairs", depth):
                mapping[key] = value
            return mapping
        if tag == "deque":
            maxlen = data.get("maxlen")
            if maxlen is not None and not _is_int(maxlen):
                raise TransferError("donnée mal formée : deque.")
            queue: deque[Any] = deque(maxlen=maxlen)
            self.memo[node_id] = queue
            queue.extend(self.decode(v, depth) for v in _list(data, "items"))
            return queue
        if tag == "xml":
            try:
                element = ElementTree.fromstring(_text(data, "text"))
            except ElementTree.ParseError:
                raise TransferError("donnée mal formée : XML.") from None
            self.memo[node_id] = element
            return element
        if tag == "random":
            generator = random.Random()
            self.memo[node_id] = generator
            state = self.decode(data.get("state"), depth)
            try:
                generator.setstate(state)
            except (TypeError, ValueError):
                raise TransferError("donnée mal formée : état de générateur aléatoire.") from None
            return generator
        if tag == "student-object":
            attributes: dict[str, Any] = {}
            name = _text(data, "type")
            obj = student_object_type(name)(name, attributes)
            self.memo[node_id] = obj
            for key, value in self._pairs(data, "attrs", depth):
                if isinstance(key, str):
                    attributes[key] = value
            return obj
        if tag == "object":
            return self._object(data, node_id, depth)
        if tag == "exception":
            return self._exception(data, node_id, depth)
        raise TransferError(f"donnée mal formée : étiquette « {str(tag)[:30]} » inconnue.")

    def _pairs(self, data: dict[str, Any], key: str, depth: int) -> list[tuple[Any, Any]]:
        pairs = []
        for pair in _list(data, key):
            if not (isinstance(pair, list) and len(pair) == 2):
                raise TransferError("donnée mal formée : paire clé-valeur.")
            pairs.append((self.decode(pair[0], depth), self.decode(pair[1], depth)))
        return pairs

    def _object(self, data: dict[str, Any], node_id: int, depth: int) -> Any:
        ref = _text(data, "class")
        stdlib = _STDLIB_CLASSES.get(ref)
        if stdlib is not None:
            built = stdlib()
            self.memo[node_id] = built
            for key, value in self._pairs(data, "pairs", depth):
                built[key] = value
            return built
        kind = _resolve(ref)
        if issubclass(kind, (enum.Enum, BaseException)):
            raise TransferError("donnée mal formée : objet d'un type non reconstructible.")
        obj: Any
        if issubclass(kind, dict):
            obj = dict.__new__(kind)
            self.memo[node_id] = obj
            for key, value in self._pairs(data, "pairs", depth):
                dict.__setitem__(obj, key, value)
        elif issubclass(kind, list):
            obj = list.__new__(kind)
            self.memo[node_id] = obj
            list.extend(obj, [self.decode(v, depth) for v in _list(data, "items")])
        elif issubclass(kind, tuple):
            self.memo[node_id] = _Pending()
            obj = tuple.__new__(kind, [self.decode(v, depth) for v in _list(data, "items")])
            self.memo[node_id] = obj
        elif issubclass(kind, str):
            obj = str.__new__(kind, _text(data, "str"))
            self.memo[node_id] = obj
        elif issubclass(kind, (int, float)):
            number = self.decode(data.get("number"), depth)
            if not isinstance(number, (int, float)) or isinstance(number, bool):
                raise TransferError("donnée mal formée : nombre.")
            obj = kind.__new__(kind, number)
            self.memo[node_id] = obj
        else:
            try:
                obj = object.__new__(kind)
            except TypeError:
                raise TransferError(
                    f"donnée mal formée : {kind.__qualname__} ne se reconstruit pas."
                ) from None
            self.memo[node_id] = obj
        if "state" in data:
            _set_state(obj, kind, self._pairs(data, "state", depth))
        return obj

    def _exception(self, data: dict[str, Any], node_id: int, depth: int) -> Any:
        ref = _text(data, "class")
        module, _, name = ref.partition(":")
        kind: type
        if module == "builtins" and name in _BUILTIN_EXCEPTIONS:
            kind = _BUILTIN_EXCEPTIONS[name]
        else:
            kind = _resolve(ref)
        if not issubclass(kind, BaseException):
            raise TransferError("donnée mal formée : ce n'est pas une exception.")
        exc = BaseException.__new__(kind)
        self.memo[node_id] = exc
        exc.args = tuple(self.decode(v, depth) for v in _list(data, "args"))
        if "state" in data:
            _set_state(exc, kind, self._pairs(data, "state", depth))
        return exc


_MISSING: Any = object()


def decode(
    data: Any,
    *,
    limits: TransferLimits | None = None,
    functions: Callable[[dict[str, Any]], Any] | None = None,
) -> Any:
    """Rebuild a value from :func:`encode`'s data, creating only allowed kinds of values.

    Args:
        data: the data (as :func:`json.loads` gives it).
        limits: bounds (defaults: :class:`TransferLimits`).
        functions: turns a function node that names no hvlab function (a function of the
            student's) into a value; by default such a node is refused.

    Returns:
        The value.

    Raises:
        TransferError: the data is malformed, names a class outside :data:`ALLOWED_MODULES`, or
            exceeds the limits (French message).
    """
    decoder = _Decoder(limits or TransferLimits(), functions)
    try:
        return decoder.decode(data)
    except RecursionError:
        raise TransferError("donnée trop imbriquée.") from None
    except (TypeError, ValueError, AttributeError, OverflowError) as exc:
        if isinstance(exc, TransferError):
            raise
        raise TransferError(f"donnée mal formée ({type(exc).__name__}).") from None


def _set_state(obj: Any, kind: type, pairs: list[tuple[Any, Any]]) -> None:
    slots = {
        slot
        for klass in kind.__mro__
        for slot in _slot_names(klass)
        if slot not in ("__dict__", "__weakref__")
    }
    has_dict = hasattr(obj, "__dict__")
    for name, value in pairs:
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("__"):
            raise TransferError("donnée mal formée : nom d'attribut.")
        if name in slots:
            descriptor = next(k.__dict__[name] for k in kind.__mro__ if name in k.__dict__)
            descriptor.__set__(obj, value)
        elif has_dict:
            obj.__dict__[name] = value
        else:
            raise TransferError(f"donnée mal formée : attribut « {name} » inattendu.")


def _slot_names(klass: type) -> tuple[str, ...]:
    slots = klass.__dict__.get("__slots__", ())
    return (slots,) if isinstance(slots, str) else tuple(slots)


def _resolve(ref: str, *, function: bool = False) -> Any:
    """The class (or function) named ``module:qualname``, if it is in an allowed module."""
    module, _, qualname = ref.partition(":")
    if not _allowed_module(module) or not qualname:
        raise TransferError(f"donnée refusée : « {ref[:80]} » n'est pas un type de hvlab.sim.")
    parts = qualname.split(".")
    if any(not p.isidentifier() or p.startswith("__") for p in parts):
        raise TransferError(f"donnée refusée : « {ref[:80]} ».")
    try:
        value: Any = sys.modules.get(module) or importlib.import_module(module)
        for part in parts:
            value = getattr(value, part)
    except (ImportError, AttributeError):
        raise TransferError(f"donnée refusée : « {ref[:80]} » est introuvable.") from None
    ok = callable(value) and not isinstance(value, type) if function else isinstance(value, type)
    if not ok or value.__module__ != module or value.__qualname__ != qualname:
        raise TransferError(f"donnée refusée : « {ref[:80]} ».")
    return value


def _int(value: Any) -> int:
    if not _is_int(value):
        raise TransferError("donnée mal formée : identifiant.")
    return int(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TransferError("donnée mal formée : nombre.")
    return float(value)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise TransferError(f"donnée mal formée : « {key} » manquant.")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise TransferError(f"donnée mal formée : « {key} » manquant.")
    return value


def _pair(value: Any) -> tuple[Any, Any]:
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)):
        raise TransferError("donnée mal formée : variable.")
    return value[0], value[1]
