"""The course's example scenarios (``labs/scenarios/*.yaml``), for labs to start from.

The simulator builds a datacentre from any scenario document
(:func:`hvlab.sim.scenario_from_dict`); which documents the course ships and where they live is
the labs' business, so the lookup is here:

* in the browser, the site's wheel carries them as package data ``hvlab/labs/examples/<name>.json``
  (converted from YAML at build time: Pyodide has no PyYAML);
* locally, they are read from ``<labs>/scenarios/<name>.yaml``, the labs folder being
  ``$HVLAB_LABS_DIR`` or ``labs/`` of the working directory or one of its parents.

Standard library only at import time (PyYAML is imported when a YAML file is read).
"""

from __future__ import annotations

__all__ = ["EXAMPLES_PACKAGE_DIR", "example_data", "known_examples", "load_example"]

import copy
import json
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from hvlab.errors import SimulationError
from hvlab.sim.world.scenario import Scenario, scenario_from_dict

#: Folder of the packed examples inside the ``hvlab`` package (what the wheel builder writes).
EXAMPLES_PACKAGE_DIR = "labs/examples"
#: Environment variable naming the labs folder (the same as the lab commands use).
_LABS_DIR_VARIABLE = "HVLAB_LABS_DIR"


def example_data(name: str) -> dict[str, Any]:
    """The document of an example scenario of the course (a fresh copy, free to change).

    Args:
        name: the example's name, e.g. ``"tp-reseau"``.

    Returns:
        The scenario document, to give to :func:`hvlab.sim.scenario_from_dict` (possibly after
        changes).

    Raises:
        SimulationError: unknown example (French message listing the known ones), or a file
            that does not describe a scenario.
    """
    packaged = _packaged() / f"{name}.json"
    if packaged.is_file():
        data: dict[str, Any] = json.loads(packaged.read_text(encoding="utf-8"))
        return data
    for folder in _labs_dirs():
        path = folder / "scenarios" / f"{name}.yaml"
        if path.is_file():
            import yaml

            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(loaded, dict):
                raise SimulationError(
                    f"Exemple « {name} » illisible : {path} ne décrit pas un scénario "
                    "(un dictionnaire YAML est attendu)."
                )
            return copy.deepcopy(loaded)
    known = ", ".join(known_examples()) or "aucun"
    raise SimulationError(
        f"Exemple de scénario inconnu : « {name} » (exemples connus : {known}). Vérifiez le nom, "
        f"ou lancez depuis le dossier du projet (celui qui contient labs/), ou indiquez le "
        f"dossier des TP dans la variable {_LABS_DIR_VARIABLE}."
    )


def load_example(name: str) -> Scenario:
    """Build an example scenario of the course (see :func:`example_data`).

    Args:
        name: the example's name, e.g. ``"tp-stockage"``.

    Returns:
        The scenario.

    Raises:
        SimulationError: unknown example.
        ScenarioError: the example has problems.
    """
    return scenario_from_dict(example_data(name), source=name)


def known_examples() -> list[str]:
    """The names of the examples found (packed or in a labs folder), sorted."""
    names: set[str] = set()
    folder = _packaged()
    if folder.is_dir():
        names.update(e.name[: -len(".json")] for e in folder.iterdir() if e.name.endswith(".json"))
    for labs in _labs_dirs():
        scenarios = labs / "scenarios"
        if scenarios.is_dir():
            names.update(path.stem for path in scenarios.glob("*.yaml"))
    return sorted(names)


def _packaged() -> Traversable:
    """The examples folder of the package data (absent outside the browser's wheel)."""
    return resources.files("hvlab").joinpath(EXAMPLES_PACKAGE_DIR)


def _labs_dirs() -> list[Path]:
    variable = os.environ.get(_LABS_DIR_VARIABLE)
    candidates = [Path(variable)] if variable else []
    here = Path.cwd().resolve()
    candidates += [folder / "labs" for folder in (here, *here.parents)]
    return candidates
