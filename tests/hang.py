"""A guard against hangs, for the tests of hostile inputs — never a speed claim.

The machine that runs the tests is shared and loaded: a time measured there says nothing about
the code, so no test asserts a duration (figures belong to ``benchmarks/``). What a test of a
hostile input must still catch is a *hang* (an alias bomb expanded, a loop that never ends):
``no_hang`` interrupts the block after a generous delay and fails the test, naming what hung.

It uses ``SIGALRM``, so it interrupts Python code in the main thread (pytest and its xdist
workers run tests there); elsewhere (another thread, a platform without ``setitimer``) it only
runs the block.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: Far beyond any normal run on a loaded 2-core machine: only a hang reaches it.
HANG_S = 120.0


class _Hang(BaseException):
    """Raised in the guarded block by the alarm (a BaseException: ``except Exception`` of the
    code under test, such as the CLI's last-resort handler, does not swallow it)."""


@contextmanager
def no_hang(what: str, seconds: float = HANG_S) -> Iterator[None]:
    """Run the block; fail with an ``AssertionError`` naming ``what`` if it hangs.

    Args:
        what: what the block does, shown in the failure (e.g. ``"hvlab lab list"``).
        seconds: how long before the block is taken as hung.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def _alarm(_signum: int, _frame: FrameType | None) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Hang:
        raise AssertionError(
            f"{what} : toujours en cours après {seconds:.0f} s — bloqué (boucle sans fin ?)"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
