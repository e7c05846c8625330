"""The course's abbreviations: read once, explained in every page and in the API reference."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import markdown
import pytest

from hvlab.site.abbreviations import AbbreviationError, read_abbreviations
from hvlab.site.embed import EmbedContext
from hvlab.site.markdown import HvlabExtension
from tests.conftest import ROOT, ServedSite

ABBREVIATIONS = ROOT / "docs" / "includes" / "abreviations.md"


def _render(text: str, tmp_path: Path, glossary: str, extensions: list[object]) -> str:
    (tmp_path / "abbr.md").write_text(glossary, encoding="utf-8")
    hvlab = HvlabExtension(context=EmbedContext(root=tmp_path), abbreviations="abbr.md")
    md = markdown.Markdown(extensions=[*extensions, hvlab] if extensions else [hvlab])
    return str(md.convert(text))


def test_read_abbreviations_keeps_file_order_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("*[VM]: Virtual Machine\n\n*[HA]:  High Availability  \n", encoding="utf-8")
    assert read_abbreviations(path) == {"VM": "Virtual Machine", "HA": "High Availability"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*[VM]: Virtual Machine\nVM = machine virtuelle\n", "ligne 2"),
        ("*[VM]: Virtual Machine\n*[VM]: Virtual Memory\n", "« VM » est déjà définie"),
        ("*[VM]:\n", "ligne 1"),
    ],
)
def test_read_abbreviations_names_the_bad_line_in_french(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AbbreviationError, match=expected):
        read_abbreviations(path)


def test_missing_abbreviations_file_says_which(tmp_path: Path) -> None:
    with pytest.raises(AbbreviationError, match="introuvable"):
        read_abbreviations(tmp_path / "absent.md")


def test_glossary_explains_an_abbreviation_whatever_the_extension_order(tmp_path: Path) -> None:
    glossary = "*[VM]: Virtual Machine\n"
    expected = '<abbr title="Virtual Machine">VM</abbr>'
    assert expected in _render("Une VM.", tmp_path, glossary, ["abbr"])
    assert expected in _render("Une VM.", tmp_path, glossary, [])
    hvlab_first = markdown.Markdown(
        extensions=[
            HvlabExtension(context=EmbedContext(root=tmp_path), abbreviations="abbr.md"),
            "abbr",
        ]
    )
    assert expected in hvlab_first.convert("Une VM.")


def test_a_page_may_redefine_an_abbreviation_of_the_glossary(tmp_path: Path) -> None:
    html = _render("La VM.\n\n*[VM]: Vue métier\n", tmp_path, "*[VM]: Virtual Machine\n", ["abbr"])
    assert '<abbr title="Vue métier">VM</abbr>' in html


def test_glossary_survives_a_reset_between_texts(tmp_path: Path) -> None:
    # mkdocstrings converts every docstring with one Markdown instance, reset in between.
    (tmp_path / "abbr.md").write_text("*[HA]: High Availability\n", encoding="utf-8")
    hvlab = HvlabExtension(context=EmbedContext(root=tmp_path), abbreviations="abbr.md")
    md = markdown.Markdown(extensions=["abbr", hvlab])
    for text in ("La HA.", "Encore la HA."):
        md.reset()
        assert '<abbr title="High Availability">HA</abbr>' in md.convert(text)


@pytest.mark.parametrize(
    "page", ["chapitres/07-migration-ha/index.html", "reference/sim-exploitation/index.html"]
)
def test_built_pages_explain_the_course_abbreviations(served_site: ServedSite, page: str) -> None:
    titles = read_abbreviations(ABBREVIATIONS)
    html = (served_site.directory / page).read_text(encoding="utf-8")
    pairs = {
        (abbr, unescape(title))
        for title, abbr in re.findall(r'<abbr title="([^"]*)">([^<]+)</abbr>', html)
    }
    assert ("HA", titles["HA"]) in pairs
    assert ("VM", titles["VM"]) in pairs
    assert all(titles.get(abbr) == title for abbr, title in pairs)
