"""The original file of a document: kept by ingest byte for byte, absent for older documents."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from greenbridge.ingest import ingest_bytes, ingest_paths
from greenbridge.store import documents as document_service
from greenbridge.store.db import transaction
from greenbridge.store.models import DocumentFile
from tests.ingest.pdfs import write_pdf

UPLOAD = b"Notes on cooperation\n\nThe institute met its partners in Nairobi.\n"


def test_ingest_keeps_the_uploaded_bytes(engine: Engine, session: Session) -> None:
    result = ingest_bytes(engine, UPLOAD, "notes é.txt")
    assert result.status == "added" and result.document_id is not None
    stored = document_service.original_file(session, document_id=result.document_id)
    assert stored is not None
    assert stored.data == UPLOAD
    assert stored.name == "notes é.txt"
    assert stored.media_type == "text/plain"
    assert document_service.has_original_file(session, document_id=result.document_id)


def test_ingested_pdf_file_is_identical(engine: Engine, session: Session, tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "report.pdf")
    [result] = ingest_paths(engine, [path])
    assert result.document_id is not None
    stored = document_service.original_file(session, document_id=result.document_id)
    assert stored is not None
    assert stored.data == path.read_bytes()
    assert stored.media_type == "application/pdf"


def test_a_document_without_a_kept_file_has_none(engine: Engine, session: Session) -> None:
    result = ingest_bytes(engine, UPLOAD, "notes.txt")
    assert result.document_id is not None
    with transaction(engine) as writing:
        writing.execute(delete(DocumentFile).where(DocumentFile.document_id == result.document_id))
    assert document_service.original_file(session, document_id=result.document_id) is None
    assert not document_service.has_original_file(session, document_id=result.document_id)
    assert document_service.get(session, id=result.document_id) is not None


def test_a_duplicate_keeps_the_first_file(engine: Engine, session: Session) -> None:
    first = ingest_bytes(engine, UPLOAD, "first.txt")
    again = ingest_bytes(engine, UPLOAD, "second.txt")
    assert again.status == "duplicate" and again.document_id == first.document_id
    assert first.document_id is not None
    stored = document_service.original_file(session, document_id=first.document_id)
    assert stored is not None and stored.name == "first.txt"
