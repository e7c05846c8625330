"""What every request handler reaches through the application: settings, database, clock.

The clock is the server's: every deadline and opening time is compared with it, never with a
browser's. Tests pass a clock they move by hand.
"""

from __future__ import annotations

__all__ = ["Clock", "ServerContext", "server_context"]

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from hvlab.server.grading import QuizBook
from hvlab.server.labs import GradedLabs
from hvlab.server.settings import Settings
from hvlab.server.store import Database, Transaction

Clock = Callable[[], float]


@dataclass
class ServerContext:
    """The server's shared objects (the same in every request of a process)."""

    settings: Settings
    database: Database
    clock: Clock
    book: QuizBook = field(default_factory=QuizBook)
    labs: GradedLabs | None = None

    def __post_init__(self) -> None:
        if self.labs is None:
            self.labs = GradedLabs(Path(self.settings.labs_dir), self.settings.lab_time_s)

    @property
    def graded_labs(self) -> GradedLabs:
        """The labs a course may link as graded labs, and their sandbox."""
        assert self.labs is not None
        return self.labs

    def now(self) -> float:
        return self.clock()

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        with self.database.transaction(write=True) as tx:
            yield tx

    @contextmanager
    def read(self) -> Iterator[Transaction]:
        with self.database.transaction(write=False) as tx:
            yield tx

    async def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run blocking work (database, grading, password hashing) off the event loop."""
        return await run_in_threadpool(function, *args, **kwargs)


def server_context(request: Request) -> ServerContext:
    """The context of the application serving ``request``."""
    context: ServerContext = request.app.state.context
    return context
