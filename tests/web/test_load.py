"""Fifty concurrent clients against a real uvicorn server, on SQLite and PostgreSQL: every
request of a mix of /health, entity pages, search and authenticated API reads is answered 200
within the client's time-out (no request waits on the event loop for a database connection)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from greenbridge.settings import Settings
from greenbridge.web.app import create_app
from tests.web.helpers import add_user, token_for
from tests.web.live import fill_store, live_server, run_clients

# The tests that load the machine run one after the other, never beside each other.
pytestmark = pytest.mark.xdist_group("machine load")
CLIENTS = 50
SECONDS = 10  # the load lasts this long
# A busy two-core machine at full load answers 50 clients in seconds, not milliseconds; the
# client's and the server's time-outs sit above that, so only a stall fails the test (a request
# waiting on the event loop for a pool connection: a 500 after 30 s before this was fixed).
TIMEOUT = 30.0


def test_fifty_clients_get_only_200s(settings: Settings, tmp_path: Path) -> None:
    engine: Engine = create_app(settings).state.engine  # migrated
    fill_store(engine, entities=2000, relations=6000)
    add_user(engine, "reader", "viewer")
    token = token_for(engine, "reader")
    engine.dispose()
    paths = []
    for i in range(1, 201):
        paths += ["/health", f"/entities/{i * 9}", f"/api/search?q=solar+{i}",
                  f"/search?q=green+{i}", f"/api/entities/{i * 7}", "/api/documents",
                  "/api/review", "/api/me"]  # fmt: skip
    server = live_server(
        settings.resolved_database_url, tmp_path / "server-home",
        database_pool_timeout=str(TIMEOUT),
    )  # fmt: skip
    with server as base:
        outcomes = run_clients(
            base, token, paths, clients=CLIENTS, seconds=SECONDS, timeout=TIMEOUT
        )
    statuses = {status for _, status in outcomes}
    assert statuses == {"200"}, outcomes
    answered = {kind for kind, _ in outcomes}
    assert answered == {
        "/health", "/entities", "/api/search", "/search", "/api/entities", "/api/documents",
        "/api/review", "/api/me",
    }  # fmt: skip
    assert sum(outcomes.values()) >= CLIENTS, outcomes
