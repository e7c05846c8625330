"""French typography of a text or an HTML page (:mod:`hvlab.typography`, shared by the course
site and the grading server): the spaces a French reader expects, nothing else.

The rules come from French typographic usage (Lexique des règles typographiques en usage à
l'Imprimerie nationale): a no-break space before the colon, a narrow no-break space before « ; ! ? »
and inside guillemets, a narrow no-break space between a number and its unit and between groups of
thousands, a no-break space before %. What is not prose (code, addresses, times, identifiers,
attributes, form values, what a person typed) must come out untouched.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hvlab import typography
from hvlab.site import typography as site_typography
from hvlab.typography import NBSP, NNBSP, french, french_html


def _shown(text: str) -> str:
    """``text`` with « _ » for a no-break space and « ^ » for a narrow one (as in the tables)."""
    return text.replace(NBSP, "_").replace(NNBSP, "^")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Attention : le disque", "Attention_: le disque"),
        ("Pourquoi ? Parce que ; enfin !", "Pourquoi^? Parce que^; enfin^!"),
        ("« hôte »", "«^hôte^»"),
        ("«hôte»", "«^hôte^»"),
        ("80 % du temps", "80_% du temps"),
        ("80% du temps", "80_% du temps"),
        ("12 Go de RAM, 150 W et 2 s", "12^Go de RAM, 150^W et 2^s"),
        ("1 000 serveurs", "1^000 serveurs"),
        ("2500 W", "2^500^W"),
        ("1234,5 Mo", "1^234,5^Mo"),
        ("10 Gbit/s par lien", "10^Gbit/s par lien"),
        ("3 h 30 min", "3^h 30^min"),
    ],
)
def test_prose_gets_french_spaces(typed: str, expected: str) -> None:
    assert _shown(french(typed)) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "https://example.org:8443/a?b=1",
        "il est 10:30",
        "le ratio 1:3",
        "Yahoo!",
        "en 2026, VMware",
        "le port 8000",
        "l'article 85685",
        "la version 3.11.7",
        "l'adresse 192.168.0.1",
        "2 s'exécute",
        "2 sauvegardes",
        "le 2025-09-01",
    ],
)
def test_what_is_not_prose_typography_is_left_alone(typed: str) -> None:
    assert french(typed) == typed


def test_the_site_uses_the_shared_functions() -> None:
    assert site_typography.french is typography.french
    assert site_typography.french_html is typography.french_html


def test_html_text_is_changed_and_everything_else_is_left_alone() -> None:
    page = (
        '<title>Connexion : hvlab</title><p aria-label="a : b">Attention : « ici » !</p>'
        '<input name="n" value="x : y"><textarea name="t">a ; b</textarea>'
        "<script>if (a ? b : c) {}</script><style>a:hover { x: y ; }</style>"
        '<option value="k : v">Choix : un</option><span class="hv-verbatim">tapé : ainsi !</span>'
        "<p>Tom &amp; Jerry ; l&#39;hôte ?</p>"
    )
    assert _shown(french_html(page)) == (
        '<title>Connexion_: hvlab</title><p aria-label="a : b">Attention_: «^ici^»^!</p>'
        '<input name="n" value="x : y"><textarea name="t">a ; b</textarea>'
        "<script>if (a ? b : c) {}</script><style>a:hover { x: y ; }</style>"
        '<option value="k : v">Choix_: un</option><span class="hv-verbatim">tapé : ainsi !</span>'
        "<p>Tom &amp; Jerry^; l&#39;hôte^?</p>"
    )


def test_text_after_a_left_alone_element_gets_typography_again() -> None:
    page = '<p><code>a : b</code> puis : <span class="x hv-verbatim">c ; <b>d !</b></span> e ?</p>'
    assert _shown(french_html(page)) == (
        '<p><code>a : b</code> puis_: <span class="x hv-verbatim">c ; <b>d !</b></span> e^?</p>'
    )


_ALPHABET = "ab1234567890 \u00a0\u202f:;!?«»%,.'/-GoWsh<>&"


@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_typography_only_changes_spaces_and_is_idempotent(text: str) -> None:
    done = french(text)
    assert re.sub("[ \u00a0\u202f]", "", done) == re.sub("[ \u00a0\u202f]", "", text)
    assert french(done) == done


@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_html_typography_keeps_every_tag_and_is_idempotent(text: str) -> None:
    fragment = f'<p class="x">{text}</p><pre><code>{text}</code></pre>'
    done = french_html(fragment)
    assert done.endswith(f"<pre><code>{text}</code></pre>")
    assert french_html(done) == done


def test_html_fragments_written_by_fences_get_typography() -> None:
    html = (
        '<div class="hvlab-guest"><p>Émulé par v86 ; « Démarrer » relance</p>'
        '<pre class="mermaid"><code>A : B</code></pre><!-- note : x --></div>'
    )
    assert _shown(french_html(html)) == (
        '<div class="hvlab-guest"><p>Émulé par v86^; «^Démarrer^» relance</p>'
        '<pre class="mermaid"><code>A : B</code></pre><!-- note : x --></div>'
    )
