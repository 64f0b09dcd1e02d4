"""Signed-in test clients for the web app."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.auth import create_token, create_user, get_by_username
from greenbridge.store.db import transaction

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_user(engine: Engine, username: str, role: str) -> None:
    with transaction(engine) as session:
        if get_by_username(session, username) is None:
            create_user(session, username=username, password=PASSWORD, role=role)


def token_for(engine: Engine, username: str) -> str:
    with transaction(engine) as session:
        user = get_by_username(session, username)
        assert user is not None
        return create_token(session, user)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    found = CSRF.search(client.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": token,
            "next": "/dashboard",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    client.headers["X-CSRF-Token"] = csrf_of(client, "/dashboard")
    return client
