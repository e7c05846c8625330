"""The background task of each process: submit attempts whose time is up, forget expired data.

Every process of a server runs one; they may overlap safely (an attempt is submitted by a
conditional update under a row lock, see :mod:`hvlab.server.submission`).
"""

from __future__ import annotations

__all__ = ["sweep", "sweep_forever"]

import asyncio
import logging

from hvlab.errors import HvlabError
from hvlab.server.context import ServerContext
from hvlab.server.grading import QuizBook
from hvlab.server.lti.launch import forget_expired
from hvlab.server.lti.outbox import deliver_due
from hvlab.server.store import accounts, limits
from hvlab.server.submission import submit_expired

log = logging.getLogger("hvlab.server")


def sweep(context: ServerContext, book: QuizBook) -> int:
    """One round (blocking): submit expired attempts, send the grades due to LMS platforms,
    delete expired sessions, login states, nonces and old counters."""
    done = submit_expired(context, book)
    deliver_due(context)
    now = context.now()
    with context.write() as tx:
        accounts.delete_expired_sessions(tx, now)
        limits.delete_old_windows(tx, now)
        forget_expired(tx, now)
    return done


async def sweep_forever(context: ServerContext, book: QuizBook) -> None:
    """Run :func:`sweep` every ``sweep_interval_s`` until cancelled (errors are logged)."""
    while True:
        try:
            await context.run(sweep, context, book)
        except HvlabError as error:
            log.warning("balayage des copies échues impossible : %s", error)
        except Exception:  # the task must survive anything: it is logged for the administrator
            log.exception("erreur pendant le balayage des copies échues")
        await asyncio.sleep(context.settings.sweep_interval_s)
