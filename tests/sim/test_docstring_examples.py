"""The examples in the docstrings of the simulator core run and print what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

_MODULES = (
    "hardware",
    "workload",
    "traces",
    "physical",
    "hypervisor",
    "vm",
    "datacenter",
    "placement",
    "contention",
    "report",
    "charts",
)


@pytest.mark.parametrize("name", _MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(f"hvlab.sim.{name}")
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0, f"hvlab.sim.{name} has no example"
    assert failures == 0
