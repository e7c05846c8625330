"""The graded-sessions server (``hvlab serve``): évaluations graded on the server, keys never sent.

A Starlette application run by uvicorn, over SQLite (one file, the default) or PostgreSQL (several
processes or hosts). It imports :mod:`hvlab.quiz` for loading and grading, and :mod:`hvlab.labs`
for graded labs (students' code checked in its sandbox); nothing else in hvlab imports it, and the
static site works without it. Everything lives in the database (sessions,
nonces, rate-limit counters), none in a process's memory, so any number of processes may serve
one school.
"""

from __future__ import annotations

__all__ = ["Settings", "create_app"]

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hvlab.server.app import create_app
    from hvlab.server.settings import Settings


def __getattr__(name: str) -> Any:
    # Lazy: the storage layer and the command line import parts of the package without Starlette.
    if name == "create_app":
        from hvlab.server.app import create_app

        return create_app
    if name == "Settings":
        from hvlab.server.settings import Settings

        return Settings
    raise AttributeError(name)
