"""Rate limits on joining and logging in, counted in the database (shared by every process)."""

from __future__ import annotations

__all__ = ["client_address", "enforce"]

from starlette.requests import Request

from hvlab.server.context import ServerContext
from hvlab.server.errors import Problem
from hvlab.server.store.limits import count_hit


def client_address(request: Request) -> str:
    """The client's address (uvicorn puts the proxy's ``X-Forwarded-For`` there when trusted)."""
    return request.client.host if request.client else "inconnu"


def enforce(context: ServerContext, buckets: list[str], limit: int, window_s: int) -> None:
    """Count one hit in each bucket (committed); past ``limit`` in any, refuse with 429.

    Blocking (database): call it through :meth:`ServerContext.run`.
    """
    now = context.now()
    with context.write() as tx:
        hits = max(count_hit(tx, bucket, window_s, now) for bucket in buckets)
    if hits > limit:
        wait = int(window_s - now % window_s) + 1
        minutes = max(1, round(wait / 60))
        raise Problem(
            429,
            f"Trop de tentatives : réessayez dans {minutes} minute{'s' if minutes > 1 else ''}.",
            headers={"Retry-After": str(wait)},
        )
