"""French spelling of every built page: Debian's hunspell (fr_FR) plus the project word list.

The visible text of each page's ``<article>`` is checked; code (``pre``, ``code``, ``kbd``,
``textarea``), notation (``var``, ``sub``, ``sup``), passages marked as another language
(``lang="en"``, written ``*term*{lang=en}`` in Markdown), Mermaid sources, SVG, scripts and the
API reference (English identifiers, under ``reference/``) are left out, and so are tokens holding
a digit (``G4``, ``1U``, ``95e``). Technical words hunspell does not know go in
``tests/site/mots-techniques.txt``, one per line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, ServedSite, require

WORD_LIST = ROOT / "tests" / "site" / "mots-techniques.txt"
DICTIONARY = "fr_FR"
_SKIPPED_TAGS = frozenset(
    {"pre", "code", "kbd", "samp", "var", "sub", "sup", "script", "style", "svg", "textarea"}
)
_SKIPPED_CLASSES = frozenset({"mermaid", "headerlink", "md-source-file", "katex"})
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_SKIPPED_FOLDERS = ("reference/", "assets/", "search/")
QUIZZES = ROOT / "quizzes"
#: Quiz fields a student reads (quiz texts are drawn by JavaScript, so the pages do not hold them).
_QUIZ_TEXT_FIELDS = frozenset(
    {"title", "description", "prompt", "text", "feedback", "hints", "explanation"}
    | {"left", "right", "items", "distractors"}
)
_QUIZ_MARKUP = (
    (re.compile(r"`[^`]*`"), " "),  # code
    (re.compile(r"\{[^}]*\}"), " "),  # parameters {servers}, {util:.0%}, attribute lists
    (re.compile(r"\b\w*_\w*\b"), " "),  # formula names: V_mem, ready_ms
    (re.compile(r"https?://\S+"), " "),
    (re.compile(r"[*_#>\[\]()|]"), " "),  # Markdown punctuation
)


class _ArticleText(HTMLParser):
    """Collect the visible text of the ``<article>`` element, without code or diagrams."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._article_depth = 0
        self._skip_depth = 0
        self._stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            self.parts.append(" ")
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        foreign = not (values.get("lang") or "fr").lower().startswith("fr")
        skip = tag in _SKIPPED_TAGS or bool(classes & _SKIPPED_CLASSES) or foreign
        self._stack.append((tag, skip))
        if tag == "article":
            self._article_depth += 1
        if skip:
            self._skip_depth += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        while self._stack:
            open_tag, skip = self._stack.pop()
            if open_tag == "article":
                self._article_depth -= 1
            if skip:
                self._skip_depth -= 1
            if open_tag == tag:
                break
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._article_depth > 0 and self._skip_depth == 0:
            self.parts.append(data)


def article_text(html: str) -> str:
    """Return the visible text of a page's ``<article>``, code and diagrams left out."""
    parser = _ArticleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def checked_pages(site: Path) -> list[Path]:
    """The HTML pages whose text is French prose (everything but the API reference and assets)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(_SKIPPED_FOLDERS) or relative == "404.html":
            continue
        pages.append(path)
    return pages


#: French elisions (l', d', qu'…): hunspell knows them before its own words, not before the words
#: of the project list (« l'IQR »), so they are taken off before checking.
_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=\w)", re.IGNORECASE)


def unknown_words(text: str) -> list[str]:
    """Words of ``text`` that hunspell (fr_FR + the project word list) does not know."""
    text = _ELISION.sub("", text)
    result = subprocess.run(
        ["hunspell", "-d", DICTIONARY, "-p", str(WORD_LIST), "-i", "utf-8", "-l"],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    words = {word.rstrip(".") for word in result.stdout.split()}
    return sorted(word for word in words if word and not any(c.isdigit() for c in word))


def _word_order(word: str) -> tuple[str, str]:
    """Order of the word list: case-insensitive, then capitals first (« Worker », « worker »)."""
    return (word.casefold(), word)


def _hunspell_ready() -> bool:
    if shutil.which("hunspell") is None:
        return False
    probe = subprocess.run(
        ["hunspell", "-d", DICTIONARY, "-l"],
        input="bonjour",
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.returncode == 0 and "Can't open" not in probe.stderr


@pytest.fixture(scope="module")
def hunspell() -> None:
    require(
        _hunspell_ready(),
        "hunspell with the fr_FR dictionary is missing (apt-get install hunspell hunspell-fr)",
    )


def quiz_text(data: object, key: str | None = None) -> str:
    """The student-visible texts of a quiz (parsed YAML), Markdown code and parameters left out."""
    if isinstance(data, dict):
        return "\n".join(quiz_text(value, str(name)) for name, value in data.items())
    if isinstance(data, list):
        return "\n".join(quiz_text(value, key) for value in data)
    if isinstance(data, str) and key in _QUIZ_TEXT_FIELDS:
        text = data
        for pattern, replacement in _QUIZ_MARKUP:
            text = pattern.sub(replacement, text)
        return text
    return ""


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


def test_article_text_leaves_out_code_and_diagrams() -> None:
    html = (
        "<header>Menu</header><article><h1>Titre<a class='headerlink'>¶</a></h1>"
        "<p>Un <code>vm_ram_mib</code> texte<br>visible</p><pre class='mermaid'><code>flowchart"
        "</code></pre><div class='mermaid'>graph</div><p>fin <kbd>Ctrl</kbd> V<sub>thd</sub>"
        " <em lang='en'>dirty pages</em> <span lang='fr-FR'>oui</span></p></article>"
    )
    words = article_text(html).split()
    assert words == ["Titre", "Un", "texte", "visible", "fin", "V", "oui"]


def test_spelling_flags_a_misspelt_word(hunspell: None) -> None:
    assert unknown_words("Un hyperviseur héberge des machines virtuel et des serveures.") == [
        "serveures"
    ]


def test_spelling_accepts_an_elision_before_a_listed_word(hunspell: None) -> None:
    assert unknown_words("L'IQR et l’hyperviseur de l'ESXi, qu'un vMotion déplace.") == []
    assert unknown_words("L'hyperviseurr") == ["hyperviseurr"]


def test_spelling_word_list_is_sorted_and_unique() -> None:
    words = [line for line in WORD_LIST.read_text(encoding="utf-8").splitlines() if line]
    assert words == sorted(set(words), key=_word_order), "keep mots-techniques.txt sorted"


def test_spelling_of_every_page_is_french(hunspell: None, served_site: ServedSite) -> None:
    pages_by_word: dict[str, list[str]] = defaultdict(list)
    pages = checked_pages(served_site.directory)
    assert pages, "no page found in the built site"
    for page in pages:
        text = article_text(page.read_text(encoding="utf-8"))
        for word in unknown_words(text):
            pages_by_word[word].append(page.relative_to(served_site.directory).as_posix())
    report = "\n".join(
        f"  {word} : {', '.join(sorted(found))}" for word, found in sorted(pages_by_word.items())
    )
    assert not pages_by_word, (
        f"{len(pages_by_word)} mot(s) inconnu(s) de hunspell ({DICTIONARY}) — corrigez la faute "
        f"ou, pour un terme technique, ajoutez-le à {WORD_LIST.relative_to(ROOT)} :\n{report}"
    )


@pytest.mark.parametrize("quiz", sorted(p.name for p in QUIZZES.glob("*.yaml")))
def test_spelling_of_every_quiz_is_french(hunspell: None, quiz: str) -> None:
    data = yaml.safe_load((QUIZZES / quiz).read_text(encoding="utf-8"))
    unknown = unknown_words(quiz_text(data))
    assert not unknown, (
        f"quizzes/{quiz} : mot(s) inconnu(s) de hunspell ({DICTIONARY}) : {', '.join(unknown)} — "
        f"corrigez la faute ou, pour un terme technique, ajoutez-le à {WORD_LIST.relative_to(ROOT)}"
    )
