"""Shared fixtures: every store test runs on in-memory SQLite and, when
GREENBRIDGE_TEST_POSTGRES_URL is set, on PostgreSQL in a schema of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from greenbridge.settings import Settings, normalize_database_url
from greenbridge.store.db import make_engine, make_sessionmaker, upgrade

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
FIXTURES = Path(__file__).parent / "fixtures"

POSTGRES_URL = os.environ.get("GREENBRIDGE_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def _postgres_engine(schema: str) -> Engine:
    assert POSTGRES_URL
    admin = make_engine(normalize_database_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return make_engine(
        normalize_database_url(POSTGRES_URL),
        connect_args={"options": f"-csearch_path={schema}"},
    )


def _drop_postgres_schema(schema: str) -> None:
    assert POSTGRES_URL
    admin = make_engine(normalize_database_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database (file SQLite or a fresh PostgreSQL schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    schema = f"gb_test_{uuid.uuid4().hex[:12]}"
    engine = _postgres_engine(schema)
    engine.dispose()
    assert POSTGRES_URL
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = normalize_database_url(POSTGRES_URL) + f"{separator}options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        _drop_postgres_schema(schema)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated, empty store on each backend."""
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with make_sessionmaker(engine)() as session:
        yield session


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings pointing at the test database and a temporary home."""
    return Settings(home=tmp_path / "home", database_url=database_url)


@pytest.fixture(autouse=True)
def _close_postgresql_pools() -> Iterator[None]:
    """After each test, close the idle connections of every PostgreSQL engine it left behind
    (apps a test built itself): a long serial run must not use up the server's connections."""
    yield
    if not POSTGRES_URL:
        return
    import gc

    from sqlalchemy import Engine

    for engine in [o for o in gc.get_objects() if isinstance(o, Engine)]:
        if engine.dialect.name == "postgresql":
            engine.dispose()
