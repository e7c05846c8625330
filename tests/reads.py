"""Which files the code under test opens: "refused before it is read" as a fact, not a time."""

from __future__ import annotations

import builtins
import io
from pathlib import Path
from typing import Any

import pytest


def files_opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record, for the rest of the test, every file opened through ``open`` / ``Path.open``.

    Returns:
        The list the opened paths (resolved) are appended to.
    """
    opened: list[Path] = []
    real_open = io.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path):
            opened.append(Path(file).resolve())
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    return opened
