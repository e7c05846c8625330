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
    assert set(data) == {
        "energy_kwh", "migrations", "slatah", "pdm", "slav", "hosts", "vms", "skipped_vms",
    }  # fmt: skip
    assert data["hosts"] == 8 and data["vms"] == 8 and data["skipped_vms"] == 0
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


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, float]:
    assert main([*argv, "--json", "--no-progress"]) == 0
    data: dict[str, float] = json.loads(capsys.readouterr().out)
    return data


@pytest.mark.parametrize("selection", ["mmt", "rs", "mu", "mc"])
def test_dynamic_selection_option_equals_the_combined_policy_name(
    day: Path, capsys: pytest.CaptureFixture[str], selection: str
) -> None:
    base = ["sim", "dynamic", "--trace", str(day), "--hosts", "8"]
    separate = _json(capsys, [*base, "--policy", "thr", "--selection", selection])
    combined = _json(capsys, [*base, "--policy", f"thr-{selection}"])
    assert separate == combined


def test_dynamic_random_selection_is_reproducible_with_a_seed(
    day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["sim", "dynamic", "--trace", str(day), "--hosts", "8", "--policy", "thr-rs"]
    assert _json(capsys, [*argv, "--seed", "3"]) == _json(capsys, [*argv, "--seed", "3"])


def test_dynamic_scale_repeats_the_vms_and_the_hosts(
    day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(
        capsys, ["sim", "dynamic", "--trace", str(day), "--policy", "dvfs", "--scale", "3"]
    )
    assert data["vms"] == 3 * 8 and data["hosts"] == 3 * 800


def test_dynamic_reads_a_folder_of_days_in_name_order(
    day: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "jours"
    folder.mkdir()
    (folder / "b.csv").write_text(day.read_text(encoding="utf-8"), encoding="utf-8")
    lines = day.read_text(encoding="utf-8").splitlines()
    (folder / "a.csv").write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    data = _json(capsys, ["sim", "dynamic", "--trace", str(folder), "--policy", "npa"])
    assert data["vms"] == 3 + 8 and data["hosts"] == 2 * 800


@pytest.fixture
def crowded(tmp_path: Path) -> Path:
    """Eight VMs for two hosts: at time 0 each VM asks for all its MIPS, some fit nowhere."""
    path = tmp_path / "foule.csv"
    header = "vm," + ",".join(f"t{300 * i}" for i in range(6))
    rows = [f"vm{v}," + ",".join(["30"] * 6) for v in range(8)]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_dynamic_stops_in_french_when_a_vm_fits_nowhere(
    crowded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["sim", "dynamic", "--trace", str(crowded), "--policy", "thr", "--hosts", "2"]
    assert main([*argv, "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "ne tient sur aucun serveur au démarrage" in err and "--cloudsim-parity" in err


def test_dynamic_in_cloudsim_parity_mode_runs_without_the_vms_that_fit_nowhere(
    crowded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["sim", "dynamic", "--trace", str(crowded), "--policy", "thr", "--hosts", "2"]
    data = _json(capsys, [*argv, "--cloudsim-parity"])
    assert data["vms"] == 8 and 0 < data["skipped_vms"] < 8
    assert main([*argv, "--cloudsim-parity", "--no-progress"]) == 0
    assert "n'ont pu être créées au départ" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--policy", "thr-mu", "--selection", "mc"], "Sélection donnée deux fois"),
        (["--policy", "npa", "--selection", "mc"], "ne migre aucune VM"),
        (["--policy", "thr", "--scale", "0"], "Facteur d'échelle invalide"),
        (["--policy", "thr", "--scale", "1000"], "Facteur d'échelle invalide"),
        (["--policy", "thr", "--hosts", "0"], "Nombre de serveurs invalide"),
        (["--policy", "thr", "--hosts", "10000000"], "Nombre de serveurs invalide"),
        (["--policy", "xyz"], "Politique inconnue"),
    ],
)
def test_dynamic_refuses_bad_options_in_french(
    day: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["sim", "dynamic", "--trace", str(day), *extra, "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_dynamic_refuses_an_empty_folder_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sim", "dynamic", "--trace", str(tmp_path), "--policy", "npa"]) == 1
    assert "ne contient aucun fichier .csv" in capsys.readouterr().err
