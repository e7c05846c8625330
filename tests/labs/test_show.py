"""hvlab.show: payloads (the contract with the lab page), Jupyter bundles, terminal text."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from hvlab.show import (
    capture_displays,
    jupyter_bundle,
    render_text,
    set_display_hook,
    show,
    to_payload,
)
from hvlab.sim.display import MermaidDiagram, Table, VegaLiteChart


class _WithTable:
    def to_table(self) -> Table:
        return Table(columns=("a",), rows=((1,),), title="Titre du tableau")

    def to_mermaid(self) -> MermaidDiagram:
        return MermaidDiagram("flowchart LR\n  a --> b")


class _WithChart:
    def to_vega_lite(self) -> dict[str, Any]:
        return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "line"}


def test_to_payload_of_a_table_gives_columns_and_rows() -> None:
    table = Table(columns=("Hôte", "CPU (%)"), rows=(("esx1", 75.5), ("esx2", None)), title="T")
    assert to_payload(table) == {
        "type": "table",
        "data": {"columns": ["Hôte", "CPU (%)"], "rows": [["esx1", 75.5], ["esx2", None]]},
        "title": "T",
    }


def test_to_payload_title_argument_wins_over_the_own_title() -> None:
    table = Table(columns=("a",), rows=(), title="propre")
    assert to_payload(table, title="donné")["title"] == "donné"


def test_show_title_replaces_the_title_a_chart_draws() -> None:
    chart = VegaLiteChart(mark="bar", title="Puissance", data={"values": [{"x": 1}]})
    payload = to_payload(chart, title="Puissance avant / après")
    assert payload["title"] == "Puissance avant / après"
    assert payload["data"]["title"] == "Puissance avant / après"
    assert chart["title"] == "Puissance"  # the student's chart itself is left alone


def test_to_payload_of_a_chart_is_a_plain_json_dict() -> None:
    chart = VegaLiteChart(mark="bar", title="Puissance", data={"values": [{"x": (1, 2)}]})
    payload = to_payload(chart)
    assert payload["type"] == "vega-lite"
    assert payload["title"] == "Puissance"
    assert type(payload["data"]) is dict
    assert payload["data"]["data"]["values"] == [{"x": [1, 2]}]
    json.dumps(payload)


def test_to_payload_recognises_a_plain_vega_lite_dict() -> None:
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "point"}
    assert to_payload(spec)["type"] == "vega-lite"
    assert to_payload({"mark": "point"})["type"] == "text"


def test_to_payload_of_a_mermaid_diagram() -> None:
    payload = to_payload(MermaidDiagram("flowchart TB\n  a --> b"))
    assert payload == {"type": "mermaid", "data": "flowchart TB\n  a --> b", "title": None}


def test_to_payload_prefers_to_table_then_other_views() -> None:
    assert to_payload(_WithTable())["type"] == "table"
    assert to_payload(_WithTable())["title"] == "Titre du tableau"
    assert to_payload(_WithChart())["type"] == "vega-lite"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("diagram", "mermaid"), ("diagramme", "mermaid"), ("table", "table"), ("texte", "text")],
)
def test_to_payload_kind_forces_a_view(kind: str, expected: str) -> None:
    assert to_payload(_WithTable(), kind=kind)["type"] == expected


def test_to_payload_unknown_kind_is_explained_in_french() -> None:
    with pytest.raises(ValueError, match="type d'affichage « camembert » inconnu"):
        to_payload(1, kind="camembert")


def test_to_payload_impossible_view_is_explained_in_french() -> None:
    with pytest.raises(ValueError, match="impossible d'afficher un objet int comme un graphique"):
        to_payload(3, kind="chart")


def test_to_payload_table_from_records() -> None:
    payload = to_payload([{"vm": "a", "cpu": 1}, {"vm": "b", "cpu": 2}], kind="table")
    assert payload["data"] == {"columns": ["vm", "cpu"], "rows": [["a", 1], ["b", 2]]}


def test_to_payload_of_anything_else_is_its_text() -> None:
    assert to_payload(3.5) == {"type": "text", "data": "3.5", "title": None}


def test_show_sends_payloads_to_the_hook() -> None:
    with capture_displays() as payloads:
        show("bonjour", title="Salut")
    assert payloads == [{"type": "text", "data": "bonjour", "title": "Salut"}]


def test_set_display_hook_returns_the_previous_hook() -> None:
    first: list[dict[str, Any]] = []
    assert set_display_hook(first.append) is None
    try:
        assert set_display_hook(None) == first.append
    finally:
        set_display_hook(None)


def test_show_in_a_terminal_prints_a_french_table(capsys: pytest.CaptureFixture[str]) -> None:
    show(Table(columns=("Hôte", "VM", "CPU"), rows=(("esx1", 12, 0.5), ("esx10", 3, 12.25))))
    assert capsys.readouterr().out.splitlines() == [
        "Hôte   VM    CPU",
        "-----  --  -----",
        "esx1   12   0,50",
        "esx10   3  12,25",
    ]


def test_show_in_a_terminal_summarises_a_chart(capsys: pytest.CaptureFixture[str]) -> None:
    chart = VegaLiteChart(
        mark="bar",
        data={"values": [{"s": "avant", "n": 40}, {"s": "après", "n": 3}]},
        encoding={"x": {"field": "s"}, "y": {"field": "n"}},
    )
    show(chart, title="Serveurs")
    out = capsys.readouterr().out
    assert out.startswith(
        "Serveurs\nGraphique Vega-Lite (marque bar) : 2 points de données ; x = s, y = n."
    )
    assert "save_to=" in out


def test_show_save_to_writes_the_chart_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "graphique.json"
    show(VegaLiteChart(mark="bar"), save_to=target)
    assert json.loads(target.read_text(encoding="utf-8"))["mark"] == "bar"
    assert f"enregistrée dans « {target} »" in capsys.readouterr().out


def test_render_text_of_a_diagram_keeps_the_mermaid_source() -> None:
    text = render_text(to_payload(MermaidDiagram("flowchart LR\n  a --> b"), title="Topologie"))
    assert text == "Topologie\nDiagramme Mermaid :\nflowchart LR\n  a --> b"


def test_jupyter_bundle_mime_types() -> None:
    chart = jupyter_bundle(to_payload(VegaLiteChart(mark="bar")))
    assert chart["application/vnd.vegalite.v5+json"]["mark"] == "bar"
    diagram = jupyter_bundle(to_payload(MermaidDiagram("flowchart LR\n  a --> b")))
    assert diagram["text/markdown"] == "```mermaid\nflowchart LR\n  a --> b\n```"
    table = jupyter_bundle(to_payload(Table(columns=("a<b",), rows=((1.5,),))))
    assert "<th>a&lt;b</th>" in table["text/html"] and "<td>1,50</td>" in table["text/html"]
    assert all("text/plain" in bundle for bundle in (chart, diagram, table))


def test_show_in_jupyter_displays_a_mime_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    displayed: list[tuple[Any, dict[str, Any]]] = []
    shell = types.SimpleNamespace(kernel=object())
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = lambda: shell  # type: ignore[attr-defined]
    display_module = types.ModuleType("IPython.display")
    display_module.display = lambda obj, **kw: displayed.append((obj, kw))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display_module)
    show(MermaidDiagram("flowchart LR\n  a --> b"))
    assert len(displayed) == 1
    bundle, options = displayed[0]
    assert options == {"raw": True}
    assert bundle["text/markdown"].startswith("```mermaid")


def test_show_in_terminal_ipython_prints_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = lambda: types.SimpleNamespace()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    show("texte")
    assert capsys.readouterr().out == "texte\n"


def test_show_is_exported_from_hvlab() -> None:
    import hvlab

    assert hvlab.show is show
    assert "show" in hvlab.__all__


def test_objects_offering_to_chart_are_shown_as_charts() -> None:
    from hvlab.show import to_payload
    from hvlab.sim.migration import closed_form

    payload = to_payload(closed_form(1000, 125, 25), kind="vega-lite")
    assert payload["type"] == "vega-lite"
    assert payload["data"]["mark"] == "bar"
