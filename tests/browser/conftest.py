"""Browser test harness: Playwright driving Debian's Chromium against the served site.

Every page opened through the ``page`` fixture fails its test if it requests any host other than
the site's own server, or if it logs a console error (unless the test reads and clears them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

# The browser and its launch options live in tests/conftest.py: one Playwright per session, shared
# with the server's browser test (two sync Playwright instances cannot run in one process).
from tests.conftest import CHROMIUM, LAUNCH_ARGS, ServedSite

__all__ = ["CHROMIUM", "LAUNCH_ARGS"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@dataclass
class PageWatch:
    """What a page did that a test may want to assert on."""

    origin: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def take_console_errors(self) -> list[str]:
        """Return the console errors so far and forget them (for tests that expect some)."""
        errors, self.console_errors = self.console_errors, []
        return errors


@pytest.fixture
def watch(served_site: ServedSite) -> PageWatch:
    return PageWatch(origin=served_site.url.rstrip("/"))


@pytest.fixture
def context(browser: Any, served_site: ServedSite, watch: PageWatch) -> Iterator[Any]:
    """A fresh browser context (empty cache and localStorage) that blocks other hosts."""
    ctx = browser.new_context(locale="fr-FR", accept_downloads=True)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(watch.origin) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            watch.foreign_requests.append(url)
            route.abort()

    ctx.route("**/*", route)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any, watch: PageWatch) -> Iterator[Any]:
    """A page that records console errors and fails the test on any request to another host."""
    pg = context.new_page()
    pg.on(
        "console",
        lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    pg.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    yield pg
    assert not watch.foreign_requests, f"requests to another host: {watch.foreign_requests}"
    assert not watch.page_errors, f"uncaught errors in the page: {watch.page_errors}"
    assert not watch.console_errors, f"console errors: {watch.console_errors}"


def open_page(page: Any, site: ServedSite, path: str = "") -> Any:
    """Open ``path`` of the served site and wait until the page and its scripts are loaded."""
    page.goto(site.url + path.lstrip("/"), wait_until="load")
    page.wait_for_load_state("networkidle")
    return page
