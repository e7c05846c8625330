"""The course's abbreviations, explained on hover in every page.

``docs/includes/abreviations.md`` lists them in Python-Markdown's syntax, one per line::

    *[VM]: Virtual Machine (machine virtuelle)

They are read once and handed to the ``abbr`` extension as its glossary (:func:`glossary_loader`),
instead of appending the file to each Markdown text: appended, the 57 definitions were parsed again
for every page and, in the API reference, for each of about 1,500 docstrings (18 of the 22 s of a
site build went there).
"""

from __future__ import annotations

__all__ = ["AbbreviationError", "GlossaryPreprocessor", "read_abbreviations"]

import functools
import re
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions.abbr import AbbrExtension
from markdown.preprocessors import Preprocessor

from hvlab.errors import HvlabError

_LINE = re.compile(r"\*\[(?P<abbr>[^\]]+)\]:[ \t]+(?P<title>\S.*?)\s*")


class AbbreviationError(HvlabError):
    """The abbreviations file cannot be read (French message naming the file and the line)."""


def read_abbreviations(path: Path) -> dict[str, str]:
    """The abbreviations of ``path`` (``*[VM]: Virtual Machine`` lines), in file order.

    Blank lines are skipped. The result is cached while the file keeps its size and date, so that
    every page of a build (and every rebuild of ``mkdocs serve``) reads it once.

    Args:
        path: the abbreviations file.

    Returns:
        A mapping from the abbreviation to its explanation.

    Raises:
        AbbreviationError: the file is missing, a line is malformed or an abbreviation is defined
            twice.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> text = "*[VM]: Virtual Machine\\n\\n*[HA]: High Availability\\n"
        >>> _ = (folder / "a.md").write_text(text)
        >>> read_abbreviations(folder / "a.md")
        {'VM': 'Virtual Machine', 'HA': 'High Availability'}
    """
    try:
        stat = path.stat()
    except OSError:
        raise AbbreviationError(
            f"fichier des abréviations introuvable : {path}. Créez-le ou corrigez l'option "
            "« abbreviations » de hvlab."
        ) from None
    return dict(_read(path, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int, size: int) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            raise AbbreviationError(
                f"{path}, ligne {number} : « {line.strip()} » n'est pas une abréviation ; "
                "écrivez-la sous la forme « *[VM]: Virtual Machine (machine virtuelle) »."
            )
        abbr = match.group("abbr")
        if abbr in found:
            raise AbbreviationError(
                f"{path}, ligne {number} : l'abréviation « {abbr} » est déjà définie ; "
                "gardez-en une seule."
            )
        found[abbr] = match.group("title")
    return tuple(found.items())


class GlossaryPreprocessor(Preprocessor):  # type: ignore[misc]
    """Give the ``abbr`` extension the glossary before each conversion.

    It runs before the text is parsed, once every extension is registered, so the order of the
    extensions in the configuration does not matter; an abbreviation defined in the page itself
    still wins. Without ``abbr`` among the extensions, it registers one. The file is read at the
    first conversion (then from :func:`read_abbreviations`' cache), not when the extension is
    loaded: MkDocs loads the extensions once to check its configuration, from any folder.

    Args:
        md: the Markdown instance.
        path: the abbreviations file.
    """

    def __init__(self, md: Markdown, path: Path) -> None:
        super().__init__(md)
        self.path = path

    def run(self, lines: list[str]) -> list[str]:
        glossary = read_abbreviations(self.path)
        abbr = _abbr_extension(self.md)
        if abbr is None:
            abbr = AbbrExtension()
            abbr.extendMarkdown(self.md)
        for key, title in glossary.items():
            abbr.abbrs.setdefault(key, title)
        return lines


def _abbr_extension(md: Markdown) -> Any:
    for extension in md.registeredExtensions:
        if isinstance(extension, AbbrExtension):
            return extension
    return None
