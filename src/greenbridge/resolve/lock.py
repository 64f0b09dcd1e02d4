"""One writer at a time resolves into a store, so two ingests never create the same entity twice.

PostgreSQL: a transaction-scoped advisory lock. SQLite: take the database write lock now
(the same effect as `BEGIN IMMEDIATE` for a transaction already begun); the busy timeout of
`greenbridge.store.db` makes the second writer wait. Both locks end with the transaction.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.orm import Session

from greenbridge.store.db import claim_sqlite_write_lock

logger = logging.getLogger(__name__)

RESOLVE_LOCK_KEY = 0x67726E62  # "grnb"


def lock_for_resolution(session: Session) -> None:
    """Hold the store's resolution lock until the session's transaction ends.

    Call it before reading candidates; on SQLite call it before the transaction reads anything
    else, or a concurrent commit can make the upgrade to a write lock fail.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RESOLVE_LOCK_KEY})
    elif dialect == "sqlite":
        claim_sqlite_write_lock(session)
    else:
        logger.warning("no resolution lock for dialect %s", dialect)
