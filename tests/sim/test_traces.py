"""Trace loading: PlanetLab day files and generic CSV traces."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.traces import load_planetlab, load_trace_csv, trace_statistics


@pytest.mark.planetlab
def test_planetlab_day_20110303_matches_the_reference(planetlab_dir: Path) -> None:
    # REFERENCES.md: 1052 VMs, mean 12.31 %, SD 17.09 %, 288 samples 300 s apart.
    day = load_planetlab(planetlab_dir / "20110303.csv")
    assert len(day) == 1052
    assert all(len(w) == 288 and w.interval_s == 300.0 for w in day)
    stats = trace_statistics(day)
    assert stats.samples == 1052 * 288
    assert round(stats.mean_percent, 2) == 12.31
    assert round(stats.sd_percent, 2) == 17.09


@pytest.mark.planetlab
def test_planetlab_limit_and_names(planetlab_dir: Path) -> None:
    day = load_planetlab(planetlab_dir / "20110303.csv", limit=10)
    assert len(day) == 10
    assert day[0].name == "146-179_surfsnel_dsl_internl_net_colostate_557"
    assert day[0].cpu[:4] == (0.24, 0.34, 0.29, 0.26)


def test_planetlab_reads_an_open_file() -> None:
    day = load_planetlab(io.StringIO("vm,t0,t600\nweb,10,30\ndb,0,100\n"), name="jour.csv")
    assert [w.name for w in day] == ["web", "db"]
    assert day[0].cpu == (0.1, 0.3) and day[1].cpu == (0.0, 1.0)
    assert day[0].interval_s == 600.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("vm,t0,t300\nweb,10,3x0\n", "ligne 2, colonne 3 : valeur « 3x0 »"),
        ("vm,t0,t300\nweb,10,12\ndb,101,2\n", "ligne 3, colonne 2 : valeur « 101 »"),
        ("vm,t0,t300\nweb,10,-5\n", "valeur « -5 »"),
        ("vm,t0,t300\nweb,10\n", "ligne 2 (VM « web ») : 1 valeur(s) au lieu des 2"),
        ("", "vide"),
        ("vm,t0,t300\n", "aucune VM"),
    ],
)
def test_malformed_planetlab_file_names_file_line_and_value(text: str, fragment: str) -> None:
    with pytest.raises(SimulationError) as info:
        load_planetlab(io.StringIO(text), name="jour.csv")
    assert "« jour.csv »" in str(info.value)
    assert fragment in str(info.value)


def test_missing_file_is_reported_in_french(tmp_path: Path) -> None:
    with pytest.raises(SimulationError, match="introuvable") as info:
        load_planetlab(tmp_path / "absent.csv")
    assert "No such file" not in str(info.value)


def test_a_folder_given_as_trace_file_is_reported_in_french(tmp_path: Path) -> None:
    with pytest.raises(SimulationError, match="est un dossier"):
        load_planetlab(tmp_path)


def test_generic_trace_with_header(tmp_path: Path) -> None:
    path = tmp_path / "trace.csv"
    path.write_text("time_s,cpu,ram\n0,0.1,0.5\n60,0.2,0.6\n120,0.3,0.7\n", encoding="utf-8")
    workload = load_trace_csv(path)
    assert workload.cpu == (0.1, 0.2, 0.3) and workload.ram == (0.5, 0.6, 0.7)
    assert workload.interval_s == 60.0


def test_generic_trace_in_percent_and_cloudsim_layout() -> None:
    assert load_trace_csv(io.StringIO("cpu_percent\n25\n50\n")).cpu == (0.25, 0.5)
    assert load_trace_csv(io.StringIO("5\n10\n"), interval_s=300).cpu == (0.05, 0.1)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("cpu\n0.1\n1.2\n", "ligne 3, colonne 1 : valeur « 1.2 »"),
        ("cpu\n0.1\nabc\n", "valeur « abc »"),
        ("load\n0.1\n", "sans colonne « cpu »"),
        ("time_s,cpu\n0,0.1\n60,0.1\n200,0.1\n", "régulièrement espacés"),
        ("", "vide"),
    ],
)
def test_malformed_generic_trace(text: str, fragment: str) -> None:
    with pytest.raises(SimulationError, match=fragment.replace("(", r"\(")):
        load_trace_csv(io.StringIO(text), name="t.csv")


def test_statistics_of_a_hand_made_set() -> None:
    day = load_planetlab(io.StringIO("vm,t0,t300\na,10,30\nb,20,20\n"))
    stats = trace_statistics(day)
    # Samples 10, 30, 20, 20 %: mean 20 %, population SD sqrt((100 + 100 + 0 + 0) / 4) = 7.07 %.
    assert stats.mean_percent == pytest.approx(20.0)
    assert stats.sd_percent == pytest.approx(50**0.5)
