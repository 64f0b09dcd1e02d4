"""Sign-in throttling through the sign-in form: five failures for a name or from an address
refuse the next attempts with 429 and Retry-After, even with the right password, until the
back-off passes; each failure is logged without the password."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from greenbridge.auth.throttle import SignInThrottle
from greenbridge.settings import Settings
from greenbridge.web.app import create_app
from tests.web.helpers import PASSWORD, add_user, csrf_of


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def throttled_app(settings: Settings, clock: Clock) -> FastAPI:
    throttle = SignInThrottle(max_failures=5, window=60, backoff=120, clock=clock)
    app = create_app(settings, sign_in_throttle=throttle)
    add_user(app.state.engine, "ana", "editor")
    add_user(app.state.engine, "bo", "viewer")
    return app


def _attempt(client: TestClient, username: str, password: str) -> Response:
    form = {"username": username, "password": password, "csrf_token": csrf_of(client)}
    return client.post("/login", data=form, follow_redirects=False)


def test_the_sixth_attempt_is_refused_until_the_back_off_passes(
    throttled_app: FastAPI, clock: Clock
) -> None:
    client = TestClient(throttled_app)
    for _ in range(5):
        assert _attempt(client, "ana", "wrong password").status_code == 401
        clock.now += 1
    refused = _attempt(client, "ana", "wrong password")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) == 119  # 120 s from the fifth failure
    assert "Too many failed sign-ins" in refused.text
    right = _attempt(client, "ana", PASSWORD)
    assert right.status_code == 429  # even the right password
    clock.now += 118
    assert _attempt(client, "ana", PASSWORD).status_code == 429
    clock.now += 1
    assert _attempt(client, "ana", PASSWORD).status_code == 303


def test_failures_spread_beyond_the_window_do_not_block(
    throttled_app: FastAPI, clock: Clock
) -> None:
    client = TestClient(throttled_app)
    for _ in range(12):
        assert _attempt(client, "ana", "wrong password").status_code == 401
        clock.now += 20  # never five within 60 s
    assert _attempt(client, "ana", PASSWORD).status_code == 303


def test_one_address_trying_many_names_is_blocked(throttled_app: FastAPI, clock: Clock) -> None:
    client = TestClient(throttled_app)
    for name in ["u1", "u2", "u3", "u4", "u5"]:
        assert _attempt(client, name, "wrong password").status_code == 401
    assert _attempt(client, "bo", PASSWORD).status_code == 429


def test_a_name_is_blocked_from_every_address(throttled_app: FastAPI) -> None:
    for number in range(5):
        client = TestClient(throttled_app, client=(f"10.0.0.{number}", 5000))
        assert _attempt(client, "ana", "wrong password").status_code == 401
    other = TestClient(throttled_app, client=("10.0.1.1", 5000))
    assert _attempt(other, "ana", PASSWORD).status_code == 429
    assert _attempt(other, "bo", PASSWORD).status_code == 303  # others still sign in


def test_json_clients_get_429_with_retry_after(throttled_app: FastAPI) -> None:
    client = TestClient(throttled_app)
    for _ in range(5):
        _attempt(client, "ana", "wrong password")
    response = client.post(
        "/login",
        data={"username": "ana", "password": PASSWORD, "csrf_token": csrf_of(client)},
        headers={"accept": "application/json"},
        follow_redirects=False,
    )
    assert response.status_code == 429 and int(response.headers["retry-after"]) > 0


def test_failures_are_logged_without_the_password(
    throttled_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(throttled_app)
    with caplog.at_level(logging.WARNING, logger="greenbridge.auth.throttle"):
        _attempt(client, "ana", "secret guess 1")
    assert "sign-in failed for user 'ana' from testclient" in caplog.text
    assert "secret guess" not in caplog.text
