"""A write is committed before its response leaves: a client that follows the redirect (or reads
right after a 201) sees what it wrote, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session
from starlette.types import Message, Receive, Scope, Send


@pytest.fixture
def events(app: FastAPI) -> Iterator[list[str]]:
    """The order of commits and response starts while the app serves."""
    seen: list[str] = []

    def committed(_: Session) -> None:
        seen.append("commit")

    inner = app.middleware_stack or app.build_middleware_stack()

    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_recorded(message: Message) -> None:
            if message["type"] == "http.response.start" and scope["path"].startswith("/api"):
                seen.append(f"response {message['status']}")
            await send(message)

        await inner(scope, receive, send_recorded)

    app.middleware_stack = recording
    event.listen(Session, "after_commit", committed)
    yield seen
    event.remove(Session, "after_commit", committed)


def test_the_commit_comes_before_the_response(
    client_as: Callable[[str | None], TestClient], events: list[str]
) -> None:
    editor = client_as("editor")
    events.clear()
    created = editor.post("/api/entities", json={"type": "organization", "name": "Sahel Labs"})
    assert created.status_code == 201
    assert events == ["commit", "response 201"]
    assert editor.get(f"/api/entities/{created.json()['id']}").status_code == 200
