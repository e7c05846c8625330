"""Storage of the server: one database layer, versioned migrations, one module per table group.

The graded-sessions tables are reached only through this package's modules; the LTI tables
(``lti_*``, migration 0002) through the modules of :mod:`hvlab.server.lti` that own them.
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
