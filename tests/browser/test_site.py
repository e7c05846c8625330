"""The course site in Chromium: rendering, instant navigation, palette, search, Mermaid."""

from __future__ import annotations

from typing import Any

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


def test_search_finds_a_french_word(page: Any, served_site: ServedSite) -> None:
    open_page(page, served_site)
    page.keyboard.press("/")
    page.keyboard.type("hyperviseurs", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 1
    assert "hyperviseur" in page.locator(".md-search-result").inner_text().lower()


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
