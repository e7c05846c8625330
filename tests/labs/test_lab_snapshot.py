"""The Python snapshot of the lab workers: made at build time, loadable, optional."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from hvlab.site.cache import BuildCache
from hvlab.site.embed import EmbedContext
from hvlab.site.lab_build import finish_labs
from hvlab.site.lab_fence import SOLUTIONS_DIR
from hvlab.site.lab_offline import SERVICE_WORKER
from hvlab.site.lab_snapshot import MANIFEST, SNAPSHOT_VARIABLE, write_snapshot
from hvlab.site.wheel import WHEEL_DIR, write_wheel
from tests.conftest import ROOT, require

NODE_MODULES = ROOT / "node_modules"


def test_without_a_snapshot_the_manifest_still_names_the_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SNAPSHOT_VARIABLE, "0")
    wheel = write_wheel(tmp_path)
    assert write_snapshot(tmp_path, wheel, NODE_MODULES) is None
    manifest = json.loads((tmp_path / WHEEL_DIR / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["wheel"] == wheel.name
    assert "snapshot" not in manifest
    assert len(manifest["wheel_sha256"]) == 64


def test_finishing_the_labs_writes_manifest_service_worker_and_solutions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What both the MkDocs plugin and « python -m hvlab.site » (after Zensical) call.
    monkeypatch.setenv(SNAPSHOT_VARIABLE, "0")
    wheel = write_wheel(tmp_path)
    done = finish_labs(
        tmp_path, wheel=wheel, node_modules=NODE_MODULES, context=EmbedContext(root=ROOT)
    )
    assert done.snapshot is None
    assert (tmp_path / WHEEL_DIR / MANIFEST).is_file()
    assert (tmp_path / SERVICE_WORKER).read_text(encoding="utf-8").strip()
    solutions = list((tmp_path / SOLUTIONS_DIR).rglob("*.json"))
    assert len(solutions) == done.solutions >= 10
    assert all("solution" in json.loads(p.read_text(encoding="utf-8")) for p in solutions)


@pytest.mark.slow
def test_the_snapshot_loads_in_pyodide_and_runs_a_students_code(tmp_path: Path) -> None:
    require(shutil.which("node") is not None, "Node is not installed")
    require((NODE_MODULES / "pyodide" / "pyodide.mjs").is_file(), "npm ci has not been run")
    wheel = write_wheel(tmp_path)
    cache = BuildCache(tmp_path / "cache", code="test")
    snapshot = write_snapshot(tmp_path, wheel, NODE_MODULES, cache=cache)
    assert snapshot is not None and snapshot.name.endswith(".snapshot.gz")
    manifest = json.loads((tmp_path / WHEEL_DIR / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["snapshot"] == snapshot.name
    # A second build with the same wheel takes it from the cache (same name, nothing made).
    assert write_snapshot(tmp_path, wheel, NODE_MODULES, cache=cache) == snapshot
    assert cache.computed == 1
    script = tmp_path / "load.mjs"
    script.write_text(
        f"""
import {{ loadPyodide }} from {json.dumps(str(NODE_MODULES / "pyodide" / "pyodide.mjs"))};
import {{ readFileSync }} from "node:fs";
import {{ gunzipSync }} from "node:zlib";
const snapshot = new Uint8Array(gunzipSync(readFileSync({json.dumps(str(snapshot))})));
const py = await loadPyodide({{
  indexURL: {json.dumps(str(NODE_MODULES / "pyodide") + "/")},
  _loadSnapshot: snapshot,
}});
const loaded = py.runPython("import sys; 'hvlab.sim' in sys.modules");
const site = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
py.unpackArchive(new Uint8Array(readFileSync({json.dumps(str(wheel))})), "wheel", {{
  extractDir: site,
}});
const worker = py.pyimport("hvlab.labs.worker");
console.log(JSON.stringify({{ loaded, run: JSON.parse(worker.run("print(6 * 7)", undefined)) }}));
""",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["node", str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["loaded"] is True  # imported before the snapshot, not after
    assert result["run"]["stdout"] == "42\n"
