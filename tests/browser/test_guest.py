"""The guest machine in Chromium: it starts, runs what is typed, and the lab's checks judge it.

« Démarrer » resumes the state saved at build time, so the machine answers within seconds; a full
boot (« Réinitialiser ») takes a minute or more on a loaded machine and is marked slow. Expected
outputs come from Linux and busybox themselves (the kernel's /proc files, the shell's prompt),
and the lab's expected values from its own solution, read with the lab loader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from hvlab.guest import last_output
from hvlab.labs.loader import load_lab
from tests.browser.conftest import PageWatch, open_page
from tests.conftest import ROOT, ServedSite, require

PAGE = "tp/machine-invitee/"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT_MS = 120_000
BOOT_TIMEOUT_MS = 400_000

_AXE_RUN = """
async () => {
  const root = document.querySelector('.hvlab-guest');
  const result = await axe.run(root, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}));
}
"""


def machine(page: Any) -> Any:
    return page.locator(".hvlab-guest")


def screen_text(page: Any) -> str:
    return str(page.locator(".hvlab-guest-screen").text_content())


def type_command(page: Any, command: str) -> str:
    """Type ``command`` as a person does, wait for the next prompt, return what it printed."""
    before = screen_text(page)
    field = page.get_by_label("Commande")
    field.fill(command)
    field.press("Enter")
    page.wait_for_function(
        """([length]) => {
          const text = document.querySelector('.hvlab-guest-screen').textContent;
          return text.length > length && /\\ninvite:[^\\n]*# $/.test(text.slice(length));
        }""",
        arg=[len(before)],
        timeout=TIMEOUT_MS,
    )
    added = screen_text(page)[len(before) :]
    assert added.startswith(command), added[:200]
    return added[len(command) :].rsplit("\n", 1)[0].strip("\n")


def send(page: Any, command: str) -> None:
    page.get_by_label("Commande").fill(command)
    page.get_by_label("Commande").press("Enter")


def wait_for_end(page: Any, text: str) -> None:
    page.wait_for_function(
        "end => document.querySelector('.hvlab-guest-screen').textContent.endsWith(end)",
        arg=text,
        timeout=TIMEOUT_MS,
    )


def start(page: Any) -> None:
    machine(page).get_by_role("button", name="Démarrer", exact=True).click()
    expect(machine(page)).to_have_attribute("data-state", "running", timeout=TIMEOUT_MS)


def test_guest_resumes_runs_typed_commands_and_the_lab_checks_its_console(
    page: Any, served_site: ServedSite, watch: PageWatch
) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    open_page(page, served_site, PAGE)
    expect(page.get_by_label("Commande")).to_be_disabled()
    start(page)
    expect(page.locator(".hvlab-guest-status")).to_contain_text("Machine en marche")
    expect(page.get_by_label("Commande")).to_be_focused()
    assert screen_text(page).rstrip().endswith("invite:~#")

    assert type_command(page, "uname -m") == "i686"
    cpuinfo = type_command(page, "cat /proc/cpuinfo")
    assert "GenuineIntel" in cpuinfo and "model name" in cpuinfo
    assert "MemTotal:" in type_command(page, "cat /proc/meminfo")
    devices = type_command(page, "lspci").splitlines()
    assert any("Host bridge: Intel Corporation" in line for line in devices), devices
    # no network card at all: only the loopback interface exists
    assert type_command(page, "ls /sys/class/net").split() == ["lo"]

    lab = load_lab(ROOT / "labs" / "machine-invitee")
    section = page.locator("section.hvlab-lab-step").first
    section.locator(".cm-content").wait_for()
    page.evaluate(
        "code => window.hvlabLab.step('machine-invitee', 1).setCode(code)", lab.steps[0].solution
    )
    section.get_by_role("button", name="Vérifier", exact=True).click()
    summary = section.locator(".hvlab-lab-check-summary")
    expect(summary).to_contain_text("✓", timeout=TIMEOUT_MS)
    expect(section.locator(".hvlab-lab-check--ko")).to_have_count(0)

    # the checks read the guest's console, not the student's word for it
    wrong = lab.steps[0].solution.replace(
        "nb_pci = len(pci.splitlines())", "nb_pci = len(pci.splitlines()) + 1"
    )
    assert wrong != lab.steps[0].solution
    page.evaluate("code => window.hvlabLab.step('machine-invitee', 1).setCode(code)", wrong)
    section.get_by_role("button", name="Vérifier", exact=True).click()
    checks = section.locator(".hvlab-lab-checks")
    expect(checks).to_contain_text(f"on attend {len(devices)}", timeout=TIMEOUT_MS)
    expect(checks).to_contain_text("lspci écrit une ligne par périphérique")

    # « Enregistrer la console » gives the file that hvlab lab check reads outside the browser
    with page.expect_download() as download:
        machine(page).get_by_role("button", name="Enregistrer la console", exact=True).click()
    assert download.value.suggested_filename == "console-invite.txt"
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert last_output(saved, "ls /sys/class/net") == "lo"

    # what the guest prints is text, never markup
    assert type_command(page, "echo '<img src=x onerror=alert(1)>'") == (
        "<img src=x onerror=alert(1)>"
    )
    expect(page.locator(".hvlab-guest-screen img")).to_have_count(0)
    # a flood of output stays bounded (the oldest lines go), and the shell still answers
    send(page, "yes 0123456789abcdef | head -n 16000; echo FIN-$((1 + 1))")
    wait_for_end(page, "\nFIN-2\ninvite:~# ")
    assert 190_000 < len(screen_text(page)) <= 200_200
    # Ctrl+C in the empty command field interrupts a command that would run for long
    send(page, "sleep 600")
    page.wait_for_timeout(1000)
    page.get_by_label("Commande").press("Control+c")
    send(page, "echo OK-$((3 * 2))")
    wait_for_end(page, "\nOK-6\ninvite:~# ")

    require(AXE.is_file(), f"axe-core not installed ({AXE}); run « npm ci »")
    page.add_script_tag(path=str(AXE))
    for scheme in ("default", "slate"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        page.wait_for_timeout(500)  # Material's buttons fade to the palette's colours
        assert page.evaluate(_AXE_RUN) == [], scheme

    machine(page).get_by_role("button", name="Arrêter", exact=True).click()
    expect(machine(page)).to_have_attribute("data-state", "off")
    expect(page.get_by_label("Commande")).to_be_disabled()
    assert not watch.foreign_requests


@pytest.mark.slow
def test_guest_full_boot_reaches_a_shell_prompt(page: Any, served_site: ServedSite) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    open_page(page, served_site, PAGE)
    machine(page).get_by_role("button", name="Réinitialiser", exact=True).click()
    expect(machine(page)).to_have_attribute("data-state", "booting", timeout=TIMEOUT_MS)
    expect(machine(page)).to_have_attribute("data-state", "running", timeout=BOOT_TIMEOUT_MS)
    assert screen_text(page).rstrip().endswith("invite:~#")
    assert "Machine invitée hvlab" in screen_text(page)
    assert "6.1.0" in type_command(page, "uname -r")
