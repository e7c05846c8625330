"""``hvlab sim power|place|compare`` through :func:`hvlab.cli.main`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hvlab.cli import main


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, object]:
    assert main(argv) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


@pytest.mark.parametrize(
    ("model", "utilisation", "watts"),
    [("hp-ml110-g4", 0.25, 94.3), ("hp-ml110-g4", 0.55, 104.0), ("hp-ml110-g5", 0.25, 103.0)],
)
def test_power_spec_models(
    capsys: pytest.CaptureFixture[str], model: str, utilisation: float, watts: float
) -> None:
    data = _json(
        capsys, ["sim", "power", "--model", model, "--utilisation", str(utilisation), "--json"]
    )
    assert data["power_w"] == pytest.approx(watts)


def test_power_linear_model(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["sim", "power", "--model", "linear", "--idle-w", "175", "--max-w", "250"]
    data = _json(capsys, [*argv, "--utilisation", "0.5", "--json"])
    assert data["power_w"] == pytest.approx(212.5)
    assert main([*argv, "--utilisation", "0.5"]) == 0
    assert "212,50 W" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--model", "linear", "--utilisation", "0.5"], "--idle-w et --max-w"),
        (["--model", "hp-ml110-g4", "--utilisation", "25"], "entre 0 et 1"),
        (["--model", "hp-ml110-g5", "--max-w", "9", "--utilisation", "0.5"], "Retirez"),
    ],
)
def test_power_errors_in_french(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    assert main(["sim", "power", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("Erreur : ") and fragment in captured.err
    assert "Traceback" not in captured.err


def _csv(tmp_path: Path, text: str) -> str:
    path = tmp_path / "vms.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


_VMS = "name,cpu,ram_gib\na,2,1\nb,5,1\nc,4,1\nd,7,1\ne,1,1\nf,3,1\ng,8,1\n"


@pytest.mark.parametrize(("algorithm", "hosts"), [("ff", 4), ("ffd", 3), ("bfd", 3)])
def test_place_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, algorithm: str, hosts: int
) -> None:
    # The hand-checked instance of test_core_portable: 30 cores on hosts of 10 at 100 %.
    argv = ["sim", "place", _csv(tmp_path, _VMS), "--host-cpu", "10", "--host-ram-gib", "64"]
    data = _json(capsys, [*argv, "--algorithm", algorithm, "--target", "1", "--json"])
    assert data["hosts_used"] == hosts and data["lower_bound"] == 3
    assert data["unplaced"] == []
    placement = data["placement"]
    assert isinstance(placement, dict) and set(placement) == set("abcdefg")


def test_place_with_spare_host_and_text_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["sim", "place", _csv(tmp_path, _VMS), "--host-cpu", "10", "--host-ram-gib", "64"]
    assert main([*argv, "--algorithm", "ffd", "--target", "1", "--spare-hosts", "1"]) == 0
    out = capsys.readouterr().out
    assert "Hôtes utilisés : 4 (dont 1 de réserve) ; borne inférieure : 4." in out
    assert "Hôte" in out and "CPU (cœurs)" in out


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("name,cpu,ram_gib\nweb,2,-4\n", ["ligne 2", "« web »", "« -4 »", "ram_gib"]),
        ("name,cpu,ram_gib\nweb,deux,4\n", ["ligne 2", "« deux »", "cpu"]),
        ("name,cpu,ram_gib\nweb,2\n", ["ligne 2", "2 colonne(s) au lieu de 3"]),
        ("", ["vide", "name,cpu,ram_gib"]),
        ("name,cpu,ram_gib\n", ["aucune VM"]),
        ("nom,cpu,ram\nweb,2,4\n", ["colonne(s) manquante(s) : name, ram_gib"]),
        ("name,cpu,ram_gib\ndb1,2,64\n", ["« db1 »", "64 Gio", "48 Gio × 0,8 = 38,4 Gio"]),
    ],
)
def test_place_bad_input_is_a_french_error_without_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, fragments: list[str]
) -> None:
    path = _csv(tmp_path, text)
    argv = ["sim", "place", path, "--host-cpu", "16", "--host-ram-gib", "48", "--algorithm", "ffd"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


def test_place_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["sim", "place", str(tmp_path / "absent.csv"), "--host-cpu", "8"]
    assert main([*argv, "--host-ram-gib", "32", "--algorithm", "ff"]) == 1
    assert "Impossible de lire" in capsys.readouterr().err


def test_place_negative_host_ram(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["sim", "place", _csv(tmp_path, _VMS), "--host-cpu", "8", "--host-ram-gib", "-32"]
    assert main([*argv, "--algorithm", "ff"]) == 1
    assert "-32" in capsys.readouterr().err


def test_compare_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["sim", "compare", "--servers", "30", "--seed", "2", "--json"])
    before, after = data["before"], data["after"]
    assert before["servers"] == 30  # type: ignore[index]
    assert after["servers"] < 30  # type: ignore[index]
    assert data == _json(capsys, ["sim", "compare", "--servers", "30", "--seed", "2", "--json"])
    assert main(["sim", "compare", "--servers", "30", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "Indicateur" in out and "Énergie (kWh/an)" in out and "Taux de consolidation" in out


def test_compare_refuses_zero_servers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "compare", "--servers", "0"]) == 1
    assert "Nombre de serveurs invalide : 0" in capsys.readouterr().err


def test_place_reads_a_french_spreadsheet_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _csv(tmp_path, "\ufeffname;cpu;ram_gib\nweb;1,5;4\ndb;4;16,5\n")
    argv = ["sim", "place", path, "--host-cpu", "8", "--host-ram-gib", "64", "--algorithm", "ff"]
    data = _json(capsys, [*argv, "--json"])
    assert data["placement"] == {"web": 0, "db": 0}
