"""The public API of hvlab.labs, and what the browser runtime may import (standard library only)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import hvlab.labs
from tests.conftest import ROOT


@pytest.mark.parametrize("name", hvlab.labs.__all__)
def test_labs_exports_every_listed_name(name: str) -> None:
    assert getattr(hvlab.labs, name) is not None


@pytest.mark.parametrize(
    "module", ["hvlab.labs.runner", "hvlab.labs", "hvlab.show", "hvlab.labs.checks"]
)
def test_browser_modules_import_only_the_standard_library(module: str) -> None:
    # In a fresh interpreter: import the module, then list the top-level modules loaded that are
    # neither standard library nor hvlab itself (Pyodide has only the standard library).
    script = (
        "import sys\n"
        "before = set(sys.modules)\n"
        f"import {module}\n"
        "from hvlab import show\n"
        "import hvlab.sim\n"
        "found = sorted({m.split('.')[0] for m in set(sys.modules) - before}"
        " - set(sys.stdlib_module_names)"
        " - {'hvlab'} - set(sys.builtin_module_names))\n"
        "print(' '.join(found))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == []
