"""REST routes for the decision history and what undoes its entries: the recent decisions,
the records merged into an entity (each can be unmerged), restores of retracted relations and
names, and a published fact sent back to the fact queue."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import AfterValidator, BaseModel

from greenbridge.store import corrections
from greenbridge.store.entities import entity_exists, resolve, utc
from greenbridge.store.fact_review import return_to_review
from greenbridge.store.history import recent_decisions
from greenbridge.store.identity_review import merged_records, unmerge_record
from greenbridge.web.api.entities import Pair, Retracted, correction_error
from greenbridge.web.deps import Editor, PathId, SessionDep, WriteSessionDep
from greenbridge.web.security import require_role

router = APIRouter(prefix="/api", tags=["history"], dependencies=[Depends(require_role("viewer"))])


class DecisionOut(BaseModel):
    at: Annotated[datetime, AfterValidator(utc)]
    user: str
    action: str
    subject: str
    kind: str
    link: int | None
    rule: str | None
    undo: str | None
    target: int | None


class MergedRecordOut(BaseModel):
    record_id: int
    name: str
    judgement_id: int | None
    user: str | None
    rule: str | None
    at: str | None


class Unmerged(BaseModel):
    canonical_id: int
    left: list[int]


@router.get("/history", response_model=list[DecisionOut])
def get_history(session: SessionDep, limit: int = Query(20, ge=1, le=200)) -> list[DecisionOut]:
    """People's recent decisions, newest first, each with the undo it allows now."""
    return [DecisionOut(**d.__dict__) for d in recent_decisions(session, limit=limit)]


@router.get("/entities/{entity_id}/merged", response_model=list[MergedRecordOut])
def get_merged(entity_id: PathId, session: SessionDep) -> list[MergedRecordOut]:
    """The records merged into this entity, each with who merged it and when."""
    if not entity_exists(session, entity_id):
        raise correction_error(corrections.CorrectionError(f"no entity {entity_id}"))
    return [MergedRecordOut(**m.__dict__) for m in merged_records(session, entity_id)]


@router.post("/entities/{entity_id}/unmerge-record", response_model=Unmerged)
def post_unmerge_record(
    entity_id: PathId, body: Pair, user: Editor, session: WriteSessionDep
) -> Unmerged:
    """Take one merged record out of the entity; answers the records that left with it."""
    try:
        left = unmerge_record(session, entity_id, body.other_id, user=user.username)
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return Unmerged(canonical_id=resolve(session, entity_id), left=left)


@router.post("/relations/{relation_id}/restore", response_model=Retracted)
def post_restore_relation(relation_id: PathId, user: Editor, session: WriteSessionDep) -> Retracted:
    """Restore a retracted or rejected relation (kept as the user's evidence)."""
    try:
        relation = corrections.restore_relation(session, relation_id, user=user.username)
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return Retracted(id=relation.id, retracted_by=relation.retracted_by)


@router.post("/aliases/{alias_id}/restore", response_model=Retracted)
def post_restore_alias(alias_id: PathId, user: Editor, session: WriteSessionDep) -> Retracted:
    """Restore a retracted name."""
    try:
        alias = corrections.restore_alias(session, alias_id, user=user.username)
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return Retracted(id=alias.id, retracted_by=alias.retracted_by)


@router.post("/review/facts/{relation_id}/return", response_model=Retracted)
def post_return_fact(relation_id: PathId, user: Editor, session: WriteSessionDep) -> Retracted:
    """Undo an acceptance: the relation waits in the fact queue again."""
    try:
        relation = return_to_review(session, relation_id, user=user.username)
    except corrections.CorrectionError as exc:
        raise correction_error(exc) from exc
    return Retracted(id=relation.id, retracted_by=relation.retracted_by)
