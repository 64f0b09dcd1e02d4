"""Build the blocking index of the entities already in a store, keyed by canonical id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from greenbridge.resolve.blocking import EntityIndex
from greenbridge.resolve.normalize import name_key
from greenbridge.resolve.scoring import NameRecord
from greenbridge.store.models import Alias, Entity, Evidence, Relation


def load_index(session: Session, types: Iterable[str]) -> EntityIndex:
    """An index of every stored entity of `types`, one record per canonical entity."""
    wanted = sorted(set(types))
    index = EntityIndex()
    if not wanted:
        return index
    canonical = func.coalesce(Entity.canonical_id, Entity.id)
    names: dict[int, list[str]] = defaultdict(list)
    info: dict[int, tuple[str, str | None]] = {}
    rows = session.execute(
        select(canonical, Entity.type, Entity.name, Entity.attributes).where(
            Entity.type.in_(wanted)
        )
    )
    for root, entity_type, name, attributes in rows:
        names[root].append(name)
        country = (attributes or {}).get("country")
        if root not in info or (country and not info[root][1]):
            info[root] = (entity_type, country)
    alias_rows = session.execute(
        select(canonical, Alias.name)
        .join(Entity, Entity.id == Alias.entity_id)
        .where(Entity.type.in_(wanted))
    )
    for root, name in alias_rows:
        names[root].append(name)
    parents = _parents(session, wanted)
    for root, (entity_type, country) in info.items():
        record = NameRecord.build(
            names[root], entity_type, country=country, parent=parents.get(root)
        )
        index.add(root, record)
    return index


def _parents(session: Session, types: list[str]) -> dict[int, str]:
    """Name keys of the organization each record is `part_of`, by canonical subject id."""
    subject = aliased(Entity)
    parent = aliased(Entity)
    rows = session.execute(
        select(func.coalesce(subject.canonical_id, subject.id), parent.name)
        .join(Relation, Relation.subject_id == subject.id)
        .join(parent, parent.id == Relation.object_id)
        .where(Relation.type == "part_of", subject.type.in_(types))
    )
    return {root: name_key(name, "organization") for root, name in rows}


def stored_context(session: Session, entity_id: int) -> frozenset[str]:
    """Name keys of the entities mentioned in the documents that mention `entity_id`."""
    documents = select(Evidence.document_id).where(
        Evidence.entity_id == entity_id, Evidence.document_id.is_not(None)
    )
    alias_documents = (
        select(Evidence.document_id)
        .join(Alias, Alias.id == Evidence.alias_id)
        .where(Alias.entity_id == entity_id, Evidence.document_id.is_not(None))
    )
    doc_ids = set(session.scalars(documents.union(alias_documents)).all())
    if not doc_ids:
        return frozenset()
    rows = session.execute(
        select(Entity.name, Entity.type)
        .join(Alias, Alias.entity_id == Entity.id)
        .join(Evidence, Evidence.alias_id == Alias.id)
        .where(Evidence.document_id.in_(doc_ids), Entity.id != entity_id)
        .distinct()
        .limit(500)
    )
    return frozenset(name_key(name, entity_type) for name, entity_type in rows)
