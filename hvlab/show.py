"""``show(obj)``: one way to display rich results — in the browser lab, in Jupyter, in a terminal.

:func:`show` turns a value into a *payload*, a plain JSON-ready dict::

    {"type": "vega-lite" | "mermaid" | "table" | "text", "data": ..., "title": str | None}

``data`` is the Vega-Lite specification (a dict), the Mermaid text, ``{"columns": [...],
"rows": [[...], ...]}`` or the text. What happens next depends on where the code runs:

1. a display hook is set (:func:`set_display_hook`; the browser's worker and the lab runner set
   one): the hook receives the payload — this is the contract with the lab page;
2. in a Jupyter kernel: a rich MIME bundle (``application/vnd.vegalite.v5+json``, Markdown with a
   ``mermaid`` fence, an HTML table) is displayed;
3. otherwise (terminal): French text is printed — an aligned table, the Mermaid source, or a short
   summary of a chart (its specification is written to a JSON file only when ``save_to`` is given).

Which view of an object is chosen, in order: a Vega-Lite chart (``VegaLiteChart`` or any dict whose
``$schema`` names Vega-Lite), a ``MermaidDiagram``, a ``Table``; then objects with ``to_table()``,
``to_vega_lite()``, ``to_chart()``, ``to_mermaid()`` (in that order); else ``str(obj)``.
``kind=`` forces one.

This module is standard library only (it runs in Pyodide); IPython is used only when already
imported by a running Jupyter kernel.

Examples:
    >>> from hvlab.sim.display import Table
    >>> to_payload(Table(columns=("hôte", "VM"), rows=(("h1", 3),)))["data"]
    {'columns': ['hôte', 'VM'], 'rows': [['h1', 3]]}
"""

from __future__ import annotations

__all__ = [
    "DisplayHook",
    "capture_displays",
    "get_display_hook",
    "jupyter_bundle",
    "render_text",
    "set_display_hook",
    "show",
    "to_payload",
]

import html
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: A function receiving each display payload (see the module docstring).
DisplayHook = Callable[[dict[str, Any]], None]

_KINDS = ("vega-lite", "mermaid", "table", "text")
_KIND_ALIASES = {
    "chart": "vega-lite",
    "graphique": "vega-lite",
    "vega-lite": "vega-lite",
    "diagram": "mermaid",
    "diagramme": "mermaid",
    "mermaid": "mermaid",
    "table": "table",
    "tableau": "table",
    "text": "text",
    "texte": "text",
}

_hook: DisplayHook | None = None


def set_display_hook(hook: DisplayHook | None) -> DisplayHook | None:
    """Send every later :func:`show` payload to ``hook`` (``None`` restores the default output).

    Args:
        hook: a function taking the payload dict, or ``None``.

    Returns:
        The hook that was set before (so that callers can restore it).
    """
    global _hook
    previous, _hook = _hook, hook
    return previous


def get_display_hook() -> DisplayHook | None:
    """The display hook currently set, or ``None``."""
    return _hook


@contextmanager
def capture_displays() -> Iterator[list[dict[str, Any]]]:
    """Collect the payloads of every :func:`show` inside the ``with`` block into a list.

    The previous hook is restored on exit, even on error.

    Examples:
        >>> with capture_displays() as payloads:
        ...     show("bonjour")
        >>> payloads[0]["type"], payloads[0]["data"]
        ('text', 'bonjour')
    """
    payloads: list[dict[str, Any]] = []
    previous = set_display_hook(payloads.append)
    try:
        yield payloads
    finally:
        set_display_hook(previous)


def show(
    obj: object,
    *,
    title: str | None = None,
    kind: str | None = None,
    save_to: str | Path | None = None,
) -> None:
    """Display ``obj`` the richest way the environment allows.

    Args:
        obj: a chart, a diagram, a table, an object with ``to_table()`` / ``to_vega_lite()`` /
            ``to_mermaid()``, or anything printable.
        title: a caption shown above the value.
        kind: force the view: ``"chart"`` (``"vega-lite"``), ``"diagram"`` (``"mermaid"``),
            ``"table"`` or ``"text"`` (French names ``graphique``, ``diagramme``, ``tableau``,
            ``texte`` work too).
        save_to: in addition, write a chart's specification as JSON (or a diagram's Mermaid text,
            a table as CSV-like text) to this file.

    Raises:
        ValueError: unknown ``kind``, or ``obj`` has no such view (French message).
    """
    payload = to_payload(obj, title=title, kind=kind)
    if save_to is not None:
        _save(payload, Path(save_to))
    if _hook is not None:
        _hook(payload)
        return
    shell = _jupyter_shell()
    if shell is not None:
        _display_in_jupyter(payload)
        return
    print(render_text(payload, saved_to=save_to))


def to_payload(obj: object, *, title: str | None = None, kind: str | None = None) -> dict[str, Any]:
    """Turn ``obj`` into a display payload (a JSON-ready dict, see the module docstring).

    Args:
        obj: the value to display.
        title: the caption; defaults to the table's own title, or a chart's ``title``.
        kind: force a view (see :func:`show`).

    Returns:
        ``{"type", "data", "title"}``.

    Raises:
        ValueError: unknown ``kind``, or ``obj`` cannot be shown that way.
    """
    wanted = _normalise_kind(kind)
    kind_found, data, own_title = _convert(obj, wanted)
    if title is not None and kind_found == "vega-lite" and isinstance(data, dict):
        # A chart draws its own title: the one given replaces the specification's.
        data = {**data, "title": title}
    return {"type": kind_found, "data": data, "title": title if title is not None else own_title}


def render_text(payload: Mapping[str, Any], *, saved_to: str | Path | None = None) -> str:
    """French text rendering of a payload, as printed in a terminal.

    Args:
        payload: a payload made by :func:`to_payload`.
        saved_to: where the chart's specification was saved, mentioned in the summary.

    Returns:
        The text (no trailing newline).
    """
    kind = payload.get("type")
    data = payload.get("data")
    title = payload.get("title")
    head = f"{title}\n" if title else ""
    if kind == "table" and isinstance(data, Mapping):
        return head + _text_table(list(data.get("columns", [])), list(data.get("rows", [])))
    if kind == "mermaid":
        return head + "Diagramme Mermaid :\n" + str(data)
    if kind == "vega-lite" and isinstance(data, Mapping):
        text = head + _chart_summary(data)
        if saved_to is not None:
            text += f"\nSpécification Vega-Lite enregistrée dans « {saved_to} »."
        else:
            text += (
                '\n(Pour voir le graphique : show(…, save_to="graphique.json") puis ouvrez le '
                "fichier dans l'éditeur Vega-Lite, ou utilisez Jupyter.)"
            )
        return text
    return head + str(data)


def _normalise_kind(kind: str | None) -> str | None:
    if kind is None:
        return None
    normalised = _KIND_ALIASES.get(kind.strip().lower())
    if normalised is None:
        choices = ", ".join(f"« {k} »" for k in ("chart", "diagram", "table", "text"))
        raise ValueError(f"show() : type d'affichage « {kind} » inconnu ; choisissez {choices}.")
    return normalised


def _convert(obj: object, wanted: str | None) -> tuple[str, Any, str | None]:
    from hvlab.sim.display import MermaidDiagram, Table, VegaLiteChart

    if wanted in (None, "vega-lite") and _is_vega_lite(obj, VegaLiteChart):
        assert isinstance(obj, Mapping)
        return "vega-lite", _plain(obj), _chart_title(obj)
    if wanted in (None, "mermaid") and isinstance(obj, MermaidDiagram):
        return "mermaid", str(obj), None
    if wanted in (None, "table") and isinstance(obj, Table):
        return "table", _table_data(obj.columns, obj.rows), obj.title or None
    for method, kind in (
        ("to_table", "table"),
        ("to_vega_lite", "vega-lite"),
        ("to_chart", "vega-lite"),
        ("to_mermaid", "mermaid"),
    ):
        converter = getattr(obj, method, None)
        if callable(converter) and wanted in (None, kind) and not isinstance(obj, type):
            return _convert(converter(), kind)
    if wanted == "text" or wanted is None:
        return "text", obj if isinstance(obj, str) else str(obj), None
    if wanted == "table" and _looks_like_records(obj):
        assert isinstance(obj, list)
        table = Table.from_records(obj)
        return "table", _table_data(table.columns, table.rows), None
    if wanted == "mermaid" and isinstance(obj, str):
        return "mermaid", obj, None
    names = {"vega-lite": "un graphique", "mermaid": "un diagramme", "table": "un tableau"}
    raise ValueError(
        f"show() : impossible d'afficher un objet {type(obj).__name__} comme "
        f"{names.get(wanted, wanted)} ; retirez kind= pour l'affichage par défaut."
    )


def _is_vega_lite(obj: object, chart_type: type) -> bool:
    if isinstance(obj, chart_type):
        return True
    return isinstance(obj, Mapping) and "vega-lite" in str(obj.get("$schema", ""))


def _looks_like_records(obj: object) -> bool:
    return isinstance(obj, list) and bool(obj) and all(isinstance(r, dict) for r in obj)


def _chart_title(spec: Mapping[str, Any]) -> str | None:
    title = spec.get("title")
    if isinstance(title, str):
        return title
    if isinstance(title, Mapping) and isinstance(title.get("text"), str):
        return str(title["text"])
    return None


def _plain(value: Any) -> Any:
    """A JSON-ready copy: dicts, lists, str, int, float, bool, None (others become str)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def _table_data(columns: Any, rows: Any) -> dict[str, Any]:
    return {
        "columns": [str(c) for c in columns],
        "rows": [[_plain(v) for v in row] for row in rows],
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
        return text
    return str(value)


def _text_table(columns: list[Any], rows: list[Any]) -> str:
    cells = [[str(c) for c in columns]] + [[_cell(v) for v in row] for row in rows]
    count = max(len(r) for r in cells) if cells else 0
    for row in cells:
        row.extend([""] * (count - len(row)))
    widths = [max(len(row[i]) for row in cells) for i in range(count)]
    numeric = [
        bool(rows)
        and all(
            isinstance(r[i], (int, float)) and not isinstance(r[i], bool)
            for r in rows
            if i < len(r) and r[i] is not None
        )
        for i in range(count)
    ]
    lines = []
    for index, row in enumerate(cells):
        parts = [
            cell.rjust(widths[i]) if numeric[i] else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _chart_summary(spec: Mapping[str, Any]) -> str:
    layers = spec.get("layer")
    marks: list[str] = []
    for part in layers if isinstance(layers, list) else [spec]:
        mark = part.get("mark") if isinstance(part, Mapping) else None
        if isinstance(mark, Mapping):
            mark = mark.get("type")
        if mark:
            marks.append(str(mark))
    data = spec.get("data")
    values = data.get("values") if isinstance(data, Mapping) else None
    encoding = spec.get("encoding")
    fields = []
    if isinstance(encoding, Mapping):
        for channel, enc in encoding.items():
            if isinstance(enc, Mapping) and "field" in enc:
                fields.append(f"{channel} = {enc['field']}")
    parts = ["Graphique Vega-Lite"]
    if marks:
        parts.append(f"(marque {', '.join(marks)})")
    text = " ".join(parts)
    if isinstance(values, list):
        text += f" : {len(values)} point{'s' if len(values) > 1 else ''} de données"
    if fields:
        text += f" ; {', '.join(fields)}"
    return text + "."


def _save(payload: Mapping[str, Any], path: Path) -> None:
    data = payload["data"]
    if payload["type"] in ("vega-lite", "table"):
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = str(data) + "\n"
    path.write_text(text, encoding="utf-8")


def _jupyter_shell() -> Any:
    """The running IPython kernel shell, or ``None`` (IPython is never imported here)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    get = getattr(ipython, "get_ipython", None)
    shell = get() if callable(get) else None
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    return shell


def _display_in_jupyter(payload: Mapping[str, Any]) -> None:
    from IPython.display import display  # type: ignore[import-not-found, unused-ignore]

    display(jupyter_bundle(payload), raw=True)


def jupyter_bundle(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The MIME bundle Jupyter displays for a payload (``text/plain`` always included)."""
    kind, data, title = payload["type"], payload["data"], payload.get("title")
    plain = render_text(payload)
    heading = f"<p><strong>{html.escape(title)}</strong></p>" if title else ""
    if kind == "vega-lite":
        return {"application/vnd.vegalite.v5+json": data, "text/plain": plain}
    if kind == "mermaid":
        markdown = (f"**{title}**\n\n" if title else "") + f"```mermaid\n{data}\n```"
        return {"text/markdown": markdown, "text/plain": plain}
    if kind == "table":
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in data["columns"])
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
            for row in data["rows"]
        )
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        return {"text/html": heading + table, "text/plain": plain}
    return {"text/plain": plain}
