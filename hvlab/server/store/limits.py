"""Rate-limit counters in the database, so that every process of the server counts together.

A fixed window: the hits of ``bucket`` during the current window of ``window_s`` seconds are
counted by one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (atomic in SQLite and PostgreSQL).
"""

from __future__ import annotations

__all__ = ["count_hit", "delete_old_windows", "hits_before"]

from hvlab.server.store.database import Transaction


def count_hit(tx: Transaction, bucket: str, window_s: int, now: float) -> int:
    """Record one hit in ``bucket`` and return the hits of the current window, this one included."""
    window = int(now // window_s) * window_s
    row = tx.one(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)"
        " ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1"
        " RETURNING hits",
        (bucket, window),
    )
    assert row is not None
    return int(row["hits"])


def hits_before(tx: Transaction, bucket: str, window_s: int, now: float) -> int:
    """The hits of ``bucket`` during the window before the current one."""
    window = int(now // window_s) * window_s - window_s
    row = tx.one(
        "SELECT hits FROM rate_limits WHERE bucket = ? AND window_start = ?", (bucket, window)
    )
    return int(row["hits"]) if row else 0


def delete_old_windows(tx: Transaction, now: float, keep_s: int = 86_400) -> int:
    """Forget windows that started more than ``keep_s`` seconds ago."""
    return tx.execute("DELETE FROM rate_limits WHERE window_start < ?", (int(now) - keep_s,))
