"""The hvlab wheel built for the browser labs: valid PEP 427, stdlib-only, reproducible."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import yaml

import hvlab
from hvlab.site.cache import BuildCache
from hvlab.site.wheel import (
    WHEEL_DIR,
    Wheel,
    build_wheel,
    third_party_imports,
    wheel_files,
    write_wheel,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel() -> Wheel:
    """The wheel of the current sources, built once for the module's tests."""
    return build_wheel()


@pytest.fixture(scope="module")
def archive(wheel: Wheel) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(wheel.content))


@pytest.fixture(scope="module")
def cache() -> BuildCache:
    """A build cache in memory: write_wheel builds the wheel once for the module."""
    return BuildCache(None)


def test_build_wheel_names_the_file_after_the_package_version(wheel: Wheel) -> None:
    assert wheel.version == hvlab.__version__
    assert wheel.filename == f"hvlab-{hvlab.__version__}-py3-none-any.whl"


def test_build_wheel_has_pep_427_metadata(archive: zipfile.ZipFile) -> None:
    dist_info = f"hvlab-{hvlab.__version__}.dist-info"
    names = archive.namelist()
    assert {f"{dist_info}/METADATA", f"{dist_info}/WHEEL", f"{dist_info}/RECORD"} <= set(names)
    metadata = Parser().parsestr(archive.read(f"{dist_info}/METADATA").decode())
    assert metadata["Name"] == "hvlab"
    assert metadata["Version"] == hvlab.__version__
    assert metadata["Metadata-Version"] in {"2.1", "2.2", "2.3", "2.4"}
    wheel = Parser().parsestr(archive.read(f"{dist_info}/WHEEL").decode())
    assert wheel["Wheel-Version"] == "1.0"
    assert wheel["Root-Is-Purelib"] == "true"
    assert wheel["Tag"] == "py3-none-any"


def test_build_wheel_record_lists_every_file_with_its_hash_and_size(
    archive: zipfile.ZipFile,
) -> None:
    record_name = next(n for n in archive.namelist() if n.endswith(".dist-info/RECORD"))
    rows = list(csv.reader(io.StringIO(archive.read(record_name).decode())))
    listed = {row[0]: row for row in rows}
    assert set(listed) == set(archive.namelist())
    assert listed[record_name][1:] == ["", ""]
    for name, digest, size in rows:
        if name == record_name:
            continue
        data = archive.read(name)
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert digest == f"sha256={expected}", name
        assert int(size) == len(data), name


def test_build_wheel_ships_the_simulator_and_the_lab_runner_but_not_the_site(
    archive: zipfile.ZipFile,
) -> None:
    names = set(archive.namelist())
    assert {"hvlab/__init__.py", "hvlab/sim/__init__.py", "hvlab/show.py"} <= names
    assert "hvlab/labs/runner.py" in names
    assert not [n for n in names if n.startswith(("hvlab/site/", "hvlab/commands/"))]
    assert "hvlab/cli.py" not in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_build_wheel_is_byte_for_byte_reproducible(wheel: Wheel) -> None:
    assert build_wheel().content == wheel.content


def test_wheel_never_leaves_out_the_simulator_the_runner_or_show() -> None:
    """Modules importing a third-party package are left out: never these (Pyodide needs them)."""
    package_dir = Path(hvlab.__file__).parent
    packed = set(wheel_files(package_dir))
    needed = [package_dir / "show.py", package_dir / "errors.py", package_dir / "__init__.py"]
    for folder in ("sim", "labs"):
        needed += sorted((package_dir / folder).rglob("*.py"))
    left_out = [
        f"{p.relative_to(package_dir)} imports {third_party_imports(p)}"
        for p in needed
        if "__pycache__" not in p.parts and p not in packed
    ]
    assert left_out == []


def test_third_party_imports_sees_module_level_imports_only(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "import json\nimport yaml.constructor\nfrom jsonschema import validate\n"
        "from hvlab.sim import power\nfrom . import sibling\n"
        "def lazy():\n    import numpy\n",
        encoding="utf-8",
    )
    assert third_party_imports(source) == ["yaml.constructor", "jsonschema"]


def test_write_wheel_keeps_an_identical_file_untouched(tmp_path: Path, cache: BuildCache) -> None:
    first = write_wheel(tmp_path, cache=cache)
    assert first.parent == tmp_path / WHEEL_DIR
    before = first.stat().st_mtime_ns
    second = write_wheel(tmp_path, cache=cache)
    assert second == first
    assert second.stat().st_mtime_ns == before


@pytest.mark.slow
def test_wheel_installs_with_pip_and_runs_the_simulator(tmp_path: Path, cache: BuildCache) -> None:
    wheel = write_wheel(tmp_path / "site", cache=cache)
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    probe = (
        "import hvlab, hvlab.sim, hvlab.labs.runner as r;"
        "print(hvlab.__file__);"
        "print(r.run_code('print(6 * 7)').stdout, end='')"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {probe}"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    location, output = result.stdout.splitlines()
    assert location.startswith(str(target))
    assert output == "42"


def test_wheel_packs_every_example_scenario_as_json(archive: zipfile.ZipFile) -> None:
    names = {path.stem for path in (ROOT / "labs" / "scenarios").glob("*.yaml")}
    assert names
    packed = {
        name[len("hvlab/labs/examples/") : -len(".json")]
        for name in archive.namelist()
        if name.startswith("hvlab/labs/examples/")
    }
    assert packed == names


def test_example_data_in_the_unpacked_wheel_matches_the_yaml(
    tmp_path: Path, archive: zipfile.ZipFile
) -> None:
    target = tmp_path / "unpacked"
    archive.extractall(target)
    scenarios = sorted((ROOT / "labs" / "scenarios").glob("*.yaml"))
    names = [path.stem for path in scenarios]
    # PyYAML is made unimportable: the data must come from the packed JSON, as in Pyodide.
    probe = (
        "import json, sys; sys.modules['yaml'] = None;"
        "from hvlab.labs.examples import example_data, load_example;"
        f"print(json.dumps({{n: example_data(n) for n in {names!r}}}));"
        f"[load_example(n) for n in {names!r}]"
    )
    env = {key: value for key, value in os.environ.items() if key != "HVLAB_LABS_DIR"}
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {probe}"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    found = json.loads(result.stdout)
    for path in scenarios:
        assert found[path.stem] == yaml.safe_load(path.read_text(encoding="utf-8"))
