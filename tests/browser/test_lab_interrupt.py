"""On a cross-origin isolated site, « Arrêter » interrupts Python instead of killing it.

When the server sends COOP/COEP headers, the page may share memory with its worker: the lab
runtime then hands Pyodide an interrupt buffer, and stopping a run raises ``KeyboardInterrupt`` in
Python, which unwinds: what the code printed up to the stop is all on the page, and the worker is
then replaced in the background (interrupted code may have left anything half done). Without these
headers (the default of ``mkdocs serve`` and of most static hosts), the worker is killed and
restarted; the other browser tests cover that path.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import ServedSite, _Handler

TIMEOUT_MS = 90_000


class _IsolatingHandler(_Handler):
    def end_headers(self) -> None:
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()


@pytest.fixture(scope="module")
def isolated_url(served_site: ServedSite) -> Iterator[str]:
    handler = functools.partial(_IsolatingHandler, directory=str(served_site.directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_lab_stop_interrupts_python_and_keeps_what_it_printed_when_isolated(
    browser: Any, isolated_url: str
) -> None:
    context = browser.new_context(locale="fr-FR")
    problems: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(isolated_url)
            else (problems.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(isolated_url + "tp/consolidation/", wait_until="load")
        assert page.evaluate("window.crossOriginIsolated") is True
        page.wait_for_selector(".hvlab-lab[data-runtime=ready]")
        section = page.locator("section.hvlab-lab-step").first
        page.evaluate(
            "code => window.hvlabLab.step('consolidation', 1).setCode(code)",
            "print('début')\nn = 0\nwhile True:\n    n += 1\n",
        )
        section.get_by_role("button", name="Exécuter", exact=True).click()
        stop = section.get_by_role("button", name="Arrêter", exact=True)
        expect(section.locator(".hvlab-lab-stdout")).to_have_text("début\n")
        stop.click()
        # « Python a redémarré » is not said: the interrupt stopped the loop, nothing was killed.
        expect(section.locator(".hvlab-lab-output")).to_have_text(
            "début\nExécution arrêtée à votre demande.", timeout=TIMEOUT_MS
        )
        page.evaluate("window.hvlabLab.step('consolidation', 1).setCode('print(6 * 7)')")
        section.get_by_role("button", name="Exécuter", exact=True).click()
        expect(section.locator(".hvlab-lab-stdout")).to_have_text("42\n", timeout=TIMEOUT_MS)
        assert problems == []
    finally:
        context.close()
