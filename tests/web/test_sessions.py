"""A session cookie ends for good: after signing out (on every copy of the cookie), after a new
password and after deactivation; each cookie names the user's session version."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner
from sqlalchemy import Engine
from typer.testing import CliRunner

from greenbridge.auth import get_by_username, set_active, set_password
from greenbridge.cli import app as cli
from greenbridge.settings import Settings
from greenbridge.store.db import transaction
from tests.web.helpers import add_user, sign_in, token_for

Client = Callable[[str | None], TestClient]
COOKIE = "greenbridge_session"


def _copy_of(app: FastAPI, client: TestClient) -> TestClient:
    """Another browser holding the same cookie (a copied or stolen one)."""
    other = TestClient(app, raise_server_exceptions=False)
    other.cookies.set(COOKIE, client.cookies[COOKIE])
    return other


def _signed_in(client: TestClient) -> bool:
    return client.get("/api/me").status_code == 200


def test_sign_out_ends_every_copy_of_the_cookie(client_as: Client, app: FastAPI) -> None:
    browser = client_as("viewer")
    copy = _copy_of(app, browser)
    assert _signed_in(browser) and _signed_in(copy)
    response = browser.post("/logout", follow_redirects=False)
    assert response.status_code == 303
    assert not _signed_in(copy)
    assert not _signed_in(browser)
    assert copy.get("/dashboard", follow_redirects=False).headers["location"].startswith("/login")
    assert _signed_in(sign_in(TestClient(app), "viewer"))  # a new sign-in works


def test_signing_out_in_one_browser_ends_the_others(client_as: Client, app: FastAPI) -> None:
    first = client_as("editor")
    second = sign_in(TestClient(app, raise_server_exceptions=False), "editor")
    first.post("/logout", follow_redirects=False)
    assert not _signed_in(second)


def test_a_new_password_ends_old_sessions(
    client_as: Client, app: FastAPI, app_engine: Engine, settings: Settings
) -> None:
    browser = client_as("viewer")
    result = CliRunner().invoke(
        cli,
        ["user", "password", "viewer", "--password-stdin"],
        input="another long password\n",
        env={"GREENBRIDGE_DATABASE_URL": settings.resolved_database_url},
    )
    assert result.exit_code == 0, result.output
    assert not _signed_in(browser)
    assert _signed_in(sign_in(TestClient(app), "viewer", "another long password"))
    with transaction(app_engine) as session:
        set_password(session, username="viewer", password="a third long password")
    assert not _signed_in(browser)


def test_deactivation_ends_sessions_and_reactivation_does_not_revive_them(
    client_as: Client, app: FastAPI, app_engine: Engine
) -> None:
    browser = client_as("editor")
    admin = client_as("admin")
    response = admin.put("/api/users/editor/active", json={"active": False})
    assert response.status_code == 200, response.text
    assert not _signed_in(browser)
    with transaction(app_engine) as session:
        set_active(session, username="editor", active=True)
    assert not _signed_in(browser)
    assert _signed_in(sign_in(TestClient(app), "editor"))


def test_api_tokens_are_not_sessions(client_as: Client, app: FastAPI, app_engine: Engine) -> None:
    browser = client_as("viewer")
    token = TestClient(app)
    token.headers["Authorization"] = f"Bearer {token_for(app_engine, 'viewer')}"
    browser.post("/logout", follow_redirects=False)
    assert _signed_in(token)


def test_a_cookie_without_the_current_version_signs_nobody_in(
    app: FastAPI, app_engine: Engine, settings: Settings
) -> None:
    """A cookie signed with the right key but naming no version (as before versions) or an old
    one is no session."""
    add_user(app_engine, "old", "viewer")
    with transaction(app_engine) as session:
        user = get_by_username(session, "old")
        assert user is not None and user.session_version == 1
        user_id = user.id
    for content in ({"user_id": user_id}, {"user_id": user_id, "session_version": 0}):
        browser = TestClient(app, raise_server_exceptions=False)
        browser.cookies.set(COOKIE, _signed_cookie(settings, content))
        assert not _signed_in(browser)
    current = TestClient(app)
    current.cookies.set(
        COOKIE, _signed_cookie(settings, {"user_id": user_id, "session_version": 1})
    )
    assert _signed_in(current)


def _signed_cookie(settings: Settings, content: dict[str, int]) -> str:
    """A session cookie as Starlette's middleware writes one."""
    data = base64.b64encode(json.dumps(content).encode())
    return TimestampSigner(settings.secret_key).sign(data).decode()
