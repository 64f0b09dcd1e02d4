"""Identity pairs side by side: both records of a queued pair with their names, attributes,
relations and sentences, and a merge that keeps the name and attribute values a person picked.

The merge itself is a `same` judgement (so it can be undone); the picked name and values are
then written on the canonical record as the user's corrections, each with its evidence.
Services never commit: the caller owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.resolve import SAME, judge, members, resolve_id, unmerge
from greenbridge.resolve.judgements import current_decisions
from greenbridge.store.corrections import CorrectionError, edit_entity
from greenbridge.store.entities import EntityPage, entity_names, entity_page
from greenbridge.store.models import Judgement

RELATIONS_SHOWN = 10


@dataclass(frozen=True)
class PairSides:
    """The two records of an identity pair and the attribute keys whose values differ."""

    left: EntityPage
    right: EntityPage
    differing: list[str] = field(default_factory=list)


def pair_sides(session: Session, left_id: int, right_id: int) -> PairSides:
    """Both records of the pair as their entity pages (names, attributes, relations, evidence)."""
    left = entity_page(session, left_id, limit=RELATIONS_SHOWN)
    right = entity_page(session, right_id, limit=RELATIONS_SHOWN)
    if left is None or right is None:
        raise CorrectionError(f"no entity {left_id if left is None else right_id}")
    keys = sorted(set(left.attributes) | set(right.attributes))
    differing = [k for k in keys if left.attributes.get(k) != right.attributes.get(k)]
    return PairSides(left=left, right=right, differing=differing)


def merge_keeping(
    session: Session, left_id: int, right_id: int, *, name: str | None = None,
    picks: dict[str, int] | None = None, user: str,
) -> int:  # fmt: skip
    """Judge the two records the same and keep `name` (one of either record's names) and, for
    each attribute in `picks`, the value of the record it names (a record without the
    attribute cannot be picked for it). Returns the canonical id of the merged entity."""
    sides = pair_sides(session, left_id, right_id)
    by_id = {left_id: sides.left, right_id: sides.right}
    names = {n.name for page in by_id.values() for n in page.names} | {
        page.name for page in by_id.values()
    }
    if name is not None and name not in names:
        raise CorrectionError(f"{name!r} is not a name of entity {left_id} or {right_id}")
    values: dict[str, Any] = {}
    for key, record in (picks or {}).items():
        if record not in by_id:
            raise CorrectionError(f"attribute {key!r}: pick entity {left_id} or {right_id}")
        if key not in by_id[record].attributes:
            raise CorrectionError(f"entity {record} has no {key!r} to keep")
        values[key] = by_id[record].attributes[key]
    judge(session, left_id, right_id, SAME, score=1.0, rule="user:review", user=user)
    root = resolve_id(session, left_id)
    merged = entity_page(session, root, limit=1)
    assert merged is not None
    changed = {k: v for k, v in values.items() if merged.attributes.get(k) != v}
    rename = name if name is not None and name != merged.name else None
    if rename or changed:
        edit_entity(session, root, name=rename, attributes=changed or None, user=user,
                    note="kept in review merge")  # fmt: skip
    return root


@dataclass(frozen=True)
class PairDecision:
    """A person's recorded judgement of a pair (what the history lists, each undoable)."""

    judgement_id: int
    decision: str
    rule: str | None
    user: str
    left: str
    right: str
    at: str


def recent_pair_decisions(session: Session, *, limit: int = 10) -> list[PairDecision]:
    """The newest judgements made by people (merges, answers, undos), newest first; they are
    rows of the store, so the list survives a reload and a restart."""
    rows = session.scalars(
        select(Judgement).where(Judgement.user.is_not(None)).order_by(Judgement.id.desc())
        .limit(limit)
    ).all()  # fmt: skip
    names = entity_names(session, [i for j in rows for i in (j.left_id, j.right_id)])
    return [
        PairDecision(j.id, j.decision, j.rule, str(j.user),
                     names.get(j.left_id, (str(j.left_id), ""))[0],
                     names.get(j.right_id, (str(j.right_id), ""))[0],
                     j.created_at.strftime("%Y-%m-%d %H:%M"))
        for j in rows
    ]  # fmt: skip


@dataclass(frozen=True)
class MergedRecord:
    """A record merged into a canonical entity, with the `same` judgement that joined it."""

    record_id: int
    name: str
    judgement_id: int | None
    user: str | None
    rule: str | None
    at: str | None


def merged_records(session: Session, entity_id: int) -> list[MergedRecord]:
    """Every record merged into the canonical entity of `entity_id` (not the canonical record
    itself), each with who joined it and when: the newest current `same` judgement it has."""
    root, *others = members(session, entity_id)
    if not others:
        return []
    record_ids = [root, *others]
    same = [pair for pair, d in current_decisions(session, record_ids).items() if d == SAME]
    rows = session.scalars(
        select(Judgement).where(Judgement.decision == SAME)
        .where(Judgement.left_id.in_(record_ids), Judgement.right_id.in_(record_ids))
        .order_by(Judgement.id)
    ).all()  # fmt: skip
    joining: dict[int, Judgement] = {}
    for j in rows:
        if (j.left_id, j.right_id) in same:
            joining[j.left_id] = joining[j.right_id] = j
    names = entity_names(session, others)
    return [_merged(record, names, joining.get(record)) for record in others]


def _merged(
    record: int, names: dict[int, tuple[str, str]], judgement: Judgement | None
) -> MergedRecord:
    name = names.get(record, (str(record), ""))[0]
    if judgement is None:
        return MergedRecord(record, name, None, None, None, None)
    at = judgement.created_at.strftime("%Y-%m-%d %H:%M")
    return MergedRecord(record, name, judgement.id, judgement.user, judgement.rule, at)


def unmerge_record(session: Session, entity_id: int, record_id: int, *, user: str) -> list[int]:
    """Take `record_id` out of the canonical entity of `entity_id` (judged different, every
    `same` path between them cut); returns the record ids that left the entity with it."""
    before = members(session, entity_id)
    if record_id not in before or record_id == before[0]:
        raise CorrectionError(f"record {record_id} is not merged into entity {before[0]}")
    unmerge(session, before[0], record_id, user=user)
    after = set(members(session, before[0]))
    return [r for r in before if r not in after]
