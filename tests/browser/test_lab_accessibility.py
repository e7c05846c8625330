"""axe-core finds no accessibility violation in a lab, with its results shown, in both palettes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from hvlab.labs.loader import load_lab
from tests.browser.conftest import open_page
from tests.browser.test_lab import wait_checks_ready
from tests.conftest import ROOT, ServedSite, require

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT_MS = 90_000

_AXE_RUN = """
async () => {
  const result = await axe.run(document.querySelector('.hvlab-lab'), {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
}
"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_lab_has_no_axe_violation(page: Any, served_site: ServedSite, scheme: str) -> None:
    require(AXE.is_file(), f"axe-core not installed ({AXE}); run « npm ci »")
    lab = load_lab(ROOT / "labs" / "consolidation")
    page.set_default_timeout(TIMEOUT_MS)
    open_page(page, served_site, "tp/consolidation/")
    page.locator("section.hvlab-lab-step .cm-content").first.wait_for()
    last = len(lab.steps)
    # results of every kind on the page: checks, stdout, a chart, a diagram, a hint, a solution
    page.evaluate(
        "([n, code]) => window.hvlabLab.step('consolidation', n).setCode(code)",
        [last, lab.steps[-1].solution],
    )
    section = page.locator("section.hvlab-lab-step").nth(last - 1)
    wait_checks_ready(page)
    section.get_by_role("button", name="Vérifier", exact=True).click()
    expect(section.locator(".hvlab-lab-check-summary")).to_contain_text("✓", timeout=TIMEOUT_MS)
    expect(section.locator(".hvlab-lab-chart svg").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(section.locator(".hvlab-lab-diagram svg")).to_be_visible(timeout=TIMEOUT_MS)
    section.get_by_role("button", name="Voir la solution", exact=True).click()
    first = page.locator("section.hvlab-lab-step").first
    first.get_by_role("button", name="Indice", exact=True).click()
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.wait_for_timeout(500)  # charts redraw for the palette
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(_AXE_RUN) == []
    # a diagram wider than the column scrolls sideways: the keyboard reaches and scrolls it
    diagram = section.locator("figure.hvlab-lab-display--mermaid")
    if diagram.evaluate("f => f.scrollWidth > f.clientWidth + 1"):
        expect(diagram).to_have_attribute("tabindex", "0")
        expect(diagram).to_have_accessible_name(re.compile(r"^Schéma.*défiler horizontalement$"))
        diagram.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('figure.hvlab-lab-display--mermaid').scrollLeft > 0"
        )
