from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.ingest import ingest_bytes, ingest_paths
from tests.conftest import CORPUS

Client = Callable[[str | None], TestClient]


def test_health_is_open(client_as: Client) -> None:
    assert client_as(None).get("/health").json()["status"] == "ok"


def test_document_list_page_and_json(client_as: Client, app_engine: Engine) -> None:
    client = client_as("viewer")
    ingest_paths(app_engine, [CORPUS])
    page = client.get("/")
    assert page.status_code == 200
    assert "China’s Green Technologies Are Thriving" in page.text
    data = client.get("/api/documents").json()
    assert data["total"] == 5 and len(data["items"]) == 5
    document_id = data["items"][0]["id"]
    detail = client.get(f"/api/documents/{document_id}").json()
    assert detail["text"] and detail["article_list"]
    assert client.get(f"/documents/{document_id}").status_code == 200


def test_document_text_is_escaped(client_as: Client, app_engine: Engine) -> None:
    client = client_as("viewer")
    result = ingest_bytes(app_engine, b"<script>alert('x')</script> The institute met.", "x.txt")
    page = client.get(f"/documents/{result.document_id}")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text


def test_missing_pages_render_a_helpful_error(client_as: Client) -> None:
    client = client_as("viewer")
    page = client.get("/documents/12345")
    assert page.status_code == 404
    assert "There is no document 12345" in page.text
    assert "Traceback" not in page.text
    assert client.get("/api/documents/12345").json() == {"detail": "no document 12345"}
