"""Downloading a document's original file from the page route and the API."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete

from greenbridge.ingest import ingest_bytes, ingest_paths
from greenbridge.store.db import transaction
from greenbridge.store.models import DocumentFile
from greenbridge.web.downloads import content_disposition, safe_file_name
from tests.ingest.pdfs import write_pdf

Client = Callable[[str | None], TestClient]


def test_safe_file_name_drops_folders_quotes_and_controls() -> None:
    assert safe_file_name('../../etc/pa"ss\r\nwd.txt', fallback="d") == ("passwd.txt", "passwd.txt")
    assert safe_file_name("a;b c.txt", fallback="d") == ("a_b_c.txt", "a;b c.txt")
    assert safe_file_name("mail.eml#报告.pdf", fallback="d") == ("pdf", "报告.pdf")
    assert safe_file_name("...", fallback="document-3") == ("document-3", "document-3")


def test_content_disposition_gives_an_ascii_name_and_the_utf8_name() -> None:
    value = content_disposition("Café report.pdf", fallback="d")
    assert (
        value == "attachment; filename=\"Cafe_report.pdf\"; filename*=UTF-8''Caf%C3%A9%20report.pdf"
    )
    assert content_disposition("plain.txt", fallback="d") == 'attachment; filename="plain.txt"'


def test_the_download_is_the_uploaded_pdf(
    client_as: Client, app_engine: Engine, tmp_path: Path
) -> None:
    path = write_pdf(tmp_path / "Rapport été.pdf")
    [result] = ingest_paths(app_engine, [path])
    client = client_as("viewer")
    for url in (
        f"/documents/{result.document_id}/file",
        f"/api/documents/{result.document_id}/file",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response.content == path.read_bytes()
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"].startswith(
            'attachment; filename="Rapport_ete.pdf"'
        )
        assert response.headers["x-content-type-options"] == "nosniff"
    page = client.get(f"/documents/{result.document_id}")
    assert f'href="/documents/{result.document_id}/file"' in page.text
    detail = client.get(f"/api/documents/{result.document_id}").json()
    assert detail["original_file"] == f"/api/documents/{result.document_id}/file"


def test_an_html_upload_downloads_as_an_attachment(client_as: Client, app_engine: Engine) -> None:
    data = b"<html><body><h1>Note</h1><p>The institute met.</p><script>x()</script></body></html>"
    result = ingest_bytes(app_engine, data, "note.html")
    response = client_as("viewer").get(f"/api/documents/{result.document_id}/file")
    assert response.content == data
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-disposition"] == 'attachment; filename="note.html"'


def test_a_document_without_its_file_says_so(client_as: Client, app_engine: Engine) -> None:
    result = ingest_bytes(app_engine, b"The institute met its partners.", "old.txt")
    with transaction(app_engine) as session:
        session.execute(delete(DocumentFile).where(DocumentFile.document_id == result.document_id))
    client = client_as("viewer")
    page = client.get(f"/documents/{result.document_id}")
    assert "not stored: only the text of this document was kept" in page.text
    assert f'href="/documents/{result.document_id}/file"' not in page.text
    assert client.get(f"/api/documents/{result.document_id}").json()["original_file"] is None
    missing = client.get(f"/api/documents/{result.document_id}/file")
    assert missing.status_code == 404
    assert "has no stored original file" in missing.json()["detail"]
    assert client.get("/api/documents/98765/file").json() == {
        "detail": "There is no document 98765."
    }
    assert "has no stored original file" in client.get(f"/documents/{result.document_id}/file").text


def test_the_download_needs_a_signed_in_user(client_as: Client, app_engine: Engine) -> None:
    result = ingest_bytes(app_engine, b"The institute met its partners.", "a.txt")
    response = client_as(None).get(f"/api/documents/{result.document_id}/file")
    assert response.status_code == 401
