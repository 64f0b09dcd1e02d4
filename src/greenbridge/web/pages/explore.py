"""HTML pages to explore the graph: dashboard, search, the registry lists, entity, network,
export."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from greenbridge.schema import relation_types
from greenbridge.store.entities import entity_page, search_documents, search_entities
from greenbridge.store.event_roles import event_roles
from greenbridge.store.identity_review import merged_records
from greenbridge.store.overview import PeriodError, alliances, network_period, plural
from greenbridge.store.registry import TYPES, RegistryInputError, browse, parse_filters
from greenbridge.web.api.overview import dashboard_data
from greenbridge.web.deps import MAX_ID, OffsetQuery, PathId, SessionDep, render
from greenbridge.web.i18n import Gettext, gettext_for
from greenbridge.web.pages.forms import INVALID, FormPage, shows_form, status_for
from greenbridge.web.pages.registry import country_namer, list_context, show_list_form
from greenbridge.web.security import require_role

router = APIRouter(
    include_in_schema=False, dependencies=[Depends(require_role("viewer"))], route_class=FormPage
)
# Plain functions: FastAPI runs them in worker threads, so no database read waits on the event
# loop (see `greenbridge.web.capacity`).


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep) -> Response:
    links = {plural(kind): f"/entities?type={kind}" for kind in TYPES} | {"documents": "/"}
    return render(
        request, "dashboard.html", {"data": dashboard_data(session), "count_links": links}
    )


def _search_form(request: Request, messages: list[str]) -> Response:
    query = request.query_params
    context = {"q": query.get("q", ""), "type": query.get("type", ""), "entities": [],
               "documents": [], "errors": messages}  # fmt: skip
    template = "search_results.html" if request.headers.get("hx-request") else "search.html"
    return render(request, template, context, status_code=status_for(request))


@router.get("/search", response_class=HTMLResponse)
@shows_form(_search_form)
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
    context["merged_records"] = merged_records(session, page.id)
    if page.type == "event":
        context.update(
            roles=event_roles(session, page.record_ids), country_name=country_namer(request)
        )
    return render(request, "entity.html", context)


@router.get("/entities", response_class=HTMLResponse)
@shows_form(show_list_form)
def entity_list(
    request: Request, session: SessionDep, type: str = Query("", max_length=100),
    country: str = Query("", max_length=100), kind: str = Query("", max_length=100),
    start: str = Query("", max_length=40), end: str = Query("", max_length=40),
    document: str = Query("", max_length=40), sort: str = Query("", max_length=20),
    cursor: str = Query("", max_length=1000),
) -> Response:  # fmt: skip
    """The registry: entities of a type with filters, sorting and pages (JSON: /api/entities)."""
    try:
        filters = parse_filters(type=type, country=country, kind=kind, start=start, end=end,
                                document=document, sort=sort)  # fmt: skip
        page = browse(session, filters, cursor=cursor or None)
    except RegistryInputError as exc:
        return show_list_form(request, [str(exc)])
    return render(request, "entities.html", list_context(request, filters, page, bool(cursor)))


def _period_message(error: PeriodError, _: Gettext) -> str:
    values = {"field": _("From") if error.field_name == "since" else _("To"), "value": error.value}
    if error.kind == "order":
        return _("The period ends (%(value)s) before it starts.") % values
    if error.kind == "calendar":
        return _("%(field)s: “%(value)s” is not a date of the calendar.") % values
    message = _(
        "%(field)s: “%(value)s” is not a year, a month or a date; write 2018, 2018-07 or 2018-07-15."
    )
    return message % values


@router.get("/network", response_class=HTMLResponse)
def network(
    request: Request, session: SessionDep, since: str = Query("", max_length=10),
    until: str = Query("", max_length=10), alliance: str = Query("", max_length=20),
) -> Response:  # fmt: skip
    """The cooperation network; its filters are the page's query, so a link keeps them."""
    errors: list[str] = []
    try:
        network_period(since, until)
    except PeriodError as exc:
        errors.append(_period_message(exc, gettext_for(request)))
    chosen = int(alliance) if alliance.isdigit() and int(alliance) <= MAX_ID else None
    if alliance and chosen is None:
        errors.append(gettext_for(request)("Choose an alliance from the list."))
    query = urlencode({k: v for k, v in (("since", since), ("until", until), ("alliance", alliance)) if v})  # fmt: skip
    context = {"alliances": alliances(session, chosen=chosen), "since": since, "until": until,
               "alliance": chosen, "errors": errors, "query": query}  # fmt: skip
    return render(request, "network.html", context, status_code=INVALID if errors else 200)


@router.get("/export", response_class=HTMLResponse)
def export(request: Request) -> Response:
    return render(request, "export.html", {})
