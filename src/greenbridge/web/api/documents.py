"""REST routes for documents."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from pydantic import AfterValidator, BaseModel, Field
from starlette.concurrency import run_in_threadpool

from greenbridge.jobs import get_account, run_job
from greenbridge.store import documents as document_service
from greenbridge.store.entities import utc
from greenbridge.store.limits import MAX_PAGE_SIZE
from greenbridge.store.overview import Mention, document_mentions
from greenbridge.web.api.jobs import JobOut, job_out
from greenbridge.web.deps import Editor, OffsetQuery, PathId, SessionDep, SettingsDep
from greenbridge.web.downloads import FILE_RESPONSES, original_file_response
from greenbridge.web.security import require_role
from greenbridge.web.uploads import analyser, queue_uploads

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


class JobQueued(BaseModel):
    id: int = Field(description="The job's number.")
    url: str = Field(description="The job's JSON route: its progress and account per file.")
    page: str = Field(description="The job's page in the workspace.")
    job: JobOut


@router.post("", response_model=JobQueued, status_code=202,
             responses={200: {"model": JobQueued, "description": "Done (with `wait=true`)."},
                        303: {"description": "To the job's page (an HTML form post)."}})  # fmt: skip
async def upload_documents(
    request: Request,
    user: Editor,
    settings: SettingsDep,
    response: Response,
    files: list[UploadFile] = File(..., json_schema_extra={"minItems": 1}),
    wait: bool = Query(False, description="Answer once every file is done (200), not at once."),
) -> JobQueued | Response:
    """Upload documents (txt, md, html, pdf) as one ingest job and answer at once (202): each
    file is then stored, extracted and linked by a worker, or failed with its reason; follow
    the job at `url`. With `wait=true` the request runs the job itself and answers when done."""
    engine = request.app.state.engine
    origin = "web" if request.headers.get("x-csrf-token") else "api"  # the Upload page sends it
    job_id = await queue_uploads(settings, files, engine=engine, origin=origin)
    if wait:
        await run_in_threadpool(run_job, engine, job_id, analyse=analyser(settings),
                                max_bytes=settings.max_document_bytes)  # fmt: skip
        response.status_code = 200
    elif (queue := request.app.state.job_queue) is not None:
        await queue.submitted(job_id)
    if _wants_page(request):
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)
    account = await run_in_threadpool(get_account, engine, job_id)
    assert account is not None
    return JobQueued(id=job_id, url=f"/api/jobs/{job_id}", page=f"/jobs/{job_id}",
                     job=job_out(account))  # fmt: skip


def _wants_page(request: Request) -> bool:
    """A browser's plain form post (no script) wants the job's page, not JSON."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept
