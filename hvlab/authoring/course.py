"""The layout of a course project, discovered from its folders and its ``mkdocs.yml``.

A course is a folder holding ``mkdocs.yml``, ``docs/`` (the pages), ``quizzes/`` (one YAML file per
quiz) and ``labs/`` (one folder per lab). Nothing here lists the chapters, quizzes or labs by hand:
they are whatever the folders hold, so that a new chapter is checked like the others.
"""

from __future__ import annotations

__all__ = ["CHAPTER_FILE", "Course", "Fence", "NavEntry", "fences", "read_nav_text", "table_line"]

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from hvlab.authoring.rendering import Rendered, Renderer
from hvlab.errors import HvlabError
from hvlab.labs.loader import LAB_FILE, lab_folders

#: A chapter's file name: its two-digit number, then its subject (``08-conteneurs.md``).
CHAPTER_FILE = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")

_FENCE = re.compile(
    r"^(?P<indent> *)```(?P<kind>quiz|lab)[ \t]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S
)
#: A block fenced with 4+ backticks shows Markdown source (a fence given as an example).
_SHOWN_SOURCE = re.compile(r"^(?P<indent> *)(?P<ticks>````+).*?^(?P=indent)(?P=ticks)", re.M | re.S)


@dataclass(frozen=True)
class Fence:
    """A ``quiz`` or ``lab`` fence of a page: what it embeds, and on which line it starts."""

    kind: str
    id: str
    line: int


@dataclass(frozen=True)
class NavEntry:
    """A page named in the ``nav`` of ``mkdocs.yml``, with its position there (1-based)."""

    page: str
    title: str
    line: int
    column: int


def fences(markdown: str) -> list[Fence]:
    """The quiz and lab fences of a page, in order (fences shown as examples left out)."""

    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group(0).count("\n")

    found = []
    for match in _FENCE.finditer(_SHOWN_SOURCE.sub(blank, markdown)):
        try:
            body = yaml.safe_load(match.group("body"))
        except yaml.YAMLError:
            body = None
        fence_id = str(body.get("id", "")) if isinstance(body, dict) else ""
        line = markdown.count("\n", 0, match.start()) + 1
        found.append(Fence(match.group("kind"), fence_id, line))
    return found


def table_line(markdown: str) -> int:
    """The line of the first table row of a page (where a missing row belongs), else 1."""
    for number, line in enumerate(markdown.splitlines(), start=1):
        if line.startswith("|"):
            return number
    return 1


@dataclass(frozen=True)
class Course:
    """A course project on disk.

    Attributes:
        root: the folder holding ``mkdocs.yml``.
    """

    root: Path
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def find(cls, start: Path | None = None) -> Course:
        """The course holding ``start`` (default: the working folder), looking up its parents.

        Raises:
            HvlabError: no ``mkdocs.yml`` in ``start`` nor in any parent (French message).
        """
        origin = (start or Path.cwd()).resolve()
        for folder in (origin, *origin.parents):
            if (folder / "mkdocs.yml").is_file():
                return cls(folder)
        raise HvlabError(
            f"aucun fichier mkdocs.yml dans {origin} ni dans ses dossiers parents : lancez la "
            "commande depuis le dossier du cours (celui qui contient mkdocs.yml), ou donnez-le "
            "avec --root."
        )

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def quizzes_dir(self) -> Path:
        return self.root / "quizzes"

    @property
    def labs_dir(self) -> Path:
        return self.root / "labs"

    @property
    def word_list(self) -> Path:
        """The technical words the spelling check accepts, one per line, beside the content."""
        return self.docs_dir / "mots-techniques.txt"

    def relative(self, path: Path) -> str:
        """``path`` relative to the project folder, with ``/`` (as printed in problems)."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def page_name(self, path: Path) -> str:
        """A page's name as MkDocs knows it: its path below ``docs/`` (``tp/reseau.md``)."""
        return path.resolve().relative_to(self.docs_dir.resolve()).as_posix()

    def pages(self) -> list[Path]:
        """Every Markdown page of ``docs/`` (``includes/`` holds snippets, not pages)."""
        if not self.docs_dir.is_dir():
            return []
        return sorted(
            path
            for path in self.docs_dir.rglob("*.md")
            if not self.page_name(path).startswith("includes/")
        )

    def chapters(self) -> list[Path]:
        """The chapter pages: ``docs/chapitres/NN-subject.md``, in number order."""
        folder = self.docs_dir / "chapitres"
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob("*.md") if CHAPTER_FILE.match(p.name))

    def quiz_files(self) -> list[Path]:
        """The quiz files: ``quizzes/*.yaml``."""
        if not self.quizzes_dir.is_dir():
            return []
        return sorted(self.quizzes_dir.glob("*.yaml"))

    def quiz_ids(self) -> set[str]:
        return {path.stem for path in self.quiz_files()}

    def lab_folders(self) -> list[Path]:
        """The lab folders of ``labs/`` (``scenarios/`` and hidden folders left out)."""
        return lab_folders(self.labs_dir)

    def lab_ids(self) -> set[str]:
        return {folder.name for folder in self.lab_folders() if (folder / LAB_FILE).is_file()}

    def read(self, path: Path) -> str:
        """The text of a course file (cached for the run; undecodable bytes replaced)."""
        key = f"text:{path}"
        if key not in self._cache:
            self._cache[key] = path.read_text(encoding="utf-8", errors="replace")
        text = self._cache[key]
        assert isinstance(text, str)
        return text

    def rendered(self, path: Path) -> Rendered:
        """A page of ``docs/`` rendered as the site renders it (cached for the run)."""
        key = f"html:{path}"
        if key not in self._cache:
            self._cache[key] = self.renderer.page(self.read(path))
        rendered = self._cache[key]
        assert isinstance(rendered, Rendered)
        return rendered

    @property
    def renderer(self) -> Renderer:
        """The Markdown renderer of this course (extensions from ``mkdocs.yml``)."""
        if "renderer" not in self._cache:
            self._cache["renderer"] = Renderer(self.mkdocs_file)
        renderer = self._cache["renderer"]
        assert isinstance(renderer, Renderer)
        return renderer

    def nav(self) -> list[NavEntry]:
        """The pages named in the ``nav`` of ``mkdocs.yml``, in order.

        Raises:
            HvlabError: ``mkdocs.yml`` cannot be read as YAML (French message with its line).
        """
        if "nav" not in self._cache:
            self._cache["nav"] = _read_nav(self.mkdocs_file, self.relative(self.mkdocs_file))
        entries = self._cache["nav"]
        assert isinstance(entries, list)
        return entries


@functools.lru_cache(maxsize=8)
def _compose(text: str) -> yaml.Node | None:
    # compose() builds the node tree without constructing values: the !ENV and !!python/name
    # tags of mkdocs.yml need no constructor, and every node keeps its position.
    return yaml.compose(text, Loader=yaml.SafeLoader)


def read_nav_text(text: str, shown: str = "mkdocs.yml") -> list[NavEntry]:
    """The pages of the ``nav`` of a ``mkdocs.yml`` given as text, with their positions.

    Raises:
        HvlabError: the text is not YAML (French message with its line).
    """
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{shown}:{mark.line + 1}" if mark else shown
        raise HvlabError(f"{where}: YAML invalide ({error.problem}).") from None
    except yaml.YAMLError as error:
        raise HvlabError(f"{shown} : YAML invalide ({error}).") from None
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "nav":
            return list(_walk(value, ""))
    return []


def _read_nav(path: Path, shown: str) -> list[NavEntry]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise HvlabError(f"{shown} illisible : {error.strerror or error}.") from None
    return read_nav_text(text, shown)


def _walk(node: yaml.Node, title: str) -> list[NavEntry]:
    if isinstance(node, yaml.ScalarNode):
        page = str(node.value)
        if "://" in page:
            return []
        mark = node.start_mark
        return [NavEntry(page, title, mark.line + 1, mark.column + 1)]
    entries = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            entries += _walk(item, "")
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            entries += _walk(value, str(key.value) if isinstance(key, yaml.ScalarNode) else "")
    return entries
