"""The course site in Chromium: rendering, instant navigation, palette, search, Mermaid."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import PageWatch, open_page
from tests.conftest import ServedSite


def test_home_page_renders_without_error_or_foreign_request(
    page: Any, served_site: ServedSite, watch: PageWatch
) -> None:
    open_page(page, served_site)
    assert page.locator("h1").first.inner_text().startswith("Virtualisation")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert watch.foreign_requests == []


def test_instant_navigation_loads_another_page_without_full_reload(
    page: Any, served_site: ServedSite
) -> None:
    open_page(page, served_site)
    page.evaluate("window.__hvlabMarker = 42")
    page.locator(".md-tabs__link", has_text="Cours").first.click()
    page.wait_for_url("**/chapitres/")
    page.locator("h1", has_text="Le cours").wait_for()
    assert page.evaluate("window.__hvlabMarker") == 42, "the page was fully reloaded"


def test_palette_toggle_switches_between_light_and_dark(page: Any, served_site: ServedSite) -> None:
    open_page(page, served_site)
    schemes = []
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        schemes.append(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))
    assert "slate" in schemes
    assert "default" in schemes


def _search(page: Any, query: str) -> tuple[int, str]:
    """Type ``query`` in the search box; the number of results announced and their text."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.keyboard.press("/")
    box.press("Control+a")
    box.press("Backspace")
    page.keyboard.type(query, delay=20)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "() => /\\d+ documents? trouvés?|Aucun document/.test("
        "document.querySelector('.md-search-result__meta').textContent)",
        timeout=15_000,
    )
    page.wait_for_timeout(300)  # the last keystroke's results
    found = re.search(r"(\d+) documents? trouvés?", meta.inner_text())
    return (int(found.group(1)) if found else 0), page.locator(".md-search-result").inner_text()


def test_search_finds_a_french_word(page: Any, served_site: ServedSite) -> None:
    open_page(page, served_site)
    count, text = _search(page, "hyperviseurs")
    assert count >= 1
    assert "hyperviseur" in text.lower()


@pytest.mark.parametrize(
    ("typed", "written"),
    [("memoire", "mémoire"), ("instantane", "instantané"), ("reseau", "réseau")],
)
def test_search_ignores_accents(
    page: Any, served_site: ServedSite, typed: str, written: str
) -> None:
    open_page(page, served_site)
    with_accents, _ = _search(page, written)
    without_accents, text = _search(page, typed)
    assert without_accents == with_accents > 0
    assert written in text.lower()


def test_a_word_found_without_accents_is_marked_in_the_result_and_on_its_page(
    page: Any, served_site: ServedSite
) -> None:
    open_page(page, served_site)
    _search(page, "memoire")
    marked = page.locator(".md-search-result__article mark").all_inner_texts()
    assert "mémoire" in {text.lower() for text in marked}, marked
    link = page.locator(".md-search-result__link", has=page.locator("mark")).first
    href = link.get_attribute("href") or ""
    assert "m%C3%A9moire" in href or "mémoire" in href, href
    link.click()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('article mark[data-md-highlight]'))"
        ".some(m => m.textContent.toLowerCase() === 'mémoire')",
        timeout=15_000,
    )


def test_search_finds_the_singular_from_the_plural(page: Any, served_site: ServedSite) -> None:
    open_page(page, served_site)
    singular, _ = _search(page, "serveur")
    plural, text = _search(page, "serveurs")
    assert plural == singular > 0
    assert "serveur" in text.lower()


def test_mermaid_diagram_renders_as_svg_from_the_site(page: Any, served_site: ServedSite) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_page(page, served_site)
    # Material draws into a closed shadow root: the diagram is seen through its size.
    page.wait_for_function(
        "() => { const d = document.querySelector('div.mermaid');"
        " return d && d.getBoundingClientRect().height > 80 }",
        timeout=20_000,
    )
    svg = page.evaluate(
        "async () => (await window.mermaid.render('hvlab_test', 'flowchart LR\\n A-->B')).svg"
    )
    assert svg.startswith("<svg")
    assert any(url.endswith("/assets/vendor/mermaid/mermaid.min.js") for url in requested)
    assert all(url.startswith(served_site.url) or url.startswith("data:") for url in requested)


def test_pages_without_diagram_do_not_download_mermaid(page: Any, served_site: ServedSite) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_page(page, served_site, "guide/")
    assert not any("mermaid.min.js" in url for url in requested)
