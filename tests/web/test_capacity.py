"""A store that does not answer in time gives 503 with Retry-After, never a hang or a 500: a
pool with no free connection, SQLite's write lock held by another writer. Reads go on while a
writer holds the lock."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from greenbridge.match.importing import store_records
from greenbridge.match.records import MatchRecord
from greenbridge.settings import Settings
from greenbridge.store.db import ReadOnlySessionError, read_session, transaction
from greenbridge.store.models import Entity
from greenbridge.web.app import create_app
from tests.web.helpers import add_user, token_for


def _client(settings: Settings, timeout: float = 0.5) -> TestClient:
    busy = settings.model_copy(update={"database_pool_size": 1, "database_pool_timeout": timeout})
    app = create_app(busy)
    add_user(app.state.engine, "robot", "editor")
    client = TestClient(app, raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {token_for(app.state.engine, 'robot')}"
    return client


def test_no_free_connection_is_a_503_with_retry_after(settings: Settings) -> None:
    client = _client(settings)
    created = client.post("/api/entities", json={"type": "organization", "name": "Sahel Labs"})
    assert created.status_code == 201
    engine = client.app.state.engine  # type: ignore[attr-defined]
    held = [engine.connect(), engine.connect()]  # the pool's one and its one overflow
    try:
        response = client.get(f"/api/entities/{created.json()['id']}")
    finally:
        for connection in held:
            connection.close()
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    assert "busy" in response.json()["detail"]
    assert client.get(f"/api/entities/{created.json()['id']}").status_code == 200


def test_a_write_behind_a_held_sqlite_lock_is_a_503_and_reads_go_on(
    settings: Settings, tmp_path: Path
) -> None:
    if not settings.resolved_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL locks rows, not the database")
    client = _client(settings)
    created = client.post("/api/entities", json={"type": "organization", "name": "Sahel Labs"})
    entity_id = created.json()["id"]
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with transaction(engine):  # another writer holds the write lock
        edit = client.patch(f"/api/entities/{entity_id}", json={"name": "Sahel Labs Ltd"})
        read = client.get(f"/api/entities/{entity_id}")
        search = client.get("/api/search", params={"q": "sahel"})
    assert edit.status_code == 503 and edit.headers["retry-after"] == "2"
    assert read.status_code == 200 and read.json()["name"] == "Sahel Labs"
    assert search.status_code == 200 and search.json()["entities"]


def test_a_read_session_refuses_to_write(settings: Settings) -> None:
    engine = create_app(settings).state.engine
    with read_session(engine) as session:
        session.add(Entity(type="organization", name="Never Stored", attributes={}))
        with pytest.raises(ReadOnlySessionError):
            session.flush()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM entity")).scalar() == 0


def test_a_match_query_does_not_wait_for_a_writer(settings: Settings) -> None:
    if not settings.resolved_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL readers never wait for writers")
    client = _client(settings)
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with transaction(engine) as session:
        store_records(session, [MatchRecord(
            kind="technology", source_id="t-pump", title="Solar irrigation pump",
            description="Solar powered pumps let smallholder farmers irrigate fields.",
            country="ET",
        )], origin="test")  # fmt: skip
    need = {"need": "Irrigation for smallholder farmers", "country": "Kenya"}
    assert client.get("/api/match", params=need).status_code == 200  # the ranker is built
    with transaction(engine):  # another writer holds the write lock: a write would get 503
        response = client.get("/api/match", params=need)
    assert response.status_code == 200, response.text
    assert response.json()["technologies"][0]["title"] == "Solar irrigation pump"


def test_a_request_waiting_for_a_connection_leaves_the_event_loop_free(
    settings: Settings,
) -> None:
    """Every connection is taken: a request on the store waits (in a worker thread) while
    /health, on the same event loop, is answered; once connections are free it gets its 200."""
    client = _client(settings, timeout=60)
    created = client.post("/api/entities", json={"type": "organization", "name": "Sahel Labs"})
    app, auth = client.app, {"Authorization": client.headers["Authorization"]}
    engine = app.state.engine  # type: ignore[attr-defined]

    async def scenario() -> tuple[set[str], int]:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            capacity = engine.pool.size() + engine.pool._max_overflow  # every connection
            held = [engine.connect() for _ in range(capacity)]
            entity = asyncio.create_task(
                http.get(f"/api/entities/{created.json()['id']}", headers=auth)
            )
            health = asyncio.create_task(http.get("/health"))
            done, _ = await asyncio.wait({entity, health}, return_when=asyncio.FIRST_COMPLETED)
            first = {"health" if task is health else "entity" for task in done}
            for connection in held:
                connection.close()
            return first, (await entity).status_code

    first, status = asyncio.run(scenario())
    assert first == {"health"}
    assert status == 200
