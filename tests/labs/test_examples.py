"""The course's example scenarios: found packed in the wheel or in the labs folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from hvlab.errors import SimulationError
from hvlab.labs import examples as examples_module
from hvlab.labs.examples import example_data, known_examples, load_example

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "labs" / "scenarios"


def _no_package_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(examples_module, "_packaged", lambda: tmp_path / "absent")


def test_example_data_reads_the_yaml_of_the_labs_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _no_package_data(monkeypatch, tmp_path)
    monkeypatch.setenv("HVLAB_LABS_DIR", str(ROOT / "labs"))
    expected = yaml.safe_load((SCENARIOS / "cluster-production.yaml").read_text(encoding="utf-8"))
    assert example_data("cluster-production") == expected
    assert load_example("cluster-production").name == expected["name"]


def test_example_data_finds_labs_from_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _no_package_data(monkeypatch, tmp_path)
    monkeypatch.delenv("HVLAB_LABS_DIR", raising=False)
    monkeypatch.chdir(ROOT / "labs" / "scenarios")
    assert (
        example_data("pannes-reseau")["name"]
        == yaml.safe_load((SCENARIOS / "pannes-reseau.yaml").read_text(encoding="utf-8"))["name"]
    )


def test_example_data_prefers_the_package_json(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    document = {
        "name": "seulement-en-json",
        "hosts": [{"name": "esx01", "nics": [{"name": "vmnic0", "speed_gbps": 10}]}],
    }
    (examples / "cluster-production.json").write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(examples_module, "_packaged", lambda: examples)
    assert example_data("cluster-production") == document
    assert load_example("cluster-production").hosts["esx01"].name == "esx01"


def test_example_data_returns_a_fresh_copy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HVLAB_LABS_DIR", str(ROOT / "labs"))
    first = example_data("cluster-production")
    first["hosts"].clear()
    assert example_data("cluster-production")["hosts"]


def test_example_data_unknown_name_lists_the_known_examples(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _no_package_data(monkeypatch, tmp_path)
    monkeypatch.setenv("HVLAB_LABS_DIR", str(ROOT / "labs"))
    with pytest.raises(SimulationError, match="inconnu : « nulle-part »") as caught:
        example_data("nulle-part")
    assert "cluster-production" in str(caught.value)
    assert "HVLAB_LABS_DIR" in str(caught.value)


def test_every_scenario_file_of_the_labs_folder_is_a_known_example(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HVLAB_LABS_DIR", str(ROOT / "labs"))
    assert set(known_examples()) >= {path.stem for path in SCENARIOS.glob("*.yaml")}
