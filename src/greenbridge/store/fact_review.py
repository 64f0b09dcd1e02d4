"""The review queue of facts: extracted relations below the publish threshold, each with the
sentence behind it, accepted (published) or rejected (retracted) by a person. Both decisions
are recorded as the user's evidence, and so become labelled examples for training."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from greenbridge.schema import relation_types
from greenbridge.store.corrections import (
    CorrectionError,
    _describe,
    _relation,
    _user_evidence,
    retract_relation,
)
from greenbridge.store.models import Document, Entity, Evidence, Relation

ACCEPTED = "accepted in review"
FIXED = "fixed in review"
RETURNED = "returned to review"


@dataclass
class PendingFact:
    relation_id: int
    type: str
    subject_id: int
    subject: str
    object_id: int | None
    object: str  # the object's name, or its country code
    confidence: float
    sentence: str | None
    document_id: int | None


def _pending() -> list:  # type: ignore[type-arg]
    return [Relation.review.is_(True), Relation.retracted_at.is_(None)]


def pending_facts(
    session: Session, *, limit: int = 50, document_id: int | None = None
) -> list[PendingFact]:
    """Waiting relations, most confident first, each with its best evidence."""
    best = (
        select(
            Evidence.relation_id,
            func.max(Evidence.confidence).label("confidence"),
            func.min(Evidence.id).label("evidence_id"),
        )
        # from the waiting relations (the review index) to their evidence, never the whole
        # evidence table grouped
        .where(Evidence.relation_id.in_(select(Relation.id).where(*_pending())))
        .group_by(Evidence.relation_id)
    )
    if document_id is not None:
        best = best.where(Evidence.document_id == document_id)
    best_sub = best.subquery()
    rows = session.execute(
        select(Relation, best_sub.c.confidence, Evidence)
        .join(best_sub, best_sub.c.relation_id == Relation.id)
        .join(Evidence, Evidence.id == best_sub.c.evidence_id)
        .where(*_pending())
        .order_by(best_sub.c.confidence.desc(), Relation.id)
        .limit(limit)
    ).all()
    names = _names(session, {i for r, _c, _e in rows for i in (r.subject_id, r.object_id) if i})
    return [
        PendingFact(
            relation_id=r.id,
            type=r.type,
            subject_id=r.subject_id,
            subject=names.get(r.subject_id, str(r.subject_id)),
            object_id=r.object_id,
            object=names.get(r.object_id, "") if r.object_id else str(r.object_country),
            confidence=round(float(c or 0.0), 4),
            sentence=e.sentence,
            document_id=e.document_id,
        )
        for r, c, e in rows
    ]


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(ids))).all()
    return {int(i): str(n) for i, n in rows}


def pending_counts(session: Session) -> dict[int, int]:
    """Waiting relations per document (by the documents of their evidence)."""
    rows = session.execute(
        select(Evidence.document_id, func.count(func.distinct(Evidence.relation_id)))
        .where(Evidence.relation_id.in_(select(Relation.id).where(*_pending())))
        .where(Evidence.document_id.is_not(None))
        .group_by(Evidence.document_id)
    ).all()
    return {int(d): int(n) for d, n in rows}


def accept_fact(session: Session, relation_id: int, *, user: str) -> Relation:
    """Publish a waiting relation; the acceptance is the user's evidence."""
    relation = _relation(session, relation_id)
    if relation.retracted_at is not None:
        raise CorrectionError(f"relation {relation_id} was rejected or retracted")
    if relation.review:
        relation.review = False
        session.add(_user_evidence(user, ACCEPTED, _describe(relation), relation_id=relation.id))
        session.flush()
    return relation


def reject_fact(session: Session, relation_id: int, *, user: str) -> Relation:
    """Reject a waiting relation: it is retracted (restorable), with the user's evidence."""
    return retract_relation(session, relation_id, user=user)


def return_to_review(session: Session, relation_id: int, *, user: str) -> Relation:
    """Undo an acceptance: the published relation waits in the fact queue again."""
    relation = _relation(session, relation_id)
    if relation.retracted_at is not None:
        raise CorrectionError(f"relation {relation_id} was rejected or retracted")
    if not relation.review:
        relation.review = True
        session.add(_user_evidence(user, RETURNED, _describe(relation), relation_id=relation.id))
        session.flush()
    return relation


def fix_fact(
    session: Session, relation_id: int, *, type: str | None = None,
    object_id: int | None = None, user: str,
) -> Relation:  # fmt: skip
    """Correct a waiting relation (another relation type, or another entity at its far end)
    and publish it; the fix is the user's evidence, so it trains the extractor too."""
    relation = _relation(session, relation_id)
    if relation.retracted_at is not None:
        raise CorrectionError(f"relation {relation_id} was rejected or retracted")
    kind = relation_types().get(type or relation.type)
    if kind is None:
        raise CorrectionError(f"unknown relation type {type!r}")
    subject = session.get(Entity, relation.subject_id)
    if subject is None or subject.type not in kind.subject:
        raise CorrectionError(f"a {kind.name} relation starts at a {' or '.join(kind.subject)}")
    target_id = object_id if object_id is not None else relation.object_id
    if target_id is not None:
        target = session.get(Entity, target_id)
        if target is None:
            raise CorrectionError(f"no entity {target_id}")
        if target.type not in kind.object:
            raise CorrectionError(f"a {kind.name} relation ends at a {' or '.join(kind.object)}")
        relation.object_id, relation.object_country = target.id, None
    elif "country" not in kind.object:
        raise CorrectionError(f"a {kind.name} relation cannot end at a country")
    relation.type = kind.name
    relation.review = False
    session.add(_user_evidence(user, FIXED, _describe(relation), relation_id=relation.id))
    session.flush()
    return relation


def document_titles(session: Session, ids: list[int]) -> dict[int, str]:
    """The titles of the documents the queue counts (for its filter)."""
    if not ids:
        return {}
    rows = session.execute(select(Document.id, Document.title).where(Document.id.in_(ids)))
    return {int(i): str(t or f"document {i}") for i, t in rows}
