"""REST routes for sources: feeds and sitemaps polled for new documents."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Path, Request
from pydantic import BaseModel, Field

from greenbridge.sources.service import (
    KINDS,
    SourceView,
    add_source,
    list_sources,
    remove_source,
    request_poll,
)
from greenbridge.store.limits import MAX_SOURCE_CHARS, InvalidInput
from greenbridge.web.deps import MAX_ID, Editor, SessionDep, WriteSessionDep
from greenbridge.web.security import require_role

router = APIRouter(
    prefix="/api/sources", tags=["sources"], dependencies=[Depends(require_role("viewer"))]
)

SourceId = Annotated[int, Path(ge=1, le=MAX_ID, description="The source's number.")]


class SourceIn(BaseModel):
    url: str = Field(max_length=MAX_SOURCE_CHARS, pattern=r"^https?://\S+$",
                     description="Address of an RSS/Atom feed or a sitemap.")  # fmt: skip
    kind: str = Field("feed", description=", ".join(KINDS), json_schema_extra={"enum": list(KINDS)})
    name: str = Field("", max_length=200)
    every_minutes: int = Field(60, ge=5, le=7 * 24 * 60, description="Minutes between polls.")


class SourceOut(BaseModel):
    id: int
    kind: str
    url: str
    name: str
    every_minutes: int
    active: bool
    polled: datetime | None
    error: str = Field(description="The last poll's error; empty when it went well.")
    items: dict[str, int] = Field(
        description="Addresses by outcome: queued, unchanged, refused, failed."
    )
    last_job_id: int | None


def _out(view: SourceView) -> SourceOut:
    return SourceOut(**view.__dict__)


@router.get("", summary="Every source, with its last poll and its addresses by outcome")
def sources(session: SessionDep) -> list[SourceOut]:
    return [_out(v) for v in list_sources(session)]


@router.post("", status_code=201, summary="Register a feed or a sitemap")
def create(body: SourceIn, user: Editor, session: WriteSessionDep) -> SourceOut:
    try:
        source = add_source(session, url=body.url, kind=body.kind, name=body.name,
                            every_minutes=body.every_minutes, user=user.username)  # fmt: skip
    except InvalidInput as exc:
        raise HTTPException(409 if "registered already" in str(exc) else 400, str(exc)) from exc
    return next(_out(v) for v in list_sources(session) if v.id == source.id)


@router.delete("/{source_id}", status_code=204, summary="Forget a source (its documents stay)")
def delete(source_id: SourceId, user: Editor, session: WriteSessionDep) -> None:
    try:
        remove_source(session, source_id)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc


@router.post("/{source_id}/poll", status_code=202, summary="Poll a source as soon as possible")
def poll(
    request: Request, source_id: SourceId, user: Editor, session: WriteSessionDep,
    background: BackgroundTasks,
) -> dict[str, int]:  # fmt: skip
    """Marks the source due and, once that is committed, wakes the server's poller; the
    poll's outcome shows on the source when it is done (without a poller in the server, at the
    next `greenbridge sources poll`)."""
    try:
        request_poll(session, source_id)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
    poller = request.app.state.source_poller
    if poller is not None:
        background.add_task(poller.wake)
    return {"source_id": source_id}
