"""French spelling of what students read: hunspell (fr_FR) plus the course's word list.

``hvlab check`` reads the sources (pages, quizzes, labs: :mod:`hvlab.authoring.spelling`); the
last test here reads the built pages too, for the texts that only the site adds around them.
The visible text of each page's ``<article>`` is checked; code, notation, passages marked as another
language (``*term*{lang=en}``), Mermaid sources and the API reference (English identifiers, under
``reference/``) are left out, and so are tokens holding a digit (``G4``, ``1U``). Technical words
hunspell does not know go in ``docs/mots-techniques.txt``, one per line.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from hvlab.authoring.course import Course
from hvlab.authoring.rendering import visible_text
from hvlab.authoring.spelling import (
    DICTIONARY,
    check_spelling,
    hunspell_ready,
    quiz_text,
    unknown_words,
)
from tests.conftest import ROOT, ServedSite, require

COURSE = Course(ROOT)
WORD_LIST = COURSE.word_list
_SKIPPED_FOLDERS = ("reference/", "assets/", "search/")


def checked_pages(site: Path) -> list[Path]:
    """The HTML pages whose text is French prose (everything but the API reference and assets)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(_SKIPPED_FOLDERS) or relative == "404.html":
            continue
        pages.append(path)
    return pages


@pytest.fixture(scope="module")
def hunspell() -> None:
    require(
        hunspell_ready(),
        "hunspell with the fr_FR dictionary is missing (apt-get install hunspell hunspell-fr)",
    )


def test_quiz_text_keeps_prose_and_drops_code_and_parameters() -> None:
    data = {
        "id": "x",
        "questions": [
            {
                "prompt": "Un parc de {servers} serveurs, `vm_ram_mib`, V_mem *fin*",
                "answer": "ceil(x)",
            }
        ],
    }
    assert quiz_text(data).split() == ["Un", "parc", "de", "serveurs,", ",", "fin"]


def test_visible_text_of_an_article_leaves_out_code_and_diagrams() -> None:
    html = (
        "<header>Menu</header><article><h1>Titre<a class='headerlink'>¶</a></h1>"
        "<p>Un <code>vm_ram_mib</code> texte<br>visible</p><pre class='mermaid'><code>flowchart"
        "</code></pre><div class='mermaid'>graph</div><p>fin <kbd>Ctrl</kbd> V<sub>thd</sub>"
        " <em lang='en'>dirty pages</em> <span lang='fr-FR'>oui</span></p></article>"
    )
    words = visible_text(html, within="article").split()
    assert words == ["Titre", "Un", "texte", "visible", "fin", "V", "oui"]


def test_spelling_flags_a_misspelt_word(hunspell: None) -> None:
    assert unknown_words(
        "Un hyperviseur héberge des machines virtuel et des serveures.", WORD_LIST
    ) == ["serveures"]


def test_spelling_accepts_an_elision_before_a_listed_word(hunspell: None) -> None:
    assert (
        unknown_words("L'IQR et l’hyperviseur de l'ESXi, qu'un vMotion déplace.", WORD_LIST) == []
    )
    assert unknown_words("L'hyperviseurr", WORD_LIST) == ["hyperviseurr"]


def test_spelling_of_every_source_is_french(hunspell: None) -> None:
    problems = check_spelling(COURSE)
    assert not problems, "hvlab check --only spelling :\n" + "\n".join(map(str, problems))


def test_spelling_of_every_page_is_french(hunspell: None, served_site: ServedSite) -> None:
    pages_by_word: dict[str, list[str]] = defaultdict(list)
    pages = checked_pages(served_site.directory)
    assert pages, "no page found in the built site"
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"), within="article")
        for word in unknown_words(text, WORD_LIST):
            pages_by_word[word].append(page.relative_to(served_site.directory).as_posix())
    report = "\n".join(
        f"  {word} : {', '.join(sorted(found))}" for word, found in sorted(pages_by_word.items())
    )
    assert not pages_by_word, (
        f"{len(pages_by_word)} mot(s) inconnu(s) de hunspell ({DICTIONARY}) — corrigez la faute "
        f"ou, pour un terme technique, ajoutez-le à {WORD_LIST.relative_to(ROOT)} :\n{report}"
    )
