"""How fast a lab page gets Python going, in Chromium (Playwright). Prints figures; asserts nothing.

Measured over several runs on the example lab (``tp/consolidation/``), with the site built by
``mkdocs build`` and served from this machine:

* **cold** — page load (navigation start) to the first output of a run, with an empty cache: the
  student clicks « Exécuter » as soon as the button exists, and the run waits for Python;
* **warm cache** — the same on a second visit (files in the browser's cache);
* **preloaded** — click to output when the page has been open 5 s (Python preloaded);
* **warm re-run** — click to output for the next runs on the same page;
* **bytes** — what the lab page downloads on a cold load, in total and by file.

Targets (issue 7): cold ≤ 3 s median, preloaded ≤ 0.5 s, warm ≤ 100 ms.

Usage::

    .venv/bin/python benchmarks/lab_startup.py [--runs 5] [--site DIR]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS  # noqa: E402
from tests.conftest import _Handler  # noqa: E402

LAB_PAGE = "tp/consolidation/"
CODE = "print('ok')"
TIMEOUT_MS = 120_000

# Records, in page time (ms since navigation start), when the first run output appears.
_OBSERVER = """
window.__hvlabFirstOutput = null;
new MutationObserver((records, observer) => {
  if (document.querySelector('.hvlab-lab-stdout')) {
    window.__hvlabFirstOutput = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""

# Set the code of step 1 and click « Exécuter » as soon as the lab is mounted.
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

# Click « Exécuter » now; resolve with the milliseconds until the output is shown.
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
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site = directory or Path(tmp) / "site"
        if directory is None:
            build_site(site, url)
        handler = functools.partial(_Handler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield url
        finally:
            server.shutdown()
            server.server_close()


def page_load_to_output(page: Any, url: str) -> float:
    """Navigate, click as soon as possible; ms from navigation start to the first output."""
    page.goto(url + LAB_PAGE, wait_until="commit")
    page.evaluate(_CLICK_WHEN_MOUNTED, CODE)
    page.wait_for_function("window.__hvlabFirstOutput !== null", timeout=TIMEOUT_MS)
    return float(page.evaluate("window.__hvlabFirstOutput"))


def measure(browser: Any, url: str, runs: int) -> dict[str, Any]:
    figures: dict[str, list[float]] = {"cold": [], "warm_cache": [], "preloaded": [], "rerun": []}
    ready: list[float] = []
    downloads: dict[str, int] = {}
    total_bytes: list[int] = []
    for run in range(runs):
        context = browser.new_context()
        context.add_init_script(_OBSERVER)
        finished: list[Any] = []
        context.on("requestfinished", lambda request, seen=finished: seen.append(request))
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        figures["cold"].append(page_load_to_output(page, url))
        page.wait_for_load_state("networkidle")
        sizes = {}
        for request in finished:
            size = request.sizes()
            sizes[request.url] = size["responseBodySize"] + size["responseHeadersSize"]
        total_bytes.append(sum(sizes.values()))
        if run == 0:
            downloads = sizes
        for _ in range(5):
            figures["rerun"].append(float(page.evaluate(_TIMED_RUN, CODE)))
        ready.append(float(page.evaluate("window.hvlabLab.runtime.readyMs")))

        # second visit, same context: the files come from the browser's cache
        figures["warm_cache"].append(page_load_to_output(page, url))
        page.close()

        # a fresh page of the same context, left open 5 s, then a click
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url + LAB_PAGE, wait_until="load")
        page.wait_for_selector(".hvlab-lab .cm-content")
        time.sleep(5)
        figures["preloaded"].append(float(page.evaluate(_TIMED_RUN, CODE)))
        context.close()
    return {
        "figures": figures,
        "ready": ready,
        "downloads": downloads,
        "total_bytes": total_bytes,
    }


def describe(values: list[float]) -> str:
    median = statistics.median(values)
    spread = max(values) - min(values)
    low, high = min(values), max(values)
    return f"médiane {median:8.0f} ms   min {low:7.0f}   max {high:7.0f}   écart {spread:7.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Temps de démarrage d'une page de TP (Chromium).")
    parser.add_argument("--runs", type=int, default=5, help="nombre de mesures (5 par défaut)")
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon : mkdocs build)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()[0]
    with serve(args.site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            results = measure(browser, url, args.runs)
        finally:
            browser.close()

    figures = results["figures"]
    load = f"charge moyenne {load_before:.1f} avant, {os.getloadavg()[0]:.1f} après"
    print(f"Page de TP {LAB_PAGE}, {args.runs} mesures, {os.cpu_count()} cœurs, {load}")
    targets = {"cold": 3000, "preloaded": 500, "rerun": 100, "warm_cache": None}
    labels = {
        "cold": "chargement → 1re sortie (cache vide)",
        "warm_cache": "chargement → 1re sortie (cache plein)",
        "preloaded": "clic → sortie (page ouverte 5 s)",
        "rerun": "clic → sortie (exécution suivante)",
    }
    for key in ("cold", "warm_cache", "preloaded", "rerun"):
        target = targets[key]
        verdict = ""
        if target is not None:
            ok = statistics.median(figures[key]) <= target
            verdict = f"   cible ≤ {target} ms : {'atteinte' if ok else 'MANQUÉE'}"
        print(f"  {labels[key]:40} {describe(figures[key])}{verdict}")
    print(f"  {'démarrage de Python dans le worker':40} {describe(results['ready'])}")
    total = results["total_bytes"]
    print(f"  octets téléchargés (cache vide) : {statistics.median(total) / 1e6:.2f} Mo")
    for url, size in sorted(results["downloads"].items(), key=lambda item: -item[1])[:8]:
        print(f"    {size / 1e6:6.2f} Mo  {url.rsplit('/', 1)[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
