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
    "Call",
    "CheckFailed",
    "DeclaredCalls",
    "StudentCallError",
    "call",
    "declare_calls",
    "expect_close",
    "expect_type",
    "expect_var",
    "missing_variable_message",
]

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

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


def expect_close(
    value: float,
    expected: float,
    *,
    what: str,
    rel_tol: float = 1e-6,
    abs_tol: float = 1e-9,
    unit: str = "",
) -> None:
    """Fail unless ``value`` is close to ``expected``.

    Args:
        value: the student's number.
        expected: the right number.
        what: what the number is, in French (« la borne inférieure »).
        rel_tol: relative tolerance.
        abs_tol: absolute tolerance.
        unit: appended to both numbers in the message (« kWh »).

    Raises:
        CheckFailed: the values differ: « la borne inférieure vaut 3, on attend 4 ».
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CheckFailed(f"{_capitalise(what)} devrait être un nombre, pas « {_short(value)} ».")
    if not math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        suffix = f" {unit}" if unit else ""
        raise CheckFailed(
            f"{_capitalise(what)} vaut {_number(value)}{suffix}, on attend "
            f"{_number(expected)}{suffix}."
        )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(name: str) -> str:
    return name if name.startswith(("un ", "une ", "des ", "le ", "la ")) else f"un « {name} »"


def _short(value: Any) -> str:
    text = "..." if value is Ellipsis else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}".replace(".", ",")
