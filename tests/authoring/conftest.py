"""Copies of the course to break on purpose: each test edits its own copy, never the project."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: Folders and files of the project that make a course (what ``hvlab check`` reads).
_COURSE_PARTS = ("docs", "quizzes", "templates", "mkdocs.yml")
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


def copy_course(target: Path, labs: tuple[str, ...] | None = None) -> Path:
    """Copy the course into ``target``; ``labs`` names the labs to copy (None: all of them).

    ``labs/scenarios`` (shared by the labs) is always copied.
    """
    target.mkdir(parents=True, exist_ok=True)
    for part in _COURSE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=_IGNORED)
        else:
            shutil.copy2(source, target / part)
    # The package itself (the guide shows the skeletons of hvlab/authoring/skeletons).
    (target / "hvlab").symlink_to(ROOT / "hvlab", target_is_directory=True)
    (target / "labs").mkdir()
    for folder in sorted((ROOT / "labs").iterdir()):
        if folder.is_dir() and (labs is None or folder.name in labs or folder.name == "scenarios"):
            shutil.copytree(folder, target / "labs" / folder.name, ignore=_IGNORED)
    return target


@pytest.fixture
def course_copy(tmp_path: Path) -> Callable[..., Path]:
    """``course_copy(labs=("reseau",))`` → a fresh copy of the course in a temporary folder."""

    def make(labs: tuple[str, ...] | None = None) -> Path:
        return copy_course(tmp_path / "cours", labs)

    return make
