"""Judgements between entity records and the canonical ids derived from them.

Nothing is merged destructively: a decision is a `Judgement` row (same / different / unsure,
score, rule or user, time). The newest judgement of a pair counts. Records joined by `same`
judgements form a component (union-find); its smallest id is the canonical entity, cached in
`Entity.canonical_id` on every other member. Services never commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from greenbridge.store.models import Entity, Judgement

SAME, DIFFERENT, UNSURE = "same", "different", "unsure"
DECISIONS = (SAME, DIFFERENT, UNSURE)


def judge(
    session: Session,
    left_id: int,
    right_id: int,
    decision: str,
    *,
    score: float | None = None,
    rule: str | None = None,
    user: str | None = None,
) -> Judgement:
    """Record a decision on the pair and refresh the canonical ids it touches."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}, not {decision!r}")
    if left_id == right_id:
        raise ValueError("a judgement needs two different entities")
    left, right = sorted((left_id, right_id))
    judgement = Judgement(
        left_id=left, right_id=right, decision=decision, score=score, rule=rule, user=user
    )
    session.add(judgement)
    session.flush()
    refresh_canonical(session, [left, right])
    return judgement


def current_decisions(session: Session, entity_ids: Iterable[int]) -> dict[tuple[int, int], str]:
    """The newest decision of every pair that involves one of `entity_ids`."""
    ids = list(set(entity_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(Judgement.left_id, Judgement.right_id, Judgement.decision)
        .where(or_(Judgement.left_id.in_(ids), Judgement.right_id.in_(ids)))
        .order_by(Judgement.id)
    )
    decisions: dict[tuple[int, int], str] = {}
    for left, right, decision in rows:
        decisions[(left, right)] = decision
    return decisions


def same_neighbours(session: Session, entity_ids: Iterable[int]) -> dict[int, set[int]]:
    neighbours: dict[int, set[int]] = defaultdict(set)
    for (left, right), decision in current_decisions(session, entity_ids).items():
        if decision == SAME:
            neighbours[left].add(right)
            neighbours[right].add(left)
    return neighbours


def component(session: Session, entity_id: int) -> set[int]:
    """Every record joined to `entity_id` by current `same` judgements (itself included)."""
    seen = {entity_id}
    frontier = {entity_id}
    while frontier:
        neighbours = same_neighbours(session, frontier)
        frontier = {n for ids in neighbours.values() for n in ids} - seen
        seen |= frontier
    return seen


def refresh_canonical(session: Session, entity_ids: Iterable[int]) -> None:
    """Recompute `Entity.canonical_id` for the components of `entity_ids` (before and after)."""
    touched = set(entity_ids)
    old_roots = {resolve_id(session, i) for i in touched}
    members = set(touched) | old_roots
    members |= set(
        session.scalars(select(Entity.id).where(Entity.canonical_id.in_(old_roots))).all()
    )
    done: set[int] = set()
    for entity_id in sorted(members):
        if entity_id in done:
            continue
        group = component(session, entity_id)
        done |= group
        root = min(group)
        session.execute(update(Entity).where(Entity.id == root).values(canonical_id=None))
        others = sorted(group - {root})
        if others:
            session.execute(update(Entity).where(Entity.id.in_(others)).values(canonical_id=root))


def resolve_id(session: Session, entity_id: int) -> int:
    """The canonical id an entity id resolves to (itself when it is canonical)."""
    canonical = session.scalar(select(Entity.canonical_id).where(Entity.id == entity_id))
    return canonical if canonical is not None else entity_id


def members(session: Session, entity_id: int) -> list[int]:
    """All record ids of the canonical entity of `entity_id`, canonical first."""
    root = resolve_id(session, entity_id)
    others = session.scalars(select(Entity.id).where(Entity.canonical_id == root)).all()
    return [root, *sorted(others)]


def merge(session: Session, left_id: int, right_id: int, *, user: str | None = None) -> int:
    """Judge two records the same; returns the canonical id of the result."""
    judge(session, left_id, right_id, SAME, score=1.0, rule="user", user=user)
    return resolve_id(session, left_id)


def unmerge(session: Session, left_id: int, right_id: int, *, user: str | None = None) -> int:
    """Separate two records: judge them different and cut every `same` path between them.

    Returns how many `same` judgements were overruled.
    """
    cut = 0
    while True:
        path = _same_path(session, left_id, right_id)
        if path is None:
            break
        judge(session, path[-2], path[-1], DIFFERENT, score=0.0, rule="user:unmerge", user=user)
        cut += 1
    if _current(session, left_id, right_id) != DIFFERENT:
        judge(session, left_id, right_id, DIFFERENT, score=0.0, rule="user:unmerge", user=user)
    return cut


def split(session: Session, entity_id: int, *, user: str | None = None) -> int:
    """Detach one record from its canonical entity: overrule each `same` judgement it has.

    Returns how many judgements were overruled; the rest of the entity stays together.
    """
    neighbours = sorted(same_neighbours(session, [entity_id]).get(entity_id, set()))
    for other in neighbours:
        judge(session, entity_id, other, DIFFERENT, score=0.0, rule="user:split", user=user)
    return len(neighbours)


def undo(session: Session, judgement_id: int, *, user: str | None = None) -> Judgement | None:
    """Restore the decision a pair had before `judgement_id` (or `unsure` when it had none)."""
    target = session.get(Judgement, judgement_id)
    if target is None:
        return None
    earlier = session.scalars(
        select(Judgement)
        .where(Judgement.left_id == target.left_id, Judgement.right_id == target.right_id)
        .where(Judgement.id < target.id)
        .order_by(Judgement.id.desc())
        .limit(1)
    ).first()
    decision = earlier.decision if earlier is not None else UNSURE
    return judge(session, target.left_id, target.right_id, decision, rule="user:undo", user=user)


def _current(session: Session, left_id: int, right_id: int) -> str | None:
    pair = tuple(sorted((left_id, right_id)))
    return current_decisions(session, [left_id]).get(pair)  # type: ignore[arg-type]


def _same_path(session: Session, start: int, goal: int) -> list[int] | None:
    previous: dict[int, int | None] = {start: None}
    frontier = [start]
    while frontier and goal not in previous:
        neighbours = same_neighbours(session, frontier)
        following = []
        for node in frontier:
            for other in sorted(neighbours.get(node, ())):
                if other not in previous:
                    previous[other] = node
                    following.append(other)
        frontier = following
    if goal not in previous:
        return None
    path = [goal]
    while (step := previous[path[-1]]) is not None:
        path.append(step)
    return path[::-1]
