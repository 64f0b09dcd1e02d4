"""The blocking index of the entities already in a store, kept in memory between documents.

One record per stored entity record (not per canonical entity: canonical ids change with every
judgement and are looked up for the few best candidates only). Each call loads the rows added
since the last one, and the countries of records that gained country evidence since (a record
read afresh and one kept in memory must score alike); a store whose counts no longer match
(deleted rows, another database at the same address) is loaded again in full.
"""

from __future__ import annotations

import logging
import weakref
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, aliased

from greenbridge.resolve.blocking import EntityIndex
from greenbridge.resolve.identifiers import SCHEMES, identifiers_of
from greenbridge.resolve.normalize import context_keys, name_key
from greenbridge.resolve.scoring import NameRecord
from greenbridge.store.models import Alias, Entity, Evidence, Relation

logger = logging.getLogger(__name__)


@dataclass
class _Loaded:
    index: EntityIndex = field(default_factory=EntityIndex)
    marks: tuple[int, int, int, int] = (0, 0, 0, 0)  # highest entity, alias, relation, evidence
    counts: tuple[int, int] = (0, 0)  # entities and aliases loaded


_CACHE: weakref.WeakKeyDictionary[Engine, _Loaded] = weakref.WeakKeyDictionary()


def store_index(session: Session) -> EntityIndex:
    """The index of every entity record in the store of `session`, brought up to date."""
    engine = session.get_bind().engine
    loaded = _CACHE.get(engine)
    counts = (
        session.scalar(select(func.count(Entity.id))) or 0,
        session.scalar(select(func.count(Alias.id))) or 0,
    )
    if loaded is None or not _refresh(session, loaded, counts):
        logger.info("loading the resolution index of %d entities", counts[0])
        loaded = _Loaded()
        _refresh(session, loaded, counts)
        _CACHE[engine] = loaded
    return loaded.index


def forget_index(session: Session) -> None:
    """Drop the cached index of this store (it is loaded again on next use)."""
    _CACHE.pop(session.get_bind().engine, None)


def _refresh(session: Session, loaded: _Loaded, counts: tuple[int, int]) -> bool:
    """Add the rows newer than `loaded.marks`; False when the counts then disagree."""
    entity_mark, alias_mark, relation_mark, evidence_mark = loaded.marks
    names: dict[int, list[str]] = defaultdict(list)
    info: dict[int, tuple[str, list[str]]] = {}
    identifiers: dict[int, frozenset[str]] = {}
    for entity_id, entity_type, name, attributes in session.execute(
        select(Entity.id, Entity.type, Entity.name, Entity.attributes).where(
            Entity.id > entity_mark
        )
    ):
        names[entity_id].append(name)
        info[entity_id] = (entity_type, countries_of(attributes))
        identifiers[entity_id] = identifiers_of(attributes)
    new_aliases = 0
    for alias_id, entity_id, entity_type, name in session.execute(
        select(Alias.id, Alias.entity_id, Entity.type, Alias.name)
        .join(Entity, Entity.id == Alias.entity_id)
        .where(Alias.id > alias_mark)
    ):
        names[entity_id].append(name)
        info.setdefault(entity_id, (entity_type, []))
        alias_mark, new_aliases = max(alias_mark, alias_id), new_aliases + 1
    parents, relation_mark = _parents(session, relation_mark)
    for entity_id, (entity_type, countries) in info.items():
        record = NameRecord.build(
            names[entity_id],
            entity_type,
            country=countries[0] if countries else None,
            countries=countries,
            identifiers=identifiers.get(entity_id, frozenset()),
            parent=parents.get(entity_id),
        )
        loaded.index.add(entity_id, record)
    for entity_id, parent in parents.items():
        known = loaded.index.records.get(entity_id)
        if known is not None and known.parent is None:
            loaded.index.records[entity_id] = replace(known, parent=parent)
    evidence_mark = _new_countries(session, loaded.index, evidence_mark, entity_mark)
    new_entities = sum(1 for entity_id in info if entity_id > entity_mark)
    loaded.marks = (max([entity_mark, *info]), alias_mark, relation_mark, evidence_mark)
    loaded.counts = (loaded.counts[0] + new_entities, loaded.counts[1] + new_aliases)
    return loaded.counts == counts


def countries_of(attributes: dict[str, Any] | None) -> list[str]:
    """An entity's countries: its `country` first, then the other `countries` it is seen in."""
    values = attributes or {}
    found = [values.get("country"), *(values.get("countries") or [])]
    return list(dict.fromkeys(c for c in found if isinstance(c, str) and c))


def _new_countries(session: Session, index: EntityIndex, mark: int, entity_mark: int) -> int:
    """Give the loaded records with country or identifier evidence after `mark` (extracted or
    a user's edit) their countries and identifiers as stored now; returns the new mark. A
    first load (`entity_mark` 0) has just read every record's countries."""
    newest = session.scalar(select(func.max(Evidence.id))) or 0
    if entity_mark == 0 or newest <= mark:
        return newest
    changed = select(Evidence.entity_id).where(
        Evidence.id > mark,
        Evidence.id <= newest,
        Evidence.attribute.in_(["country", "countries", *SCHEMES]),
    )
    rows = session.execute(select(Entity.id, Entity.attributes).where(Entity.id.in_(changed)))
    for entity_id, attributes in rows:
        known = index.records.get(entity_id)
        countries = countries_of(attributes)
        if known is not None:  # as stored now: a user may have removed one
            country = countries[0] if countries else None
            index.records[entity_id] = replace(
                known,
                country=country,
                countries=frozenset(countries),
                identifiers=identifiers_of(attributes),
            )
    return newest


def _parents(session: Session, mark: int) -> tuple[dict[int, str], int]:
    """Name keys of the organization each record is `part_of` (relations after `mark`)."""
    parent = aliased(Entity)
    rows = session.execute(
        select(Relation.id, Relation.subject_id, parent.name)
        .join(parent, parent.id == Relation.object_id)
        .where(Relation.type == "part_of", Relation.id > mark)
    )
    found: dict[int, str] = {}
    for relation_id, subject_id, name in rows:
        found[subject_id] = name_key(name, "organization")
        mark = max(mark, relation_id)
    return found, mark


def stored_context(session: Session, entity_id: int) -> frozenset[str]:
    """Name keys of the entities mentioned in the documents that mention `entity_id`, by
    every name they are known by (a name in another language learned elsewhere included)."""
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
    mentioned = (
        select(Alias.entity_id)
        .join(Evidence, Evidence.alias_id == Alias.id)
        .where(Evidence.document_id.in_(doc_ids), Alias.entity_id != entity_id)
        .distinct()
        .limit(500)
    )
    names = select(Alias.name, Entity.type).join(Entity, Entity.id == Alias.entity_id)
    rows = session.execute(names.where(Alias.entity_id.in_(mentioned)).distinct().limit(1000))
    return frozenset(key for name, entity_type in rows for key in context_keys(name, entity_type))
