"""Input no store can hold is refused at the edge with the same answer on SQLite and PostgreSQL:
a NUL character in any text (422 naming where), ids outside 1..2^31-1 and offsets past 2^31-1
(422), file names longer than a document's source may be (that file fails, with the reason)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from greenbridge.store.limits import MAX_ID, MAX_OFFSET, MAX_SOURCE_CHARS
from greenbridge.store.models import Document, Entity
from tests.web.helpers import add_user, csrf_of, token_for

Client = Callable[[str | None], TestClient]
TOO_BIG = [MAX_ID + 1, 2**63, 10**30]


@pytest.fixture
def api(app: FastAPI, app_engine: Engine) -> TestClient:
    add_user(app_engine, "robot", "admin")
    client = TestClient(app, raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {token_for(app_engine, 'robot')}"
    return client


@pytest.fixture
def entity_id(api: TestClient) -> int:
    created = api.post("/api/entities", json={"type": "organization", "name": "Solar Institute"})
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def _refused_for_nul(response: Any, where: list[str | int]) -> None:
    assert response.status_code == 422, response.text
    if response.headers["content-type"].startswith("text/html"):
        # workspace pages re-show their form with the message, never raw JSON
        assert "NUL character" in response.text and "detail" not in response.text
        return
    errors = response.json()["detail"]
    assert [e["loc"] for e in errors] == [where]
    assert "NUL character" in errors[0]["msg"]


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("/api/search?q=solar%00", ["query", "q"]),
        ("/api/documents?q=a%00b", ["query", "q"]),
        ("/api/match?need=solar%00pumps", ["query", "need"]),
        ("/api/reports/newsletter?organization=x%00", ["query", "organization"]),
        ("/search?q=solar%00", ["query", "q"]),
        ("/?q=%00", ["query", "q"]),
        ("/match?need=solar%00pumps", ["query", "need"]),
    ],
)
def test_nul_in_a_query_is_refused(api: TestClient, path: str, where: list[str]) -> None:
    _refused_for_nul(api.get(path), where)


def test_nul_in_json_bodies_is_refused(api: TestClient, entity_id: int, session: Session) -> None:
    _refused_for_nul(
        api.post("/api/entities", json={"type": "organization", "name": "Bad\x00Name"}),
        ["body", "name"],
    )
    _refused_for_nul(
        api.patch(f"/api/entities/{entity_id}", json={"attributes": {"country": "K\x00E"}}),
        ["body", "attributes", "country"],
    )
    _refused_for_nul(
        api.post(f"/api/entities/{entity_id}/aliases", json={"name": "SI\x00"}), ["body", "name"]
    )
    _refused_for_nul(
        api.post("/api/match-requests", json={"need": "solar\x00 pumps"}), ["body", "need"]
    )
    _refused_for_nul(
        api.post("/api/users", json={"username": "a\x00b", "password": "long enough pw"}),
        ["body", "username"],
    )
    names = session.scalars(select(Entity.name)).all()
    assert names == ["Solar Institute"]


def test_nul_in_a_path_parameter_is_refused(api: TestClient) -> None:
    _refused_for_nul(api.post("/api/users/a%00b/tokens", json={}), ["path", "username"])
    _refused_for_nul(
        api.put("/api/users/a%00b/active", json={"active": False}), ["path", "username"]
    )


def test_nul_in_form_fields_is_refused(client_as: Client, app_engine: Engine) -> None:
    editor = client_as("editor")
    created = editor.post("/api/entities", json={"type": "organization", "name": "Solar Institute"})
    entity = created.json()["id"]
    form = {"name": "", "key": "country", "value": "K\x00E", "note": ""}
    _refused_for_nul(editor.post(f"/entities/{entity}/edit", data=form), ["body", "value"])
    alias = {"name": "Solar\x00", "note": ""}
    _refused_for_nul(editor.post(f"/entities/{entity}/aliases", data=alias), ["body", "name"])
    anonymous = client_as(None)
    sign_in = {"username": "editor\x00", "password": "x" * 10, "csrf_token": csrf_of(anonymous)}
    _refused_for_nul(anonymous.post("/login", data=sign_in), ["body", "username"])


@pytest.mark.parametrize("too_big", TOO_BIG)
def test_ids_beyond_the_stored_range_are_422(api: TestClient, entity_id: int, too_big: int) -> None:
    for response in (
        api.get(f"/api/entities/{too_big}"),
        api.get(f"/api/documents/{too_big}"),
        api.get(f"/entities/{too_big}"),
        api.get(f"/documents/{too_big}"),
        api.delete(f"/api/relations/{too_big}"),
        api.get(f"/api/network?alliance={too_big}"),
        api.get(f"/api/review/facts?document={too_big}"),
        api.post(f"/api/entities/{entity_id}/merge", json={"other_id": too_big}),
        api.get(f"/entities/{entity_id}?merged={too_big}"),
    ):
        assert response.status_code == 422, (response.request.url, response.text)
    assert api.get(f"/api/entities/{MAX_ID}").status_code == 404
    assert api.get("/api/entities/0").status_code == 422


@pytest.mark.parametrize("offset", [MAX_OFFSET + 1, 2**63, 2**64])
def test_offsets_are_bounded(api: TestClient, entity_id: int, offset: int) -> None:
    assert api.get(f"/api/documents?offset={offset}").status_code == 422
    assert api.get(f"/api/entities/{entity_id}?offset={offset}").status_code == 422
    assert api.get(f"/entities/{entity_id}?offset={offset}").status_code == 422
    assert api.get("/api/documents?limit=100000").status_code == 422


def test_the_largest_offset_is_served(api: TestClient, entity_id: int) -> None:
    page = api.get(f"/api/documents?offset={MAX_OFFSET}")
    assert page.status_code == 200 and page.json()["items"] == []
    assert api.get(f"/api/entities/{entity_id}?offset={MAX_OFFSET}").status_code == 200
    assert api.get(f"/entities/{entity_id}?offset={MAX_OFFSET}").status_code == 200


def test_a_file_name_over_the_limit_fails_that_file(api: TestClient, session: Session) -> None:
    name = "n" * MAX_SOURCE_CHARS + ".txt"
    files = [("files", (name, b"The Institute met in Nairobi in 2021.", "text/plain"))]
    response = api.post("/api/documents?wait=true", files=files)
    assert response.status_code == 200, response.text
    [outcome] = response.json()["job"]["files"]
    assert outcome["state"] == "failed"
    assert f"at most {MAX_SOURCE_CHARS:,}" in outcome["message"]
    assert session.scalars(select(Document)).all() == []


def test_every_integer_parameter_is_bounded_by_the_stored_range(app: FastAPI) -> None:
    """A route added later with an unbounded integer fails here."""
    unbounded = []
    for route in app.routes:
        if not isinstance(route, APIRoute):
            continue
        fields = [
            (field.name, field.field_info)
            for field in (*route.dependant.path_params, *route.dependant.query_params)
        ]
        for body in route.dependant.body_params:
            model = body.field_info.annotation
            if isinstance(model, type) and issubclass(model, BaseModel):
                fields += list(model.model_fields.items())
            else:
                fields.append((body.name, body.field_info))
        for name, info in fields:
            if info.annotation is None or "int" not in str(info.annotation):
                continue
            bounds = [getattr(m, "le", None) for m in info.metadata]
            if not any(b is not None and b <= MAX_ID for b in bounds):
                unbounded.append(f"{route.path} {name}")
    assert unbounded == []


def test_ids_in_json_bodies_take_json_integers_only(api: TestClient, entity_id: int) -> None:
    """14613.0 is the integer 14613 in JSON; "14613", true and 1.5 are not integers."""
    other = api.post("/api/entities", json={"type": "organization", "name": "Kenya Power"}).json()[
        "id"
    ]
    relation = {
        "type": "cooperates_with",
        "subject_id": float(entity_id),
        "object_id": float(other),
    }
    assert api.post("/api/relations", json=relation).status_code == 201
    for wrong in (str(entity_id), True, entity_id + 0.5):
        answer = api.post("/api/relations", json={**relation, "subject_id": wrong})
        assert answer.status_code == 422, (wrong, answer.text)
        assert answer.json()["detail"][0]["loc"] == ["body", "subject_id"]


def test_a_match_score_takes_json_numbers_only(api: TestClient) -> None:
    need = {"need": "pump irrigation water without grid power"}
    for score in (1, 0.5):
        assert api.post("/api/match-requests", json={**need, "score": score}).status_code == 201
    for wrong in ("0.5", False):
        answer = api.post("/api/match-requests", json={**need, "score": wrong})
        assert answer.status_code == 422, (wrong, answer.text)


def test_a_document_filter_beyond_the_stored_range_matches_nothing(
    api: TestClient, entity_id: int
) -> None:
    """The document's pattern admits any number; one no store can hold names no document."""
    answer = api.get("/api/entities", params={"document": str(10**10)})
    assert answer.status_code == 200, answer.text
    assert answer.json()["total"] == 0
    assert api.get("/api/entities").json()["total"] >= 1
