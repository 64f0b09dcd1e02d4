"""GET /api/entities: the registry with filters, sorting and cursor pages, on every store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.store.db import make_sessionmaker
from greenbridge.store.registry import MAX_LIMIT, browse, parse_filters
from tests.web.registry_seed import CROWD, Seeded, seed_registry

Client = Callable[[str | None], TestClient]


@pytest.fixture
def seeded(app_engine: Engine) -> Seeded:
    return seed_registry(app_engine)


@pytest.fixture
def viewer(client_as: Client) -> TestClient:
    return client_as("viewer")


def _names(body: dict[str, Any]) -> list[str]:
    return [item["name"] for item in body["items"]]


def test_pages_through_every_person_by_name_with_the_cursor(
    viewer: TestClient, seeded: Seeded
) -> None:
    first = viewer.get("/api/entities", params={"type": "person", "limit": 3})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["total"] == CROWD + 1 and body["limit"] == 3
    seen = _names(body)
    assert seen == ["Amina Otieno", "Crowd Member 1", "Crowd Member 2"]
    pages = 1
    while body["next"]:
        assert body["next_cursor"] and "type=person" in body["next"] and "limit=3" in body["next"]
        body = viewer.get(body["next"]).json()
        seen += _names(body)
        pages += 1
    assert pages == 3 and body["next_cursor"] is None
    assert seen == ["Amina Otieno", *[f"Crowd Member {n}" for n in range(1, CROWD + 1)]]


def test_filters_by_country_kind_dates_and_document(viewer: TestClient, seeded: Seeded) -> None:
    def names(**params: str) -> list[str]:
        response = viewer.get("/api/entities", params=params)
        assert response.status_code == 200, response.text
        return _names(response.json())

    # The organization and the event of Kenya, and the technology deployed there.
    assert names(country="Kenya") == [
        "Kenya Solar Institute", "solar crop dryer", "Solar Drying Forum 2024",
    ]  # fmt: skip
    assert names(country="KE", type="organization") == ["Kenya Solar Institute"]
    assert names(type="organization", kind="university") == ["Nile Valley Energy Institute"]
    assert names(type="event", start="2024-01-01") == ["Solar Drying Forum 2024"]
    assert names(type="event", end="2023-03") == ["Andes Water Week"]
    assert names(type="event", start="2023", end="2024-05") == [
        "Andes Water Week", "Solar Drying Forum 2024",
    ]  # fmt: skip
    in_newsletter = names(document=str(seeded.document_id))
    assert set(in_newsletter) == {"Amina Otieno", "Kenya Solar Institute",
                                  "Nile Valley Energy Institute", "solar crop dryer",
                                  "Solar Drying Forum 2024"}  # fmt: skip
    assert names(document=str(seeded.other_document_id)) == []


def test_sorts_by_mentions_and_by_recency(viewer: TestClient, seeded: Seeded) -> None:
    body = viewer.get("/api/entities", params={"type": "organization", "sort": "mentions"}).json()
    assert [(i["name"], i["mentions"]) for i in body["items"]] == [
        ("Kenya Solar Institute", 2), ("Nile Valley Energy Institute", 1),
        ("Andes Water Network", 0),
    ]  # fmt: skip
    recent = viewer.get("/api/entities", params={"sort": "recent", "limit": 2}).json()
    assert _names(recent) == [f"Crowd Member {CROWD}", f"Crowd Member {CROWD - 1}"]
    following = viewer.get(recent["next"]).json()
    assert _names(following) == [f"Crowd Member {CROWD - 2}", f"Crowd Member {CROWD - 3}"]
    # A mentions page continues after the last count, ties broken by id.
    people = viewer.get("/api/entities", params={"type": "person", "sort": "mentions",
                                                 "limit": 2}).json()  # fmt: skip
    assert _names(people) == ["Amina Otieno", "Crowd Member 1"]
    assert _names(viewer.get(people["next"]).json()) == ["Crowd Member 2", "Crowd Member 3"]


def test_rows_carry_the_attributes_a_list_shows(viewer: TestClient, seeded: Seeded) -> None:
    body = viewer.get("/api/entities", params={"type": "event", "country": "KE"}).json()
    assert body["items"] == [{
        "id": seeded.ids["forum"], "type": "event", "name": "Solar Drying Forum 2024",
        "country": "KE", "kind": "forum", "start": "2024-05-14", "end": "2024-05-16",
        "city": "Nairobi", "mentions": 1,
    }]  # fmt: skip


@pytest.mark.parametrize(
    ("params", "field", "words", "status"),
    [
        ({"country": "Narnia"}, "country", "not a country", 404),
        ({"type": "event", "start": "2024-13-01"}, "start", "not a date", 422),
        ({"type": "event", "start": "2024-05 "}, "start", "not a date", 422),
        ({"type": "planet"}, "type", "no entity type", 422),
        ({"type": " person"}, "type", "no entity type", 422),
        ({"type": ""}, "type", "no entity type", 422),
        ({"sort": "size"}, "sort", "Sort by", 422),
        ({"cursor": "not-a-cursor"}, "cursor", "page link", 404),
        ({"document": "ten"}, "document", "not a document", 422),
        ({"document": "0"}, "document", "not a document", 422),
    ],
)
def test_bad_filters_are_json_errors_naming_the_field(
    viewer: TestClient, seeded: Seeded, params: dict[str, str], field: str, words: str,
    status: int,
) -> None:  # fmt: skip
    """A value of the wrong form is 422 (exactly the form the OpenAPI document states: no
    spaces around it); a country or a page that is not there is 404."""
    response = viewer.get("/api/entities", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", field] and words in error["msg"]


def test_a_cursor_of_another_sort_order_is_refused(viewer: TestClient, seeded: Seeded) -> None:
    cursor = viewer.get("/api/entities", params={"limit": 1}).json()["next_cursor"]
    response = viewer.get("/api/entities", params={"cursor": cursor, "sort": "recent"})
    assert response.status_code == 404 and "another sort order" in response.text


def test_the_openapi_document_states_the_forms_of_the_filters(viewer: TestClient) -> None:
    parameters = {
        p["name"]: p["schema"] for p in viewer.get("/openapi.json").json()["paths"][
            "/api/entities"]["get"]["parameters"]
    }  # fmt: skip
    assert "person" in parameters["type"]["enum"] and parameters["sort"]["enum"][0] == "name"
    assert parameters["start"]["pattern"] == parameters["end"]["pattern"]
    assert "pattern" in parameters["document"]


def test_limit_is_bounded(viewer: TestClient, seeded: Seeded) -> None:
    assert viewer.get("/api/entities", params={"limit": MAX_LIMIT + 1}).status_code == 422
    assert viewer.get("/api/entities", params={"limit": 0}).status_code == 422
    assert viewer.get("/api/entities", params={"limit": MAX_LIMIT}).status_code == 200


def test_openapi_documents_the_list_and_its_response(viewer: TestClient) -> None:
    spec = viewer.get("/openapi.json").json()
    operation = spec["paths"]["/api/entities"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {"type", "country", "kind", "start", "end", "document", "sort", "cursor",
            "limit"} <= parameters  # fmt: skip
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/EntityList")
    listed = spec["components"]["schemas"]["EntityList"]["properties"]
    assert {"items", "total", "limit", "next_cursor", "next"} <= set(listed)


def test_merged_and_retracted_records_are_left_out(app_engine: Engine, seeded: Seeded) -> None:
    from greenbridge.resolve import merge

    with make_sessionmaker(app_engine)() as session, session.begin():
        merge(session, seeded.ids["crowd1"], seeded.ids["crowd2"], user="test")
    with make_sessionmaker(app_engine)() as session:
        page = browse(session, parse_filters(type="person"), limit=50)
    names = [row.name for row in page.items]
    assert (
        len(names) == CROWD and names.count("Crowd Member 1") + names.count("Crowd Member 2") == 1
    )
    assert page.total == CROWD


@pytest.mark.parametrize(
    "position", [["name", [1], 5], ["name", "a", True], ["mentions", 1, 2**70], {"a": 1}]
)
def test_a_tampered_cursor_is_refused_not_a_server_error(
    viewer: TestClient, position: object
) -> None:
    import base64
    import json

    cursor = base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")
    sort = position[0] if isinstance(position, list) else "name"
    response = viewer.get("/api/entities", params={"cursor": cursor, "sort": sort})
    assert response.status_code == 404 and "page link is not valid" in response.text
