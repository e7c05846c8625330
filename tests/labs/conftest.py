"""Fixtures of the lab tests: a small valid lab copied where a test may break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def labs_dir(tmp_path: Path) -> Path:
    """A ``labs/`` folder holding a copy of the ``mini`` lab (and an ignored ``scenarios``)."""
    root = tmp_path / "labs"
    shutil.copytree(FIXTURES / "mini", root / "mini")
    (root / "scenarios").mkdir()
    (root / "scenarios" / "exemple.yaml").write_text("hosts: []\n", encoding="utf-8")
    return root


@pytest.fixture
def mini(labs_dir: Path) -> Path:
    """The folder of the copied ``mini`` lab."""
    return labs_dir / "mini"
