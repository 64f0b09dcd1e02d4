"""REST routes for the whole store: dashboard figures, the cooperation network, exports."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pycountry
from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from greenbridge.interop.xlsx import XLSX_TYPE, write_workbook
from greenbridge.report.wording import country_name
from greenbridge.store import documents as document_service
from greenbridge.store.db import make_sessionmaker
from greenbridge.store.exchange import write_jsonl
from greenbridge.store.overview import (
    PERIOD_PATTERN,
    Happening,
    PeriodError,
    alliances,
    cooperation_network,
    countries_involved,
    counts,
    events_timeline,
    write_entities_csv,
    write_relations_csv,
)
from greenbridge.web.api.documents import DocumentOut
from greenbridge.web.deps import MAX_ID, SessionDep
from greenbridge.web.i18n import locale_of, territory_name
from greenbridge.web.security import require_role

router = APIRouter(prefix="/api", tags=["overview"], dependencies=[Depends(require_role("viewer"))])


class CountryCount(BaseModel):
    code: str
    numeric: str | None
    name: str | None
    count: int


class Dashboard(BaseModel):
    counts: dict[str, int]
    latest_documents: list[DocumentOut]
    timeline: list[Happening]
    countries: list[CountryCount]


PERIOD_FORMS = "Year, month or date: 2018, 2018-07 or 2018-07-15"


class NetworkOut(BaseModel):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    total: int
    limit: int
    more: bool
    alliances: list[dict[str, Any]]


def country_counts(found: dict[str, int]) -> list[CountryCount]:
    items = []
    for code, n in found.items():
        country = pycountry.countries.get(alpha_2=code)
        items.append(CountryCount(code=code, numeric=country.numeric if country else None,
                                  name=country.name if country else None, count=n))  # fmt: skip
    return items


def dashboard_data(session: Any) -> Dashboard:
    return Dashboard(
        counts=counts(session),
        latest_documents=[
            DocumentOut(**d.__dict__) for d in document_service.get_all(session, limit=10)
        ],
        timeline=events_timeline(session),
        countries=country_counts(countries_involved(session)),
    )


@router.get("/dashboard", response_model=Dashboard)
def dashboard(session: SessionDep) -> Dashboard:
    """Counts, latest documents, the timeline of events and the countries involved."""
    return dashboard_data(session)


@router.get("/network", response_model=NetworkOut)
def network(
    request: Request,
    session: SessionDep,
    since: str | None = Query(
        None, max_length=10, description=PERIOD_FORMS, json_schema_extra={"pattern": PERIOD_PATTERN}
    ),
    until: str | None = Query(
        None, max_length=10, description=PERIOD_FORMS, json_schema_extra={"pattern": PERIOD_PATTERN}
    ),
    alliance: int | None = Query(None, ge=1, le=MAX_ID, description="Entity id of an alliance"),
) -> NetworkOut:
    """Organization and country nodes joined by membership, hosting, founding and cooperation,
    each organization joined to the country it is based in; the newest `limit` of `total` links.
    A bound that is not a year, a month or a date is a 422 that says so."""
    try:
        graph = cooperation_network(
            session, since=since or None, until=until or None, alliance_id=alliance
        )
    except PeriodError as exc:
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", exc.field_name), "msg": exc.reason,
              "input": exc.value}]
        ) from None  # fmt: skip
    locale = locale_of(request)
    for node in graph.nodes:
        if node["kind"] == "country":
            code = node["label"]
            node["code"], node["label"] = code, territory_name(code, locale) or country_name(code)
    return NetworkOut(
        nodes=graph.nodes,
        edges=graph.edges,
        total=graph.total,
        limit=graph.limit,
        more=graph.more,
        alliances=[{"id": i, "name": n} for i, n in alliances(session)],
    )


def _stream(request: Request, write: Any) -> Iterator[str]:
    with make_sessionmaker(request.app.state.engine)() as session:
        buffer = io.StringIO()
        write(session, buffer)
    yield buffer.getvalue()


@router.get("/export/graph.jsonl", response_class=StreamingResponse)
def export_jsonl(request: Request) -> StreamingResponse:
    """The whole store (users and tokens left out) as JSON Lines, readable by `import graph`."""
    return StreamingResponse(
        _stream(request, write_jsonl), media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="greenbridge.jsonl"'},
    )  # fmt: skip


@router.get("/export/entities.csv", response_class=StreamingResponse)
def export_entities(request: Request) -> StreamingResponse:
    """Current canonical entities as CSV."""
    return StreamingResponse(
        _stream(request, write_entities_csv), media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="entities.csv"'},
    )  # fmt: skip


@router.get("/export/graph.xlsx", response_class=StreamingResponse)
def export_xlsx(request: Request) -> StreamingResponse:
    """Current facts as an .xlsx workbook: a sheet per entity type and one of relations."""
    return StreamingResponse(
        _stream_bytes(request, write_workbook), media_type=XLSX_TYPE,
        headers={"Content-Disposition": 'attachment; filename="greenbridge.xlsx"'},
    )  # fmt: skip


def _stream_bytes(request: Request, write: Any) -> Iterator[bytes]:
    with make_sessionmaker(request.app.state.engine)() as session:
        buffer = io.BytesIO()
        write(session, buffer)
    yield buffer.getvalue()


@router.get("/export/relations.csv", response_class=StreamingResponse)
def export_relations(request: Request) -> StreamingResponse:
    """Current relations as CSV."""
    return StreamingResponse(
        _stream(request, write_relations_csv), media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="relations.csv"'},
    )  # fmt: skip
