"""French typography done by the site build: the spaces a French reader expects, nothing else.

The rules on a text or an HTML fragment are tested in tests/test_typography.py (the shared module
:mod:`hvlab.typography`); here, their application to Markdown and to the built course.

The rules come from French typographic usage (Lexique des règles typographiques en usage à
l'Imprimerie nationale): a no-break space before the colon, a narrow no-break space before « ; ! ? »
and inside guillemets, a narrow no-break space between a number and its unit and between groups of
thousands, a no-break space before %. What is not prose (code, addresses, times, identifiers,
attributes) must come out untouched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown

from hvlab.site.embed import markdown_renderer
from hvlab.site.typography import NBSP, NNBSP, TypographyExtension
from tests.conftest import ServedSite


def _shown(text: str) -> str:
    """``text`` with « _ » for a no-break space and « ^ » for a narrow one (as in the tables)."""
    return text.replace(NBSP, "_").replace(NNBSP, "^")


def _page(text: str) -> str:
    md = markdown.Markdown(extensions=["abbr", "attr_list", "toc", TypographyExtension()])
    return str(md.convert(text))


def test_code_keyboard_and_attributes_are_not_changed() -> None:
    html = _page(
        'Voir [le site](https://ex.org/a?b "Titre : lien") : `x = 1 ; y = 2 !` et <kbd>Ctrl :</kbd>'
        "\n\n    code : indenté ?\n"
    )
    assert 'title="Titre : lien"' in html
    assert "<code>x = 1 ; y = 2 !</code>" in html
    assert "<kbd>Ctrl :</kbd>" in html
    assert "<code>code : indenté ?\n</code>" in html
    assert "</a>" + NBSP + ":" in html


def test_a_number_before_a_unit_written_as_an_abbreviation() -> None:
    html = _page("Il faut 6 Gio et 2048 Go.\n\n*[Gio]: gibioctet\n*[Go]: gigaoctet")
    assert f"6{NNBSP}<abbr" in html
    assert f"2{NNBSP}048{NNBSP}<abbr" in html


def test_headings_keep_their_anchors() -> None:
    html = _page("## Pourquoi virtualiser ?\n\n## Le « bare metal »")
    assert 'id="pourquoi-virtualiser"' in html
    assert 'id="le-bare-metal"' in html
    assert f"virtualiser{NNBSP}?" in html


def test_quiz_and_lab_texts_get_the_same_typography() -> None:
    html = markdown_renderer()("Combien de VM : 3 ou 4 ? Réponse en Go : 16 Go.")
    assert _shown(html) == "<p>Combien de VM_: 3 ou 4^? Réponse en Go_: 16^Go.</p>"


class _Prose(HTMLParser):
    """The text of a page's article, without code, scripts, diagrams and embedded quizzes/labs
    (whose HTML the fences write, not Markdown)."""

    _SKIPPED = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg", "noscript"})
    _SKIPPED_CLASSES = frozenset({"hvlab-quiz", "hvlab-lab", "mermaid", "mkdocstrings"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside_article = False
        self.skipping: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.inside_article = True
        classes = set((dict(attrs).get("class") or "").split())
        if self.skipping or tag in self._SKIPPED or classes & self._SKIPPED_CLASSES:
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        if tag == "article":
            self.inside_article = False

    def handle_data(self, data: str) -> None:
        if self.inside_article and not self.skipping:
            self.text.append(data)


_PROBLEMS = {
    "space before a colon": re.compile(r"\S [:](?=\s|$)"),
    "space before ; ! ?": re.compile(r"\S [;!?](?=\s|$)"),
    "space inside guillemets": re.compile(r"« | »"),
    "space before %": re.compile(r"\d[ ]?%"),
    "space between a number and its unit": re.compile(r"\d (?:Go|Gio|Mo|Mio|To|Tio|W|kWh|ms)\b"),
}


def _course_pages(site: Path) -> list[Path]:
    return [
        page
        for folder in ("chapitres", "tp", "guide")
        for page in sorted((site / folder).rglob("index.html"))
    ] + [site / "index.html", site / "glossaire" / "index.html"]


def test_the_built_course_has_french_spaces_everywhere_in_its_prose(
    served_site: ServedSite,
) -> None:
    found: list[str] = []
    for page in _course_pages(served_site.directory):
        parser = _Prose()
        parser.feed(page.read_text(encoding="utf-8"))
        text = "".join(parser.text)
        for problem, pattern in _PROBLEMS.items():
            for match in pattern.finditer(text):
                where = page.parent.relative_to(served_site.directory).as_posix()
                context = text[max(0, match.start() - 25) : match.end() + 10].replace("\n", " ")
                found.append(f"/{where}/: {problem}: …{context}…")
    assert not found, "\n".join(found[:30]) + f"\n({len(found)} in all)"
