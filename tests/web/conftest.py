from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.settings import Settings
from greenbridge.web.app import create_app
from tests.web.helpers import add_user, sign_in


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    app = create_app(settings)
    yield app
    app.state.engine.dispose()  # give the store's connections back


@pytest.fixture
def app_engine(app: FastAPI) -> Engine:
    engine: Engine = app.state.engine
    return engine


@pytest.fixture
def client_as(app: FastAPI, app_engine: Engine) -> Callable[[str | None], TestClient]:
    """A client signed in with the given role (None: anonymous)."""

    def make(role: str | None) -> TestClient:
        client = TestClient(app, raise_server_exceptions=False)
        if role is None:
            return client
        add_user(app_engine, role, role)
        return sign_in(client, role)

    return make
