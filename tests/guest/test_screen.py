"""The page's console (screen.js, run under Node) and hvlab.guest.clean show the same text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hvlab.guest import clean
from tests.conftest import ROOT
from tests.nodejs import Call, call_module

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).with_name("screen_vectors.json")).read_text(encoding="utf-8")
)["vectors"]
SCREEN = ROOT / "hvlab" / "site" / "js" / "guest" / "screen.js"


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_clean_shows_what_a_terminal_shows(vector: dict[str, Any]) -> None:
    assert clean("".join(vector["chunks"])) == vector["text"]


def test_page_console_shows_what_a_terminal_shows(tmp_path: Path) -> None:
    module = tmp_path / "screen_harness.mjs"
    module.write_text(
        f"import {{ Screen }} from {json.dumps(SCREEN.as_uri())};\n"
        "export function show(chunks) {\n"
        "  const screen = new Screen();\n"
        "  for (const chunk of chunks) screen.write(chunk);\n"
        "  return screen.text();\n"
        "}\n"
        "export function bounded(lines, maxChars) {\n"
        "  const screen = new Screen(maxChars);\n"
        "  for (let i = 0; i < lines; i++) screen.write(`ligne ${i}\\r\\n`);\n"
        "  return screen.text();\n"
        "}\n",
        encoding="utf-8",
    )
    outcomes = call_module(
        module, [Call("show", [v["chunks"]]) for v in VECTORS] + [Call("bounded", [1000, 100])]
    )
    for vector, outcome in zip(VECTORS, outcomes, strict=False):
        assert not outcome.raised, outcome.error_message
        assert outcome.value == vector["text"], vector["name"]
    kept = outcomes[-1].value
    assert kept.endswith("ligne 999\n") and len(kept) <= 100 + len("ligne 999\n")
    assert not kept.startswith("ligne 0\n")
