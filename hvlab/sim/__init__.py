"""The hvlab simulator: a virtualised datacentre, in pure standard-library Python.

It runs unchanged in CPython ≥ 3.11 and in Pyodide. Every random choice takes a seed.
"""

from __future__ import annotations

__all__ = [
    "HP_ML110_G4",
    "HP_ML110_G5",
    "LinearPowerModel",
    "MermaidDiagram",
    "PowerModel",
    "SpecPowerModel",
    "Table",
    "VegaLiteChart",
    "energy_kwh",
]

from hvlab.sim.display import MermaidDiagram, Table, VegaLiteChart
from hvlab.sim.power import (
    HP_ML110_G4,
    HP_ML110_G5,
    LinearPowerModel,
    PowerModel,
    SpecPowerModel,
    energy_kwh,
)
