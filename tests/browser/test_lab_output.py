"""What a run shows, as a student sees it: outputs in the order the code produced them, what was
printed before a stop or a time limit kept, memory errors explained, chart titles honoured, French
typography in the notes."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.test_lab import click, open_lab, set_code, step, wait_ready
from tests.conftest import ServedSite


def children(page: Any, number: int) -> list[str]:
    """The output's blocks, in order: tag and class (``pre.hvlab-lab-stdout``, ``figure.…``)."""
    return list(
        page.evaluate(
            "n => [...document.querySelectorAll('section.hvlab-lab-step')[n - 1]"
            ".querySelector('.hvlab-lab-output').children]"
            ".map(e => e.tagName.toLowerCase() + '.' + e.classList[0])",
            number,
        )
    )


def test_prints_and_displays_come_out_in_the_order_they_happened(
    page: Any, served_site: ServedSite
) -> None:
    open_lab(page, served_site)
    code = (
        "import sys\n"
        "from hvlab import show\n"
        "from hvlab.sim.display import Table, VegaLiteChart\n"
        "print('avant le tableau')\n"
        "show(Table(columns=('hôte', 'VM'), rows=(('h1', 3),)), title='Répartition')\n"
        "print('entre les deux', file=sys.stderr)\n"
        "show(VegaLiteChart({'title': 'Titre du code', 'data': {'values': [{'h': 'h1', 'n': 3}]},"
        " 'mark': 'bar', 'encoding': {'x': {'field': 'h', 'type': 'nominal'},"
        " 'y': {'field': 'n', 'type': 'quantitative'}}}), title='Titre donné à show')\n"
        "print('après le graphique')\n"
    )
    set_code(page, 1, code)
    click(page, 1, "Exécuter")
    section = step(page, 1)
    expect(section.locator(".hvlab-lab-status")).to_have_text("Exécution terminée.")
    assert children(page, 1) == [
        "pre.hvlab-lab-stdout",
        "figure.hvlab-lab-display",
        "pre.hvlab-lab-stdout",
        "figure.hvlab-lab-display",
        "pre.hvlab-lab-stdout",
    ]
    blocks = section.locator(".hvlab-lab-output > *")
    expect(blocks.nth(0)).to_have_text("avant le tableau\n")
    expect(blocks.nth(1).locator("caption")).to_have_text("Répartition")
    expect(blocks.nth(2).locator(".hvlab-lab-stderr")).to_have_text("entre les deux\n")
    expect(blocks.nth(3).locator("svg .role-title-text")).to_have_text("Titre donné à show")
    expect(blocks.nth(4)).to_have_text("après le graphique\n")


def test_a_stopped_run_keeps_what_it_printed(page: Any, served_site: ServedSite) -> None:
    open_lab(page, served_site)
    wait_ready(page)
    section = step(page, 1)
    set_code(page, 1, "for i in range(3):\n    print('tour', i)\nwhile True:\n    pass\n")
    click(page, 1, "Exécuter")
    expect(section.locator(".hvlab-lab-stdout")).to_have_text("tour 0\ntour 1\ntour 2\n")
    click(page, 1, "Arrêter")
    expect(section.locator(".hvlab-lab-output")).to_have_text(
        "tour 0\ntour 1\ntour 2\nExécution arrêtée à votre demande. Python a redémarré."
    )


def test_a_run_over_its_time_limit_keeps_what_it_printed(
    page: Any, served_site: ServedSite
) -> None:
    open_lab(page, served_site)
    wait_ready(page)
    page.evaluate("document.querySelectorAll('section.hvlab-lab-step')[1].dataset.timeLimitS = '2'")
    set_code(page, 2, "print('début du calcul')\nwhile True:\n    pass\n")
    click(page, 2, "Exécuter")
    expect(step(page, 2).locator(".hvlab-lab-output")).to_have_text(
        "début du calcul\nExécution arrêtée au bout de 2 s : votre code contient peut-être une "
        "boucle infinie (une boucle « while » dont la condition reste vraie, par exemple). Python "
        "a redémarré. Corrigez le code puis relancez-le."
    )


def test_memory_errors_are_explained_not_taken_for_an_endless_loop(
    page: Any, served_site: ServedSite
) -> None:
    open_lab(page, served_site)
    section = step(page, 1)
    set_code(page, 1, "print('je réserve')\nbloc = bytearray(3 * 1024**3)\n")
    click(page, 1, "Exécuter")
    error = section.locator(".hvlab-lab-output .hvlab-lab-error")
    expect(error).to_contain_text("Erreur ligne 2 : ")
    text = error.inner_text()
    assert ("OverflowError" in text and "Piste : un nombre est trop grand" in text) or (
        "MemoryError" in text and "Piste : votre programme demande plus de mémoire" in text
    ), text
    assert "boucle" not in text
    expect(section.locator(".hvlab-lab-stdout")).to_have_text("je réserve\n")


def test_the_truncation_note_is_in_french_typography(page: Any, served_site: ServedSite) -> None:
    open_lab(page, served_site)
    set_code(page, 1, "for i in range(20_000):\n    print('0123456789')\n")
    click(page, 1, "Exécuter")
    expect(step(page, 1).locator(".hvlab-lab-stdout")).to_contain_text(
        "… sortie tronquée : plus de 100\u202f000 caractères affichés."
    )
