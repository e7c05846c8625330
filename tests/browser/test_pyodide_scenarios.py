"""Every example scenario (``labs/scenarios/*.yaml``) loads in Pyodide from its dict (issue 5).

The YAML is read here with PyYAML and handed to the browser as JSON (Pyodide has no PyYAML);
``hvlab.sim.world.scenario.scenario_from_dict`` must build the same datacentre there as here: the
scenario's report is compared with CPython's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.conftest import open_page
from tests.browser.test_pyodide_sim import python_in_browser
from tests.conftest import ROOT, ServedSite

SCENARIOS = sorted((ROOT / "labs" / "scenarios").glob("*.yaml"))

_PROBE = """
import json
from hvlab.sim.world.scenario import scenario_from_dict
results = {{}}
for name, document in json.loads({documents!r}).items():
    scenario = scenario_from_dict(document, source=name)
    results[name] = {{
        "hosts": sorted(scenario.hosts),
        "vms": sorted(scenario.vms),
        "report": scenario.report().to_dict(),
    }}
json.dumps(results, sort_keys=True, default=str)
"""


def local_results(paths: list[Path]) -> dict[str, Any]:
    from hvlab.sim.world.scenario import scenario_from_dict

    results = {}
    for path in paths:
        scenario = scenario_from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
        results[path.name] = {
            "hosts": sorted(scenario.hosts),
            "vms": sorted(scenario.vms),
            "report": scenario.report().to_dict(),
        }
    return json.loads(json.dumps(results, sort_keys=True, default=str))


def test_example_scenarios_exist() -> None:
    assert SCENARIOS, "labs/scenarios/ holds no example scenario"


def test_every_example_scenario_loads_in_pyodide_as_in_cpython(
    page: Any, served_site: ServedSite
) -> None:
    if not SCENARIOS:
        pytest.fail("labs/scenarios/ holds no example scenario")
    documents = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in SCENARIOS}
    open_page(page, served_site)
    in_browser = json.loads(python_in_browser(page, _PROBE.format(documents=json.dumps(documents))))
    assert sorted(in_browser) == [p.name for p in SCENARIOS]
    for name, result in in_browser.items():
        assert result["hosts"], f"{name}: no host built in Pyodide"
    assert in_browser == local_results(SCENARIOS)
