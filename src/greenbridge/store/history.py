"""The recent decisions of people, newest first: judgements of identity pairs, the fact queue's
accepts, rejects and fixes, and retractions and restores of entities, names and relations.

Every decision is a row of the store (a judgement, or the user's evidence a correction
writes), so the history survives a reload and a restart. Each carries the undo it allows in
the record's present state: a judgement is undone by restoring the pair's earlier decision,
an acceptance by returning the fact to the queue, a rejection or retraction by a restore."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.store.corrections import USER_EXTRACTOR
from greenbridge.store.entities import entity_names, utc
from greenbridge.store.fact_review import ACCEPTED, FIXED, RETURNED
from greenbridge.store.identity_review import recent_pair_decisions
from greenbridge.store.models import Alias, Entity, Evidence, Judgement, Relation

Undo = Literal[
    "judgement", "return_relation", "restore_relation", "restore_alias", "restore_entity"
]
NOTES = {ACCEPTED: "accepted", FIXED: "fixed", RETURNED: "returned to review",
         "retracted": "retracted", "restored": "restored"}  # fmt: skip


@dataclass(frozen=True)
class Decision:
    """One decision of the history, with the undo it allows (`undo` names the action and
    `target` the record it acts on; None when nothing is left to undo)."""

    at: datetime
    user: str
    action: str  # same / different / unsure / accepted / fixed / retracted / restored / ...
    subject: str  # what it was about, in words
    kind: str  # pair / relation / name / entity
    link: int | None  # the entity to open
    rule: str | None = None
    undo: Undo | None = None
    target: int | None = None

    @property
    def when(self) -> str:
        return self.at.strftime("%Y-%m-%d %H:%M")


def recent_decisions(session: Session, *, limit: int = 20) -> list[Decision]:
    """Pair judgements and corrections made by people, newest first, `limit` in all."""
    decisions = _pair_decisions(session, limit) + _corrections(session, limit)
    return sorted(decisions, key=lambda d: d.at, reverse=True)[:limit]


def _pair_decisions(session: Session, limit: int) -> list[Decision]:
    rows = recent_pair_decisions(session, limit=limit)
    facts = {
        j: (at, left)
        for j, at, left in session.execute(
            select(Judgement.id, Judgement.created_at, Judgement.left_id).where(
                Judgement.id.in_([r.judgement_id for r in rows])
            )
        ).tuples()
    }
    return [
        Decision(utc(facts[r.judgement_id][0]), r.user, r.decision, f"{r.left} / {r.right}",
                 "pair", facts[r.judgement_id][1], r.rule, "judgement", r.judgement_id)
        for r in rows
    ]  # fmt: skip


def _corrections(session: Session, limit: int) -> list[Decision]:
    rows = session.scalars(
        select(Evidence)
        .where(Evidence.extractor == USER_EXTRACTOR, Evidence.user.is_not(None))
        .where(Evidence.sentence.in_(list(NOTES)))
        .order_by(Evidence.id.desc())
        .limit(limit)
    ).all()
    return [d for d in (_correction(session, e) for e in rows) if d is not None]


def _correction(session: Session, evidence: Evidence) -> Decision | None:
    action = NOTES[str(evidence.sentence)]
    at, user = utc(evidence.created_at), str(evidence.user)
    if evidence.relation_id is not None:
        relation = session.get(Relation, evidence.relation_id)
        if relation is None:
            return None
        undo = _relation_undo(relation, action)
        return Decision(at, user, action, _relation_words(session, relation), "relation",
                        relation.subject_id, None, undo, relation.id if undo else None)  # fmt: skip
    if evidence.alias_id is not None:
        alias = session.get(Alias, evidence.alias_id)
        if alias is None:
            return None
        undo_alias: Undo | None = (
            "restore_alias" if action == "retracted" and alias.retracted_at else None
        )
        return Decision(at, user, action, alias.name, "name", alias.entity_id, None,
                        undo_alias, alias.id if undo_alias else None)  # fmt: skip
    entity = session.get(Entity, evidence.entity_id) if evidence.entity_id else None
    if entity is None:
        return None
    undo_entity: Undo | None = (
        "restore_entity" if action == "retracted" and entity.retracted_at else None
    )
    return Decision(at, user, action, entity.name, "entity", entity.id, None, undo_entity,
                    entity.id if undo_entity else None)  # fmt: skip


def _relation_undo(relation: Relation, action: str) -> Undo | None:
    """What undoes `action` on the relation now: nothing once a later change overtook it."""
    if action == "retracted" and relation.retracted_at is not None:
        return "restore_relation"
    if action == "accepted" and relation.retracted_at is None and not relation.review:
        return "return_relation"
    return None


def _relation_words(session: Session, relation: Relation) -> str:
    ids = [i for i in (relation.subject_id, relation.object_id) if i is not None]
    names = entity_names(session, ids)
    subject = names.get(relation.subject_id, (str(relation.subject_id), ""))[0]
    if relation.object_id is None:
        target = str(relation.object_country or "")
    else:
        target = names.get(relation.object_id, (str(relation.object_id), ""))[0]
    return f"{subject} {relation.type.replace('_', ' ')} {target}"
