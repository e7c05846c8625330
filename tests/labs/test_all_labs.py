"""Every lab of ``labs/``: valid, each solution passes its checks, each starter fails them.

A check that passes on the starter checks nothing; a solution that fails its checks would block
every student. This test is parametrised over every lab folder (``labs/scenarios`` excepted).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
import yaml

from hvlab.labs.isolate import Sandbox
from hvlab.labs.judge import run_checks
from hvlab.labs.loader import lab_folders, load_lab, schema_path, validate_lab
from hvlab.labs.model import Lab
from hvlab.labs.solve import solve_lab
from tests.conftest import ROOT

LABS_DIR = ROOT / "labs"
FOLDERS = lab_folders(LABS_DIR)


def _steps() -> list[tuple[Path, int]]:
    found = []
    for folder in FOLDERS:
        if not validate_lab(folder):
            found += [(folder, n) for n in range(1, len(load_lab(folder).steps) + 1)]
    return found


STEPS = _steps()


def _step_id(value: object) -> str:
    if isinstance(value, Path):
        return value.name
    return f"etape{value}"


def test_labs_folder_holds_the_example_lab() -> None:
    assert "consolidation" in [f.name for f in FOLDERS]


@pytest.mark.parametrize("folder", FOLDERS, ids=_step_id)
def test_lab_is_valid(folder: Path) -> None:
    problems = validate_lab(folder)
    assert not problems, "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("folder", FOLDERS, ids=_step_id)
def test_lab_yaml_matches_the_json_schema(folder: Path) -> None:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    data = yaml.safe_load((folder / "lab.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(labs_dir=LABS_DIR) as sandbox:
        yield sandbox


@pytest.mark.parametrize("folder", [f for f in FOLDERS if not validate_lab(f)], ids=_step_id)
def test_lab_solutions_pass_and_starters_run_then_fail(folder: Path, box: Sandbox) -> None:
    # The same function as « hvlab lab solve » and « hvlab check »: they cannot disagree.
    results = solve_lab(load_lab(folder), sandbox=box)
    problems = [str(problem) for result in results for problem in result.problems()]
    assert not problems, "\n".join(problems)
    assert all(result.solution.results for result in results), "a step has no check"


@pytest.mark.parametrize(("folder", "number"), STEPS, ids=_step_id)
def test_lab_step_gives_the_same_verdict_in_one_process(folder: Path, number: int) -> None:
    # hvlab.labs.judge.run_checks (tests, examples) goes through the same data as the sandbox.
    step = load_lab(folder).step(number)
    assert run_checks(step.solution, step.checks, step_id=step.id).passed
    starter = run_checks(step.starter, step.checks, step_id=step.id)
    assert starter.run.ok and not starter.passed


@pytest.mark.parametrize("folder", FOLDERS, ids=_step_id)
def test_lab_has_a_closing_question_and_hints(folder: Path) -> None:
    lab: Lab = load_lab(folder)
    assert lab.question.strip()
    assert all(step.hints for step in lab.steps), "every step should offer at least one hint"


@pytest.mark.slow
@pytest.mark.parametrize("folder", FOLDERS, ids=_step_id)
def test_lab_code_type_checks(folder: Path) -> None:
    # Lab code is real Python, typed like the package: mypy --strict on every file of the folder
    # (one folder at a time: the same file names recur from lab to lab).
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[dev]')")
    files = sorted(p.name for p in folder.glob("*.py"))
    cache = str(ROOT / ".mypy_cache" / "labs")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", cache, *files],
        cwd=folder,
        env={**os.environ, "MYPYPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
