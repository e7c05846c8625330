"""The Node harness of tests/nodejs.py: calls, thrown errors and the numbers JSON cannot carry."""

from __future__ import annotations

import math
from pathlib import Path

from tests.nodejs import Call, call_module, decode, encode

_MODULE = """
export const add = (a, b) => a + b;
export async function later(value) { return value; }
export function fail(message) { throw new RangeError(message); }
export const identity = (value) => value;
export function sign(value) { return Object.is(value, -0) ? "negative zero" : Math.sign(value); }
"""


def test_calls_return_values_and_errors_in_order(tmp_path: Path) -> None:
    module = tmp_path / "sample.js"
    module.write_text(_MODULE, encoding="utf-8")
    outcomes = call_module(
        module,
        [
            Call("add", [2, 3]),
            Call("later", [{"a": [1, "é"]}]),
            Call("fail", ["trop grand"]),
            Call("missing"),
            Call("identity", [None]),
        ],
    )
    assert [o.value for o in outcomes[:2]] == [5, {"a": [1, "é"]}]
    assert (outcomes[2].error_name, outcomes[2].error_message) == ("RangeError", "trop grand")
    assert outcomes[3].raised and "missing" in outcomes[3].error_message
    assert not outcomes[4].raised and outcomes[4].value is None


def test_non_json_numbers_travel_both_ways(tmp_path: Path) -> None:
    module = tmp_path / "sample.mjs"
    module.write_text(_MODULE, encoding="utf-8")
    values = [math.inf, -math.inf, -0.0]
    outcomes = call_module(module, [Call("identity", [v]) for v in values])
    assert [o.value for o in outcomes] == values
    assert math.copysign(1, outcomes[2].value) < 0
    nan = call_module(module, [Call("identity", [math.nan]), Call("sign", [-0.0])])
    assert math.isnan(nan[0].value)
    assert nan[1].value == "negative zero"


def test_encode_and_decode_are_inverse() -> None:
    data = {"x": [1.5, math.inf, {"y": -0.0}], "s": "NaN"}
    assert encode(data) == {
        "x": [1.5, {"$number": "Infinity"}, {"y": {"$number": "-0"}}],
        "s": "NaN",
    }
    assert decode(encode(data)) == data
