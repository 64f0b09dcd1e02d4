"""The review queue: pairs whose newest judgement is `unsure`, most likely first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from greenbridge.resolve.judgements import DIFFERENT, SAME, UNSURE, judge, resolve_id
from greenbridge.store.models import Entity, Judgement


@dataclass(frozen=True)
class ReviewItem:
    """One pair waiting for a person's decision."""

    judgement_id: int
    left_id: int
    right_id: int
    score: float | None
    rule: str | None


def review_queue(session: Session, *, limit: int | None = None) -> list[ReviewItem]:
    """Unsure pairs not yet resolved another way, highest score first.

    One query: the newest judgement of each pair (by the pair index), kept when it is `unsure`
    and the two records do not already resolve to one entity."""
    newest = (
        select(func.max(Judgement.id).label("id"))
        .group_by(Judgement.left_id, Judgement.right_id)
        .subquery()
    )
    left, right = aliased(Entity), aliased(Entity)
    query = (
        select(Judgement)
        .join(newest, newest.c.id == Judgement.id)
        .join(left, left.id == Judgement.left_id)
        .join(right, right.id == Judgement.right_id)
        .where(Judgement.decision == UNSURE)
        .where(
            func.coalesce(left.canonical_id, left.id) != func.coalesce(right.canonical_id, right.id)
        )
        .order_by(func.coalesce(Judgement.score, 0.0).desc(), Judgement.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        ReviewItem(j.id, j.left_id, j.right_id, j.score, j.rule) for j in session.scalars(query)
    ]


def waiting_pair(session: Session, judgement_id: int) -> ReviewItem | None:
    """The queued pair of `judgement_id` when it is still waiting for review."""
    judgement = session.get(Judgement, judgement_id)
    if judgement is None or judgement.decision != UNSURE:
        return None
    newest = session.scalar(
        select(func.max(Judgement.id)).where(
            Judgement.left_id == judgement.left_id, Judgement.right_id == judgement.right_id
        )
    )
    if newest != judgement.id:
        return None
    if resolve_id(session, judgement.left_id) == resolve_id(session, judgement.right_id):
        return None
    return ReviewItem(
        judgement.id, judgement.left_id, judgement.right_id, judgement.score, judgement.rule
    )


def answer(session: Session, item: ReviewItem, decision: str, *, user: str | None) -> None:
    """Record a reviewer's `same` or `different` for a queued pair."""
    if decision not in (SAME, DIFFERENT):
        raise ValueError("a review answer is 'same' or 'different'")
    judge(
        session,
        item.left_id,
        item.right_id,
        decision,
        score=item.score,
        rule="user:review",
        user=user,
    )
