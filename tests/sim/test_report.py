"""Before/after consolidation report and charts."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.hardware import ENTRY_1U
from hvlab.sim.core.workload import constant
from hvlab.sim.display import VegaLiteChart
from hvlab.sim.display.charts import before_after_chart, timeline_chart, utilisation_chart
from hvlab.sim.planning.physical import PhysicalFleet, PhysicalServer, physical_provisioning
from hvlab.sim.planning.report import compare


def test_hand_made_consolidation() -> None:
    # Two entry servers (8 × 3000 MHz) at a constant 10 %: 2400 MHz each = 1 core of a 2U host
    # (64 × 2400 MHz). Both fit one host; ESXi keeps 3 % (1.92 cores); one spare host (N+1).
    fleet = PhysicalFleet(
        tuple(
            PhysicalServer(f"app{i}", ENTRY_1U, constant(0.1, samples=4), ram_used_gib=2)
            for i in range(2)
        )
    )
    report = compare(fleet=fleet, co2_kg_per_kwh=0.1)
    assert report.placement.hosts_used == 2 and report.placement.hosts_active == 1
    # Before: 2 × 69 W; after: host at (1.92 + 2) / 64 → 180 + 420 × 0.06125 = 205.725 W,
    # spare at 0.03 → 192.6 W.
    assert report.before.energy_kwh_per_year == pytest.approx(2 * 69 * 8.76)
    assert report.after.energy_kwh_per_year == pytest.approx((205.725 + 192.6) * 8.76)
    assert report.after.average_utilisation == pytest.approx((0.06125 + 0.03) / 2)
    assert report.after.rack_units == 4
    assert report.co2_kg_per_year(report.after) == pytest.approx(
        0.1 * report.after.energy_kwh_per_year
    )
    assert report.consolidation_ratio == 2


def test_generated_comparison_consolidates() -> None:
    report = compare(60, seed=1)
    assert report.after.servers < report.before.servers
    assert report.after.average_utilisation > report.before.average_utilisation
    assert report.after.energy_kwh_per_year < report.before.energy_kwh_per_year
    assert report.after.peak_utilisation <= 0.03 + 0.97 * 0.8 + 1e-9
    data = report.to_dict()
    assert set(data) == {
        "before",
        "after",
        "change_percent",
        "consolidation_ratio",
        "placement",
        "assumptions",
    }
    assert data["before"]["servers"] == 60
    assert data["change_percent"]["servers"] == pytest.approx(
        100 * (report.after.servers - 60) / 60
    )


def test_same_seed_same_report() -> None:
    assert compare(25, seed=4).to_dict() == compare(25, seed=4).to_dict()


def test_report_views() -> None:
    report = compare(20, seed=2)
    table = report.to_table()
    assert table.columns == ("Indicateur", "Avant", "Après", "Variation (%)")
    assert table.rows[0][:3] == ("Serveurs physiques", 20, report.after.servers)
    chart = report.to_chart()
    assert isinstance(chart, VegaLiteChart) and chart["$schema"].endswith("v5.json")
    assert len(chart["data"]["values"]) == 2 * len(table.rows)
    lines = report.utilisation_chart()
    assert len(lines["layer"][0]["data"]["values"]) == report.after.servers * 288


def test_compare_needs_a_fleet() -> None:
    with pytest.raises(SimulationError, match="nombre de serveurs"):
        compare()


def test_charts_are_vega_lite() -> None:
    chart = utilisation_chart({"a": [0.1, 0.2], "b": [0.3]}, threshold=None)
    assert chart["mark"]["type"] == "line"
    assert [v["utilisation"] for v in chart["data"]["values"]] == pytest.approx([10, 20, 30])
    bars = before_after_chart([("Serveurs", 10, 2)])
    assert [v["valeur"] for v in bars["data"]["values"]] == [10, 2]
    gantt = timeline_chart([physical_provisioning()])
    assert len(gantt["data"]["values"]) == 6


def test_report_labels_write_co2_with_a_subscript_and_keep_co2_keys() -> None:
    report = compare(20, seed=1)
    labels = [row[0] for row in report.to_table().rows]
    assert "CO₂ (kg/an)" in labels
    assert not any("CO2" in label for label in labels)
    chart_labels = {row["indicateur"] for row in report.to_chart()["data"]["values"]}
    assert "CO₂ (kg/an)" in chart_labels
    data = report.to_dict()
    assert "co2_kg_per_year" in data["before"]
    assert "co2_kg_per_kwh" in data["assumptions"]


def test_before_after_chart_keeps_the_panel_order_and_avant_before_apres() -> None:
    # Vega-Lite sorts facet headers alphabetically under "sort": null ("Arrêt" before
    # "Serveurs"): the panel order must be an explicit array, in the order of the rows.
    chart = before_after_chart([("Serveurs", 10, 2), ("Arrêt (h/an)", 12, 0)])
    assert chart["facet"]["sort"] == ["Serveurs", "Arrêt (h/an)"]
    encoding = chart["spec"]["encoding"]
    assert encoding["x"]["sort"] == ["Avant", "Après"]
    assert encoding["color"]["sort"] == ["Avant", "Après"]
    assert [v["situation"] for v in chart["data"]["values"][:2]] == ["Avant", "Après"]
