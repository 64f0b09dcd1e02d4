"""REST routes for other tools: the graph as FollowTheMoney entities, events as iCalendar."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import StreamingResponse

from greenbridge.interop.ftm import write_ftm
from greenbridge.interop.ical import build_calendar
from greenbridge.match.records import country_code
from greenbridge.store.models import Entity
from greenbridge.web.api.overview import _stream
from greenbridge.web.deps import MAX_ID, SessionDep
from greenbridge.web.security import require_role

router = APIRouter(prefix="/api", tags=["overview"], dependencies=[Depends(require_role("viewer"))])
CALENDAR = "text/calendar"


@router.get("/export/ftm.jsonl", response_class=StreamingResponse)
def export_ftm(request: Request) -> StreamingResponse:
    """The graph as FollowTheMoney entities, one a line (`greenbridge import ftm` reads it)."""
    return StreamingResponse(
        _stream(request, write_ftm), media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="greenbridge.ftm.jsonl"'},
    )  # fmt: skip


@router.get(
    "/export/events.ics",
    response_class=Response,
    responses={
        200: {"content": {CALENDAR: {"schema": {"type": "string"}}}},
        404: {"description": "The alliance or the country is not there."},
    },
)
def export_events(
    request: Request,
    session: SessionDep,
    alliance: int | None = Query(None, ge=1, le=MAX_ID, description="Entity id of an alliance: "
                                 "the events it or its members organized or took part in"),
    country: str | None = Query(None, max_length=100, description="ISO alpha-2 code or a name: "
                                "the events held in that country"),
) -> Response:  # fmt: skip
    """Events with a full start date as an iCalendar feed, with organizers and places."""
    code = country_code(country) if country else None
    if country and code is None:
        raise HTTPException(status_code=404, detail=f"no country {country[:40]!r}")
    if alliance is not None:
        found = session.get(Entity, alliance)
        if found is None or found.type != "organization":
            raise HTTPException(status_code=404, detail=f"no organization {alliance}")
    base = str(request.base_url)
    calendar = build_calendar(session, alliance_id=alliance, country=code, base_url=base)
    return Response(calendar, media_type=CALENDAR,
                    headers={"Content-Disposition": 'inline; filename="events.ics"'})  # fmt: skip
