r"""Numbers written the French way, for everything a student or an instructor reads.

One module for the whole project (simulator messages, lab checks, quiz feedback, the command line),
standard library only so that it runs unchanged in Pyodide. Its twin for the browser is the ES
module ``hvlab/site/js/fr.js``; both are held equal by shared vectors (``tests/fr_vectors.json``)
that the test suite runs in Python and, under Node, in JavaScript.

The rules are those of the French locale of CLDR (what ``Intl.NumberFormat("fr-FR")`` prints, which
the tests use as an independent reference):

- a comma before the decimals: ``3,5`` ;
- thousands grouped by three with a narrow no-break space (U+202F) from four digits on:
  ``1 234`` ; decimals are not grouped ;
- a narrow no-break space between a number and its unit (``12 Go``), a no-break space (U+00A0)
  before the percent sign (``8 %``), as CLDR has them ;
- rounding to the nearest, halves away from zero, applied to the number as Python or JavaScript
  prints it (``0.125`` → ``0,13``, ``1.005`` → ``1,01``), the way a person rounds by hand;
- no sign on a number that rounds to zero (``-0.001`` → ``0``), ``∞`` and ``NaN`` as CLDR writes
  them.

Example:
    >>> number(12345.678)
    '12\u202f345,68'
    >>> percent(0.145)
    '15\xa0%'
    >>> quantity(2.5, "Gbit/s")
    '2,5\u202fGbit/s'
    >>> count(2, "serveur")
    '2 serveurs'
"""

from __future__ import annotations

__all__ = ["NBSP", "NNBSP", "count", "number", "percent", "quantity", "significant"]

import decimal
import math

#: Narrow no-break space: between groups of thousands, and between a number and its unit.
NNBSP = "\u202f"
#: No-break space: before ``%`` (CLDR's French percent pattern).
NBSP = "\xa0"
#: The most decimals or significant digits accepted (CLDR and ``Intl`` allow up to 100; a course
#: never shows more than a few).
MAX_DIGITS = 20
#: From this power of ten up (or from its inverse down), :func:`significant` writes ``× 10ⁿ``.
_SCIENTIFIC_FROM = 21
_SCIENTIFIC_BELOW = -7
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(value: float, decimals: int = 2, *, keep_zeros: bool = False, group: bool = True) -> str:
    r"""``value`` with a decimal comma, rounded to ``decimals`` places.

    Args:
        value: an ``int`` or a ``float``.
        decimals: how many decimals at most (0 to 20).
        keep_zeros: keep the trailing zeros (``2,50`` rather than ``2,5``), for aligned columns.
        group: group the thousands (``False`` for a year or an identifier).

    Raises:
        TypeError: ``value`` is not a number (a ``bool`` is not one either).
        ValueError: ``decimals`` is out of range.

    Example:
        >>> number(-1234.5, 1)
        '-1\u202f234,5'
        >>> number(2.5, 2, keep_zeros=True)
        '2,50'
    """
    special = _special(value)
    if special is not None:
        return special
    return _fixed(_decimal(value), decimals, keep_zeros=keep_zeros, group=group)


def _fixed(exact: decimal.Decimal, decimals: int, *, keep_zeros: bool, group: bool) -> str:
    _check_digits(decimals, "decimals", low=0)
    step = decimal.Decimal(1).scaleb(-decimals)
    rounded = exact.quantize(step, rounding=decimal.ROUND_HALF_UP, context=_context(exact))
    text = format(abs(rounded), "f")
    whole, _, fraction = text.partition(".")
    if not keep_zeros:
        fraction = fraction.rstrip("0")
    return _assemble(rounded.is_signed() and bool(rounded), whole, fraction, group)


def percent(fraction: float, decimals: int = 0) -> str:
    r"""A fraction as a percentage: ``0.08`` → ``8 %`` (CLDR's percent style).

    The fraction is scaled in decimal, so ``0.145`` reads ``15 %`` as it would by hand.

    Example:
        >>> percent(0.8)
        '80\xa0%'
        >>> percent(0.1234, 1)
        '12,3\xa0%'
    """
    special = _special(fraction)
    if special is None:
        special = _fixed(_decimal(fraction).scaleb(2), decimals, keep_zeros=False, group=True)
    return f"{special}{NBSP}%"


def quantity(value: float, unit: str, decimals: int = 2, *, keep_zeros: bool = False) -> str:
    r"""A number and its unit, joined by a narrow no-break space: ``12,5 Go``.

    ``unit`` may be empty (the number alone) or ``%`` (a value already in percent, joined by a
    no-break space as :func:`percent` does).

    Example:
        >>> quantity(1536, "Mio")
        '1\u202f536\u202fMio'
    """
    text = number(value, decimals, keep_zeros=keep_zeros)
    if not unit:
        return text
    return f"{text}{NBSP if unit == '%' else NNBSP}{unit}"


def significant(value: float, digits: int = 3) -> str:
    r"""``value`` rounded to ``digits`` significant digits, trailing zeros dropped.

    Very large or very small numbers (from 10²¹, below 10⁻⁶) are written ``1,5 × 10⁻⁷``.

    Example:
        >>> significant(0.000123456)
        '0,000123'
        >>> significant(1234567)
        '1\u202f230\u202f000'
        >>> significant(1.5e-7)
        '1,5 × 10⁻⁷'
    """
    special = _special(value)
    if special is not None:
        return special
    _check_digits(digits, "digits", low=1)
    exact = _decimal(value)
    if not exact:
        return "0"
    context = decimal.Context(prec=digits, rounding=decimal.ROUND_HALF_UP)
    rounded = context.plus(exact)
    sign, digit_tuple, exponent = rounded.as_tuple()
    assert isinstance(exponent, int)
    shown = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    exponent += len(digit_tuple) - len(shown)
    magnitude = len(shown) - 1 + exponent
    negative = bool(sign)
    if magnitude >= _SCIENTIFIC_FROM or magnitude < _SCIENTIFIC_BELOW + 1:
        mantissa = shown[0] + ("," + shown[1:] if len(shown) > 1 else "")
        power = str(magnitude).translate(_SUPERSCRIPT)
        return f"{'-' if negative else ''}{mantissa} × 10{power}"
    plain = format(decimal.Decimal((0, tuple(map(int, shown)), exponent)), "f")
    whole, _, fraction = plain.partition(".")
    return _assemble(negative, whole, fraction, True)


def count(amount: float, singular: str, plural: str | None = None) -> str:
    r"""``amount`` followed by the noun, singular below 2 as French wants: ``0 serveur``,
    ``1,5 litre``, ``2 serveurs``.

    Args:
        amount: how many (decimals are kept, up to 2).
        singular: the noun in the singular.
        plural: the plural when it is not ``singular + "s"`` (``"travaux"``).

    Example:
        >>> count(1200, "serveur")
        '1\u202f200 serveurs'
        >>> count(3, "réseau", "réseaux")
        '3 réseaux'
    """
    word = singular if abs(amount) < 2 else (plural if plural is not None else singular + "s")
    return f"{number(amount)} {word}"


def _special(value: object) -> str | None:
    """The text of a non-finite number, None for a finite one; refuses what is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal)):
        raise TypeError(f"nombre attendu, pas {type(value).__name__} ({value!r})")
    if isinstance(value, int):
        return None
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return None


def _decimal(value: float | decimal.Decimal) -> decimal.Decimal:
    """The decimal number as Python prints it (``repr``), not the binary value behind it."""
    if isinstance(value, decimal.Decimal):
        return value
    if isinstance(value, int):
        return decimal.Decimal(value)
    return decimal.Decimal(repr(float(value)))


def _context(value: decimal.Decimal) -> decimal.Context:
    """A context precise enough for every digit of ``value`` and of its decimals."""
    return decimal.Context(prec=max(28, value.adjusted() + MAX_DIGITS + 2))


def _check_digits(amount: object, name: str, *, low: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or not low <= amount <= MAX_DIGITS:
        raise ValueError(f"{name} doit être un entier de {low} à {MAX_DIGITS}, pas {amount!r}")


def _assemble(negative: bool, whole: str, fraction: str, group: bool) -> str:
    if group and len(whole) > 3:
        head = len(whole) % 3 or 3
        whole = NNBSP.join([whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)])
    text = f"{whole},{fraction}" if fraction else whole
    return f"-{text}" if negative else text
