"""A lab as a Jupyter notebook, and check_step for its check cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hvlab.errors import HvlabError
from hvlab.labs.loader import load_lab
from hvlab.labs.notebook import check_step, find_labs_dir, lab_to_notebook, write_notebook
from hvlab.labs.runner import run_code


def test_lab_to_notebook_is_nbformat_4(mini: Path) -> None:
    notebook = lab_to_notebook(load_lab(mini))
    assert notebook["nbformat"] == 4 and notebook["nbformat_minor"] == 5
    assert set(notebook) == {"nbformat", "nbformat_minor", "metadata", "cells"}
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    for cell in notebook["cells"]:
        assert cell["cell_type"] in ("markdown", "code")
        assert isinstance(cell["source"], list) and isinstance(cell["metadata"], dict)
        assert isinstance(cell["id"], str)
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    ids = [cell["id"] for cell in notebook["cells"]]
    assert len(ids) == len(set(ids))


def test_lab_to_notebook_cells(mini: Path) -> None:
    cells = lab_to_notebook(load_lab(mini))["cells"]
    # title, then step 1: instructions, hints, starter, check; step 2: instructions, starter,
    # check (no hints); then the closing question.
    assert [c["cell_type"] for c in cells] == [
        "markdown",
        "markdown",
        "markdown",
        "code",
        "code",
        "markdown",
        "code",
        "code",
        "markdown",
    ]
    assert "".join(cells[0]["source"]).startswith("# Un TP minuscule")
    assert "".join(cells[3]["source"]) == "import math\n\nhotes = ..."
    assert "".join(cells[4]["source"]).endswith('check_step("mini", 1, globals());')
    assert "Pourquoi ne pas remplir" in "".join(cells[-1]["source"])


def test_write_notebook_writes_json(mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "mini.ipynb"
    write_notebook(load_lab(mini), target)
    assert json.loads(target.read_text(encoding="utf-8"))["nbformat"] == 4


def test_check_step_runs_the_checks_on_a_namespace(
    mini: Path, labs_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace: dict[str, object] = {}
    run_code("import math\nhotes = math.ceil(40 / 16)", namespace=namespace)
    report = check_step("mini", 1, namespace, labs_dir=labs_dir)
    assert report.passed
    out = capsys.readouterr().out
    assert out.startswith("Étape 1 — La borne inférieure\nBravo")
    assert not check_step("mini", "borne", {"hotes": 2}, labs_dir=labs_dir, quiet=True).passed
    assert capsys.readouterr().out == ""


def test_notebook_cells_run_in_order(
    mini: Path, labs_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HVLAB_LABS_DIR", str(labs_dir))
    lab = load_lab(mini)
    cells = lab_to_notebook(lab)["cells"]
    namespace: dict[str, object] = {}
    solution = lab.steps[0].solution
    code_cells = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert run_code(solution, namespace=namespace).ok
    result = run_code(code_cells[1], namespace=namespace)
    assert result.ok, result.error
    assert "Bravo" in result.stdout


def test_find_labs_dir_searches_upwards(labs_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HVLAB_LABS_DIR", raising=False)
    inner = labs_dir.parent / "notebooks" / "groupe1"
    inner.mkdir(parents=True)
    assert find_labs_dir("mini", start=inner) == labs_dir
    with pytest.raises(HvlabError, match="lancez Jupyter depuis le dossier du projet"):
        find_labs_dir("absent", start=inner)
