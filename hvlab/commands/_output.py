"""Output helpers shared by the sub-commands: JSON and readable French tables."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from hvlab import fr


def print_json(data: Any, stream: TextIO | None = None) -> None:
    """Print ``data`` as indented UTF-8 JSON (accents kept as they are)."""
    out = stream or sys.stdout
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def format_number(value: float, decimals: int = 2) -> str:
    """A number the French way with exactly ``decimals`` decimals (aligned columns).

    See :mod:`hvlab.fr` for the rules.

    Example:
        >>> format_number(12345.678)
        '12\u202f345,68'
    """
    return fr.number(value, decimals, keep_zeros=True)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Lay out ``rows`` under ``headers`` in aligned columns (numbers right-aligned)."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [
        all(isinstance(row[i], (int, float)) for row in rows) if rows else False
        for i in range(len(headers))
    ]
    lines = []
    for index, row in enumerate(cells):
        parts = [
            cell.rjust(widths[i]) if numeric[i] and index else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return format_number(value)
    return str(value)
