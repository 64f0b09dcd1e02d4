"""HTML pages for documents and uploads; each is backed by the JSON route of the same data."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from greenbridge.ingest.language import language_name
from greenbridge.pipeline import extracted_languages, extraction_note
from greenbridge.settings import size_label
from greenbridge.store import documents as document_service
from greenbridge.store.overview import document_mentions
from greenbridge.web.deps import Editor, PathId, SessionDep, SettingsDep, render
from greenbridge.web.downloads import original_file_response
from greenbridge.web.pages.forms import FormPage, shows_form
from greenbridge.web.reading import layout_document, parse_at, sentence_around
from greenbridge.web.security import require_role

router = APIRouter(
    include_in_schema=False, dependencies=[Depends(require_role("viewer"))], route_class=FormPage
)


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
def document_page(
    document_id: PathId, request: Request, session: SessionDep,
    at: str | None = Query(None, max_length=30, description="START-END: the sentence to show"),
) -> Response:  # fmt: skip
    document = document_service.get(session, id=document_id)
    if document is None:
        raise HTTPException(status_code=404, detail=f"There is no document {document_id}.")
    mentions = document_mentions(session, document_id)
    span = parse_at(at)
    marked = sentence_around(document.text, 0, *span) if span else None
    pdf = document.media_type == "application/pdf"
    articles = layout_document(document.articles, mentions, marked, line_paragraphs=pdf,
                               anchor=f"s-{span[0]}" if span else None,
                               title=document.title)  # fmt: skip
    attachments = document_service.attachment_ids(session, document_id=document_id)
    ocr_chars = sum(end - start for start, end in document.ocr_ranges or [])
    return render(request, "document.html", {"document": document, "articles": articles,
                                             "mentions": mentions, "attachments": attachments,
                                             "ocr_chars": ocr_chars, "marked": marked,
                                             "anchor": f"s-{span[0]}" if span else None,
                                             "original": document_service.has_original_file(
                                                 session, document_id=document_id),
                                             "language": language_name(document.language),
                                             "language_note": extraction_note(document.language)})  # fmt: skip


@router.get("/documents/{document_id}/file")
def document_file(document_id: PathId, session: SessionDep) -> Response:
    return original_file_response(session, document_id)


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, user: Editor, settings: SettingsDep) -> Response:
    return render(request, "upload.html", {"max_size": size_label(settings.max_document_bytes),
                                           "extracted": extracted_languages()})  # fmt: skip
