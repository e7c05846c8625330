"""Every page of the built site in Chromium: no console error, no request to another host, every
Mermaid diagram parses, and axe-core (self-hosted from node_modules) finds no serious or critical
accessibility violation, in the light palette and again in the dark one (slate) after the page
switches to it as it does for a reader whose system is dark.

One browser context serves the whole walk (about a second per page); each page is its own test so
that a failure names the page.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest

from tests.conftest import ROOT, ServedSite, require

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DOCS = ROOT / "docs"
_BLOCKING_IMPACTS = ("serious", "critical")
_SETTLE_MS = 2_000
# (prefers-color-scheme, the Material palette it selects): the site's palette follows the system.
_PALETTES = (("light", "default"), ("dark", "slate"))


def page_paths() -> list[str]:
    """URL paths of the site's pages, from the Markdown sources (``use_directory_urls``)."""
    paths = []
    for source in sorted(DOCS.rglob("*.md")):
        relative = source.relative_to(DOCS).as_posix()
        if relative.startswith("includes/"):
            continue
        stem = relative[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            paths.append(stem[: -len("index")])
        else:
            paths.append(stem + "/")
    return paths


class _MermaidSources(HTMLParser):
    """Collect the text of ``<pre class="mermaid">`` blocks of a built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._depth = 0
        self._current: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth:
            self._depth += 1
        elif tag == "pre" and "mermaid" in (dict(attrs).get("class") or "").split():
            self._depth = 1
            self._current = []

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
            if not self._depth:
                self.sources.append("".join(self._current))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._current.append(data)


def mermaid_sources(html: str) -> list[str]:
    parser = _MermaidSources()
    parser.feed(html)
    return parser.sources


@dataclass
class _Walk:
    """The shared page and what it did since the last :meth:`reset`."""

    page: Any
    origin: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.foreign_requests.clear()
        self.console_errors.clear()


@pytest.fixture(scope="module")
def walk(browser: Any, served_site: ServedSite) -> Iterator[_Walk]:
    require(AXE.is_file(), f"axe-core not found at {AXE} (npm ci installs it)")
    context = browser.new_context(locale="fr-FR", color_scheme="light")
    state = _Walk(page=None, origin=served_site.url.rstrip("/"))

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(state.origin) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            state.foreign_requests.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: state.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: state.console_errors.append(f"uncaught: {exc}"))
    state.page = page
    yield state
    context.close()


def _format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        impact, rule = violation["impact"], violation["id"]
        lines.append(f"- [{impact}] {rule}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"      {node.get('html', '')[:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more element(s)")
    return "\n".join(lines)


def _without_known_false_positives(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop the one finding axe-core gets wrong on this site.

    CodeMirror's ``.cm-scroller`` holds the editor's ``contenteditable`` content, which keyboard
    users focus (Tab) and scroll with the caret; axe-core does not count ``contenteditable`` as
    focusable and reports the scroller under ``scrollable-region-focusable``.
    """
    kept = []
    for violation in violations:
        nodes = violation["nodes"]
        if violation["id"] == "scrollable-region-focusable":
            nodes = [
                node
                for node in nodes
                if not str((node.get("target") or [""])[-1]).endswith(".cm-scroller")
            ]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


_PALETTE_SETTLED = """scheme => document.body.getAttribute('data-md-color-scheme') === scheme
  && document.getAnimations().every(animation => !(animation instanceof CSSTransition))"""

_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations;
}"""

_PARSE_DIAGRAMS = """async (sources) => {
  const mermaid = window.mermaid.load ? await window.mermaid.load() : window.mermaid;
  const problems = [];
  for (const [index, source] of sources.entries()) {
    try { await mermaid.parse(source); }
    catch (error) { problems.push(`diagram ${index + 1}: ${String(error.message || error)}`); }
  }
  return problems;
}"""


@pytest.mark.parametrize("path", page_paths())
def test_page_loads_cleanly_and_passes_axe(walk: _Walk, served_site: ServedSite, path: str) -> None:
    html_file = served_site.directory / path / "index.html"
    assert html_file.is_file(), f"{path}: not built ({html_file})"
    walk.reset()
    page = walk.page
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.emulate_media(color_scheme=_PALETTES[0][0])
    page.goto(served_site.url + path, wait_until="load")
    # A lab page preloads Python (13 MB) in the background; the labs' own tests cover that part.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=_SETTLE_MS)

    sources = mermaid_sources(html_file.read_text(encoding="utf-8"))
    diagram_problems: list[str] = []
    if sources:
        page.wait_for_function(
            "n => document.querySelectorAll('div.mermaid').length >= n", arg=len(sources)
        )
        diagram_problems = page.evaluate(_PARSE_DIAGRAMS, sources)

    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    blocking: dict[str, list[dict[str, Any]]] = {}
    for media, scheme in _PALETTES:
        page.emulate_media(color_scheme=media)
        # axe reads computed colours: wait for the palette's colour transitions to end
        page.wait_for_function(_PALETTE_SETTLED, arg=scheme)
        results = page.evaluate(_AXE_RUN)
        found = _without_known_false_positives(
            [v for v in results if v.get("impact") in _BLOCKING_IMPACTS]
        )
        if found:
            blocking[scheme] = found

    problems = []
    if walk.foreign_requests:
        problems.append(f"requests to another host: {walk.foreign_requests}")
    if walk.console_errors:
        problems.append(f"console errors: {json.dumps(walk.console_errors, ensure_ascii=False)}")
    if diagram_problems:
        problems.append("Mermaid diagrams that do not parse:\n" + "\n".join(diagram_problems))
    for scheme, found in blocking.items():
        problems.append(
            f"axe-core serious/critical violations in the {scheme} palette:\n"
            + _format_violations(found)
        )
    assert not problems, f"page /{path}:\n" + "\n".join(problems)


def test_every_built_page_is_walked(served_site: ServedSite) -> None:
    built = {
        html.parent.relative_to(served_site.directory).as_posix() + "/"
        for html in served_site.directory.rglob("index.html")
        if not html.relative_to(served_site.directory).as_posix().startswith("assets/")
    }
    built = {"" if path == "./" else path for path in built}
    assert built == set(page_paths())


def test_mermaid_sources_are_read_from_pre_blocks() -> None:
    html = '<p>x</p><pre class="mermaid"><code>flowchart LR\n A --&gt; B</code></pre>'
    assert mermaid_sources(html) == ["flowchart LR\n A --> B"]


def test_only_the_codemirror_scroller_finding_is_dropped() -> None:
    violations = [
        {
            "id": "scrollable-region-focusable",
            "nodes": [{"target": ["#lab > .cm-editor > .cm-scroller"]}, {"target": ["pre"]}],
        },
        {"id": "color-contrast", "nodes": [{"target": [".cm-scroller"]}]},
    ]
    kept = _without_known_false_positives(violations)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in kept] == [
        ("scrollable-region-focusable", [["pre"]]),
        ("color-contrast", [[".cm-scroller"]]),
    ]
