"""The reconciliation service (`/reconcile`): manifest, batched queries, suggest and preview.

Read only. It answers a viewer signed in by bearer token (or session); with the setting
`reconcile_public` it answers everyone, since OpenRefine sends no credentials. Nothing here
writes, so a form POST needs no CSRF token.
"""

from __future__ import annotations

from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from greenbridge.interop.reconcile import QueryError, manifest, parse_queries, reconcile
from greenbridge.interop.reconcile_suggest import (
    preview,
    suggest_entities,
    suggest_properties,
    suggest_types,
)
from greenbridge.schema import entity_types
from greenbridge.web.deps import MAX_ID, SessionDep
from greenbridge.web.security import CurrentUser, LoginRequired, current_user

MAX_QUERIES_CHARS = 1_000_000


async def reconcile_reader(request: Request) -> CurrentUser | None:
    """A signed-in user (any role reads), or anyone when the deployment opened the service."""
    user = await current_user(request)
    if user is None and not request.app.state.settings.reconcile_public:
        raise LoginRequired()
    return user


# The Reconciliation Service API describes itself (its manifest at GET /reconcile); it is not
# part of the REST API's OpenAPI document, whose JSON parameters it would not state.
router = APIRouter(
    prefix="/reconcile",
    tags=["reconcile"],
    dependencies=[Depends(reconcile_reader)],
    include_in_schema=False,
)
QueriesField = Annotated[str | None, Form(max_length=MAX_QUERIES_CHARS)]


def _service_url(request: Request) -> str:
    return str(request.url.replace(query="")).rstrip("/")


def _answer(session: Any, raw: str) -> dict[str, Any]:
    try:
        queries = parse_queries(raw)
    except QueryError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return reconcile(session, queries)


@router.get("")
def service(
    request: Request,
    session: SessionDep,
    queries: Annotated[str | None, Query(max_length=MAX_QUERIES_CHARS)] = None,
) -> dict[str, Any]:
    """The service manifest; with `queries` (a JSON object of queries by key), their answers."""
    if queries:
        return _answer(session, queries)
    return manifest(_service_url(request))


@router.post("")
def service_queries(request: Request, session: SessionDep, queries: QueriesField = None) -> dict[str, Any]:  # fmt: skip
    """Answers to the `queries` form field: `{"q0": {"query": "...", "type": "organization",
    "limit": 3, "properties": [{"pid": "country", "v": "KE"}]}}` gives `{"q0": {"result":
    [{"id", "name", "score", "match", "type", "description"}]}}`."""
    if not queries:
        return manifest(_service_url(request))
    return _answer(session, queries)


@router.get("/suggest/entity")
def suggest_entity(
    session: SessionDep,
    prefix: Annotated[str, Query(max_length=200)] = "",
    type: Annotated[str | None, Query(max_length=32)] = None,
    cursor: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    """Entities whose names start with `prefix`."""
    wanted = type if type in entity_types() else None
    return {"result": suggest_entities(session, prefix, entity_type=wanted, cursor=cursor)}


@router.get("/suggest/type")
def suggest_type(prefix: Annotated[str, Query(max_length=200)] = "") -> dict[str, Any]:
    """Entity types whose names start with `prefix`."""
    return {"result": suggest_types(prefix)}


@router.get("/suggest/property")
def suggest_property(prefix: Annotated[str, Query(max_length=200)] = "") -> dict[str, Any]:
    """Query properties (country, kind) whose names start with `prefix`."""
    return {"result": suggest_properties(prefix)}


@router.get("/preview", response_class=HTMLResponse)
def preview_card(session: SessionDep, id: Annotated[int, Query(ge=1, le=MAX_ID)]) -> HTMLResponse:
    """A small HTML card of the entity (shown by OpenRefine beside a candidate)."""
    card = preview(session, id)
    if card is None:
        raise HTTPException(status_code=404, detail="No such entity.")
    names = f"<p>Also: {escape(', '.join(card.names))}</p>" if card.names else ""
    quote = ""
    if card.sentence:
        source = f" <cite>{escape(card.document_title)}</cite>" if card.document_title else ""
        quote = f"<blockquote>{escape(card.sentence[:400])}{source}</blockquote>"
    body = (
        f'<html><body style="font: 13px sans-serif; margin: 4px">'
        f'<strong><a href="/entities/{card.id}" target="_blank">{escape(card.name)}</a></strong>'
        f" <span>{escape(card.type)} · {escape(card.description)}</span>{names}{quote}"
        "</body></html>"
    )
    return HTMLResponse(body)
