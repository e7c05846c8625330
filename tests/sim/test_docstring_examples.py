"""The examples in the docstrings of every simulator module run and print what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import hvlab.sim

_MODULES = sorted(
    info.name for info in pkgutil.walk_packages(hvlab.sim.__path__, prefix="hvlab.sim.")
)


@pytest.mark.parametrize("name", _MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_the_core_modules_show_examples() -> None:
    # The modules a newcomer reads first each carry at least one runnable example.
    for name in ("power", "hardware", "workload", "vm", "datacenter", "placement", "contention"):
        module = importlib.import_module(f"hvlab.sim.core.{name}")
        tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS).attempted
        assert tried > 0, f"hvlab.sim.core.{name} has no example"
