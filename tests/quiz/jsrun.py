"""Call the quiz's ES modules under Node (through tests/nodejs.py) and get plain values back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tests.conftest import ROOT
from tests.nodejs import Call, call_module

#: The browser's quiz modules.
GRADING = "hvlab/site/js/quiz/grading.js"
PYFORMAT = "hvlab/site/js/quiz/pyformat.js"
SEAL = "hvlab/site/js/quiz/seal.js"
PRACTICE = "hvlab/site/js/quiz/practice.js"


def js_values(module: str, calls: Sequence[tuple[str, Sequence[Any]]]) -> list[Any]:
    """What each ``(function, args)`` call of ``module`` returned; fails on any exception."""
    outcomes = call_module(ROOT / module, [Call(name, list(args)) for name, args in calls])
    raised = [f"{o.error_name}: {o.error_message}" for o in outcomes if o.raised]
    assert not raised, raised[:3]
    return [o.value for o in outcomes]
