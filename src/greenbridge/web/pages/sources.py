"""The sources page: feeds and sitemaps, their last poll and error, register, poll now, remove."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenbridge.sources.service import KINDS, add_source, list_sources, remove_source, request_poll
from greenbridge.store.limits import MAX_SOURCE_CHARS, InvalidInput
from greenbridge.web.deps import PathId, SessionDep, WriteSessionDep, render
from greenbridge.web.i18n import gettext_for
from greenbridge.web.security import flash, require_role

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_role("viewer"))])
editor = [Depends(require_role("editor"))]


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, session: SessionDep) -> Response:
    poller = request.app.state.source_poller
    return render(request, "sources.html", {
        "sources": list_sources(session), "kinds": KINDS,
        "every_seconds": poller.every_seconds if poller else None,
    })  # fmt: skip


@router.post("/sources", dependencies=editor)
def add(
    request: Request, session: WriteSessionDep,
    url: str = Form(..., max_length=MAX_SOURCE_CHARS), kind: str = Form("feed", max_length=20),
    name: str = Form("", max_length=200), every_minutes: int = Form(60, ge=1, le=100_000),
) -> Response:  # fmt: skip
    _ = gettext_for(request)
    try:
        source = add_source(session, url=url, kind=kind, name=name, every_minutes=every_minutes,
                            user=request.state.user.username)  # fmt: skip
        flash(
            request,
            _("Source {id} registered; it is polled within the minute it is due.").format(
                id=source.id
            ),
        )
    except InvalidInput as exc:
        flash(request, str(exc), "error")
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/{source_id}/poll", dependencies=editor)
def poll(request: Request, source_id: PathId, session: WriteSessionDep,
         background: BackgroundTasks) -> Response:  # fmt: skip
    _ = gettext_for(request)
    try:
        request_poll(session, source_id)
    except LookupError as exc:
        flash(request, str(exc), "error")
        return RedirectResponse("/sources", status_code=303)
    poller = request.app.state.source_poller
    if poller is not None:
        background.add_task(poller.wake)
        flash(
            request,
            _("Source {id} is being polled; reload for its outcome.").format(id=source_id),
        )
    else:
        flash(
            request,
            _("Source {id} is due: the next `greenbridge sources poll` polls it.").format(
                id=source_id
            ),
        )
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/{source_id}/remove", dependencies=editor)
def remove(request: Request, source_id: PathId, session: WriteSessionDep) -> Response:
    _ = gettext_for(request)
    try:
        remove_source(session, source_id)
        flash(
            request,
            _("Source {id} removed; the documents it brought stay.").format(id=source_id),
        )
    except LookupError as exc:
        flash(request, str(exc), "error")
    return RedirectResponse("/sources", status_code=303)
