"""The review queue: pairs whose newest judgement is `unsure`, most likely first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.resolve.judgements import DIFFERENT, SAME, UNSURE, judge, resolve_id
from greenbridge.store.models import Judgement


@dataclass(frozen=True)
class ReviewItem:
    """One pair waiting for a person's decision."""

    judgement_id: int
    left_id: int
    right_id: int
    score: float | None
    rule: str | None


def review_queue(session: Session, *, limit: int | None = None) -> list[ReviewItem]:
    """Unsure pairs not yet resolved another way, highest score first."""
    newest: dict[tuple[int, int], Judgement] = {}
    for judgement in session.scalars(select(Judgement).order_by(Judgement.id)):
        newest[(judgement.left_id, judgement.right_id)] = judgement
    items = []
    for judgement in newest.values():
        if judgement.decision != UNSURE:
            continue
        if resolve_id(session, judgement.left_id) == resolve_id(session, judgement.right_id):
            continue
        items.append(
            ReviewItem(
                judgement.id, judgement.left_id, judgement.right_id, judgement.score, judgement.rule
            )
        )
    items.sort(key=lambda item: (-(item.score or 0.0), item.judgement_id))
    return items[:limit] if limit is not None else items


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
