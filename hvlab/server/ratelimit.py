"""Rate limits on joining and logging in, counted in the database (shared by every process)."""

from __future__ import annotations

__all__ = ["client_address", "enforce"]

from starlette.requests import Request

from hvlab.server.context import ServerContext
from hvlab.server.errors import Problem
from hvlab.server.store.limits import count_hit, hits_before


def client_address(request: Request) -> str:
    """The client's address (uvicorn puts the proxy's ``X-Forwarded-For`` there when trusted)."""
    return request.client.host if request.client else "inconnu"


def enforce(context: ServerContext, buckets: list[str], limit: int, window_s: int) -> None:
    """Count one hit in each bucket (committed); past ``limit`` in any, refuse with 429.

    The count is that of the current window plus the previous one, so that no span of
    ``window_s`` seconds lets more than ``limit`` hits through (two fixed windows alone would let
    twice as many pass around their boundary). Refused hits count too: a client that keeps trying
    stays refused.

    Blocking (database): call it through :meth:`ServerContext.run`.
    """
    now = context.now()
    with context.write() as tx:
        counts = [
            (count_hit(tx, bucket, window_s, now), hits_before(tx, bucket, window_s, now))
            for bucket in buckets
        ]
    current, previous = max(counts, key=lambda pair: pair[0] + pair[1])
    if current + previous > limit:
        wait = int(window_s - now % window_s) + 1
        if current >= limit:
            wait += window_s
        minutes = max(1, round(wait / 60))
        raise Problem(
            429,
            f"Trop de tentatives : réessayez dans {minutes} minute{'s' if minutes > 1 else ''}.",
            headers={"Retry-After": str(wait)},
        )
