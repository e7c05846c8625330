"""The example lab in Chromium: editor, run, checks, stop, time limit, memory, navigation.

Python (Pyodide) starts in a Web Worker when the page opens; it takes a few seconds on a busy
machine, hence the generous timeouts. Expected values come from the lab's own files (the number
of checks, the starter, the solution), read here with the lab loader.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from hvlab.labs.loader import load_lab
from hvlab.labs.model import Lab
from tests.browser.conftest import PageWatch, open_page
from tests.conftest import ROOT, ServedSite

LAB_ID = "consolidation"
LAB_PAGE = f"tp/{LAB_ID}/"
TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def lab() -> Lab:
    return load_lab(ROOT / "labs" / LAB_ID)


def checks_in(source: str) -> int:
    return len(re.findall(r"^def check_", source, flags=re.MULTILINE))


def open_lab(page: Any, site: ServedSite, path: str = LAB_PAGE) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    open_page(page, site, path)
    page.locator("section.hvlab-lab-step .cm-content").first.wait_for()


def step(page: Any, number: int) -> Any:
    return page.locator("section.hvlab-lab-step").nth(number - 1)


def set_code(page: Any, number: int, code: str) -> None:
    page.evaluate(
        "([n, code]) => window.hvlabLab.step('consolidation', n).setCode(code)", [number, code]
    )


def editor_code(page: Any, number: int) -> str:
    return str(page.evaluate("n => window.hvlabLab.step('consolidation', n).getCode()", number))


def click(page: Any, number: int, name: str) -> None:
    step(page, number).get_by_role("button", name=name, exact=True).click()


def wait_ready(page: Any) -> None:
    page.wait_for_selector(".hvlab-lab[data-runtime=ready]", timeout=TIMEOUT_MS)


def wait_checks_ready(page: Any) -> None:
    """Both workers ready: the student's, then the checks' (which starts after it)."""
    wait_ready(page)
    page.wait_for_function(
        "() => { const w = window.hvlabLab.checker.worker; return !!w && w.state === 'ready'; }",
        timeout=TIMEOUT_MS,
    )


def test_lab_page_shows_objectives_steps_and_accessible_editors(
    page: Any, served_site: ServedSite, lab: Lab
) -> None:
    open_lab(page, served_site)
    root = page.locator(".hvlab-lab")
    expect(root).to_have_count(1)
    expect(root.locator(".hvlab-lab-meta")).to_contain_text(f"{lab.duration_min} min")
    for objective in lab.objectives[:2]:
        expect(root.locator(".hvlab-lab-intro")).to_contain_text(objective[:40])
    expect(page.locator("section.hvlab-lab-step")).to_have_count(len(lab.steps))
    expect(page.locator(".cm-editor")).to_have_count(len(lab.steps))
    for number, item in enumerate(lab.steps, start=1):
        section = step(page, number)
        expect(section.locator(".hvlab-lab-step-title")).to_contain_text(
            f"Étape {number} : {item.title}"
        )
        editor = section.locator(".cm-content")
        expect(editor).to_have_attribute(
            "aria-label", re.compile(f"Code Python de l'étape {number}")
        )
        expect(editor).to_have_attribute("aria-describedby", re.compile(".+"))
        for name in ("Exécuter", "Vérifier", "Arrêter", "Réinitialiser"):
            expect(section.get_by_role("button", name=name, exact=True)).to_be_visible()
        expect(section.get_by_role("button", name="Arrêter", exact=True)).to_be_disabled()
        expect(section.locator(".hvlab-lab-status")).to_have_attribute("aria-live", "polite")
        assert editor_code(page, number) == item.starter
    expect(page.locator(".hvlab-lab-progress")).to_contain_text(f"0 sur {len(lab.steps)}")
    expect(page.locator(".hvlab-lab-question")).to_contain_text("Question de synthèse")
    # the Python keywords are highlighted (CodeMirror's classes, coloured by lab.css)
    assert step(page, 1).locator(".cm-content .tok-keyword").count() > 0


def test_lab_run_shows_stdout_table_chart_and_diagram(page: Any, served_site: ServedSite) -> None:
    open_lab(page, served_site)
    code = (
        "from hvlab.show import show\n"
        "from hvlab.sim.display import MermaidDiagram, Table, VegaLiteChart\n"
        "print(6 * 7)\n"
        "show(Table(columns=('hôte', 'VM'), rows=(('h1', 3), ('h2', 1500)), title='Répartition'))\n"
        "show(VegaLiteChart({'data': {'values': [{'h': 'h1', 'n': 3}, {'h': 'h2', 'n': 5}]},\n"
        "    'mark': 'bar', 'encoding': {'x': {'field': 'h', 'type': 'nominal'},\n"
        "    'y': {'field': 'n', 'type': 'quantitative'}}}))\n"
        "show(MermaidDiagram('flowchart LR\\n  h1 --> vm1'))\n"
    )
    set_code(page, 1, code)
    click(page, 1, "Exécuter")
    section = step(page, 1)
    expect(section.locator(".hvlab-lab-status")).to_have_text("Exécution terminée.")
    output = section.locator(".hvlab-lab-output")
    expect(output.locator(".hvlab-lab-stdout")).to_have_text("42\n")
    table = output.locator(".hvlab-lab-table table")
    expect(table.locator("caption")).to_have_text("Répartition")
    expect(table.locator("th")).to_have_text(["hôte", "VM"])
    expect(table.locator("tbody tr").nth(1).locator("td")).to_have_text(["h2", "1\u202f500"])
    expect(output.locator(".hvlab-lab-chart svg").first).to_be_visible()
    expect(output.locator(".hvlab-lab-chart svg .mark-rect path")).to_have_count(2)
    expect(output.locator(".hvlab-lab-diagram svg")).to_be_visible()
    expect(output.locator(".hvlab-lab-diagram")).to_contain_text("vm1")


def test_lab_step_with_chart_runs_its_solution(
    page: Any, served_site: ServedSite, lab: Lab
) -> None:
    """The lab's last step draws the before/after chart and the topology."""
    open_lab(page, served_site)
    number = len(lab.steps)
    set_code(page, number, lab.steps[-1].solution)
    click(page, number, "Exécuter")
    output = step(page, number).locator(".hvlab-lab-output")
    expect(step(page, number).locator(".hvlab-lab-status")).to_have_text("Exécution terminée.")
    expect(output.locator(".hvlab-lab-chart svg").first).to_be_visible()
    expect(output.locator(".hvlab-lab-diagram svg")).to_be_visible()


def test_lab_check_fails_on_the_starter_then_passes_on_the_solution(
    page: Any, served_site: ServedSite, lab: Lab
) -> None:
    open_lab(page, served_site)
    first = lab.steps[0]
    total = checks_in(first.checks)
    section = step(page, 1)
    wait_checks_ready(page)
    click(page, 1, "Vérifier")
    checks = section.locator(".hvlab-lab-checks")
    expect(checks.locator(".hvlab-lab-check-summary")).to_contain_text("✗")
    expect(checks.locator("li")).to_have_count(total)
    failed = checks.locator("li.hvlab-lab-check--ko")
    assert failed.count() >= 1
    expect(failed.first.locator(".hvlab-lab-check-message")).not_to_be_empty()
    expect(section.locator(".hvlab-lab-status")).to_contain_text(f"sur {total}")
    expect(page.locator(".hvlab-lab-progress")).to_contain_text(f"0 sur {len(lab.steps)}")

    set_code(page, 1, first.solution)
    click(page, 1, "Vérifier")
    expect(checks.locator(".hvlab-lab-check-summary")).to_have_text(
        f"✓ {total} vérifications sur {total} réussies : étape réussie !"
    )
    expect(checks.locator("li.hvlab-lab-check--ok")).to_have_count(total)
    expect(section.locator(".hvlab-lab-status")).to_have_text(
        f"{total} vérifications sur {total} réussies. Étape réussie."
    )
    expect(section.locator(".hvlab-lab-badge")).to_have_text("✓ réussie")
    expect(page.locator(".hvlab-lab-progress")).to_contain_text(f"1 sur {len(lab.steps)}")


def test_lab_error_shows_only_the_students_lines(page: Any, served_site: ServedSite) -> None:
    open_lab(page, served_site)
    set_code(
        page, 1, "def moyenne(valeurs):\n    return sum(valeurs) / len(valeurs)\n\nmoyenne([])\n"
    )
    click(page, 1, "Exécuter")
    error = step(page, 1).locator(".hvlab-lab-output .hvlab-lab-error")
    expect(error).to_contain_text("Erreur ligne 2 : ZeroDivisionError")
    expect(error).to_contain_text("ligne 4 :")
    expect(error).to_contain_text("dans « moyenne »")
    assert "runner.py" not in error.inner_text()
    assert "File " not in error.inner_text()
    expect(step(page, 1).locator(".hvlab-lab-status")).to_have_text(
        "Exécution terminée avec une erreur."
    )


def test_lab_stop_button_ends_an_infinite_loop_and_the_next_run_works(
    page: Any, served_site: ServedSite
) -> None:
    open_lab(page, served_site)
    wait_ready(page)
    section = step(page, 1)
    stop = section.get_by_role("button", name="Arrêter", exact=True)
    set_code(page, 1, "n = 0\nwhile True:\n    n += 1\n")
    click(page, 1, "Exécuter")
    expect(stop).to_be_enabled()
    page.wait_for_timeout(500)
    # the page stays responsive while Python loops in its worker: it answers, and a button works
    assert page.evaluate("() => document.readyState") == "complete"
    click(page, 1, "Indice")
    expect(section.locator(".hvlab-lab-hint")).to_have_count(1)
    stop.click()
    expect(section.locator(".hvlab-lab-output")).to_have_text(
        "Exécution arrêtée à votre demande. Python a redémarré."
    )
    expect(section.locator(".hvlab-lab-status")).to_have_text("Exécution arrêtée.")
    expect(stop).to_be_disabled()
    set_code(page, 1, "print(6 * 7)")
    click(page, 1, "Exécuter")
    expect(section.locator(".hvlab-lab-output .hvlab-lab-stdout")).to_have_text("42\n")


def test_lab_time_limit_ends_an_infinite_loop_and_the_next_run_works(
    page: Any, served_site: ServedSite
) -> None:
    open_lab(page, served_site)
    wait_ready(page)
    section = step(page, 2)
    # the author's time limit (10 s by default) shortened for the test
    page.evaluate("document.querySelectorAll('section.hvlab-lab-step')[1].dataset.timeLimitS = '2'")
    set_code(page, 2, "while True:\n    pass\n")
    click(page, 2, "Exécuter")
    expect(section.locator(".hvlab-lab-output")).to_have_text(
        "Exécution arrêtée au bout de 2 s : votre code contient peut-être une boucle infinie "
        "(une boucle « while » dont la condition reste vraie, par exemple). Python a redémarré. "
        "Corrigez le code puis relancez-le."
    )
    assert page.evaluate("1 + 1") == 2
    set_code(page, 2, "print('reparti')")
    click(page, 2, "Exécuter")
    expect(section.locator(".hvlab-lab-output .hvlab-lab-stdout")).to_have_text("reparti\n")


def test_lab_default_time_limit_is_ten_seconds(page: Any, served_site: ServedSite) -> None:
    open_lab(page, served_site)
    limits = page.evaluate(
        "[...document.querySelectorAll('section.hvlab-lab-step')]"
        ".map(s => window.hvlabLab.step('consolidation', s.dataset.step).limitS())"
    )
    assert set(limits) == {10}


def test_lab_reload_keeps_the_code_and_the_passed_steps(
    page: Any, served_site: ServedSite, lab: Lab
) -> None:
    open_lab(page, served_site)
    editor = step(page, 2).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n# mon essai", delay=10)
    expected = (
        lab.steps[1].starter.rstrip("\n") + "\n# mon essai"
        if not lab.steps[1].starter.endswith("\n")
        else lab.steps[1].starter + "\n# mon essai"
    )
    assert editor_code(page, 2) == expected
    set_code(page, 1, lab.steps[0].solution)
    wait_checks_ready(page)
    click(page, 1, "Vérifier")
    expect(step(page, 1).locator(".hvlab-lab-badge")).to_be_visible()
    page.wait_for_timeout(400)  # the editor saves after a short pause
    page.reload(wait_until="load")
    page.locator("section.hvlab-lab-step .cm-content").first.wait_for()
    assert editor_code(page, 2) == expected
    expect(step(page, 2).locator(".cm-content")).to_contain_text("# mon essai")
    assert editor_code(page, 1) == lab.steps[0].solution
    expect(step(page, 1).locator(".hvlab-lab-badge")).to_have_text("✓ réussie")
    expect(page.locator(".hvlab-lab-progress")).to_contain_text(f"1 sur {len(lab.steps)}")


def test_lab_reset_asks_before_restoring_the_starter(
    page: Any, served_site: ServedSite, lab: Lab
) -> None:
    open_lab(page, served_site)
    set_code(page, 3, "x = 'à garder'")
    click(page, 3, "Réinitialiser")
    dialog = page.locator("dialog.hvlab-lab-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Vos modifications seront perdues")
    expect(dialog.get_by_role("button", name="Annuler")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert editor_code(page, 3) == "x = 'à garder'"
    click(page, 3, "Réinitialiser")
    page.locator("dialog.hvlab-lab-dialog").get_by_role("button", name="Réinitialiser").click()
    expect(page.locator("dialog.hvlab-lab-dialog")).to_have_count(0)
    assert editor_code(page, 3) == lab.steps[2].starter
    expect(step(page, 3).get_by_role("button", name="Réinitialiser")).to_be_focused()


def test_lab_hints_one_by_one_and_solution_after_failed_attempts(
    page: Any, served_site: ServedSite, lab: Lab
) -> None:
    first = lab.steps[0]
    assert first.solution_after.mode == "attempts"
    open_lab(page, served_site)
    section = step(page, 1)
    hint = section.get_by_role("button", name="Indice", exact=True)
    for shown in range(1, len(first.hints) + 1):
        hint.click()
        expect(section.locator(".hvlab-lab-hint")).to_have_count(shown)
        expect(section.locator(".hvlab-lab-hint").last).to_contain_text(
            f"Indice {shown} sur {len(first.hints)}"
        )
    expect(hint).to_be_disabled()
    solution = section.get_by_role("button", name="Voir la solution", exact=True)
    wait_checks_ready(page)
    for attempt in range(first.solution_after.attempts):
        expect(solution).to_be_disabled()
        click(page, 1, "Vérifier")
        expect(section.locator(".hvlab-lab-checks")).to_be_visible()
        expect(section.get_by_role("button", name="Vérifier", exact=True)).to_be_enabled()
        section.locator(".hvlab-lab-checks").evaluate("e => { e.hidden = true }")
        del attempt
    expect(solution).to_be_enabled()
    solution.click()
    expect(section.locator(".hvlab-lab-solution pre")).to_have_text(first.solution)


def test_lab_editor_indents_with_tab_and_escape_then_tab_leaves_it(
    page: Any, served_site: ServedSite
) -> None:
    open_lab(page, served_site)
    set_code(page, 1, "x = 1")
    step(page, 1).locator(".cm-content").click()
    page.keyboard.press("Tab")
    assert editor_code(page, 1) == "    x = 1"
    page.keyboard.press("Shift+Tab")
    assert editor_code(page, 1) == "x = 1"
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(step(page, 1).get_by_role("button", name="Exécuter", exact=True)).to_be_focused()
    assert editor_code(page, 1) == "x = 1"
    # Ctrl+Entrée runs the code from the editor
    step(page, 1).locator(".cm-content").click()
    set_code(page, 1, "print('clavier')")
    page.keyboard.press("Control+Enter")
    expect(step(page, 1).locator(".hvlab-lab-stdout")).to_have_text("clavier\n")


_SITEMAP_PARSED = """
(() => {
  const parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    const parsed = parse.call(this, text, type);
    if (type === "text/xml" && String(text).includes("<urlset")) {
      // the theme turns the parsed map into its list of pages right after this returns
      queueMicrotask(() => { window.__hvlabSitemapParsed = true; });
    }
    return parsed;
  };
})();
"""


def test_lab_mounts_once_with_instant_navigation(
    page: Any, served_site: ServedSite, lab: Lab
) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    # Material navigates instantly only once it has read the site map (a click before that is an
    # ordinary page load, rightly): on a loaded machine that can come after "networkidle", so wait
    # for the site map to be parsed, as a person's click comes later.
    page.add_init_script(_SITEMAP_PARSED)
    # The kept build's site map names the checkout's own port; a second test worker serves it on
    # another port, and the theme (which rewrites a map's scheme and host, not its port) would
    # then find no page of the site in it: serve it the map of the address it is opened at.
    sitemap = (served_site.directory / "sitemap.xml").read_text(encoding="utf-8")
    sitemap = re.sub(r"http://127\.0\.0\.1:\d+/", served_site.url, sitemap)
    page.route(
        "**/sitemap.xml",
        lambda route: route.fulfill(body=sitemap, content_type="application/xml"),
    )
    open_page(page, served_site, "tp/")
    page.wait_for_function("() => window.__hvlabSitemapParsed === true")
    page.evaluate("window.__hvlabMarker = 7")
    page.locator("article a[href$='consolidation/']").first.click()
    page.wait_for_url(f"**/{LAB_PAGE}")
    page.locator("section.hvlab-lab-step .cm-content").first.wait_for()
    assert page.evaluate("window.__hvlabMarker") == 7, "the page was fully reloaded"
    expect(page.locator(".cm-editor")).to_have_count(len(lab.steps))
    page.go_back()
    page.wait_for_url("**/tp/")
    page.go_forward()
    page.wait_for_url(f"**/{LAB_PAGE}")
    page.locator("section.hvlab-lab-step .cm-content").first.wait_for()
    expect(page.locator(".cm-editor")).to_have_count(len(lab.steps))
    expect(page.locator(".hvlab-lab-toolbar")).to_have_count(len(lab.steps))
    set_code(page, 1, "print('après navigation')")
    click(page, 1, "Exécuter")
    expect(step(page, 1).locator(".hvlab-lab-stdout")).to_have_text("après navigation\n")


def test_lab_page_requests_nothing_from_another_host(
    page: Any, served_site: ServedSite, watch: PageWatch
) -> None:
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    open_lab(page, served_site)
    wait_ready(page)
    set_code(page, 1, "print('ok')")
    click(page, 1, "Exécuter")
    expect(step(page, 1).locator(".hvlab-lab-stdout")).to_have_text("ok\n")
    names = [Path(url.split("?")[0]).name for url in requested]
    assert "pyodide.asm.wasm" in names
    assert any(re.fullmatch(r"hvlab-.+-py3-none-any\.whl", n) for n in names)
    assert "editor.bundle.js" in names
    assert all(url.startswith(served_site.url) for url in requested), requested
    assert watch.foreign_requests == []


def test_lab_says_in_french_when_python_cannot_start(
    page: Any, context: Any, served_site: ServedSite, watch: PageWatch
) -> None:
    context.route("**/*.whl", lambda route: route.fulfill(status=404, body="absent"))
    # Playwright's routes do not see what a service worker fetches: once the site's worker
    # controls the page (it may, mid-load, on a loaded machine) the wheel would come through it.
    context.route("**/hvlab-sw.js", lambda route: route.fulfill(status=404, body="absent"))
    open_lab(page, served_site)
    runtime = page.locator(".hvlab-lab-runtime")
    expect(runtime).to_contain_text(
        "Python n'a pas pu démarrer : le paquet Python hvlab est introuvable sur le site"
    )
    expect(runtime).to_contain_text("HTTP 404")
    expect(runtime).to_have_attribute("role", "alert")
    assert page.locator(".hvlab-lab").get_attribute("data-runtime") == "failed"
    click(page, 1, "Exécuter")
    expect(step(page, 1).locator(".hvlab-lab-output")).to_contain_text(
        "le paquet Python hvlab est introuvable"
    )
    expect(step(page, 1).get_by_role("button", name="Exécuter", exact=True)).to_be_enabled()
    errors = watch.take_console_errors()
    assert all("404" in error for error in errors), errors


def test_lab_shows_when_python_is_ready(page: Any, served_site: ServedSite) -> None:
    open_lab(page, served_site)
    wait_ready(page)
    expect(page.locator(".hvlab-lab-runtime")).to_have_text(
        re.compile(r"Python est prêt \(démarré en \d+(,\d)? s\)\.")
    )
