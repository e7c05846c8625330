"""Every chart and diagram a student sees can be read: in every lab, and in the chapters.

For each lab, every step's solution is run in the page (« Exécuter »), then every figure of the
output is measured as the student sees it: on screen, at least 200 px wide, a chart's plot at
least 100 px wide, no text under 10 px (font size times the scale the figure is drawn at),
nothing spilling out of the page sideways, and French numbers on the charts' axes. One page load
per lab: the page opens at 1366 px in the light palette, and is measured there, in the dark
palette, then at 390 px (a phone) in both; charts are drawn again at each change (their box's
width, the palette), which the test waits for.

Screenshots of the figures (1366 px light, 390 px dark) are kept in
``build/test-artifacts/figures/`` for a person to look at.

The chapters' diagrams (drawn by Material into a closed shadow root, opened here by an init
script for the measurement only) are measured on every page that has one, at 1366 px in the
light palette and 390 px in the dark one, with the contrast of each box's text with the box.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from hvlab.labs.loader import LAB_FILE, lab_folders, load_lab
from tests.browser.conftest import PageWatch
from tests.conftest import ROOT, ServedSite

TIMEOUT_MS = 180_000
LABS = [p.name for p in lab_folders(ROOT / "labs") if (p / LAB_FILE).is_file()]
SHOTS = ROOT / "build" / "test-artifacts" / "figures"
MIN_WIDTH_PX = 200
MIN_TEXT_PX = 10
#: Contrast of a diagram box's text with the box (WCAG 2 AA for normal text).
MIN_CONTRAST = 4.5
#: Narrowest plot area (the x axis), so that a legend or labels cannot crush the data.
MIN_PLOT_PX = 100
#: (viewport width, palette), in the order they are measured on one page load.
CONFIGURATIONS = ((1366, "light"), (1366, "dark"), (390, "dark"), (390, "light"))
#: Where screenshots of the figures are taken.
SCREENSHOTS = ((1366, "light"), (390, "dark"))
#: A number written the English way: 1,000 or 2.5.
_ENGLISH_NUMBER = re.compile(r"^[-−]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$|^[-−]?\d+\.\d+$")

# Every figure of the page with what a reader gets from it. The font size of a text is its
# computed size times the scale its SVG is drawn at (drawn width / viewBox width).
_MEASURE = """() => {
  const figures = [];
  const all = document.querySelectorAll(
    '.hvlab-lab-display .hvlab-lab-chart, .hvlab-lab-display .hvlab-lab-diagram');
  for (const figure of all) {
    const step = figure.closest('section.hvlab-lab-step');
    const display = figure.closest('.hvlab-lab-display');
    const svg = figure.querySelector('svg');
    const entry = {
      kind: figure.classList.contains('hvlab-lab-chart') ? 'chart' : 'diagram',
      step: step ? Number(step.dataset.stepNumber) : 0,
      title: (display.querySelector('figcaption') || {}).textContent
        || figure.getAttribute('aria-label') || '',
      error: (display.querySelector('.hvlab-lab-error') || {}).textContent || '',
      width: 0, height: 0, visible: false, smallTexts: [], axisLabels: [], fontPx: null,
      plotWidth: null,
    };
    if (svg) {
      const box = svg.getBoundingClientRect();
      entry.width = Math.round(box.width);
      entry.height = Math.round(box.height);
      const viewBox = svg.viewBox && svg.viewBox.baseVal;
      const scale = viewBox && viewBox.width ? box.width / viewBox.width : 1;
      const style = getComputedStyle(display);
      entry.visible = box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
      let smallest = Infinity;
      for (const node of svg.querySelectorAll('text, foreignObject *')) {
        const own = Array.from(node.childNodes).some(c => c.nodeType === 3 && c.textContent.trim());
        if (!own) continue;
        const px = parseFloat(getComputedStyle(node).fontSize) * scale;
        smallest = Math.min(smallest, px);
        const text = node.textContent.trim().slice(0, 40);
        if (px < %(min_text)s) entry.smallTexts.push(`${text} (${px.toFixed(1)} px)`);
      }
      entry.fontPx = smallest === Infinity ? null : Math.round(smallest * 10) / 10;
      for (const domain of svg.querySelectorAll('.role-axis-domain')) {
        const wide = Math.round(domain.getBoundingClientRect().width);
        entry.plotWidth = Math.max(entry.plotWidth || 0, wide);
      }
      for (const label of svg.querySelectorAll('.role-axis-label text')) {
        entry.axisLabels.push(label.textContent);
      }
    }
    figures.push(entry);
  }
  return {
    figures,
    pageWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
  };
}""" % {"min_text": MIN_TEXT_PX}  # noqa: UP031 - braces of the JavaScript

# Resolves once the step's run is over and each of its figures is drawn (or failed).
_SETTLED = """(section) => {
  const stop = section.querySelector('.hvlab-lab-button-stop');
  if (!stop || !stop.disabled) return false;
  const output = section.querySelector('.hvlab-lab-output');
  if (!output || output.hidden) return false;
  for (const figure of output.querySelectorAll('.hvlab-lab-chart, .hvlab-lab-diagram')) {
    if (!('rendered' in figure.dataset) && !figure.querySelector('.hvlab-lab-error')) return false;
  }
  return true;
}"""

# Resolves once every chart is drawn in the palette `theme` at the width its box now has.
_REDRAWN = """([theme, viewport]) => window.innerWidth === viewport
  && Array.from(document.querySelectorAll('.hvlab-lab-chart')).every(chart =>
    'rendered' in chart.dataset && chart.dataset.theme === theme
    && Math.abs(Number(chart.dataset.width) - chart.getBoundingClientRect().width) < 8)"""


def _problems(measured: dict[str, Any], where: str) -> list[str]:
    problems = []
    if measured["pageWidth"] > measured["viewportWidth"] + 1:
        problems.append(
            f"{where}: the page is {measured['pageWidth']} px wide in a "
            f"{measured['viewportWidth']} px window (a figure spills out sideways)"
        )
    for figure in measured["figures"]:
        name = f"{where}, step {figure['step']}, {figure['kind']} « {figure['title'][:50]} »"
        if figure["error"]:
            problems.append(f"{name}: {figure['error']}")
        elif not figure["visible"]:
            problems.append(f"{name}: not drawn on screen ({figure['width']} × {figure['height']})")
        elif figure["width"] < MIN_WIDTH_PX:
            problems.append(f"{name}: {figure['width']} px wide (< {MIN_WIDTH_PX})")
        if figure["plotWidth"] is not None and figure["plotWidth"] < MIN_PLOT_PX:
            problems.append(f"{name}: a plot {figure['plotWidth']} px wide (< {MIN_PLOT_PX})")
        if figure["smallTexts"]:
            problems.append(f"{name}: text under {MIN_TEXT_PX} px: {figure['smallTexts'][:5]}")
        english = [t for t in figure["axisLabels"] if _ENGLISH_NUMBER.match(t.strip())]
        if english:
            problems.append(f"{name}: numbers written the English way on an axis: {english[:5]}")
    return problems


def _run_every_solution(page: Any, lab_id: str) -> int:
    lab = load_lab(ROOT / "labs" / lab_id)
    root = page.locator(f".hvlab-lab[data-lab='{lab_id}']").first
    root.locator(".cm-content").first.wait_for()
    for number, step in enumerate(lab.steps, start=1):
        page.evaluate(
            "([lab, n, code]) => window.hvlabLab.step(lab, n).setCode(code)",
            [lab_id, number, step.solution],
        )
        section = root.locator("section.hvlab-lab-step").nth(number - 1)
        section.get_by_role("button", name="Exécuter", exact=True).click()
        page.wait_for_function(_SETTLED, arg=section.element_handle(), timeout=TIMEOUT_MS)
    return len(lab.steps)


def _screenshots(page: Any, lab_id: str, label: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for index, display in enumerate(page.locator(".hvlab-lab-display").all(), start=1):
        kind = display.get_attribute("class") or ""
        if "vega-lite" in kind or "mermaid" in kind:
            display.scroll_into_view_if_needed()
            display.screenshot(path=str(SHOTS / f"{lab_id}-{index:02d}-{label}.png"))


@pytest.mark.slow
@pytest.mark.parametrize("lab_id", LABS)
def test_every_lab_figure_is_readable_at_both_widths_in_both_palettes(
    context: Any, watch: PageWatch, served_site: ServedSite, lab_id: str
) -> None:
    warnings: list[str] = []
    problems: list[str] = []
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    width, scheme = CONFIGURATIONS[0]
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{served_site.url}tp/{lab_id}/", wait_until="load")
    _run_every_solution(page, lab_id)
    for width, scheme in CONFIGURATIONS:
        page.set_viewport_size({"width": width, "height": 900})
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function(_REDRAWN, arg=[scheme, width], timeout=TIMEOUT_MS)
        measured = page.evaluate(_MEASURE)
        problems += _problems(measured, f"{lab_id} at {width} px, {scheme}")
        if (width, scheme) in SCREENSHOTS:
            _screenshots(page, lab_id, f"{width}-{scheme}")
    page.close()
    vega_warnings = [w for w in warnings if w.startswith("WARN") or "Dropping" in w]
    assert not vega_warnings, f"Vega-Lite warnings: {vega_warnings}"
    assert not problems, "\n".join(problems)
    assert not watch.foreign_requests, f"requests to another host: {watch.foreign_requests}"
    assert not watch.page_errors, f"uncaught errors in the page: {watch.page_errors}"
    assert not watch.console_errors, f"console errors: {watch.console_errors}"


# Material draws a chapter's diagrams in a closed shadow root; open it to measure what is inside.
_OPEN_SHADOWS = """(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, {...init, mode: 'open'});
  };
})();"""

_MEASURE_CHAPTER_DIAGRAMS = r"""() => Array.from(document.querySelectorAll('div.mermaid'))
.map((host, index) => {
  const svg = host.shadowRoot && host.shadowRoot.querySelector('svg');
  if (!svg) return {index, drawn: false};
  const box = svg.getBoundingClientRect();
  const viewBox = svg.viewBox && svg.viewBox.baseVal;
  const scale = viewBox && viewBox.width ? box.width / viewBox.width : 1;
  let smallest = Infinity;
  for (const node of svg.querySelectorAll('text, foreignObject *')) {
    const own = Array.from(node.childNodes).some(c => c.nodeType === 3 && c.textContent.trim());
    if (own) smallest = Math.min(smallest, parseFloat(getComputedStyle(node).fontSize) * scale);
  }
  const fontPx = smallest === Infinity ? null : Math.round(smallest * 10) / 10;
  // The contrast of each box's text with the box's fill (WCAG 2 ratio; a translucent colour is
  // laid over what is beneath it: the page for a fill, the fill for a text).
  const rgba = (css) => {
    const m = /^rgba?\(([^)]+)\)$/.exec(css.trim());
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3]));
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map(c => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const body = rgba(getComputedStyle(document.body).backgroundColor) || [255, 255, 255, 1];
  const page = over(body, [255, 255, 255]);
  const boxes = [];
  for (const node of svg.querySelectorAll('g.node')) {
    const shape = node.querySelector(
      ':scope > rect, :scope > polygon, :scope > path, :scope > circle');
    const fill = shape && rgba(getComputedStyle(shape).fill);
    if (!fill) continue;
    const background = over(fill, page);
    for (const text of node.querySelectorAll('.nodeLabel, .nodeLabel *, text, tspan')) {
      const own = Array.from(text.childNodes).some(c => c.nodeType === 3 && c.textContent.trim());
      const colour = own && rgba(getComputedStyle(text).color);
      if (!colour) continue;
      const [a, b] = [luminance(over(colour, background)), luminance(background)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const label = text.textContent.trim().slice(0, 40);
      boxes.push({text: label, ratio: Math.round(ratio * 100) / 100});
      break;
    }
  }
  return {index, drawn: true, width: Math.round(box.width), fontPx, boxes};
})"""


_DRAWN_CHAPTER_DIAGRAMS = """n => Array.from(document.querySelectorAll('div.mermaid'))
  .filter(host => host.shadowRoot && host.shadowRoot.querySelector('svg')).length >= n"""


def _pages_with_diagrams(site: Path) -> list[str]:
    pages = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        if relative.startswith("assets") or 'class="mermaid"' not in html.read_text("utf-8"):
            continue
        pages.append("" if relative == "." else relative + "/")
    return pages


@pytest.mark.parametrize(("width", "scheme"), [(1366, "light"), (390, "dark")])
def test_chapter_diagrams_are_readable_and_stay_in_the_page(
    context: Any, served_site: ServedSite, width: int, scheme: str
) -> None:
    pages = _pages_with_diagrams(served_site.directory)
    assert "" in pages, "the home page has its course overview diagram"
    context.add_init_script(_OPEN_SHADOWS)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    problems = []
    for path in pages:
        page.goto(served_site.url + path, wait_until="load")
        expected = len(
            re.findall(
                r'class="mermaid"', (served_site.directory / path / "index.html").read_text("utf-8")
            )
        )
        page.wait_for_function(
            _DRAWN_CHAPTER_DIAGRAMS,
            arg=expected,
            timeout=TIMEOUT_MS,
        )
        for diagram in page.evaluate(_MEASURE_CHAPTER_DIAGRAMS):
            name = f"/{path} at {width} px, {scheme}, diagram {diagram['index'] + 1}"
            if diagram["width"] < MIN_WIDTH_PX:
                problems.append(f"{name}: {diagram['width']} px wide")
            if diagram["fontPx"] is not None and diagram["fontPx"] < MIN_TEXT_PX:
                problems.append(f"{name}: text of {diagram['fontPx']} px")
            problems += [
                f"{name}: « {box['text']} » at a contrast of {box['ratio']}:1 with its box"
                for box in diagram["boxes"]
                if box["ratio"] < MIN_CONTRAST
            ]
        page_width = page.evaluate("document.documentElement.scrollWidth")
        if page_width > width + 1:
            problems.append(f"/{path} at {width} px: the page is {page_width} px wide")
    page.close()
    assert not problems, "\n".join(problems)
