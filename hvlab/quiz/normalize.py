"""Forgiving reading of what a student types: French numbers with units, free text.

Numbers: ``7,5`` and ``7.5`` are the same; spaces, no-break spaces (U+00A0) and narrow no-break
spaces (U+202F) group thousands (``12 345,6``); ``−`` (U+2212) is a minus sign; when both ``,``
and ``.`` appear, the last one is the decimal mark (``1.234,5`` and ``1,234.5`` are 1234.5). A
unit may follow, with or without a space (``16 Go``, ``16Go``, ``7,5 %``).

Text: Unicode NFC, typographic apostrophes read as ``'``, spaces trimmed and collapsed, case
ignored unless asked, accents ignored on request.

The browser's JavaScript applies the same rules (held equal by ``tests/quiz/vectors.json``).
"""

from __future__ import annotations

__all__ = ["NumberReading", "normalize_text", "parse_number", "read_quantity"]

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

_SPACES = " \u00a0\u202f\u2009\t"
_NUMBER = re.compile(
    r"^(?P<sign>[+\-\u2212]?)\s*(?P<body>\d[\d \u00a0\u202f\u2009.,]*)"
    r"(?P<exp>[eE][+\-\u2212]?\d+)?"
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})


@dataclass(frozen=True)
class NumberReading:
    """What :func:`read_quantity` understood of a typed answer.

    Attributes:
        value: the number, converted to the answer's unit (None when unreadable).
        unit: the unit the student typed ("" if none).
        problem: why the answer could not be read, in French ("" when it could).
    """

    value: float | None
    unit: str = ""
    problem: str = ""


def parse_number(text: str) -> float | None:
    """Read a number written the French (or English) way; None if it is not a number.

    Example:
        >>> parse_number("12 345,5")
        12345.5
    """
    match = _NUMBER.match(text.strip())
    if match is None or match.end() != len(text.strip()):
        return None
    return _number_from_match(match)


def _number_from_match(match: re.Match[str]) -> float | None:
    body = match.group("body")
    groups = re.split(f"[{_SPACES}]+", body.strip(_SPACES))
    if len(groups) > 1 and not (
        1 <= len(groups[0]) <= 3
        and groups[0].isdigit()
        and all(re.match(r"\d{3}(?:[.,]|$)", g) for g in groups[1:])
    ):
        return None
    body = "".join(groups)
    if "," in body and "." in body:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        integer, _, fraction = body.rpartition(decimal)
        if thousands in fraction:
            return None
        body = integer.replace(thousands, "") + "." + fraction
    elif body.count(",") == 1:
        body = body.replace(",", ".")
    elif body.count(",") > 1 or body.count(".") > 1:
        return None
    exponent = (match.group("exp") or "").replace("\u2212", "-")
    sign = "-" if match.group("sign") in ("-", "\u2212") else ""
    try:
        value = float(sign + body + exponent)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_quantity(
    text: str, unit: str = "", units: Mapping[str, float] | None = None
) -> NumberReading:
    """Read a number followed by an optional unit, converted to the answer's unit.

    Args:
        text: what the student typed (``"16 Go"``, ``"7,5 %"``, ``"0.5"``).
        unit: the unit of the expected answer (a number without unit is taken in it).
        units: other accepted units with their factor to ``unit`` (``{"Mo": 0.001}`` when
            ``unit`` is ``Go``).

    Returns:
        The value in ``unit``, or None with a French ``problem``.
    """
    factors: dict[str, float] = dict(units or {})
    if unit:
        factors.setdefault(unit, 1.0)
    stripped = text.strip(_SPACES + "\n\r")
    match = _NUMBER.match(stripped)
    if match is None:
        return NumberReading(None, problem=f"« {stripped} » n'est pas un nombre.")
    value = _number_from_match(match)
    if value is None:
        return NumberReading(None, problem=f"« {stripped} » n'est pas un nombre lisible.")
    typed_unit = stripped[match.end() :].strip(_SPACES)
    if not typed_unit:
        return NumberReading(value)
    factor = _unit_factor(typed_unit, factors)
    if factor is None:
        if factors:
            known = ", ".join(f"« {u} »" for u in factors)
            hint = f"unités acceptées : {known}"
        else:
            hint = "donnez le nombre seul"
        return NumberReading(None, typed_unit, f"Unité « {typed_unit} » non reconnue ({hint}).")
    return NumberReading(value * factor, typed_unit)


def _unit_factor(typed: str, factors: Mapping[str, float]) -> float | None:
    squeezed = re.sub(f"[{_SPACES}]+", "", typed)
    for name, factor in factors.items():
        if re.sub(f"[{_SPACES}]+", "", name) == squeezed:
            return float(factor)
    folded = [
        f
        for n, f in factors.items()
        if re.sub(f"[{_SPACES}]+", "", n).casefold() == squeezed.casefold()
    ]
    return float(folded[0]) if len(folded) == 1 else None


def normalize_text(text: str, *, case_sensitive: bool = False, ignore_accents: bool = False) -> str:
    """The form under which two text answers are compared.

    Example:
        >>> normalize_text("  Migration   à CHAUD ")
        'migration à chaud'
    """
    result = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    result = " ".join(result.split())
    if not case_sensitive:
        result = result.casefold()
    if ignore_accents:
        decomposed = unicodedata.normalize("NFD", result)
        result = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        )
    return result
