"""``hvlab sim migrate`` and ``hvlab sim dynamic`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hvlab.cli import main


def test_migrate_json_gives_the_reference_closed_form(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "sim", "migrate", "--memory-mb", "1000", "--bandwidth-mb-s", "125",
            "--dirty-rate-mb-s", "25", "--model", "closed-form", "--json",
        ]
    )  # fmt: skip
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"rounds", "transferred_mb", "total_time_s", "downtime_ms", "converged"}
    assert data["rounds"] == 5
    assert round(data["transferred_mb"], 2) == 1249.92
    assert round(data["downtime_ms"], 2) == 2.56
    assert data["converged"] is True


def test_migrate_reports_non_convergence_in_a_french_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        [
            "sim", "migrate", "--memory-mb", "1000", "--bandwidth-mb-s", "125",
            "--dirty-rate-mb-s", "200", "--max-rounds", "5",
        ]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "convergence" in out and "non" in out
    assert "interruption (ms)" in out


def test_migrate_refuses_negative_memory_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["sim", "migrate", "--memory-mb", "-1", "--bandwidth-mb-s", "125", "--dirty-rate-mb-s", "1"]
    )
    assert code == 1
    assert "Taille mémoire (Mo) invalide" in capsys.readouterr().err


@pytest.fixture
def day(tmp_path: Path) -> Path:
    path = tmp_path / "jour.csv"
    header = "vm," + ",".join(f"t{300 * i}" for i in range(12))
    rows = [
        f"vm{v}," + ",".join(str((v * 7 + i * 3) % 60 + 5) for i in range(12)) for v in range(8)
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_dynamic_json_is_clean_on_stdout(day: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["sim", "dynamic", "--trace", str(day), "--policy", "thr-mmt", "--hosts", "8", "--json"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"energy_kwh", "migrations", "slatah", "pdm", "slav", "hosts", "vms"}
    assert data["hosts"] == 8 and data["vms"] == 8
    assert 0 <= data["slatah"] <= 1


def test_dynamic_table_is_in_french(day: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "dynamic", "--trace", str(day), "--policy", "dvfs", "--hosts", "8"]) == 0
    out = capsys.readouterr().out
    assert "énergie (kWh)" in out and "migrations" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--policy", "npa", "--param", "0.5"], "ne prend pas de paramètre"),
        (["--policy", "thr-mmt", "--param", "2"], "Seuil THR invalide"),
        (["--policy", "iqr-mmt", "--param", "-1"], "invalide"),
    ],
)
def test_dynamic_refuses_bad_parameters_in_french(
    day: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["sim", "dynamic", "--trace", str(day), "--hosts", "8", *extra]) == 1
    assert message in capsys.readouterr().err


def test_dynamic_refuses_a_missing_file_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "dynamic", "--trace", "/nulle/part.csv", "--policy", "npa"]) == 1
    assert "introuvable" in capsys.readouterr().err
