"""Engines, sessions and migrations; the dialect differences between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


POOL_OPTIONS = ("pool_size", "max_overflow", "pool_timeout")
DEFAULT_BUSY_TIMEOUT = 30.0


class ReadOnlySessionError(RuntimeError):
    """A write was attempted through a session meant for reading."""


class ReadSession(Session):
    """A session for reads. It refuses to flush changes: a write would take SQLite's write lock
    (waiting behind any writer) and be thrown away when the read ends anyway."""


@event.listens_for(ReadSession, "before_flush")
def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    raise ReadOnlySessionError("this session is for reading; write in a transaction")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def pool_options(size: int, timeout: float) -> dict[str, Any]:
    """Engine options for a server: `size` pooled connections and as many again as overflow
    (a request may hold two at once), checkouts waiting at most `timeout` seconds, and the same
    bound on waiting for SQLite's write lock."""
    return {"pool_size": size, "max_overflow": size, "pool_timeout": timeout,
            "busy_timeout": timeout}  # fmt: skip


def make_engine(url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and a busy timeout (seconds a write
    waits for another writer's lock)."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, busy_timeout, **kwargs)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_engine(url: str, busy_timeout: float, **kwargs: Any) -> Engine:
    memory = url in ("sqlite://", "sqlite:///:memory:")
    if memory:
        kwargs.setdefault("poolclass", StaticPool)
        for option in POOL_OPTIONS:  # one shared connection: nothing to size
            kwargs.pop(option, None)
    else:
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    connect_args = {"check_same_thread": False, "timeout": busy_timeout}
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cursor = dbapi_connection.cursor()
        # Readers never wait for the writer (WAL); a writer waits up to the busy timeout.
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def make_read_sessionmaker(engine: Engine) -> sessionmaker[ReadSession]:
    return sessionmaker(bind=engine, class_=ReadSession, expire_on_commit=False)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading: it never begins a write transaction (on SQLite a plain `BEGIN`,
    which waits for no writer in WAL mode), and any attempt to write through it fails."""
    with make_read_sessionmaker(engine)() as session:
        yield session


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error.

    On SQLite it holds the write lock from the start (see `claim_sqlite_write_lock`): a write
    that fires the full-text triggers would otherwise fail at once, without waiting, when another
    process writes at the same time."""
    with make_sessionmaker(engine)() as session, session.begin():
        claim_sqlite_write_lock(session)
        yield session


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (idempotent)."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    command.downgrade(alembic_config(engine), revision)


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def claim_sqlite_write_lock(session: Session) -> None:
    """On SQLite, take the database write lock at the start of a write transaction (as
    `BEGIN IMMEDIATE` would): a later upgrade from a read lock could fail with "database is
    locked" when another writer committed in between. No effect on other databases."""
    if session.get_bind().dialect.name == "sqlite":
        # A write that changes nothing still takes SQLite's RESERVED lock for the transaction.
        session.execute(text("UPDATE document SET id = id WHERE 1 = 0"))
