"""Match requests: a match saved from a result and followed through its stages to an outcome.

Every change is a MatchEvent (stage, note, outcome figures, who, when); the request's `stage`
is the stage of its newest event. Services never commit: the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.store.models import Entity, MatchEvent, MatchRequest, utcnow

STAGES = ("proposed", "contacted", "in_discussion", "agreement", "deployed", "declined")
CLOSED = ("deployed", "declined")


def normalize_stage(stage: str) -> str:
    value = stage.strip().lower().replace(" ", "_").replace("-", "_")
    if value not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; stages: {', '.join(STAGES)}")
    return value


def create(
    session: Session,
    *,
    need_id: int,
    technology_id: int | None = None,
    provider_id: int | None = None,
    expert_id: int | None = None,
    score: float | None = None,
    explanation: dict[str, Any] | None = None,
    user: str,
    note: str | None = None,
    at: datetime | None = None,
) -> MatchRequest:
    """A new request in stage `proposed`, with its first event."""
    need = session.get(Entity, need_id)
    if need is None or need.type != "need":
        raise ValueError(f"entity {need_id} is not a need")
    if technology_id is not None and session.get(Entity, technology_id) is None:
        raise ValueError(f"no entity {technology_id}")
    request = MatchRequest(
        need_id=need_id,
        technology_id=technology_id,
        provider_id=provider_id,
        expert_id=expert_id,
        country=(need.attributes or {}).get("country"),
        stage="proposed",
        score=score,
        explanation=explanation or {},
        created_by=user,
        created_at=at or utcnow(),
    )
    session.add(request)
    session.flush()
    session.add(MatchEvent(request_id=request.id, stage="proposed", note=note, user=user,
                           at=at or utcnow()))  # fmt: skip
    session.flush()
    return request


class RequestClosedError(ValueError):
    """A declined or finished request does not move to another stage."""


def move(
    session: Session,
    *,
    request_id: int,
    stage: str,
    user: str,
    note: str | None = None,
    outcome: dict[str, Any] | None = None,
    owner: str | None = None,
    at: datetime | None = None,
) -> MatchEvent:
    """Record a stage change (or a note, outcome figures or a new owner at the same stage);
    `owner` None keeps the owner, "" clears it; a change of owner is written in the history."""
    request = get(session, request_id=request_id)
    stage = normalize_stage(stage)
    if request.stage in CLOSED and stage != request.stage:
        raise RequestClosedError(f"request {request_id} is closed ({request.stage})")
    recorded = dict(outcome or {})
    if owner is not None and (owner.strip() or None) != request.owner:
        request.owner = owner.strip() or None
        recorded["owner"] = request.owner
    event = MatchEvent(request_id=request.id, stage=stage, note=note, outcome=recorded,
                       user=user, at=at or utcnow())  # fmt: skip
    session.add(event)
    request.stage = stage
    session.flush()
    return event


def outcome_of(text: str) -> dict[str, Any]:
    """An outcome as the user wrote it (`20 pumps installed, 300 farmers reached`), with the
    figures read from it as the impact ledger reads them."""
    from greenbridge.report.quantities import parse_quantities

    figures = [
        {"kind": q.kind, "value": q.value, "unit": q.unit, "measure": q.measure,
         "display": q.display}
        for q in parse_quantities(text)
    ]  # fmt: skip
    return {"text": text.strip(), "figures": figures} if text.strip() else {}


def get(session: Session, *, request_id: int) -> MatchRequest:
    request = session.get(MatchRequest, request_id)
    if request is None:
        raise LookupError(f"no match request {request_id}")
    return request


def get_all(session: Session, *, stage: str | None = None) -> list[MatchRequest]:
    """Requests, newest first, optionally only those in `stage`."""
    query = select(MatchRequest).order_by(MatchRequest.created_at.desc(), MatchRequest.id.desc())
    if stage:
        query = query.where(MatchRequest.stage == normalize_stage(stage))
    return list(session.scalars(query))


def history(session: Session, *, request_id: int) -> list[MatchEvent]:
    query = select(MatchEvent).where(MatchEvent.request_id == request_id)
    return list(session.scalars(query.order_by(MatchEvent.at, MatchEvent.id)))


def histories(session: Session, request_ids: list[int]) -> dict[int, list[MatchEvent]]:
    """`history` of each request, in one query."""
    found: dict[int, list[MatchEvent]] = {i: [] for i in request_ids}
    for start in range(0, len(request_ids), 500):  # bound the statement's parameters
        chunk = request_ids[start : start + 500]
        query = select(MatchEvent).where(MatchEvent.request_id.in_(chunk))
        for event in session.scalars(query.order_by(MatchEvent.at, MatchEvent.id)):
            found[event.request_id].append(event)
    return found


def by_stage(session: Session) -> dict[str, list[MatchRequest]]:
    """All requests grouped by their current stage, in the order of the stages."""
    grouped: dict[str, list[MatchRequest]] = {stage: [] for stage in STAGES}
    for request in get_all(session):
        grouped.setdefault(request.stage, []).append(request)
    return grouped
