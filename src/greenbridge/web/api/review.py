"""REST routes for the review queues: unsure identity pairs answered same / different (and
undo), and extracted facts below the publish threshold accepted or rejected."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from greenbridge.resolve import ReviewItem, answer, review_queue, undo
from greenbridge.resolve.review import waiting_pair
from greenbridge.store.corrections import CorrectionError, latest_judgement
from greenbridge.store.entities import entity_names
from greenbridge.store.fact_review import accept_fact, fix_fact, pending_facts, reject_fact
from greenbridge.store.identity_review import merge_keeping
from greenbridge.store.limits import MAX_ID, MAX_PAGE_SIZE
from greenbridge.web.deps import BodyId, Editor, PathId, SessionDep, WriteSessionDep
from greenbridge.web.security import require_role

router = APIRouter(prefix="/api", tags=["review"], dependencies=[Depends(require_role("viewer"))])


class Side(BaseModel):
    id: int
    name: str | None
    type: str | None


class QueueItem(BaseModel):
    judgement_id: int
    score: float | None
    rule: str | None
    left: Side
    right: Side


class Answer(BaseModel):
    decision: str = Field(description="same or different", pattern="^(same|different)$")


class MergeChoice(BaseModel):
    name: str | None = Field(
        None,
        max_length=500,
        description="The surviving name: one of "
        "either record's names (default: the canonical record's).",
    )
    keep: dict[str, int] = Field(default_factory=dict, description="Attribute -> the entity "
                                 "id of the record whose value survives.")  # fmt: skip


class Merged(BaseModel):
    judgement_id: int | None
    canonical_id: int


class Decided(BaseModel):
    judgement_id: int | None
    decision: str


def queue_items(session: Any, limit: int) -> list[QueueItem]:
    """The review queue with the names of both sides (used by the page too)."""
    items = review_queue(session, limit=limit)
    names = entity_names(session, [i for item in items for i in (item.left_id, item.right_id)])

    def side(entity_id: int) -> Side:
        name, kind = names.get(entity_id, (None, None))
        return Side(id=entity_id, name=name, type=kind)

    return [
        QueueItem(judgement_id=i.judgement_id, score=i.score, rule=i.rule,
                  left=side(i.left_id), right=side(i.right_id))
        for i in items
    ]  # fmt: skip


def answer_item(session: Any, judgement_id: int, decision: str, user: str) -> Decided:
    item = waiting_pair(session, judgement_id)
    if item is None:
        raise HTTPException(
            status_code=404, detail=f"pair {judgement_id} is not waiting for review"
        )
    answer(
        session,
        ReviewItem(item.judgement_id, item.left_id, item.right_id, item.score, item.rule),
        decision,
        user=user,
    )
    newest = latest_judgement(session, item.left_id, item.right_id)
    return Decided(judgement_id=newest.id if newest else None, decision=decision)


def merge_item(session: Any, judgement_id: int, choice: MergeChoice, user: str) -> Merged:
    """Merge a queued pair keeping the picked name and attribute values."""
    item = waiting_pair(session, judgement_id)
    if item is None:
        raise HTTPException(
            status_code=404, detail=f"pair {judgement_id} is not waiting for review"
        )
    try:
        root = merge_keeping(session, item.left_id, item.right_id, name=choice.name,
                             picks=choice.keep, user=user)  # fmt: skip
    except CorrectionError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    newest = latest_judgement(session, item.left_id, item.right_id)
    return Merged(judgement_id=newest.id if newest else None, canonical_id=root)


def undo_judgement(session: Any, judgement_id: int, user: str) -> Decided:
    restored = undo(session, judgement_id, user=user)
    if restored is None:
        raise HTTPException(status_code=404, detail=f"no judgement {judgement_id}")
    return Decided(judgement_id=restored.id, decision=restored.decision)


@router.get("/review", response_model=list[QueueItem])
def get_queue(
    session: SessionDep, limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE)
) -> list[QueueItem]:
    """Pairs waiting for a person's decision, most likely the same first."""
    return queue_items(session, limit)


@router.post("/review/{judgement_id}", response_model=Decided)
def post_answer(
    judgement_id: PathId, body: Answer, user: Editor, session: WriteSessionDep
) -> Decided:
    """Answer a queued pair; the returned judgement id undoes it."""
    return answer_item(session, judgement_id, body.decision, user.username)


@router.post("/review/{judgement_id}/merge", response_model=Merged)
def post_merge(
    judgement_id: PathId, body: MergeChoice, user: Editor, session: WriteSessionDep
) -> Merged:
    """Merge a queued pair, keeping the surviving name and each attribute's value the user
    picked (the merge is a judgement: its id undoes it; the kept values are the user's
    evidence)."""
    return merge_item(session, judgement_id, body, user.username)


@router.post("/judgements/{judgement_id}/undo", response_model=Decided)
def post_undo(judgement_id: PathId, user: Editor, session: WriteSessionDep) -> Decided:
    """Give the pair back the decision it had before this judgement (a merge undone)."""
    return undo_judgement(session, judgement_id, user.username)


class Fact(BaseModel):
    relation_id: int
    type: str
    subject_id: int
    subject: str
    object_id: int | None
    object: str
    confidence: float
    sentence: str | None
    document_id: int | None


class FactAnswer(BaseModel):
    decision: str = Field(description="accept, reject or fix", pattern="^(accept|reject|fix)$")
    type: str | None = Field(None, max_length=32, description="fix: the right relation type")
    object_id: BodyId | None = Field(None, description="fix: the right far end")


class FactDecided(BaseModel):
    relation_id: int
    decision: str
    published: bool


@router.get("/review/facts", response_model=list[Fact])
def get_facts(
    session: SessionDep,
    limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
    document: int | None = Query(None, ge=1, le=MAX_ID, description="Only this document's."),
) -> list[Fact]:
    """Extracted relations below the publish threshold, most confident first, each with its
    sentence; they stay out of graph views, reports and matching until accepted."""
    return [Fact(**vars(f)) for f in pending_facts(session, limit=limit, document_id=document)]


@router.post("/review/facts/{relation_id}", response_model=FactDecided)
def post_fact(
    relation_id: PathId, body: FactAnswer, user: Editor, session: WriteSessionDep
) -> FactDecided:
    """Accept (publish), fix (another type or far end, then publish) or reject (retract) a
    waiting relation."""
    try:
        if body.decision == "accept":
            relation = accept_fact(session, relation_id, user=user.username)
        elif body.decision == "fix":
            relation = fix_fact(session, relation_id, type=body.type, object_id=body.object_id,
                                user=user.username)  # fmt: skip
        else:
            relation = reject_fact(session, relation_id, user=user.username)
    except CorrectionError as error:
        status = 404 if str(error).startswith("no ") else 409
        raise HTTPException(status_code=status, detail=str(error)) from None
    published = relation.retracted_at is None and not relation.review
    return FactDecided(relation_id=relation.id, decision=body.decision, published=published)
