"""REST routes for matchmaking: a need and a country -> technologies, partners and experts;
saved matches followed as match requests through their stages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from greenbridge.match.requests import STAGES, RequestClosedError
from greenbridge.web.deps import (
    BodyId,
    Editor,
    JsonNumber,
    PathId,
    SessionDep,
    SettingsDep,
    WriteSessionDep,
)
from greenbridge.web.matching import (
    MatchOut,
    find_matches,
    move_request,
    request_board,
    save_request,
)
from greenbridge.web.security import require_role

router = APIRouter(prefix="/api", tags=["match"], dependencies=[Depends(require_role("viewer"))])


class SaveIn(BaseModel):
    need: str = Field(min_length=3, max_length=4000, description="The need as text.")
    country: str | None = Field(None, max_length=60, description="Country name or ISO code.")
    technology_id: BodyId | None = None
    provider_id: BodyId | None = None
    expert_id: BodyId | None = None
    score: JsonNumber | None = None
    explanation: dict[str, Any] = Field(default_factory=dict)
    note: str | None = Field(None, max_length=2000)


class StageIn(BaseModel):
    stage: str = Field(description=", ".join(STAGES), json_schema_extra={"enum": list(STAGES)})
    note: str | None = Field(None, max_length=2000)
    owner: str | None = Field(None, max_length=100, description='Who follows it up; "" clears.')
    outcome: str | None = Field(None, max_length=2000, description="The outcome in words; its "
                                "figures are read from it (e.g. 20 pumps installed).")  # fmt: skip


@router.get("/match", response_model=MatchOut)
def match(
    request: Request,
    request_session: SessionDep,
    settings: SettingsDep,
    need: str = Query(..., min_length=3, max_length=4000),
    country: str | None = Query(None, max_length=60),
    limit: int = Query(10, ge=1, le=50),
) -> MatchOut:
    """Ranked, explained technologies, partner organizations and experts for a need."""
    return find_matches(request_session, request.app.state.engine, settings, need, country, limit)


@router.post("/match-requests", status_code=201)
def create_match_request(body: SaveIn, user: Editor, session: WriteSessionDep) -> dict[str, Any]:
    """Save a match: the need is stored as an entity entered by the user, the request starts
    in stage `proposed`."""
    try:
        return save_request(session, user=user.username, **body.model_dump())
    except ValueError as exc:  # an entity or a country the request names is not known
        raise HTTPException(status_code=404, detail=str(exc)) from exc


@router.get("/match-requests")
def list_match_requests(session: SessionDep) -> dict[str, list[dict[str, Any]]]:
    """Every match request, grouped by stage in the order of the stages."""
    return request_board(session)


@router.post("/match-requests/{request_id}/stage")
def change_stage(
    request_id: PathId, body: StageIn, user: Editor, session: WriteSessionDep
) -> dict[str, Any]:
    """Move a request to another stage (or add a note), with who and when."""
    try:
        return move_request(session, request_id, body.stage, user.username, body.note,
                            owner=body.owner, outcome=body.outcome)  # fmt: skip
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except RequestClosedError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
