"""No English in what a student, teacher or instructor reads: the built site and the CLI help.

Code, identifiers and docstrings are English by the project's rule, so on the API reference pages
only the labels are read (section titles, table headers); everywhere else, every visible text and
every ``title``, ``aria-label``, ``placeholder`` and ``alt`` attribute. The strings looked for are
the usual English of a theme, a documentation generator and argparse.
"""

from __future__ import annotations

import argparse
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hvlab.authoring.rendering import visible_text
from hvlab.cli import build_parser
from tests.conftest import ServedSite

#: The usual English of MkDocs, Material, mkdocstrings and argparse.
ENGLISH = (
    "Skip to content",
    "Table of contents",
    "Back to top",
    "Previous",
    "Next",
    "Search",
    "Made with",
    "Copyright",
    "Initializing search",
    "Type to start searching",
    "Copy to clipboard",
    "Light mode",
    "Dark mode",
    "Switch to",
    "Last update",
    "Parameters",
    "Returns",
    "Raises",
    "Attributes",
    "Yields",
    "Other Parameters",
    "Source code in",
    "Default",
    "Bases:",
    "Name",
    "required",
    "show this help",
    "show program's version",
    "usage:",
    "positional arguments",
    "optional arguments",
    "invalid choice",
    "the following arguments are required",
    "unrecognized arguments",
    "expected one argument",
    "Traceback",
)
_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")
_ATTRIBUTES = re.compile(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"')


class _Labels(HTMLParser):
    """The labels of a mkdocstrings page: section titles and table headers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth or tag == "th" or "doc-section-title" in classes:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def read_text(page: Path, reference: bool) -> str:
    """What a reader sees of ``page`` (only the labels of an API reference page)."""
    html = page.read_text(encoding="utf-8")
    if reference:
        labels = _Labels()
        labels.feed(html)
        return " ".join(labels.parts)
    return visible_text(html) + " " + " ".join(_ATTRIBUTES.findall(html))


def english_in(text: str) -> list[str]:
    """The English strings of :data:`ENGLISH` found in ``text``."""
    return sorted({match.group(1) for match in _PATTERN.finditer(text)})


def test_the_detector_finds_english_and_leaves_french_alone() -> None:
    assert english_in("Made with Material · usage: hvlab · Previous") == [
        "Made with",
        "Previous",
        "usage:",
    ]
    assert english_in("Précédent, Suivant, un usage courant, les classes, Nomenclature") == []


def test_built_site_has_no_english_for_its_readers(served_site: ServedSite) -> None:
    found: dict[str, list[str]] = {}
    for page in sorted(served_site.directory.rglob("*.html")):
        name = page.relative_to(served_site.directory).as_posix()
        if name.startswith(("assets/", "search/")):
            continue
        for english in english_in(read_text(page, name.startswith("reference/"))):
            found.setdefault(english, []).append(name)
    report = "\n".join(f"  « {word} » : {', '.join(pages[:5])}" for word, pages in found.items())
    assert not found, f"English in the built site:\n{report}"


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _parsers(sub)
    return found


@pytest.mark.parametrize("parser", _parsers(build_parser()), ids=lambda p: p.prog)
def test_cli_help_has_no_english(parser: argparse.ArgumentParser) -> None:
    assert english_in(parser.format_help()) == []
