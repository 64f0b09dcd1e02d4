"""HTML pages for documents; each is backed by the JSON route of the same data."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from greenbridge.store import documents as document_service
from greenbridge.web.deps import SessionDep, templates

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def document_list(
    request: Request, session: SessionDep, q: str | None = Query(None, max_length=200)
) -> HTMLResponse:
    rows = document_service.get_all(session, limit=200, query=q)
    total = document_service.count_documents(session)
    return templates.TemplateResponse(
        request, "documents.html", {"documents": rows, "total": total, "q": q or ""}
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(document_id: int, request: Request, session: SessionDep) -> HTMLResponse:
    document = document_service.get(session, id=document_id)
    if document is None:
        raise HTTPException(status_code=404, detail=f"There is no document {document_id}.")
    return templates.TemplateResponse(request, "document.html", {"document": document})
