"""Judgements derive canonical ids; merges can be undone; old ids keep resolving."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.resolve import (
    answer,
    judge,
    members,
    merge,
    resolve_id,
    review_queue,
    split,
    undo,
    unmerge,
)
from greenbridge.store.models import Entity, Judgement


def _entities(session: Session, count: int) -> list[int]:
    records = [Entity(type="organization", name=f"Record {i}") for i in range(count)]
    session.add_all(records)
    session.flush()
    return [r.id for r in records]


def test_merge_chains_resolve_to_smallest_id_and_keep_history(session: Session) -> None:
    a, b, c = _entities(session, 3)
    assert merge(session, c, b, user="ana") == b
    assert merge(session, b, a) == a
    assert [resolve_id(session, x) for x in (a, b, c)] == [a, a, a]
    assert members(session, c) == [a, b, c]
    assert session.get(Entity, c).canonical_id == a  # type: ignore[union-attr]
    rows = session.scalars(select(Judgement).order_by(Judgement.id)).all()
    assert [(j.left_id, j.right_id, j.decision, j.user) for j in rows] == [
        (b, c, "same", "ana"),
        (a, b, "same", None),
    ]


def test_unmerge_cuts_the_path_and_old_ids_resolve_again(session: Session) -> None:
    a, b, c = _entities(session, 3)
    merge(session, a, b)
    merge(session, b, c)
    unmerge(session, a, c)
    assert resolve_id(session, a) != resolve_id(session, c)
    assert resolve_id(session, c) in (b, c)
    assert session.scalars(select(Judgement).where(Judgement.decision == "same")).all()


def test_undo_restores_the_previous_decision(session: Session) -> None:
    a, b = _entities(session, 2)
    merge(session, a, b)
    split = judge(session, a, b, "different", rule="user")
    assert resolve_id(session, b) == b
    undo(session, split.id)
    assert resolve_id(session, b) == a
    first = session.scalars(select(Judgement).order_by(Judgement.id)).first()
    assert first is not None
    undo(session, first.id)  # the first judgement had nothing before it: back to unsure
    assert resolve_id(session, b) == b
    assert [item.right_id for item in review_queue(session)] == [b]


def test_review_answers_leave_the_queue(session: Session) -> None:
    a, b, c = _entities(session, 3)
    judge(session, a, b, "unsure", score=0.8, rule="spelling")
    judge(session, a, c, "unsure", score=0.75, rule="acronym")
    queue = review_queue(session)
    assert [(q.left_id, q.right_id) for q in queue] == [(a, b), (a, c)]
    answer(session, queue[0], "same", user="ana")
    answer(session, queue[1], "different", user="ana")
    assert review_queue(session) == []
    assert resolve_id(session, b) == a and resolve_id(session, c) == c


def test_split_detaches_one_record_and_keeps_the_rest_together(session: Session) -> None:
    a, b, c = _entities(session, 3)
    merge(session, a, b)
    merge(session, b, c)
    merge(session, a, c)
    assert split(session, b, user="ana") == 2
    assert resolve_id(session, b) == b
    assert resolve_id(session, c) == a
