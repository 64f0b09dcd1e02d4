"""The REST API over a real store: upload and analysis, entity pages, corrections, merges,
review, search, export; the same calls a token holder makes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.resolve import UNSURE, judge
from greenbridge.store.db import transaction
from tests.conftest import CORPUS
from tests.ingest.pdfs import zip_bomb_pdf
from tests.web.helpers import add_user, token_for

Client = Callable[[str | None], TestClient]
DOCUMENT = CORPUS / "001_5505210c5c929c65.txt"


@pytest.fixture
def api(app: FastAPI, app_engine: Engine) -> TestClient:
    """A client that uses an editor's bearer token (no cookie, no CSRF token)."""
    add_user(app_engine, "robot", "editor")
    client = TestClient(app, raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {token_for(app_engine, 'robot')}"
    return client


@pytest.fixture
def uploaded(api: TestClient) -> int:
    files = [("files", (DOCUMENT.name, DOCUMENT.read_bytes(), "text/plain"))]
    rows = api.post("/api/documents?wait=true", files=files).json()["job"]["files"]
    assert rows[0]["state"] == "added" and rows[0]["counts"]["entities"] > 5
    return int(rows[0]["document_id"])


def test_review_merge_keeps_the_picked_name_and_values(api: TestClient, app_engine: Engine) -> None:
    a = api.post("/api/entities", json={"type": "event", "name": "Water Forum",
                                        "attributes": {"start": "2021"}}).json()  # fmt: skip
    b = api.post("/api/entities", json={"type": "event", "name": "Asia Water Forum 2023",
                                        "attributes": {"start": "2023-05"}}).json()  # fmt: skip
    with transaction(app_engine) as session:
        judgement = judge(session, a["id"], b["id"], UNSURE, score=0.8, rule="test").id
    refused = api.post(f"/api/review/{judgement}/merge", json={"name": "Nobody"})
    assert refused.status_code == 422 and len(api.get("/api/review").json()) == 1
    body = {"name": "Asia Water Forum 2023", "keep": {"start": b["id"]}}
    merged = api.post(f"/api/review/{judgement}/merge", json=body).json()
    view = api.get(f"/api/entities/{a['id']}").json()
    assert view["id"] == merged["canonical_id"]
    assert (view["name"], view["attributes"]["start"]) == ("Asia Water Forum 2023", "2023-05")
    api.post(f"/api/judgements/{merged['judgement_id']}/undo")
    assert api.get(f"/api/entities/{b['id']}").json()["record_ids"] == [b["id"]]


def test_a_retracted_entity_is_restored(api: TestClient) -> None:
    a = api.post("/api/entities", json={"type": "person", "name": "Lena Okafor"}).json()
    assert api.delete(f"/api/entities/{a['id']}").json()["retracted_by"] == "robot"
    assert api.post(f"/api/entities/{a['id']}/restore").json()["retracted_by"] is None
    assert api.get(f"/api/entities/{a['id']}").json()["retracted_at"] is None


@pytest.mark.slow  # runs the real extraction pipeline
def test_upload_reports_one_line_per_bad_file(api: TestClient, app: FastAPI) -> None:
    app.state.settings.max_document_bytes = 1000
    files = [
        ("files", ("a.exe", b"MZ\x00\x00", "application/octet-stream")),
        ("files", ("b.pdf", b"not a pdf at all", "application/pdf")),
        ("files", ("c.txt", b"x" * 2000, "text/plain")),
        ("files", ("d.txt", b"The Institute met in Nairobi in 2021.", "text/plain")),
    ]
    rows = api.post("/api/documents?wait=true", files=files).json()["job"]["files"]
    assert [r["state"] for r in rows] == ["failed", "failed", "failed", "added"]
    assert "not a document type" in rows[0]["message"]
    assert "not a PDF" in rows[1]["message"]
    assert "limit" in rows[2]["message"]


@pytest.mark.slow  # runs the real extraction pipeline
def test_a_pdf_zip_bomb_in_an_upload_fails_alone(api: TestClient) -> None:
    files = [
        ("files", ("bomb.pdf", zip_bomb_pdf(1 << 30), "application/pdf")),
        ("files", ("d.txt", b"The Institute met in Nairobi in 2021.", "text/plain")),
    ]
    response = api.post("/api/documents?wait=true", files=files)
    assert response.status_code == 200, response.text
    rows = response.json()["job"]["files"]
    assert [r["state"] for r in rows] == ["failed", "added"]
    assert "zip bomb" in rows[0]["message"]


@pytest.mark.slow  # runs the real extraction pipeline
def test_entity_page_has_evidence_and_document_mentions_link_to_it(
    api: TestClient, uploaded: int
) -> None:
    mentions = api.get(f"/api/documents/{uploaded}/mentions").json()
    assert len(mentions) > 5
    first = mentions[0]
    entity = api.get(f"/api/entities/{first['entity_id']}").json()
    assert entity["id"] == first["entity_id"] and entity["name"] == first["name"]
    sources = {e["document_id"] for n in entity["names"] for e in n["evidence"]}
    sources |= {e["document_id"] for e in entity["attribute_evidence"]}
    assert uploaded in sources
    with_relations = next(
        api.get(f"/api/entities/{m['entity_id']}").json()
        for m in mentions
        if api.get(f"/api/entities/{m['entity_id']}").json()["relation_total"]
    )
    relation = with_relations["relations"][0]
    assert relation["evidence"] and relation["evidence"][0]["sentence"]


def test_corrections_are_kept_with_who_and_when(api: TestClient) -> None:
    org = api.post(
        "/api/entities",
        json={"type": "organization", "name": "Lake Basin Water Institute", "note": "from a call"},
    ).json()
    person = api.post("/api/entities", json={"type": "person", "name": "Amina Odhiambo"}).json()
    edited = api.patch(
        f"/api/entities/{org['id']}",
        json={"name": "Lake Basin Water Research Institute", "attributes": {"country": "KE"}},
    ).json()
    assert (
        edited["name"] == "Lake Basin Water Research Institute"
        and edited["attributes"]["country"] == "KE"
    )
    assert {"Lake Basin Water Institute", "Lake Basin Water Research Institute"} <= {
        n["name"] for n in edited["names"]
    }
    assert all(e["user"] == "robot" for e in edited["attribute_evidence"])
    added = api.post(
        "/api/relations",
        json={
            "type": "position",
            "subject_id": person["id"],
            "object_id": org["id"],
            "attributes": {"title": "Director"},
        },
    ).json()
    relation = added["relations"][0]
    assert relation["other_name"] == edited["name"] and relation["evidence"][0]["user"] == "robot"
    bad = api.post(
        "/api/relations",
        json={"type": "position", "subject_id": org["id"], "object_id": person["id"]},
    )
    assert bad.status_code == 409
    gone = api.delete(f"/api/relations/{relation['id']}").json()
    assert gone["retracted_by"] == "robot"
    assert api.get(f"/api/entities/{person['id']}").json()["relation_total"] == 0


def test_merge_and_undo(api: TestClient) -> None:
    a = api.post(
        "/api/entities", json={"type": "organization", "name": "Green Delta Alliance"}
    ).json()
    b = api.post("/api/entities", json={"type": "organization", "name": "GDA"}).json()
    merged = api.post(f"/api/entities/{a['id']}/merge", json={"other_id": b["id"]}).json()
    view = api.get(f"/api/entities/{b['id']}").json()
    assert view["id"] == merged["canonical_id"] and sorted(view["record_ids"]) == sorted(
        [a["id"], b["id"]]
    )
    api.post(f"/api/judgements/{merged['judgement_id']}/undo")
    assert api.get(f"/api/entities/{b['id']}").json()["record_ids"] == [b["id"]]


def test_review_queue_answer_and_undo(api: TestClient, app_engine: Engine) -> None:
    a = api.post("/api/entities", json={"type": "person", "name": "Li Wei"}).json()
    b = api.post("/api/entities", json={"type": "person", "name": "Wei Li"}).json()
    with transaction(app_engine) as session:
        judge(session, a["id"], b["id"], UNSURE, score=0.7, rule="test")
    queue = api.get("/api/review").json()
    assert [(q["left"]["name"], q["right"]["name"]) for q in queue] == [("Li Wei", "Wei Li")]
    decided = api.post(f"/api/review/{queue[0]['judgement_id']}", json={"decision": "same"}).json()
    assert api.get("/api/review").json() == []
    assert len(api.get(f"/api/entities/{a['id']}").json()["record_ids"]) == 2
    api.post(f"/api/judgements/{decided['judgement_id']}/undo")
    assert len(api.get("/api/review").json()) == 1


@pytest.mark.slow  # runs the real extraction pipeline
def test_search_and_exports(api: TestClient, uploaded: int) -> None:
    found = api.get("/api/search", params={"q": "institute"}).json()
    assert found["entities"] and found["documents"][0]["id"] == uploaded
    entities = list(csv.DictReader(io.StringIO(api.get("/api/export/entities.csv").text)))
    relations = list(csv.DictReader(io.StringIO(api.get("/api/export/relations.csv").text)))
    assert entities and relations and relations[0]["subject"]
    lines = api.get("/api/export/graph.jsonl").text.splitlines()
    kinds = {json.loads(line)["kind"] for line in lines}
    assert {"document", "entity", "relation", "evidence"} <= kinds and "user_account" not in kinds


def test_browser_writes_need_the_csrf_token(client_as: Client) -> None:
    client = client_as("editor")
    good = client.post("/api/entities", json={"type": "initiative", "name": "Blue Water Plan"})
    assert good.status_code == 201
    del client.headers["X-CSRF-Token"]
    refused = client.post("/api/entities", json={"type": "initiative", "name": "Other Plan"})
    assert refused.status_code == 403
    form = client.post(f"/entities/{good.json()['id']}/retract", data={"csrf_token": "forged"})
    assert form.status_code == 403


@pytest.mark.slow  # runs the real extraction pipeline
def test_dashboard_and_network(api: TestClient, uploaded: int) -> None:
    data = api.get("/api/dashboard").json()
    assert data["counts"]["documents"] == 1 and data["latest_documents"][0]["id"] == uploaded
    assert any(c["code"] == "CN" and c["numeric"] == "156" for c in data["countries"])
    network = api.get("/api/network").json()
    assert {n["kind"] for n in network["nodes"]} <= {"organization", "country"}
    assert network["edges"] and all(e["source"].startswith("e:") for e in network["edges"])


def test_match_requests_are_saved_and_moved_through_stages(api: TestClient) -> None:
    tech = api.post(
        "/api/entities", json={"type": "technology", "name": "solar water pumping"}
    ).json()
    body = {"need": "pump irrigation water without grid power", "country": "Kenya"}
    assert api.post("/api/match-requests", json={**body, "expert_id": 999999}).status_code == 404
    saved = api.post("/api/match-requests", json={**body, "technology_id": tech["id"]}).json()
    assert saved["stage"] == "proposed" and saved["technology"] == "solar water pumping"
    assert saved["created_by"] == "robot"
    moved = api.post(
        f"/api/match-requests/{saved['id']}/stage", json={"stage": "contacted", "note": "call"}
    ).json()
    assert [h["stage"] for h in moved["history"]] == ["proposed", "contacted"]
    board = api.get("/api/match-requests").json()
    assert [r["id"] for r in board["contacted"]] == [saved["id"]] and board["proposed"] == []
    need = api.get(f"/api/entities/{saved['need_id']}").json()
    assert need["type"] == "need" and need["attributes"]["country"] == "KE"
    stage = f"/api/match-requests/{saved['id']}/stage"
    assert api.post(stage, json={"stage": "declined"}).status_code == 200
    closed = api.post(stage, json={"stage": "contacted"})
    assert closed.status_code == 409 and "closed" in closed.json()["detail"], closed.text
