"""Request bodies: anonymous ones are refused before they are read, large ones at the limit."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from greenbridge.settings import Settings, size_label
from greenbridge.web.app import create_app
from greenbridge.web.limits import FRAMING_BYTES
from tests.web.helpers import add_user, token_for

LIMIT = 1_000_000
CHUNK = 64 * 1024
PART_HEAD = (
    b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
    b"Content-Type: text/plain\r\n\r\n"
)


@pytest.fixture
def small_app(settings: Settings) -> FastAPI:
    return create_app(settings.model_copy(update={"max_document_bytes": LIMIT}))


def _call(
    app: FastAPI, headers: dict[str, str], *, chunks: int, path: str = "/api/documents"
) -> tuple[int, dict[str, Any], int]:
    """POST `chunks` chunks of CHUNK bytes straight through ASGI: (status, JSON body, chunks
    the application asked for)."""
    asked = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal asked
        asked += 1
        if asked > chunks:
            return {"type": "http.disconnect"}
        body = (PART_HEAD if asked == 1 else b"") + b"x" * CHUNK
        return {"type": "http.request", "body": body, "more_body": asked < chunks}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body or b"{}"), asked


MULTIPART = {"content-type": "multipart/form-data; boundary=xyz"}


def test_an_anonymous_upload_is_refused_before_its_body_is_read(small_app: FastAPI) -> None:
    headers = {**MULTIPART, "content-length": str(2**30)}
    status, body, asked = _call(small_app, headers, chunks=16_384)
    assert status == 401
    assert body["detail"] == "Sign in first."
    assert asked == 0


def test_an_anonymous_upload_without_a_length_is_refused_unread(small_app: FastAPI) -> None:
    status, _, asked = _call(small_app, dict(MULTIPART), chunks=16_384)
    assert (status, asked) == (401, 0)


def test_a_declared_length_over_the_limit_gets_413_unread(small_app: FastAPI) -> None:
    add_user(small_app.state.engine, "ed", "editor")
    token = token_for(small_app.state.engine, "ed")
    headers = {**MULTIPART, "content-length": str(2**30), "authorization": f"Bearer {token}"}
    status, body, asked = _call(small_app, headers, chunks=16_384)
    assert status == 413
    assert asked == 0
    assert body["detail"] == (
        f"The request body is over the {size_label(LIMIT)} limit "
        "(GREENBRIDGE_MAX_DOCUMENT_BYTES); send fewer or smaller files."
    )


def test_a_streamed_body_is_cut_off_at_the_limit(small_app: FastAPI) -> None:
    add_user(small_app.state.engine, "ed", "editor")
    token = token_for(small_app.state.engine, "ed")
    headers = {**MULTIPART, "authorization": f"Bearer {token}"}
    status, body, asked = _call(small_app, headers, chunks=16_384)  # 1 GiB, never declared
    assert status == 413
    assert "GREENBRIDGE_MAX_DOCUMENT_BYTES" in body["detail"]
    assert asked <= (LIMIT + FRAMING_BYTES) // CHUNK + 2


def test_an_upload_within_the_limit_goes_through(small_app: FastAPI) -> None:
    add_user(small_app.state.engine, "ed", "editor")
    client = TestClient(small_app, raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {token_for(small_app.state.engine, 'ed')}"
    text = ("Ana Lima of the Dryland Institute spoke. " * 100).encode()
    response = client.post(
        "/api/documents?wait=true", files=[("files", ("note.txt", text, "text/plain"))]
    )
    assert response.status_code == 200, response.text
    assert [r["state"] for r in response.json()["job"]["files"]] == ["added"]
    too_big = client.post(
        "/api/documents", files=[("files", ("big.txt", b"a " * LIMIT, "text/plain"))]
    )
    assert too_big.status_code == 413


def test_the_upload_page_states_the_limit(small_app: FastAPI) -> None:
    add_user(small_app.state.engine, "ed", "editor")
    client = TestClient(small_app)
    client.headers["Authorization"] = f"Bearer {token_for(small_app.state.engine, 'ed')}"
    assert f"up to {size_label(LIMIT)} in all" in client.get("/upload").text
