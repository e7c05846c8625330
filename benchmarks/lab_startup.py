"""How fast a lab page gets Python going, beside a bare Pyodide, in Chromium. Prints figures only.

In the same run and alternating (bare, lab, bare, lab…), on the site built by ``mkdocs build`` and
served from this machine:

* **bare cold** — a page holding nothing but a module worker that loads the site's own Pyodide and
  prints one line: navigation start → that line received, fresh browser context;
* **bare second visit** — the same in a new tab of the same context (browser caches kept);
* **lab cold** — the lab page (``tp/consolidation/``): navigation start → first output of step 1's
  starter, « Exécuter » clicked as soon as it exists, fresh context;
* **lab second visit** — the same in a new tab of the same context (service worker and caches);
* **after « Arrêter »** — on a ready lab page, an endless loop is stopped, then « Exécuter »:
  click → first output.

Goals (issue 14): lab cold ≤ 0.8 × bare cold; lab second visit ≤ 1 s; after « Arrêter » ≤ 1 s.
The machine is shared: the load average is printed beside the figures.

Usage::

    .venv/bin/python benchmarks/lab_startup.py [--runs 5] [--site DIR]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS  # noqa: E402
from tests.conftest import _Handler  # noqa: E402

LAB_PAGE = "tp/consolidation/"
BARE_PAGE = "__bare__/index.html"
TIMEOUT_MS = 180_000

_BARE_HTML = """<!doctype html><meta charset="utf-8"><title>Pyodide seul</title>
<script>
window.__firstOutput = null;
const worker = new Worker("worker.js", { type: "module" });
worker.onmessage = () => { window.__firstOutput = performance.now(); };
</script>
"""
_BARE_WORKER = """import { loadPyodide } from "../assets/vendor/pyodide/pyodide.mjs";
const pyodide = await loadPyodide({
  indexURL: new URL("../assets/vendor/pyodide/", import.meta.url).href,
  stdout: (line) => postMessage(line),
});
pyodide.runPython("print('ok')");
"""

# Records, in page time (ms since navigation start), when the first run output appears.
_OBSERVER = """
window.__firstOutput = null;
new MutationObserver((records, observer) => {
  if (document.querySelector('.hvlab-lab-stdout')) {
    window.__firstOutput = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""

# Put step 1's starter in its editor and click « Exécuter » as soon as the lab is mounted.
_CLICK_WHEN_MOUNTED = """
code => new Promise(resolve => {
  const go = () => {
    const step = window.hvlabLab && window.hvlabLab.step('consolidation', 1);
    const button = document.querySelector('.hvlab-lab-button-run');
    if (!step || !button) return requestAnimationFrame(go);
    step.setCode(code);
    button.click();
    resolve(performance.now());
  };
  go();
})
"""

# Click « Exécuter » now; resolve with the milliseconds until an output is shown.
_TIMED_RUN = """
code => new Promise(resolve => {
  const section = document.querySelector('section.hvlab-lab-step');
  const output = section.querySelector('.hvlab-lab-output');
  window.hvlabLab.step('consolidation', 1).setCode(code);
  const observer = new MutationObserver(() => {
    if (output.querySelector('.hvlab-lab-stdout')) {
      observer.disconnect();
      resolve(performance.now() - start);
    }
  });
  observer.observe(output, {childList: true, subtree: true});
  const start = performance.now();
  section.querySelector('.hvlab-lab-button-run').click();
})
"""

# Start an endless loop, stop it once it runs; resolve when the stop is shown.
_STOP_A_LOOP = """
() => new Promise(resolve => {
  const section = document.querySelector('section.hvlab-lab-step');
  window.hvlabLab.step('consolidation', 1).setCode('while True:\\n    pass\\n');
  section.querySelector('.hvlab-lab-button-run').click();
  const stop = section.querySelector('.hvlab-lab-button-stop');
  const wait = () => {
    if (!window.hvlabLab.runtime.pending || !window.hvlabLab.runtime.pending.startedAt) {
      return setTimeout(wait, 20);
    }
    setTimeout(() => {
      stop.click();
      const status = section.querySelector('.hvlab-lab-status');
      const done = () =>
        status.textContent === 'Exécution arrêtée.' ? resolve() : setTimeout(done, 20);
      done();
    }, 200);
  };
  wait();
})
"""


def build_site(directory: Path, url: str) -> None:
    env = {**os.environ, "HVLAB_SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(directory)],
        cwd=ROOT,
        env=env,
        check=True,
    )


@contextmanager
def serve(directory: Path | None) -> Iterator[str]:
    """Serve a copy of ``directory`` (or a fresh build) with the bare Pyodide page; its URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if directory is None:
            build_site(site, url)
        else:
            shutil.copytree(directory, site)
        bare = site / "__bare__"
        bare.mkdir()
        (bare / "index.html").write_text(_BARE_HTML, encoding="utf-8")
        (bare / "worker.js").write_text(_BARE_WORKER, encoding="utf-8")
        handler = functools.partial(_Handler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield url
        finally:
            server.shutdown()
            server.server_close()


def bare_start(context: Any, url: str) -> float:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url + BARE_PAGE, wait_until="commit")
    page.wait_for_function("window.__firstOutput !== null", timeout=TIMEOUT_MS)
    value = float(page.evaluate("window.__firstOutput"))
    page.close()
    return value


def lab_start(context: Any, url: str, starter: str, *, keep: bool = False) -> tuple[float, Any]:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url + LAB_PAGE, wait_until="commit")
    page.evaluate(_CLICK_WHEN_MOUNTED, starter)
    page.wait_for_function("window.__firstOutput !== null", timeout=TIMEOUT_MS)
    value = float(page.evaluate("window.__firstOutput"))
    if not keep:
        page.wait_for_timeout(1000)  # let the service worker keep what the page fetched
        page.close()
        return value, None
    return value, page


def measure(browser: Any, url: str, runs: int, starter: str) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {
        "bare_cold": [],
        "bare_second": [],
        "lab_cold": [],
        "lab_second": [],
        "after_stop": [],
    }
    snapshot: list[bool] = []
    for _ in range(runs):
        context = browser.new_context()
        figures["bare_cold"].append(bare_start(context, url))
        figures["bare_second"].append(bare_start(context, url))
        context.close()

        context = browser.new_context()
        context.add_init_script(_OBSERVER)
        value, _ = lab_start(context, url, starter)
        figures["lab_cold"].append(value)
        value, page = lab_start(context, url, starter, keep=True)
        figures["lab_second"].append(value)
        snapshot.append(bool(page.evaluate("window.hvlabLab.runtime.readyPhases.snapshot")))
        page.wait_for_selector(".hvlab-lab[data-runtime=ready]")
        page.evaluate(_STOP_A_LOOP)
        figures["after_stop"].append(float(page.evaluate(_TIMED_RUN, starter)))
        context.close()
    figures["snapshot_used"] = [float(s) for s in snapshot]
    return figures


def describe(values: list[float]) -> str:
    median = statistics.median(values)
    return f"médiane {median:7.0f} ms   min {min(values):7.0f}   max {max(values):7.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Démarrage d'une page de TP et de Pyodide seul.")
    parser.add_argument("--runs", type=int, default=5, help="nombre de mesures (5 par défaut)")
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon : mkdocs build)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from hvlab.labs.loader import load_lab

    starter = load_lab(ROOT / "labs" / "consolidation").steps[0].starter
    load_before = os.getloadavg()
    with serve(args.site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            figures = measure(browser, url, args.runs, starter)
        finally:
            browser.close()
    load_after = os.getloadavg()

    before = "/".join(f"{x:.1f}" for x in load_before)
    after_load = "/".join(f"{x:.1f}" for x in load_after)
    print(
        f"Page {LAB_PAGE} et Pyodide seul, {args.runs} mesures alternées, {os.cpu_count()} cœurs, "
        f"charge (1/5/15 min) {before} avant, {after_load} après"
    )
    labels = {
        "bare_cold": "Pyodide seul, 1re visite",
        "bare_second": "Pyodide seul, 2e visite",
        "lab_cold": "TP : navigation → 1re sortie, 1re visite",
        "lab_second": "TP : navigation → 1re sortie, 2e visite",
        "after_stop": "TP : clic → sortie, après « Arrêter »",
    }
    for key, label in labels.items():
        print(f"  {label:44} {describe(figures[key])}")
    ratio = statistics.median(figures["lab_cold"]) / statistics.median(figures["bare_cold"])
    second = statistics.median(figures["lab_second"])
    after = statistics.median(figures["after_stop"])
    used = sum(figures["snapshot_used"])
    print(f"  instantané de Python utilisé : {used:.0f} fois sur {len(figures['snapshot_used'])}")
    print("Objectifs :")
    for label, value, ok in (
        ("TP 1re visite ≤ 0,8 × Pyodide seul", f"{ratio:.2f} ×", ratio <= 0.8),
        ("TP 2e visite ≤ 1 000 ms", f"{second:.0f} ms", second <= 1000),
        ("après « Arrêter » ≤ 1 000 ms", f"{after:.0f} ms", after <= 1000),
    ):
        print(f"  {label} : {value} ({'atteint' if ok else 'MANQUÉ'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
