"""The core modules of the simulator carry runnable examples (pytest --doctest-modules runs every
example of the package)."""

from __future__ import annotations

import doctest
import importlib


def test_the_core_modules_show_examples() -> None:
    # The modules a newcomer reads first each carry at least one runnable example.
    for name in ("power", "hardware", "workload", "vm", "datacenter", "placement", "contention"):
        module = importlib.import_module(f"hvlab.sim.core.{name}")
        tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS).attempted
        assert tried > 0, f"hvlab.sim.core.{name} has no example"
