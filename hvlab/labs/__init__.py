"""Labs: a lab format (folders of Markdown and real Python files), a check runner, exporters.

* :mod:`hvlab.labs.model` — :class:`Lab`, :class:`Step` (frozen dataclasses);
* :mod:`hvlab.labs.loader` — read and validate ``labs/<id>/lab.yaml`` (every problem, in French);
* :mod:`hvlab.labs.runner` — run a student's code and a step's checks (standard library only:
  it runs in Pyodide in the browser);
* :mod:`hvlab.labs.checks` — :class:`CheckFailed` and helpers for check authors;
* :mod:`hvlab.labs.compile` — the dict a lab page embeds;
* :mod:`hvlab.labs.notebook` — a Jupyter notebook of a lab, and :func:`check_step` for it.

Importing this package needs only the standard library (PyYAML is imported when a lab is loaded).
"""

from __future__ import annotations

__all__ = [
    "CheckFailed",
    "CheckReport",
    "CheckResult",
    "DeclaredCalls",
    "ErrorInfo",
    "Lab",
    "LabLookupError",
    "RunResult",
    "SolutionAfter",
    "Step",
    "call",
    "check_namespace",
    "check_step",
    "declare_calls",
    "expect_close",
    "expect_type",
    "expect_var",
    "find_lab",
    "lab_to_dict",
    "lab_to_notebook",
    "load_lab",
    "load_labs",
    "run_checks",
    "run_code",
    "validate_lab",
]

from hvlab.labs.checks import (
    CheckFailed,
    DeclaredCalls,
    call,
    declare_calls,
    expect_close,
    expect_type,
    expect_var,
)
from hvlab.labs.compile import lab_to_dict
from hvlab.labs.judge import check_namespace, run_checks
from hvlab.labs.loader import find_lab, load_lab, load_labs, validate_lab
from hvlab.labs.model import Lab, LabLookupError, SolutionAfter, Step
from hvlab.labs.notebook import check_step, lab_to_notebook
from hvlab.labs.runner import CheckReport, CheckResult, ErrorInfo, RunResult, run_code
