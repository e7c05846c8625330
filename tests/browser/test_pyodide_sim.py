"""hvlab runs unchanged in Pyodide: the portable core tests pass there (issue 3's promise).

The site's lab runtime (Pyodide in a Web Worker, hvlab installed from the wheel built with the
site) runs ``tests/sim/test_core_portable.py`` — plain ``test_*()`` functions using only the
standard library and hvlab — and every one of them must pass in the browser.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import open_page
from tests.conftest import ROOT, ServedSite

PORTABLE = ROOT / "tests" / "sim" / "test_core_portable.py"
PYODIDE_TIMEOUT_MS = 120_000

_HARNESS = """
import json, sys, traceback, types
module = types.ModuleType("test_core_portable")
module.__file__ = "test_core_portable.py"
exec(compile({source!r}, "test_core_portable.py", "exec"), module.__dict__)
outcomes = {{}}
for name, value in list(vars(module).items()):
    if name.startswith("test_") and isinstance(value, types.FunctionType):
        try:
            value()
            outcomes[name] = "ok"
        except BaseException:
            outcomes[name] = traceback.format_exc(limit=-4)
json.dumps({{"platform": sys.platform, "outcomes": outcomes}})
"""


def python_in_browser(page: Any, code: str) -> str:
    """Run ``code`` in the site's Pyodide worker; ``str()`` of its last expression."""
    page.set_default_timeout(PYODIDE_TIMEOUT_MS)
    return str(page.evaluate("code => window.hvlabLab.runtime.evaluate(code, 100)", code))


def _test_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
    ]


def test_pyodide_installs_hvlab_from_the_site_wheel(page: Any, served_site: ServedSite) -> None:
    open_page(page, served_site)
    answer = json.loads(
        python_in_browser(
            page,
            "import json, sys, hvlab, hvlab.sim, hvlab.labs.runner\n"
            "json.dumps([sys.platform, sys.version_info[:2], hvlab.__version__, hvlab.__file__])",
        )
    )
    platform, version, hvlab_version, location = answer
    assert platform == "emscripten"
    assert tuple(version) >= (3, 12)
    import hvlab

    assert hvlab_version == hvlab.__version__
    assert "site-packages/hvlab/" in location


def test_pyodide_passes_every_portable_core_test(page: Any, served_site: ServedSite) -> None:
    if not PORTABLE.is_file():
        pytest.fail(f"{PORTABLE.relative_to(ROOT)} is missing (the simulator core must provide it)")
    expected = _test_functions(PORTABLE)
    assert expected, "the portable module defines no test function"
    open_page(page, served_site)
    source = PORTABLE.read_text(encoding="utf-8")
    report = json.loads(python_in_browser(page, _HARNESS.format(source=source)))
    assert report["platform"] == "emscripten"
    outcomes = report["outcomes"]
    assert sorted(outcomes) == sorted(expected)
    failures = {name: text for name, text in outcomes.items() if text != "ok"}
    assert failures == {}
