"""An entity as a reader sees it: all its names, attributes, relations and the evidence of each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from greenbridge.resolve.judgements import members, resolve_id
from greenbridge.resolve.normalize import name_key
from greenbridge.store.models import Alias, Document, Entity, Evidence, Relation


@dataclass(frozen=True)
class EvidenceView:
    document_id: int | None
    document_title: str | None
    sentence: str | None
    text: str | None
    start: int | None
    end: int | None
    extractor: str | None
    user: str | None
    attribute: str | None = None


@dataclass(frozen=True)
class RelationView:
    id: int
    type: str
    direction: str  # "out" (this entity is the subject) or "in"
    other_id: int | None
    other_name: str | None
    country: str | None
    attributes: dict[str, Any]
    evidence: list[EvidenceView]


@dataclass(frozen=True)
class EntityView:
    id: int
    type: str
    name: str
    record_ids: list[int]
    names: list[str]
    attributes: dict[str, Any]
    name_evidence: dict[str, list[EvidenceView]]
    attribute_evidence: list[EvidenceView]
    relations: list[RelationView] = field(default_factory=list)


def entity_view(session: Session, entity_id: int) -> EntityView | None:
    """The canonical entity of `entity_id` with every record merged into it."""
    if session.get(Entity, entity_id) is None:
        return None
    root = resolve_id(session, entity_id)
    ids = members(session, root)
    records = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(ids)))}
    canonical = records[root]
    attributes: dict[str, Any] = {}
    for record_id in ids:
        for key, value in (records[record_id].attributes or {}).items():
            attributes.setdefault(key, value)
    name_evidence = _name_evidence(session, ids)
    names = list(
        dict.fromkeys([canonical.name, *(r.name for r in records.values()), *name_evidence])
    )
    return EntityView(
        id=root,
        type=canonical.type,
        name=canonical.name,
        record_ids=ids,
        names=names,
        attributes=attributes,
        name_evidence=name_evidence,
        attribute_evidence=_evidence(session, Evidence.entity_id.in_(ids)),
        relations=_relations(session, ids),
    )


def _name_evidence(session: Session, ids: list[int]) -> dict[str, list[EvidenceView]]:
    found: dict[str, list[EvidenceView]] = {}
    for alias in session.scalars(select(Alias).where(Alias.entity_id.in_(ids)).order_by(Alias.id)):
        found.setdefault(alias.name, []).extend(_evidence(session, Evidence.alias_id == alias.id))
    return found


def _relations(session: Session, ids: list[int]) -> list[RelationView]:
    rows = session.scalars(
        select(Relation)
        .where(or_(Relation.subject_id.in_(ids), Relation.object_id.in_(ids)))
        .order_by(Relation.id)
    )
    views = []
    for relation in rows:
        outgoing = relation.subject_id in ids
        other = relation.object_id if outgoing else relation.subject_id
        other_root = resolve_id(session, other) if other is not None else None
        other_entity = session.get(Entity, other_root) if other_root is not None else None
        views.append(
            RelationView(
                id=relation.id,
                type=relation.type,
                direction="out" if outgoing else "in",
                other_id=other_root,
                other_name=other_entity.name if other_entity else None,
                country=relation.object_country,
                attributes=dict(relation.attributes or {}),
                evidence=_evidence(session, Evidence.relation_id == relation.id),
            )
        )
    return views


def _evidence(session: Session, condition: Any) -> list[EvidenceView]:
    rows = session.execute(
        select(Evidence, Document.title)
        .outerjoin(Document, Document.id == Evidence.document_id)
        .where(condition)
        .order_by(Evidence.id)
    )
    return [
        EvidenceView(
            document_id=e.document_id,
            document_title=title,
            sentence=e.sentence,
            text=e.text,
            start=e.start,
            end=e.end,
            extractor=e.extractor,
            user=e.user,
            attribute=e.attribute,
        )
        for e, title in rows
    ]


def find_entity(session: Session, ref: str) -> int | None:
    """The canonical id named by `ref`: an entity id, or a name or alias of the entity."""
    text = ref.strip()
    if text.isdigit():
        found = session.get(Entity, int(text))
        return resolve_id(session, found.id) if found is not None else None
    entity_id = session.scalar(
        select(Alias.entity_id).where(Alias.name == text).order_by(Alias.entity_id).limit(1)
    )
    if entity_id is None:
        keys = {name_key(text, kind) for kind in ("person", "organization", "event")}
        entity_id = session.scalar(
            select(Alias.entity_id)
            .where(Alias.normalized.in_(keys))
            .order_by(Alias.entity_id)
            .limit(1)
        )
    return resolve_id(session, entity_id) if entity_id is not None else None
