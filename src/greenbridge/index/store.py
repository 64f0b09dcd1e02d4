"""Where the vector index of a store lives: pgvector when PostgreSQL has it, else a file index
beside the SQLite file (or under the configured home folder)."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from greenbridge.index.vector import FileVectorIndex
from greenbridge.settings import Settings

logger = logging.getLogger(__name__)


def pgvector_available(engine: Engine) -> bool:
    """True when the store is PostgreSQL and `CREATE EXTENSION vector` succeeds."""
    if engine.dialect.name != "postgresql":
        return False
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS vector"))
    except DBAPIError as error:
        logger.info("pgvector not available (%s); using the file index", error.orig)
        return False
    return True


def index_folder(engine: Engine, settings: Settings) -> Path:
    """`<store>.db.vectors/` beside a SQLite file, else `<home>/vectors/<database>/`."""
    url = make_url(str(engine.url))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database).expanduser()
        return database.with_name(database.name + ".vectors")
    schema = url.query.get("options") or ""
    suffix = str(schema).rsplit("=", 1)[-1] if "search_path" in str(schema) else ""
    name = "-".join(part for part in (url.host, url.database, suffix) if part) or "memory"
    return settings.home_path / "vectors" / name


def open_vector_index(
    engine: Engine, settings: Settings, dimension: int, name: str = "technology"
) -> FileVectorIndex:
    """The vector index of `name` entities for this store.

    pgvector needs a table of its own (a migration of the store); until the store has one,
    PostgreSQL with or without the extension uses the same file index as SQLite.
    """
    if pgvector_available(engine):
        logger.info(
            "pgvector is installed; the store has no vector table yet, using the file index"
        )
    return FileVectorIndex(index_folder(engine, settings), dimension, name)
