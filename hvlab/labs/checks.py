"""Tools for lab authors writing checks: a failure type and helpers with French messages.

A checks file is plain Python: functions ``check_<name>(ns)`` that read the namespace the student's
code left and raise ``AssertionError`` (or :class:`CheckFailed`) with a French message saying what
is wrong and what was expected. These helpers make the usual cases short and uniform::

    from hvlab.labs.checks import expect_close, expect_var

    def check_hotes(ns):
        \"\"\"Nombre d'hôtes utilisés\"\"\"
        placement = expect_var(ns, "placement")
        used = len(placement.hosts_used)
        assert used <= 2, f"{used} hôtes utilisés, on en attend au plus 2."

Checks never run where the student's code ran: they see the values it left, as data (see
:mod:`hvlab.labs.transfer`). A check that must call one of the student's functions declares the
calls beforehand with :func:`declare_calls`; the student's side makes them and sends back the
results, which the function seen by the check returns::

    CALLS = declare_calls("vm_max", call(ESXI, 1, 4.0), call(ESXI, 2, 8.0))

    def check_vm_max(ns):
        vm_max = expect_var(ns, "vm_max")
        assert vm_max(ESXI, 1, 4.0) == 60, "…"

This module is standard library only (it runs in Pyodide).
"""

from __future__ import annotations

__all__ = [
    "COMMON_MISTAKES",
    "FRACTION",
    "INVERSE",
    "OPPOSITE",
    "PERCENT",
    "THOUSANDTH",
    "THOUSAND_TIMES",
    "Call",
    "CheckFailed",
    "DeclaredCalls",
    "Mistake",
    "StudentCallError",
    "call",
    "declare_calls",
    "expect_close",
    "expect_number",
    "expect_type",
    "expect_var",
    "expect_xml",
    "missing_variable_message",
]

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hvlab.fr import number as fr_number
from hvlab.fr import significant

T = TypeVar("T")


class CheckFailed(AssertionError):
    """A check is not satisfied; the message (French) says what is wrong and what is expected."""


class StudentCallError(Exception):
    """A function of the student's raised an error when a check called it (French message)."""


@dataclass(frozen=True)
class Call:
    """The arguments of one call a check will make to a student's function.

    Attributes:
        args: positional arguments.
        kwargs: keyword arguments.
    """

    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


def call(*args: Any, **kwargs: Any) -> Call:
    """The call ``f(*args, **kwargs)``, for :func:`declare_calls`."""
    return Call(args=args, kwargs=kwargs)


@dataclass(frozen=True)
class DeclaredCalls:
    """Calls a checks file will make to the student's function ``function``.

    Attributes:
        function: the name of the student's function (a variable of their code).
        calls: the calls, in order.
    """

    function: str
    calls: tuple[Call, ...]


def declare_calls(function: str, *calls: Call | tuple[Any, ...]) -> DeclaredCalls:
    """Declare, at the top of a checks file, the calls its checks will make to ``function``.

    The student's side makes each call once, after their code has run (within its time limit),
    and sends back the result or the error. In a check, the function returns that result; a call
    that was not declared fails with a message for the lab's author.

    Args:
        function: the student's function name (``"vm_max"``).
        *calls: each a :func:`call` or a tuple of positional arguments.

    Returns:
        The declaration: keep it in a module-level variable of the checks file.
    """
    made = tuple(c if isinstance(c, Call) else Call(args=tuple(c)) for c in calls)
    return DeclaredCalls(function=function, calls=made)


def missing_variable_message(name: str) -> str:
    """The French message for a variable the student's code did not define."""
    return (
        f"La variable « {name} » n'existe pas : avez-vous exécuté tout votre code, et gardé ce "
        "nom exactement (majuscules et accents compris) ?"
    )


def expect_var(ns: Mapping[str, Any], name: str) -> Any:
    """Return the student's variable ``name``, failing clearly if it is missing or still ``...``.

    Raises:
        CheckFailed: the variable is missing, or is still the ``...`` placeholder.
    """
    if name not in ns:
        raise CheckFailed(missing_variable_message(name))
    value = ns[name]
    if value is Ellipsis:
        raise CheckFailed(
            f"La variable « {name} » vaut encore « ... » : remplacez les points de suspension "
            "par votre code."
        )
    return value


def expect_type(ns: Mapping[str, Any], name: str, kind: type[T], description: str = "") -> T:
    """Return the variable ``name`` if it is an instance of ``kind``.

    Args:
        ns: the student's namespace.
        name: the variable's name.
        kind: the expected type.
        description: how to name the type in French (defaults to the class name).

    Raises:
        CheckFailed: missing, placeholder, or of another type.
    """
    value = expect_var(ns, name)
    if isinstance(kind, type) and kind is float and isinstance(value, int):
        value = float(value)
    if not isinstance(value, kind):
        expected = description or kind.__name__
        raise CheckFailed(
            f"La variable « {name} » devrait être {_article(expected)}, "
            f"pas {_article(type(value).__name__)} ({_short(value)})."
        )
    return value


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: the number it gives for the expected one, and a French hint.

    Attributes:
        wrong: from the expected value, the value this mistake gives.
        hint: what the student did and how to fix it (French, no final full stop).
    """

    wrong: Callable[[float], float]
    hint: str


#: A percentage where a fraction is expected (24 for 0.24); only for an expected value in [−1, 1].
PERCENT = Mistake(
    lambda e: e * 100 if abs(e) <= 1 else math.nan,
    "c'est un pourcentage ; on attend une fraction entre 0 et 1 (divisez par 100)",
)
#: A fraction where a percentage is expected (0.24 for 24); only for an expected value that can
#: be a percentage above 1 (1 < |e| ≤ 100).
FRACTION = Mistake(
    lambda e: e / 100 if 1 < abs(e) <= 100 else math.nan,
    "c'est une fraction ; on attend un pourcentage (multipliez par 100)",
)
#: The inverse (a division made the other way round).
INVERSE = Mistake(
    lambda e: 1 / e,
    "c'est l'inverse de la valeur attendue : la division est faite dans l'autre sens",
)
#: A thousand times too much (watts for kilowatts, milliseconds for seconds…).
THOUSAND_TIMES = Mistake(
    lambda e: e * 1000,
    "c'est 1\u202f000 fois trop : vérifiez l'unité (des W pour des kW, des ms pour des s ?)",
)
#: A thousand times too little.
THOUSANDTH = Mistake(
    lambda e: e / 1000,
    "c'est 1\u202f000 fois trop peu : vérifiez l'unité (des kW pour des W, des s pour des ms ?)",
)
#: The opposite sign (a subtraction the other way round).
OPPOSITE = Mistake(
    lambda e: -e,
    "le signe est inversé : faites la soustraction dans l'autre sens",
)
#: What :func:`expect_close` recognises by default.
COMMON_MISTAKES: tuple[Mistake, ...] = (
    PERCENT,
    FRACTION,
    INVERSE,
    THOUSAND_TIMES,
    THOUSANDTH,
    OPPOSITE,
)


def expect_close(
    value: object,
    expected: float,
    *,
    what: str,
    rel_tol: float = 1e-6,
    abs_tol: float = 1e-9,
    unit: str = "",
    mistakes: Mapping[float, str] | None = None,
    common: Iterable[Mistake] = COMMON_MISTAKES,
    hint: str = "",
) -> float:
    """Fail unless ``value`` is a number close to ``expected``; say which mistake it looks like.

    Args:
        value: the student's number.
        expected: the right number.
        what: what the number is, in French (« la borne inférieure »).
        rel_tol: relative tolerance.
        abs_tol: absolute tolerance.
        unit: appended to both numbers in the message (« kWh »).
        mistakes: wrong values the author knows, with their hint: ``{MOYENNE: "c'est la moyenne :
            prenez le 95e centile"}`` (checked first).
        common: typical mistakes recognised from the expected value (:data:`COMMON_MISTAKES`:
            ×100, ÷100, 1/x, ×1000, ÷1000, opposite sign); ``()`` for none.
        hint: what to say when the value is none of those mistakes (French, no final full
            stop): « revoyez le surcoût par VM ».

    Returns:
        ``value`` as a float, when it is right.

    Raises:
        CheckFailed: « La part perdue vaut 24, on attend 0,24 : c'est un pourcentage ; on attend
            une fraction entre 0 et 1 (divisez par 100). »

    Example:
        >>> try:
        ...     expect_close(24, 0.24, what="la part perdue")
        ... except CheckFailed as failure:
        ...     print(failure)  # doctest: +ELLIPSIS
        La part perdue vaut 24, on attend 0,24 : c'est un pourcentage ; on attend une fraction...
    """
    if value is Ellipsis:
        raise CheckFailed(
            f"{_capitalise(what)} vaut encore « ... » : remplacez les points de suspension par "
            "votre calcul."
        )
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CheckFailed(f"{_capitalise(what)} devrait être un nombre, pas « {_short(value)} ».")

    def near(a: float, b: float) -> bool:
        return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)

    number = float(value)
    if near(number, expected):
        return number
    suffix = f"\u202f{unit}" if unit else ""
    said = (
        f"{_capitalise(what)} vaut {_shown(number)}{suffix}, on attend {_shown(expected)}{suffix}"
    )
    for wrong, explained in (mistakes or {}).items():
        if near(number, wrong):
            raise CheckFailed(f"{said} : {explained}.")
    for mistake in common:
        try:
            wrong = mistake.wrong(expected)
        except (ArithmeticError, ValueError):
            continue
        if math.isfinite(wrong) and not near(wrong, expected) and near(number, wrong):
            raise CheckFailed(f"{said} : {mistake.hint}.")
    raise CheckFailed(f"{said} : {hint}." if hint else f"{said}.")


def expect_number(ns: Mapping[str, Any], name: str) -> float:
    """Return the student's variable ``name`` as a float, failing clearly if it is not a number.

    Raises:
        CheckFailed: missing, still ``...``, or not a number (a ``bool`` is not one).
    """
    value = expect_var(ns, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CheckFailed(
            f"« {name} » devrait être un nombre, pas {_article(type(value).__name__)} "
            f"({_short(value)})."
        )
    return float(value)


def expect_xml(
    ns: Mapping[str, Any], name: str, *, root: str, source: str, what: str = ""
) -> ET.Element:
    """Return the XML the student pasted into the string ``name``, parsed, with root ``root``.

    For labs where the student pastes a command's output (``virsh dumpxml``) into their code.

    Args:
        ns: the student's namespace.
        name: the string variable that holds the pasted text (``"SORTIE"``).
        root: the tag the document must start with (``"domain"``).
        source: what to paste, in French (« la sortie de « virsh dumpxml web1 » »).
        what: what the document is, in French (« la définition d'une VM »).

    Raises:
        CheckFailed: missing, not a string, empty, not well-formed XML, or another root element.

    Example:
        >>> expect_xml({"S": "<domain><name>web1</name></domain>"}, "S", root="domain",
        ...            source="la sortie").findtext("name")
        'web1'
    """
    text = expect_var(ns, name)
    if not isinstance(text, str):
        raise CheckFailed(f"{name} doit rester une chaîne de caractères.")
    if not text.strip():
        raise CheckFailed(
            f"{name} est vide : collez {source} entre les triples guillemets (elle commence "
            f"par <{root} …>)."
        )
    try:
        element = ET.fromstring(text.strip())
    except ET.ParseError as error:
        raise CheckFailed(
            f"{name} n'est pas un XML lisible ({error}) : collez toute {source}, de <{root} …> "
            f"à </{root}>."
        ) from None
    if element.tag != root:
        expected = f"{what}, <{root}>" if what else f"<{root}>"
        raise CheckFailed(f"Le XML collé commence par <{element.tag}> : on attend {expected}.")
    return element


def _capitalise(text: str) -> str:
    """« la somme » → « La somme »; code (``economie``, ``vm_max(esxi, 1)``) is left as it is."""
    word = re.match(r"[^\W\d]\w*", text)
    if word is None:
        return text[:1].upper() + text[1:]
    code = "_" in word.group() or text[word.end() : word.end() + 1] in ("(", "[", ".")
    return text if code or text.isidentifier() else text[:1].upper() + text[1:]


def _article(name: str) -> str:
    return name if name.startswith(("un ", "une ", "des ", "le ", "la ")) else f"un « {name} »"


def _short(value: Any) -> str:
    text = "..." if value is Ellipsis else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _shown(value: float) -> str:
    """A number as a check's message writes it: French, up to 6 significant digits.

    A whole number is written in full (2 097 152 Kio, not 2 097 150).
    """
    if float(value).is_integer() and abs(value) < 1e15:
        return fr_number(value, 0)
    return significant(value, 6)
