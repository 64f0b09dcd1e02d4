"""HTML pages for matchmaking: the match form and results, saving, the board of requests."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from greenbridge.match.records import country_code
from greenbridge.match.requests import STAGES
from greenbridge.web.deps import (
    MAX_ID,
    Editor,
    PathId,
    SessionDep,
    SettingsDep,
    WriteSessionDep,
    render,
)
from greenbridge.web.matching import find_matches, move_request, request_board, save_request
from greenbridge.web.pages.forms import INVALID, FormPage, shows_form
from greenbridge.web.security import flash, require_role

router = APIRouter(
    include_in_schema=False, dependencies=[Depends(require_role("viewer"))], route_class=FormPage
)
MIN_NEED = 3


def need_problems(need: str, country: str) -> list[str]:
    """What keeps a typed need and country from being matched, in words."""
    problems = []
    if 0 < len(need.strip()) < MIN_NEED:
        problems.append(f"“{need.strip()}” is too short to match: describe the need in at least "
                        f"{MIN_NEED} characters, e.g. “solar drying of crops”.")  # fmt: skip
    if country.strip() and country_code(country) is None:
        problems.append(f"“{country.strip()}” is not a country we know; type a country name or "
                        "its two-letter ISO code (Kenya or KE).")  # fmt: skip
    return problems


def _match_form(request: Request, messages: list[str]) -> Response:
    typed = request.query_params
    context = {"need": typed.get("need", ""), "country": typed.get("country", ""),
               "result": None, "errors": messages}  # fmt: skip
    return render(request, "match.html", context, status_code=INVALID)


@router.get("/match", response_class=HTMLResponse)
@shows_form(_match_form)
def match_page(
    request: Request, session: SessionDep, settings: SettingsDep,
    need: str = Query("", max_length=4000), country: str = Query("", max_length=60),
) -> Response:  # fmt: skip
    result, problems = None, need_problems(need, country)
    if problems:
        return _match_form(request, problems)
    if need.strip():
        result = find_matches(
            session, request.app.state.engine, settings, need, country or None, 10
        )
    return render(request, "match.html", {"need": need, "country": country, "result": result})


@router.post("/match/save")
def save(
    request: Request, user: Editor, session: WriteSessionDep,
    need: str = Form(..., min_length=3, max_length=4000), country: str = Form("", max_length=60),
    technology_id: int | None = Form(None, ge=1, le=MAX_ID), score: float | None = Form(None),
) -> Response:  # fmt: skip
    try:
        saved = save_request(session, user=user.username, need=need, country=country or None,
                             technology_id=technology_id, score=score)  # fmt: skip
    except ValueError as exc:
        flash(request, str(exc), "error")
        return RedirectResponse("/match", status_code=303)
    flash(request, f"Saved as match request {saved['id']} (stage proposed).")
    return RedirectResponse("/match/board", status_code=303)


@router.get("/match/board", response_class=HTMLResponse)
def board(request: Request, session: SessionDep) -> Response:
    return render(request, "board.html", {"board": request_board(session), "stages": STAGES})


@router.post("/match/requests/{request_id}/stage")
def stage(
    request_id: PathId, request: Request, user: Editor, session: WriteSessionDep,
    stage: str = Form(..., max_length=32), note: str = Form("", max_length=2000),
) -> Response:  # fmt: skip
    try:
        move_request(session, request_id, stage, user.username, note or None)
        flash(request, f"Request {request_id} moved to {stage}.")
    except (LookupError, ValueError) as exc:
        flash(request, str(exc), "error")
    return RedirectResponse("/match/board", status_code=303)
