"""REST routes for documents."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import AfterValidator, BaseModel, Field

from greenbridge.store import documents as document_service
from greenbridge.store.entities import utc
from greenbridge.store.limits import MAX_PAGE_SIZE
from greenbridge.store.overview import Mention, document_mentions
from greenbridge.web.deps import Editor, OffsetQuery, PathId, SessionDep, SettingsDep
from greenbridge.web.downloads import FILE_RESPONSES, original_file_response
from greenbridge.web.security import require_role
from greenbridge.web.uploads import UploadOutcome, ingest_uploads

router = APIRouter(
    prefix="/api/documents", tags=["documents"], dependencies=[Depends(require_role("viewer"))]
)


UtcDateTime = Annotated[datetime, AfterValidator(utc)]


class DocumentOut(BaseModel):
    id: int
    title: str | None
    source: str | None
    published: str | None
    media_type: str
    language: str | None
    size_bytes: int
    articles: int
    ingested_at: UtcDateTime


class ArticleOut(BaseModel):
    position: int
    title: str | None
    start: int
    end: int


class DocumentDetail(DocumentOut):
    content_hash: str
    text: str
    article_list: list[ArticleOut]
    parent_id: int | None = Field(None, description="The message this file was attached to.")
    attachment_ids: list[int] = Field([], description="Documents attached to this message.")
    ocr_ranges: list[tuple[int, int]] = Field(
        [], description="[start, end) character ranges of `text` read by OCR."
    )
    original_file: str | None = Field(
        None, description="Where the file as uploaded downloads from (null when not kept)."
    )


class DocumentPage(BaseModel):
    total: int
    items: list[DocumentOut]


@router.get("", response_model=DocumentPage)
def list_documents(
    session: SessionDep,
    limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
    offset: OffsetQuery = 0,
    q: str | None = Query(None, max_length=200, description="Title or source contains this."),
) -> DocumentPage:
    """Stored documents, newest first."""
    rows = document_service.get_all(session, limit=limit, offset=offset, query=q)
    return DocumentPage(
        total=document_service.count_documents(session),
        items=[DocumentOut(**row.__dict__) for row in rows],
    )


@router.get("/{document_id}", response_model=DocumentDetail)
def get_document(document_id: PathId, session: SessionDep) -> DocumentDetail:
    """One document with its text and articles."""
    document = document_service.get(session, id=document_id)
    if document is None:
        raise HTTPException(status_code=404, detail=f"no document {document_id}")
    summary = document_service.summarize(document)
    return DocumentDetail(
        **summary.__dict__,
        content_hash=document.content_hash,
        text=document.text,
        article_list=[
            ArticleOut(position=a.position, title=a.title, start=a.start, end=a.end)
            for a in document.articles
        ],
        parent_id=document.parent_id,
        attachment_ids=document_service.attachment_ids(session, document_id=document.id),
        ocr_ranges=[(start, end) for start, end in document.ocr_ranges or []],
        original_file=f"/api/documents/{document.id}/file"
        if document_service.has_original_file(session, document_id=document.id)
        else None,
    )


@router.get("/{document_id}/mentions", response_model=list[Mention])
def get_mentions(document_id: PathId, session: SessionDep) -> list[Mention]:
    """Character spans of the text that mention an entity, each with its canonical entity."""
    if document_service.get(session, id=document_id) is None:
        raise HTTPException(status_code=404, detail=f"no document {document_id}")
    return document_mentions(session, document_id)


@router.get("/{document_id}/file", response_class=Response, responses=FILE_RESPONSES)
def get_original_file(document_id: PathId, session: SessionDep) -> Response:
    """The file the document was read from, byte for byte, with its media type."""
    return original_file_response(session, document_id)


@router.post("", response_model=list[UploadOutcome], status_code=200)
async def upload_documents(
    request: Request,
    user: Editor,
    settings: SettingsDep,
    files: list[UploadFile] = File(..., json_schema_extra={"minItems": 1}),
) -> list[UploadOutcome]:
    """Upload documents (txt, md, html, pdf); each is stored, extracted and linked, or gets
    one line saying why not."""
    return await ingest_uploads(settings, files, engine=request.app.state.engine)
