"""Reading documents back: lists and single documents for the CLI, the API and the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from greenbridge.store.limits import stored_id
from greenbridge.store.models import Document, DocumentFile, Evidence


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    title: str | None
    source: str | None
    published: str | None
    media_type: str
    language: str | None
    size_bytes: int
    articles: int
    ingested_at: datetime

    @property
    def label(self) -> str:
        return self.title or (self.source or f"document {self.id}").rsplit("/", 1)[-1]


def count_documents(session: Session) -> int:
    return session.scalar(select(func.count(Document.id))) or 0


def get_all(
    session: Session, *, limit: int = 100, offset: int = 0, query: str | None = None
) -> list[DocumentSummary]:
    """Documents newest first, optionally those whose title or source contains `query`."""
    statement = select(Document).options(selectinload(Document.articles))
    if query:
        pattern = f"%{query}%"
        statement = statement.where(
            or_(Document.title.ilike(pattern), Document.source.ilike(pattern))
        )
    statement = statement.order_by(Document.id.desc()).limit(limit).offset(offset)
    return [summarize(d) for d in session.scalars(statement)]


def get(session: Session, *, id: int) -> Document | None:
    return session.get(Document, id, options=[selectinload(Document.articles)])


def get_by_reference(session: Session, reference: str) -> Document | None:
    """A document by id, or by a prefix (6+ characters) of its content hash."""
    if reference.strip().isdigit():
        document_id = stored_id(reference)
        return get(session, id=document_id) if document_id is not None else None
    if len(reference) >= 6:
        statement = select(Document).where(Document.content_hash.startswith(reference.lower()))
        return session.scalars(statement).first()
    return None


def attachment_ids(session: Session, *, document_id: int) -> list[int]:
    """The documents that came as attachments of the message `document_id`."""
    statement = select(Document.id).where(Document.parent_id == document_id).order_by(Document.id)
    return list(session.scalars(statement))


def original_file(session: Session, *, document_id: int) -> DocumentFile | None:
    """The file the document was read from, as uploaded (None when it was not kept)."""
    return session.get(DocumentFile, document_id)


def has_original_file(session: Session, *, document_id: int) -> bool:
    statement = select(DocumentFile.document_id).where(DocumentFile.document_id == document_id)
    return session.scalar(statement) is not None


def evidence_count(session: Session, *, document_id: int) -> int:
    statement = select(func.count(Evidence.id)).where(Evidence.document_id == document_id)
    return session.scalar(statement) or 0


def summarize(document: Document) -> DocumentSummary:
    return DocumentSummary(
        id=document.id,
        title=document.title,
        source=document.source,
        published=document.published,
        media_type=document.media_type,
        language=document.language,
        size_bytes=document.size_bytes,
        articles=len(document.articles),
        ingested_at=document.ingested_at,
    )
