"""Rich values the simulator hands to :func:`hvlab.show`: diagrams, charts and tables.

They are plain standard types underneath (``str``, ``dict``, lists), so they print, serialise to
JSON and compare like them; their class only tells a front end how to draw them:

* :class:`MermaidDiagram` — Mermaid text (``to_mermaid()`` returns one);
* :class:`VegaLiteChart` — a Vega-Lite specification (a ``dict``);
* :class:`Table` — column names and rows.
"""

from __future__ import annotations

__all__ = ["MermaidDiagram", "Table", "VegaLiteChart", "fr_number"]

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


class MermaidDiagram(str):
    """Mermaid source text, e.g. ``flowchart LR`` followed by nodes and edges."""

    __slots__ = ()


class VegaLiteChart(dict[str, Any]):
    """A Vega-Lite specification; ``$schema`` is set to Vega-Lite v5 when missing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setdefault("$schema", VEGA_LITE_SCHEMA)


@dataclass(frozen=True)
class Table:
    """A table: column names and rows of plain values (str, int, float, bool, None).

    Attributes:
        columns: the column names (French, shown to students).
        rows: one sequence of values per row, in column order.
        title: an optional caption.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...] = field(default_factory=tuple)
    title: str = ""

    @classmethod
    def from_records(cls, records: Sequence[dict[str, Any]], title: str = "") -> Table:
        """Build a table from dicts sharing the same keys (the first one's order is kept)."""
        columns = tuple(records[0]) if records else ()
        rows = tuple(tuple(record.get(c) for c in columns) for record in records)
        return cls(columns=columns, rows=rows, title=title)

    def to_dict(self) -> dict[str, Any]:
        """``{"title", "columns", "rows"}``, ready for JSON."""
        return {
            "title": self.title,
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
        }


def fr_number(value: float, decimals: int = 2) -> str:
    """A number written the French way for messages: ``1234.5`` → ``"1 234,5"``.

    Trailing zeros are dropped, a narrow no-break space separates thousands.

    Example:
        >>> fr_number(136.24, 1)
        '136,2'
    """
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return str(value)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")
