"""Store one document's extraction: link each mention to an entity, keep every fact's evidence.

An extracted entity whose name is exactly that of a stored entity (and no context disagrees)
joins it. Otherwise it becomes a new record; a sure match gets a `same` judgement (so the merge
can be undone), an unsure one an `unsure` judgement for the review queue.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.extract.model import ExtractedEntity, ExtractedRelation, Extraction, Span
from greenbridge.resolve.blocking import EntityIndex
from greenbridge.resolve.index_store import load_index, stored_context
from greenbridge.resolve.judgements import SAME, UNSURE, judge, resolve_id
from greenbridge.resolve.lock import lock_for_resolution
from greenbridge.resolve.normalize import name_key
from greenbridge.resolve.scoring import SURE, NameRecord, Verdict, score_records
from greenbridge.resolve.scoring import UNSURE as UNSURE_SCORE
from greenbridge.store.models import Alias, Document, Entity, Evidence, Relation

logger = logging.getLogger(__name__)


@dataclass
class LinkResult:
    """What `link_extraction` did: local id -> stored entity id, and the records it touched."""

    entity_ids: dict[str, int] = field(default_factory=dict)
    created: list[int] = field(default_factory=list)
    linked: list[int] = field(default_factory=list)
    judged_same: list[tuple[int, int]] = field(default_factory=list)
    queued: list[tuple[int, int]] = field(default_factory=list)
    relation_ids: list[int] = field(default_factory=list)
    evidence_count: int = 0


@dataclass
class _Context:
    session: Session
    document: Document
    extraction: Extraction
    article_ids: dict[int, int]
    index: EntityIndex
    result: LinkResult


def link_extraction(
    session: Session,
    *,
    document: Document,
    extraction: Extraction,
    article_ids: dict[int, int] | None = None,
) -> LinkResult:
    """Link and store `extraction` of `document` (already flushed); the caller commits."""
    lock_for_resolution(session)
    if document.id is None:
        session.flush()
    types = {entity.type for entity in extraction.entities}
    ctx = _Context(
        session, document, extraction, article_ids or {}, load_index(session, types), LinkResult()
    )
    for entity in extraction.entities:
        _link_entity(ctx, entity, _record(extraction, entity, document))
    for relation in extraction.relations:
        _store_relation(ctx, relation)
    session.flush()
    return ctx.result


def _record(extraction: Extraction, entity: ExtractedEntity, document: Document) -> NameRecord:
    by_id = {e.id: e for e in extraction.entities}
    parent = titles = None
    titles_set: set[str] = set()
    for relation in extraction.relations:
        if relation.subject != entity.id:
            continue
        if relation.type == "part_of" and relation.object in by_id:
            parent = name_key(by_id[relation.object].name, "organization")
        if relation.type == "position" and relation.attributes.get("title"):
            titles_set.add(str(relation.attributes["title"]).lower())
    titles = frozenset(titles_set)
    context = frozenset(name_key(e.name, e.type) for e in extraction.entities if e is not entity)
    return NameRecord.build(
        [entity.name, *entity.aliases],
        entity.type,
        country=entity.attributes.get("country"),
        parent=parent,
        titles=titles,
        context=context,
        source=f"document:{document.id}",
    )


def _link_entity(ctx: _Context, entity: ExtractedEntity, record: NameRecord) -> None:
    ranked = [(i, _rescore(ctx, record, i, v)) for i, v in ctx.index.ranked(record)]
    ranked.sort(key=lambda item: (-item[1].score, item[0]))
    best_id, best = ranked[0] if ranked else (None, Verdict(0.0, "none"))
    if best_id is not None and best.score >= SURE and best.rule.startswith("exact_name"):
        target = resolve_id(ctx.session, best_id)
        ctx.result.linked.append(target)
        _attach(ctx, target, entity)
        ctx.index.add(best_id, record)
        return
    target = _create(ctx, entity)
    if best_id is not None and best.score >= SURE:
        judge(ctx.session, target, best_id, SAME, score=best.score, rule=best.rule)
        ctx.result.judged_same.append((target, best_id))
        ctx.index.add(best_id, record)
    else:
        for other, verdict in ranked[:3]:
            if verdict.score >= UNSURE_SCORE:
                judge(ctx.session, target, other, UNSURE, score=verdict.score, rule=verdict.rule)
                ctx.result.queued.append((target, other))
        ctx.index.add(target, record)
    _attach(ctx, target, entity)


def _rescore(ctx: _Context, record: NameRecord, entity_id: int, verdict: Verdict) -> Verdict:
    """Add what the store knows of a candidate's documents when the names alone are unsure."""
    if verdict.score >= SURE or verdict.score < 0.6:
        return verdict
    known = ctx.index.records[entity_id]
    if known.source is not None:
        return verdict
    enriched = replace(known, context=known.context | stored_context(ctx.session, entity_id))
    return score_records(record, enriched)


def _create(ctx: _Context, entity: ExtractedEntity) -> int:
    attributes = {k: v for k, v in entity.attributes.items() if v not in (None, "", [])}
    stored = Entity(type=entity.type, name=entity.name, attributes=attributes)
    ctx.session.add(stored)
    ctx.session.flush()
    ctx.result.created.append(stored.id)
    return stored.id


def _attach(ctx: _Context, target: int, entity: ExtractedEntity) -> None:
    """Give `target` the names, attributes and mention evidence of `entity`."""
    ctx.result.entity_ids[entity.id] = target
    aliases = _ensure_aliases(ctx.session, target, [entity.name, *entity.aliases], entity.type)
    for span in entity.mentions:
        alias_id = aliases.get(span.text) or aliases.get(name_key(span.text, entity.type))
        owner: dict[str, Any] = {"alias_id": alias_id} if alias_id else {"entity_id": target}
        _evidence(ctx, span, entity.confidence, **owner)
    _attributes(ctx, target, entity)


def _ensure_aliases(
    session: Session, entity_id: int, names: list[str], entity_type: str
) -> dict[str, int]:
    """Alias rows of `entity_id` for `names` (created when missing), by name and by key."""
    existing = session.scalars(select(Alias).where(Alias.entity_id == entity_id)).all()
    by_name = {alias.name: alias for alias in existing}
    for name in dict.fromkeys(n for n in names if n and n.strip()):
        if name not in by_name:
            alias = Alias(entity_id=entity_id, name=name, normalized=name_key(name, entity_type))
            session.add(alias)
            by_name[name] = alias
    session.flush()
    keys: dict[str, int] = {name: alias.id for name, alias in by_name.items()}
    for alias in by_name.values():
        keys.setdefault(alias.normalized, alias.id)
    return keys


def _attributes(ctx: _Context, target: int, entity: ExtractedEntity) -> None:
    stored = ctx.session.get(Entity, target)
    assert stored is not None
    values = dict(stored.attributes or {})
    span = entity.mentions[0] if entity.mentions else None
    for key, value in entity.attributes.items():
        if value in (None, "", []):
            continue
        if key not in values:
            values[key] = value
        elif values[key] != value:
            logger.info("entity %s keeps %s=%r over %r", target, key, values[key], value)
        _evidence(ctx, span, entity.confidence, entity_id=target, attribute=key)
    stored.attributes = values


def _store_relation(ctx: _Context, relation: ExtractedRelation) -> None:
    ids = ctx.result.entity_ids
    subject = ids.get(relation.subject)
    if subject is None:
        logger.warning("relation %s has unknown subject %s", relation.type, relation.subject)
        return
    object_id = ids.get(relation.object)
    country = None
    if object_id is None:
        if len(relation.object) != 2 or not relation.object.isalpha():
            logger.warning("relation %s has unknown object %s", relation.type, relation.object)
            return
        country = relation.object.upper()
    attributes = _relation_attributes(relation.attributes, ids)
    stored = _find_relation(ctx.session, relation.type, subject, object_id, country, attributes)
    if stored is None:
        stored = Relation(
            type=relation.type,
            subject_id=subject,
            object_id=object_id,
            object_country=country,
            attributes=attributes,
        )
        ctx.session.add(stored)
        ctx.session.flush()
    ctx.result.relation_ids.append(stored.id)
    spans: list[Span | None] = list(relation.evidence) or [None]
    for span in spans:
        _evidence(ctx, span, relation.confidence, relation_id=stored.id)


def _relation_attributes(attributes: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    values = {k: v for k, v in attributes.items() if v not in (None, "")}
    partner = values.get("partner")
    if isinstance(partner, str) and partner in ids:
        values["partner"] = ids[partner]
    return values


def _find_relation(
    session: Session,
    relation_type: str,
    subject: int,
    object_id: int | None,
    country: str | None,
    attributes: dict[str, Any],
) -> Relation | None:
    query = select(Relation).where(Relation.type == relation_type, Relation.subject_id == subject)
    if object_id is not None:
        query = query.where(Relation.object_id == object_id)
    else:
        query = query.where(Relation.object_country == country)
    for candidate in session.scalars(query):
        if (candidate.attributes or {}) == attributes:
            return candidate
    return None


def _evidence(ctx: _Context, span: Span | None, confidence: float, **owner: Any) -> None:
    extraction = ctx.extraction
    article = ctx.article_ids.get(span.article) if span and span.article is not None else None
    ctx.session.add(
        Evidence(
            document_id=ctx.document.id,
            article_id=article,
            start=span.start if span else None,
            end=span.end if span else None,
            text=span.text[:1000] if span else None,
            sentence=span.sentence if span else None,
            extractor=extraction.extractor,
            extractor_version=extraction.version,
            confidence=confidence,
            **owner,
        )
    )
    ctx.result.evidence_count += 1
