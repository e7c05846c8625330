"""What the simulator shows: tables, Vega-Lite charts and Mermaid diagrams (plain data underneath).

* :mod:`~hvlab.sim.display.values` — :class:`Table`, :class:`VegaLiteChart`,
  :class:`MermaidDiagram`, the values :func:`hvlab.show` knows how to draw;
* :mod:`~hvlab.sim.display.charts` — chart builders that take plain numbers.

This subpackage imports nothing else from the simulator: every other part may use it.
"""

from __future__ import annotations

__all__ = ["MermaidDiagram", "Table", "VegaLiteChart", "fr_number"]

from hvlab.sim.display.values import MermaidDiagram, Table, VegaLiteChart, fr_number
