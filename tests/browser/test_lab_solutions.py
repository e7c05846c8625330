"""Every lab of ``labs/`` works in the browser: each step's solution passes its checks there.

The same checks pass in CPython (``tests/labs``); here they run in Pyodide, through the page's
« Vérifier » button, so a lab that relies on something Pyodide lacks fails here. A lab whose page
holds a guest machine reads that machine's console: the machine is started and the commands of
the session recorded on it (``hvlab/guest/exemple-console.json``, the lab's commands) are typed
first, so its checks judge what the real guest printed.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from hvlab.guest import EXAMPLE_FILE, clean, commands
from hvlab.labs.loader import LAB_FILE, lab_folders, load_lab
from tests.browser.conftest import open_page
from tests.browser.test_guest import start, type_command
from tests.browser.test_lab import wait_checks_ready
from tests.conftest import ROOT, ServedSite

TIMEOUT_MS = 120_000
LABS = [p.name for p in lab_folders(ROOT / "labs") if (p / LAB_FILE).is_file()]


@pytest.mark.parametrize("lab_id", LABS)
def test_lab_solutions_pass_their_checks_in_the_browser(
    page: Any, served_site: ServedSite, lab_id: str
) -> None:
    page_file = served_site.directory / "tp" / lab_id / "index.html"
    if not page_file.is_file() or f'data-lab="{lab_id}"' not in page_file.read_text("utf-8"):
        pytest.fail(
            f"no page of the site embeds the lab « {lab_id} » (expected docs/tp/{lab_id}.md)"
        )
    lab = load_lab(ROOT / "labs" / lab_id)
    page.set_default_timeout(TIMEOUT_MS)
    open_page(page, served_site, f"tp/{lab_id}/")
    root = page.locator(f".hvlab-lab[data-lab='{lab_id}']").first
    root.locator(".cm-content").first.wait_for()
    wait_checks_ready(page)
    if page.locator(".hvlab-guest").count():
        start(page)
        recorded = clean(json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))["console"])
        for typed in commands(recorded):
            if typed.command:
                type_command(page, typed.command)
    for number, step in enumerate(lab.steps, start=1):
        page.evaluate(
            "([lab, n, code]) => window.hvlabLab.step(lab, n).setCode(code)",
            [lab_id, number, step.solution],
        )
        section = root.locator("section.hvlab-lab-step").nth(number - 1)
        section.get_by_role("button", name="Vérifier", exact=True).click()
        summary = section.locator(".hvlab-lab-check-summary")
        expect(summary).to_be_visible(timeout=TIMEOUT_MS)
        total = len(re.findall(r"^def check_", step.checks, flags=re.MULTILINE))
        assert summary.inner_text() == (
            f"✓ {total} vérifications sur {total} réussies : étape réussie !"
            if total > 1
            else "✓ 1 vérification sur 1 réussie : étape réussie !"
        ), f"step {number} ({step.id}): {section.locator('.hvlab-lab-checks').inner_text()}"
    expect(root.locator(".hvlab-lab-progress")).to_contain_text(
        f"{len(lab.steps)} sur {len(lab.steps)}"
    )
