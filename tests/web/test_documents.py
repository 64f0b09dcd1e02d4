from fastapi.testclient import TestClient

from greenbridge.ingest import ingest_bytes, ingest_paths
from greenbridge.settings import Settings
from greenbridge.store.db import make_engine
from greenbridge.web.app import create_app
from tests.conftest import CORPUS


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), raise_server_exceptions=False)


def test_health(settings: Settings) -> None:
    assert _client(settings).get("/health").json()["status"] == "ok"


def test_document_list_page_and_json(settings: Settings) -> None:
    client = _client(settings)
    ingest_paths(make_engine(settings.resolved_database_url), [CORPUS])
    page = client.get("/")
    assert page.status_code == 200
    assert "China’s Green Technologies Are Thriving" in page.text
    data = client.get("/api/documents").json()
    assert data["total"] == 5 and len(data["items"]) == 5
    document_id = data["items"][0]["id"]
    detail = client.get(f"/api/documents/{document_id}").json()
    assert detail["text"] and detail["article_list"]
    assert client.get(f"/documents/{document_id}").status_code == 200


def test_document_text_is_escaped(settings: Settings) -> None:
    client = _client(settings)
    engine = make_engine(settings.resolved_database_url)
    result = ingest_bytes(engine, b"<script>alert('x')</script> The institute met.", "x.txt")
    page = client.get(f"/documents/{result.document_id}")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text


def test_missing_pages_render_a_helpful_error(settings: Settings) -> None:
    client = _client(settings)
    page = client.get("/documents/12345")
    assert page.status_code == 404
    assert "There is no document 12345" in page.text
    assert "Traceback" not in page.text
    assert client.get("/api/documents/12345").json() == {"detail": "no document 12345"}
