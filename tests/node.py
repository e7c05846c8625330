"""Run functions of the site's ES modules under Node, without a browser (fast suite).

One Node process per batch: ``call_module(module, [(function, args), …])`` imports the module,
calls each exported function with its JSON arguments, and returns each result (JSON), or
``{"error": message}`` when the call threw. Modules may import npm packages (resolved from the
project's ``node_modules``) and sibling modules.

Example::

    from tests.node import call_module
    [result] = call_module("hvlab/site/js/quiz-grading.js", [("numberFr", [0.125])])
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, require

_RUNNER = r"""
import { pathToFileURL } from "node:url";
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { module, calls } = JSON.parse(Buffer.concat(chunks).toString("utf-8"));
const loaded = await import(pathToFileURL(module).href);
const results = [];
for (const [name, args] of calls) {
  try {
    if (typeof loaded[name] !== "function") throw new Error(`${name} is not exported`);
    let value = loaded[name](...args);
    if (value && typeof value.then === "function") value = await value;
    results.push({ ok: value === undefined ? null : value });
  } catch (error) {
    results.push({ error: String(error && error.stack ? error.stack : error) });
  }
}
process.stdout.write(JSON.stringify(results));
"""


def node_path() -> str:
    """The ``node`` executable (skips the test without it; fails under CI=true)."""
    found = shutil.which("node")
    require(found is not None, "Node.js not found (apt-get install nodejs)")
    assert found is not None
    return found


def call_module(
    module: str | Path, calls: Sequence[tuple[str, Sequence[Any]]], *, timeout_s: float = 60
) -> list[Any]:
    """Call functions of an ES module under Node; each result, or ``{"error": …}``.

    Args:
        module: path of the module, relative to the project root or absolute.
        calls: ``(exported function name, positional arguments)`` pairs, run in order.
        timeout_s: bound on the whole batch.
    """
    path = Path(module)
    if not path.is_absolute():
        path = ROOT / path
    payload = json.dumps({"module": str(path), "calls": [[n, list(a)] for n, a in calls]})
    completed = subprocess.run(
        [node_path(), "--input-type=module", "-e", _RUNNER],
        input=payload,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=timeout_s,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"node failed ({completed.returncode}): {completed.stderr[-2000:]}")
    outcomes = json.loads(completed.stdout)
    return [o["ok"] if "ok" in o else {"error": o["error"]} for o in outcomes]
