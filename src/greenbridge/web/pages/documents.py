"""HTML pages for documents and uploads; each is backed by the JSON route of the same data."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from greenbridge.ingest.language import language_name
from greenbridge.pipeline import extracted_languages, extraction_note
from greenbridge.settings import size_label
from greenbridge.store import documents as document_service
from greenbridge.store.overview import Mention, document_mentions
from greenbridge.web.deps import Editor, PathId, SessionDep, SettingsDep, render
from greenbridge.web.pages.forms import FormPage, shows_form
from greenbridge.web.security import require_role

router = APIRouter(
    include_in_schema=False, dependencies=[Depends(require_role("viewer"))], route_class=FormPage
)


@dataclass(frozen=True)
class Segment:
    text: str
    mention: Mention | None = None


def segments(text: str, offset: int, mentions: list[Mention]) -> list[Segment]:
    """The text of an article cut into plain runs and entity mentions (template escapes all)."""
    end = offset + len(text)
    parts, at = [], offset
    for m in mentions:
        if m.start < at or m.end > end:
            continue
        if m.start > at:
            parts.append(Segment(text[at - offset : m.start - offset]))
        parts.append(Segment(text[m.start - offset : m.end - offset], m))
        at = m.end
    parts.append(Segment(text[at - offset :]))
    return parts


def _list_form(request: Request, messages: list[str]) -> Response:
    context = {"documents": [], "total": None, "q": request.query_params.get("q", ""),
               "errors": messages}  # fmt: skip
    return render(request, "documents.html", context, status_code=422)


@router.get("/", response_class=HTMLResponse)
@shows_form(_list_form)
def document_list(
    request: Request, session: SessionDep, q: str | None = Query(None, max_length=200)
) -> Response:
    rows = document_service.get_all(session, limit=200, query=q)
    total = document_service.count_documents(session)
    return render(request, "documents.html", {"documents": rows, "total": total, "q": q or ""})


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(document_id: PathId, request: Request, session: SessionDep) -> Response:
    document = document_service.get(session, id=document_id)
    if document is None:
        raise HTTPException(status_code=404, detail=f"There is no document {document_id}.")
    mentions = document_mentions(session, document_id)
    articles = [(a, segments(a.text, a.start, mentions)) for a in document.articles]
    attachments = document_service.attachment_ids(session, document_id=document_id)
    ocr_chars = sum(end - start for start, end in document.ocr_ranges or [])
    return render(request, "document.html", {"document": document, "articles": articles,
                                             "mentions": mentions, "attachments": attachments,
                                             "ocr_chars": ocr_chars,
                                             "language": language_name(document.language),
                                             "language_note": extraction_note(document.language)})  # fmt: skip


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, user: Editor, settings: SettingsDep) -> Response:
    return render(request, "upload.html", {"max_size": size_label(settings.max_document_bytes),
                                           "extracted": extracted_languages()})  # fmt: skip
