"""The guest machine in Chromium (Playwright): start-up times, memory, speed. Prints figures only.

Measured on the lab page (``tp/machine-invitee/``), with the site built by ``mkdocs build`` and
served from this machine:

* **image** — the size of each file of the built image (``build/guest/manifest.json``);
* **first start** — « Démarrer » to a usable prompt with an empty browser cache (the saved state
  is downloaded), and **second start** — after « Arrêter », the same with the files cached;
* **full boot** — « Réinitialiser » to the prompt: BIOS, then Linux, as on a real PC;
* **page memory** — resident memory of Chromium's processes (browser, page, its workers) before
  the machine starts, once it runs, and after « Arrêter »;
* **loop** — ``awk`` adding 100 000 integers in the guest (``time``, real) and the same loop in
  Python on the page (Pyodide), and their ratio.

The machine is shared: the load average is printed beside the figures.

Usage::

    .venv/bin/python benchmarks/guest_boot.py [--runs 3] [--site DIR] [--no-boot]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.lab_startup import serve  # noqa: E402
from hvlab.guest import time_seconds  # noqa: E402
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS  # noqa: E402

PAGE = "tp/machine-invitee/"
TIMEOUT_MS = 600_000
LOOP = "time awk 'BEGIN { s = 0; for (i = 0; i < 100000; i++) s += i; print s }'"
PYTHON_LOOP = """
import time
debut = time.perf_counter()
s = 0
for i in range(100_000):
    s += i
time.perf_counter() - debut
"""


def load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def rss_mib() -> float:
    """Resident memory of this process's descendants (the Chromium processes), in MiB."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total_kib, todo = 0, list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"chrom" not in cmdline:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kib += int(line.split()[1])
    return total_kib / 1024


def wait_state(page: Any, state: str) -> None:
    page.wait_for_function(
        f"document.querySelector('.hvlab-guest').dataset.state === '{state}'", timeout=TIMEOUT_MS
    )


def click(page: Any, name: str) -> None:
    page.locator(".hvlab-guest").get_by_role("button", name=name, exact=True).click()


def type_command(page: Any, command: str) -> str:
    before = len(str(page.locator(".hvlab-guest-screen").text_content()))
    page.get_by_label("Commande").fill(command)
    page.get_by_label("Commande").press("Enter")
    page.wait_for_function(
        """([n]) => /\\ninvite:[^\\n]*# $/.test(
             document.querySelector('.hvlab-guest-screen').textContent.slice(n))""",
        arg=[before + len(command)],
        timeout=TIMEOUT_MS,
    )
    return str(page.locator(".hvlab-guest-screen").text_content())[before:]


def start_ms(page: Any) -> float:
    started = time.perf_counter()
    click(page, "Démarrer")
    wait_state(page, "running")
    return (time.perf_counter() - started) * 1000


def run(browser: Any, url: str, boot: bool) -> dict[str, Any]:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(url + PAGE, wait_until="load")
    page.wait_for_selector(".hvlab-guest-start")
    page.wait_for_function(
        "window.hvlabLab && window.hvlabLab.runtime.state === 'ready'", timeout=TIMEOUT_MS
    )
    figures: dict[str, Any] = {"rss_before_mib": rss_mib()}
    figures["first_start_ms"] = start_ms(page)
    type_command(page, "uname -r")
    figures["rss_running_mib"] = rss_mib()
    guest = time_seconds(type_command(page, LOOP))
    python = float(page.evaluate("code => window.hvlabLab.runtime.evaluate(code)", PYTHON_LOOP))
    figures.update(loop_guest_s=guest, loop_python_s=python)
    click(page, "Arrêter")
    wait_state(page, "off")
    page.wait_for_timeout(2000)
    figures["rss_stopped_mib"] = rss_mib()
    figures["second_start_ms"] = start_ms(page)
    if boot:
        started = time.perf_counter()
        click(page, "Réinitialiser")
        wait_state(page, "running")
        figures["full_boot_ms"] = (time.perf_counter() - started) * 1000
    context.close()
    return figures


def describe(measured: list[float | None], unit: str, scale: float = 1.0) -> str:
    values = [v * scale for v in measured if v is not None]
    if not values:
        return "—"
    shown = ", ".join(f"{v:.2f}" for v in values)
    return f"médiane {statistics.median(values):.2f} {unit} ({shown})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon : mkdocs build)")
    parser.add_argument("--no-boot", action="store_true", help="sans démarrage complet")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    manifest = json.loads((ROOT / "build" / "guest" / "manifest.json").read_text())
    print(f"Image {manifest['key'][:16]} (v86 {manifest['v86']}) :")
    for role, item in manifest["files"].items():
        print(f"  {role:9} {item['name']:18} {item['bytes'] / 1e6:6.2f} Mo")
    print(f"  démarrage à froid à la construction (Node) : {manifest['cold_boot_s']} s")
    print(f"Charge de la machine avant : {load()}")
    results = []
    with serve(args.site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for number in range(args.runs):
            results.append(run(browser, url, boot=not args.no_boot and number == 0))
            print(f"  essai {number + 1} : {results[-1]} (charge {load()})", flush=True)
        browser.close()

    def pick(key: str) -> list[float | None]:
        return [r.get(key) for r in results]

    print(f"Premier démarrage (cache vide) : {describe(pick('first_start_ms'), 's', 1e-3)}")
    print(f"Second démarrage (en cache)   : {describe(pick('second_start_ms'), 's', 1e-3)}")
    print(f"Démarrage complet             : {describe(pick('full_boot_ms'), 's', 1e-3)}")
    print(
        "Mémoire de Chromium           : "
        f"avant {describe(pick('rss_before_mib'), 'Mio')} ; "
        f"machine en marche {describe(pick('rss_running_mib'), 'Mio')} ; "
        f"arrêtée {describe(pick('rss_stopped_mib'), 'Mio')}"
    )
    print(f"Boucle awk dans l'invité      : {describe(pick('loop_guest_s'), 's')}")
    print(f"Même boucle en Python (page)  : {describe(pick('loop_python_s'), 's')}")
    ratios: list[float | None] = [
        g / p if g is not None and p else None
        for g, p in zip(pick("loop_guest_s"), pick("loop_python_s"), strict=True)
    ]
    print(f"Rapport                       : {describe(ratios, '×')}")
    print(f"Charge de la machine après : {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
