"""French number formatting: hvlab/fr.py and its browser twin hvlab/site/js/fr.js.

The shared vectors (tests/fr_vectors.json, expected texts written from CLDR's French rules) run
in Python here and in JavaScript under Node; a sweep of a few thousand numbers then compares both
implementations with ``Intl.NumberFormat("fr-FR")``, an independent implementation of the same
CLDR rules (ICU), asked for the same rounding (half away from zero) and no sign on zero.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

import pytest

from hvlab import fr
from hvlab.site.wheel import third_party_imports, wheel_files
from tests.conftest import ROOT
from tests.nodejs import Call, call_module, decode

JS_MODULE = ROOT / "hvlab" / "site" / "js" / "fr.js"
VECTORS: list[dict[str, Any]] = json.loads(
    (ROOT / "tests" / "fr_vectors.json").read_text(encoding="utf-8")
)["vectors"]


def _vector_id(vector: dict[str, Any]) -> str:
    return f"{vector['call']}{vector['args']}{vector.get('kwargs', '')}"


def _camel(name: str) -> str:
    return re.sub(r"_(\w)", lambda m: m.group(1).upper(), name)


def _js_call(vector: dict[str, Any]) -> Call:
    """The JavaScript call of a vector: keyword arguments become a camelCase options object."""
    args = list(vector["args"])
    kwargs = vector.get("kwargs")
    if kwargs:
        args.append({_camel(k): v for k, v in kwargs.items()})
    return Call(vector["call"], decode(args))


@pytest.mark.parametrize("vector", VECTORS, ids=_vector_id)
def test_python_formats_each_vector(vector: dict[str, Any]) -> None:
    function = getattr(fr, vector["call"])
    args = decode(vector["args"])
    if "raises" in vector:
        expected = {"TypeError": TypeError, "ValueError": ValueError}[vector["raises"]["python"]]
        with pytest.raises(expected):
            function(*args, **vector.get("kwargs", {}))
        return
    assert function(*args, **vector.get("kwargs", {})) == vector["expected"]


def test_javascript_formats_every_vector_like_python() -> None:
    outcomes = call_module(JS_MODULE, [_js_call(v) for v in VECTORS])
    wrong = []
    for vector, outcome in zip(VECTORS, outcomes, strict=True):
        if "raises" in vector:
            if outcome.error_name != vector["raises"]["js"]:
                wrong.append(f"{_vector_id(vector)}: expected {vector['raises']['js']}, {outcome}")
        elif outcome.raised or outcome.value != vector["expected"]:
            wrong.append(f"{_vector_id(vector)}: expected {vector['expected']!r}, got {outcome}")
    assert not wrong, "\n".join(wrong)


def test_python_errors_are_in_french() -> None:
    with pytest.raises(TypeError, match="nombre attendu"):
        fr.number("3")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="decimals doit être un entier de 0 à 20"):
        fr.number(1, 21)


ORACLE = ROOT / "tests" / "fr_intl_oracle.mjs"


def _sweep(seed: int = 20261207, size: int = 1500) -> list[float]:
    """Numbers of every size, with many exact ties (2.5, 0.125…) and values just off them."""
    rng = random.Random(seed)
    values: list[float] = []
    for _ in range(size):
        kind = rng.random()
        if kind < 0.4:
            value = rng.randrange(1, 10**6) / 10 ** rng.randrange(0, 8)
        elif kind < 0.6:
            value = rng.randrange(1, 2000) / 8
        elif kind < 0.9:
            value = rng.uniform(0, 1) * 10 ** rng.randrange(-8, 22)
        else:
            value = float(rng.randrange(0, 10**15))
        values.append(-value if rng.random() < 0.3 else value)
    return values


def _python(kind: str, value: float, digits: int) -> str:
    if kind == "number":
        return fr.number(value, digits)
    if kind == "fixed":
        return fr.number(value, digits, keep_zeros=True)
    if kind == "percent":
        return fr.percent(value, digits)
    if kind == "quantity":
        return fr.quantity(value, "Go", digits)
    return fr.significant(value, digits)


def test_python_and_javascript_agree_with_intl_on_a_sweep() -> None:
    rng = random.Random(7)
    cases = []
    for value in _sweep():
        kind = rng.choice(["number", "fixed", "percent", "quantity", "significant"])
        digits = rng.randrange(1, 7) if kind == "significant" else rng.randrange(0, 5)
        cases.append((kind, value, digits))
    js_calls = [
        Call("significant", [v, d])
        if k == "significant"
        else Call("number", [v, d, {"keepZeros": True}])
        if k == "fixed"
        else Call("quantity", [v, "Go", d])
        if k == "quantity"
        else Call(k, [v, d])
        for k, v, d in cases
    ]
    ours_js = call_module(JS_MODULE, js_calls)
    theirs = call_module(ORACLE, [Call("intl", [k, v, d]) for k, v, d in cases])
    wrong = []
    compared = 0
    for (kind, value, digits), js, reference in zip(cases, ours_js, theirs, strict=True):
        python = _python(kind, value, digits)
        if kind == "significant" and "×" in python:
            continue  # Intl writes 1,5E-7; the written-out range is compared
        compared += 1
        if not python == js.value == reference.value:
            wrong.append(f"{kind}({value!r}, {digits}): py {python!r} js {js} intl {reference}")
    assert compared > 1400
    assert not wrong, f"{len(wrong)} differences:\n" + "\n".join(wrong[:20])


def test_french_module_goes_into_the_browser_wheel_with_no_dependency() -> None:
    package = ROOT / "hvlab"
    assert package / "fr.py" in wheel_files(package)
    assert third_party_imports(package / "fr.py") == []
