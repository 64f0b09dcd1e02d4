"""HTML pages to explore the graph: dashboard, search, entity, network, export."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from greenbridge.schema import relation_types
from greenbridge.store.entities import entity_page, search_documents, search_entities
from greenbridge.store.overview import alliances
from greenbridge.web.api.overview import dashboard_data
from greenbridge.web.deps import MAX_ID, OffsetQuery, PathId, SessionDep, render
from greenbridge.web.security import require_role

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_role("viewer"))])
# Plain functions: FastAPI runs them in worker threads, so no database read waits on the event
# loop (see `greenbridge.web.capacity`).


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep) -> Response:
    return render(request, "dashboard.html", {"data": dashboard_data(session)})


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, session: SessionDep, q: str = Query("", max_length=200),
    type: str | None = Query(None, max_length=32),
) -> Response:  # fmt: skip
    entities = search_entities(session, q, entity_type=type or None, limit=50) if q.strip() else []
    documents = search_documents(session, q, limit=20) if q.strip() else []
    context = {"q": q, "type": type or "", "entities": entities, "documents": documents}
    template = "search_results.html" if request.headers.get("hx-request") else "search.html"
    return render(request, template, context)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(
    entity_id: PathId, request: Request, session: SessionDep,
    offset: OffsetQuery = 0, merged: int | None = Query(None, ge=1, le=MAX_ID),
) -> Response:  # fmt: skip
    page = entity_page(session, entity_id, offset=offset)
    if page is None:
        raise HTTPException(status_code=404, detail=f"There is no entity {entity_id}.")
    context = {
        "entity": page, "offset": offset, "relation_types": relation_types(),
        "undo_judgement": merged,
    }  # fmt: skip
    return render(request, "entity.html", context)


@router.get("/network", response_class=HTMLResponse)
def network(request: Request, session: SessionDep) -> Response:
    return render(request, "network.html", {"alliances": alliances(session)})


@router.get("/export", response_class=HTMLResponse)
def export(request: Request) -> Response:
    return render(request, "export.html", {})
