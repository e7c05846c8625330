"""Storage of the server: one database layer, versioned migrations, one module per table group.

Nothing outside :mod:`hvlab.server.store` writes SQL.
"""

from __future__ import annotations

__all__ = ["Database", "DatabaseError", "IntegrityError", "Transaction", "migrate", "open_database"]

from hvlab.server.store.database import (
    Database,
    DatabaseError,
    IntegrityError,
    Transaction,
    open_database,
)
from hvlab.server.store.migrations import migrate
