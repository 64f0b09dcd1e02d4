"""A store's corrected documents as training examples: what its users retracted, added,
accepted or rejected in a document, read back as that document's annotation.

A document counts once a user has corrected something in it: an entity, alias or relation
entered with the document named, or a fact with evidence in it retracted, accepted or
rejected. Its annotation is then what the store holds now: the live entities with evidence in
the document (named as the document names them) and the live, published relations between
them. What a user retracted is absent, so its candidate becomes a negative example; what a
user added is present, so the candidate that finds it becomes a positive one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from greenbridge.schema import entity_types
from greenbridge.store.models import Alias, Article, Document, Entity, Evidence, Relation


@dataclass
class StoredDocument:
    name: str
    text: str
    published: str | None
    articles: list[tuple[int, int]] | None
    gold: dict[str, Any]


def corrected_document_ids(session: Session) -> list[int]:
    """Documents in which a user corrected something."""
    entered = select(Evidence.document_id).where(
        Evidence.user.is_not(None), Evidence.document_id.is_not(None)
    )
    retracted_relations = select(Relation.id).where(Relation.retracted_by.is_not(None))
    retracted_entities = select(Entity.id).where(Entity.retracted_by.is_not(None))
    retracted_aliases = select(Alias.id).where(Alias.retracted_by.is_not(None))
    reviewed = select(Evidence.relation_id).where(
        Evidence.user.is_not(None), Evidence.relation_id.is_not(None)
    )
    touched = select(Evidence.document_id).where(
        Evidence.document_id.is_not(None),
        or_(
            Evidence.relation_id.in_(retracted_relations),
            Evidence.relation_id.in_(reviewed),
            Evidence.entity_id.in_(retracted_entities),
            Evidence.alias_id.in_(retracted_aliases),
        ),
    )
    ids = set(session.scalars(entered)) | set(session.scalars(touched))
    return sorted(i for i in ids if i is not None)


def stored_annotation(session: Session, document: Document) -> dict[str, Any]:
    """The document's annotation in the SCHEMA.md shape, from the store's current state."""
    rows = session.execute(
        select(Evidence.entity_id, Evidence.alias_id, Evidence.relation_id, Evidence.text).where(
            Evidence.document_id == document.id
        )
    ).all()
    alias_owner: dict[int, int] = {
        alias_id: entity_id
        for alias_id, entity_id in session.execute(
            select(Alias.id, Alias.entity_id).where(
                Alias.id.in_({r.alias_id for r in rows if r.alias_id})
            )
        )
    }
    names: dict[int, set[str]] = {}
    for r in rows:
        owner = r.entity_id or alias_owner.get(r.alias_id)
        if owner is not None and r.relation_id is None:
            names.setdefault(owner, set())
            if r.text and r.text in document.text:
                names[owner].add(r.text)
    live = _live_entities(session, set(names))
    entities: dict[int, dict[str, Any]] = {}
    for record_id, spellings in names.items():
        entity = live.get(record_id)
        if entity is None or entity.type not in entity_types():
            continue
        item = entities.setdefault(
            entity.id,
            {"id": f"e{entity.id}", "type": entity.type, "name": entity.name, "aliases": set()},
        )
        item["aliases"] |= spellings
        if entity.type == "event" and (entity.attributes or {}).get("start"):
            item["start"] = entity.attributes["start"]
    relation_ids = {r.relation_id for r in rows if r.relation_id}
    relations = []
    for relation in session.scalars(
        select(Relation).where(
            Relation.id.in_(relation_ids),
            Relation.retracted_at.is_(None),
            Relation.review.is_(False),
        )
    ):
        ends = _live_entities(session, {relation.subject_id} | {relation.object_id or 0})
        subject = ends.get(relation.subject_id)
        if subject is None or subject.id not in entities:
            continue
        if relation.object_country:
            obj = relation.object_country
        else:
            target = ends.get(relation.object_id or 0)
            if target is None or target.id not in entities:
                continue
            obj = f"e{target.id}"
        relations.append({"type": relation.type, "subject": f"e{subject.id}", "object": obj})
    annotated = []
    for item in entities.values():
        aliases = sorted(a for a in item.pop("aliases") if a != item["name"])
        annotated.append({**item, "aliases": aliases})
    return {
        "document": f"store-{document.id}",
        "source": {"url": document.source or "", "publisher": document.publisher or ""},
        "published": document.published,
        "countries": sorted({r["object"] for r in relations if len(r["object"]) == 2}),
        "entities": annotated,
        "relations": relations,
    }


def _live_entities(session: Session, ids: set[int]) -> dict[int, Entity]:
    """Record id -> its canonical entity, for records whose canonical entity is not retracted."""
    records = session.scalars(select(Entity).where(Entity.id.in_(ids))).all()
    canonical_ids = {e.canonical_id or e.id for e in records}
    canonical = {
        e.id: e
        for e in session.scalars(
            select(Entity).where(Entity.id.in_(canonical_ids), Entity.retracted_at.is_(None))
        )
    }
    found = {}
    for record in records:
        target = canonical.get(record.canonical_id or record.id)
        if target is not None and record.retracted_at is None:
            found[record.id] = target
    return found


def corrected_documents(session: Session) -> list[StoredDocument]:
    found = []
    for document_id in corrected_document_ids(session):
        document = session.get(Document, document_id)
        if document is None or not document.text:
            continue
        articles = [
            (a.start, a.end)
            for a in session.scalars(
                select(Article).where(Article.document_id == document.id).order_by(Article.start)
            )
        ]
        found.append(
            StoredDocument(
                name=f"store-{document.id}",
                text=document.text,
                published=document.published,
                articles=articles or None,
                gold=stored_annotation(session, document),
            )
        )
    return found
