"""Run the exported functions of an ES module under Node, from pytest, without a browser.

Shared vectors hold a Python module and its JavaScript twin equal: the test calls the Python side
itself and hands the same calls to :func:`call_module`, which runs them all in one Node process
(about 50 ms) and returns what each returned or raised::

    results = call_module(ROOT / "hvlab/site/js/fr.js", [Call("number", [2.5, 0])])
    assert results[0].value == "3"

JSON cannot carry every number: ``NaN``, ``±Infinity`` and ``-0`` travel as
``{"$number": "NaN"}``… both ways, so vectors can pin them too.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import require

__all__ = ["Call", "Outcome", "call_module", "decode", "encode", "require_node"]

#: Reads the calls on stdin, imports the module by URL, prints one JSON array of outcomes.
_RUNNER = Path(__file__).with_name("node_runner.mjs")


@dataclass(frozen=True)
class Call:
    """One call of an exported function: ``name(*args)``."""

    name: str
    args: Sequence[Any] = ()


@dataclass(frozen=True)
class Outcome:
    """What a call gave: its value, or the error it threw (``error_name`` set)."""

    value: Any = None
    error_name: str = ""
    error_message: str = ""

    @property
    def raised(self) -> bool:
        return bool(self.error_name)


def encode(value: Any) -> Any:
    """``value`` with the numbers JSON cannot hold (NaN, ±inf, -0.0) as ``{"$number": …}``."""
    if isinstance(value, float):
        if math.isnan(value):
            return {"$number": "NaN"}
        if math.isinf(value):
            return {"$number": "Infinity" if value > 0 else "-Infinity"}
        if value == 0 and math.copysign(1, value) < 0:
            return {"$number": "-0"}
        return value
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"$number"}:
            return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}[
                value["$number"]
            ]
        return {k: decode(v) for k, v in value.items()}
    return value


def node_path() -> str | None:
    """The ``node`` executable, or None."""
    return shutil.which("node")


def require_node() -> str:
    """The ``node`` executable; skips the test without it (fails under CI=true)."""
    found = node_path()
    require(found is not None, "Node.js is missing (apt-get install nodejs)")
    assert found is not None
    return found


def call_module(module: Path, calls: Sequence[Call], *, timeout_s: float = 60) -> list[Outcome]:
    """Run ``calls`` against the ES module ``module`` in one Node process.

    Args:
        module: path of an ES module (``.mjs``, or ``.js``: Node detects the module syntax).
        calls: the calls, in order; an async function is awaited.
        timeout_s: a bound on the whole run.

    Returns:
        One :class:`Outcome` per call, in order.
    """
    node = require_node()
    payload = json.dumps([{"name": c.name, "args": encode(list(c.args))} for c in calls])
    result = subprocess.run(
        [
            node,
            # package.json declares no "type": Node reparses hvlab's .js modules as ES modules
            # and would warn about it on every run.
            "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON",
            str(_RUNNER),
            module.resolve().as_uri(),
        ],
        input=payload,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout_s,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"node failed on {module}:\n{result.stderr}")
    outcomes = []
    for raw in json.loads(result.stdout):
        if "error" in raw:
            outcomes.append(
                Outcome(error_name=raw["error"]["name"], error_message=raw["error"]["message"])
            )
        else:
            outcomes.append(Outcome(value=decode(raw["value"])))
    return outcomes
