"""Store one document's extraction: link each mention to an entity, keep every fact's evidence.

An extracted entity whose name is exactly that of a stored entity (and no context disagrees)
joins it. Otherwise it becomes a new record; a sure match gets a `same` judgement (so the merge
can be undone), an unsure one an `unsure` judgement for the review queue.

The outcome must not depend on the order of documents. An organization seen in a second country
gains that country (`countries`, with the mention's evidence) instead of becoming a second
organization. A name that two stored entities share exactly is ambiguous: the mention joins one
of them provisionally (the one of its country, else the oldest) and the pair waits in the
review queue once; no new entity is made for it, so the next such mention is no more ambiguous.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from greenbridge.resolve.blocking import EntityIndex
from greenbridge.resolve.identifiers import identifiers_conflict, identifiers_of
from greenbridge.resolve.index_store import (
    countries_of,
    forget_index,
    store_index,
    stored_context,
)
from greenbridge.resolve.judgements import SAME, UNSURE, current_decisions, judge, resolve_id
from greenbridge.resolve.lock import lock_for_resolution
from greenbridge.resolve.normalize import context_keys, name_key
from greenbridge.resolve.scoring import SURE, NameRecord, Verdict, score_records
from greenbridge.resolve.scoring import UNSURE as UNSURE_SCORE
from greenbridge.settings import get_settings
from greenbridge.store.models import Alias, Document, Entity, Evidence, Relation

if TYPE_CHECKING:  # the extraction package loads spaCy; resolution only reads its data
    from greenbridge.extract.model import ExtractedEntity, ExtractedRelation, Extraction, Span

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
    stored: EntityIndex  # the store's records (shared between calls: read only here)
    result: LinkResult
    overlay: EntityIndex = field(default_factory=EntityIndex)  # this document's records
    pending: list[tuple[Evidence, Alias | Relation | None]] = field(default_factory=list)
    created: set[int] = field(default_factory=set)
    entities: dict[int, Entity] = field(default_factory=dict)
    publish_threshold: float = 0.0  # relations below it wait for review


def link_extraction(
    session: Session,
    *,
    document: Document,
    extraction: Extraction,
    article_ids: dict[int, int] | None = None,
    publish_threshold: float | None = None,
) -> LinkResult:
    """Link and store `extraction` of `document` (already flushed); the caller commits.
    Relations below `publish_threshold` (default: the setting) are stored for review."""
    lock_for_resolution(session)
    if document.id is None:
        session.flush()
    if publish_threshold is None:
        publish_threshold = get_settings().publish_threshold
    ctx = _Context(
        session, document, extraction, article_ids or {}, store_index(session), LinkResult()
    )
    ctx.publish_threshold = publish_threshold
    with session.no_autoflush:
        for entity in extraction.entities:
            _link_entity(ctx, entity, _record(extraction, entity, document))
        _store_relations(ctx)
    _flush_evidence(ctx)
    return ctx.result


def _flush_evidence(ctx: _Context) -> None:
    """Write the evidence rows once the aliases they support have ids."""
    ctx.session.flush()
    for evidence, owner in ctx.pending:
        if isinstance(owner, Alias):
            evidence.alias_id = owner.id
        elif isinstance(owner, Relation):
            evidence.relation_id = owner.id
    ctx.session.add_all(evidence for evidence, _ in ctx.pending)
    ctx.session.flush()


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
    context = frozenset(
        key
        for e in extraction.entities
        if e is not entity
        for name in (e.name, *e.aliases)
        for key in context_keys(name, e.type)
    )
    return NameRecord.build(
        [entity.name, *entity.aliases],
        entity.type,
        country=entity.attributes.get("country"),
        identifiers=identifiers_of(entity.attributes),
        parent=parent,
        titles=titles,
        context=context,
        sources=frozenset({f"document:{document.id}"}),
    )


def _link_entity(ctx: _Context, entity: ExtractedEntity, record: NameRecord) -> None:
    ranked = _candidates(ctx, record)
    sure = [(i, verdict) for i, verdict in ranked if verdict.score >= SURE]
    exact = [i for i, verdict in sure if verdict.rule.startswith(("exact_name", "same_identifier"))]
    if exact:
        if len(exact) > 1:  # entities that share the name exactly: a person decides
            _queue_ambiguous(ctx, exact, sure)
        best_id = exact[0] if len(exact) == 1 else _provisional(ctx, record, exact)
        target = resolve_id(ctx.session, best_id)
        ctx.result.linked.append(target)
        _attach(ctx, target, entity)
        ctx.overlay.add(best_id, record)
        return
    target = _create(ctx, entity)
    if len(sure) == 1:
        best_id, best = sure[0]
        judge(ctx.session, target, best_id, SAME, score=best.score, rule=best.rule)
        ctx.result.judged_same.append((target, best_id))
        ctx.overlay.add(best_id, record)
    else:  # none sure, or several variants fit: the new record waits for review with them
        for other, verdict in ranked[:3]:
            if verdict.score >= UNSURE_SCORE:
                judge(ctx.session, target, other, UNSURE, score=verdict.score, rule=verdict.rule)
                ctx.result.queued.append((target, other))
        ctx.overlay.add(target, record)
    _attach(ctx, target, entity)


def _provisional(ctx: _Context, record: NameRecord, ids: list[int]) -> int:
    """Of entities sharing a name, the one a mention joins until a person decides: one that
    has the mention's country, else the oldest."""
    rows = ctx.session.execute(select(Entity.id, Entity.attributes).where(Entity.id.in_(ids)))
    fitting = [i for i, attributes in rows if record.countries & set(countries_of(attributes))]
    return min(fitting or ids)


def _queue_ambiguous(ctx: _Context, ids: list[int], sure: list[tuple[int, Verdict]]) -> None:
    """Queue each pair of the entities a name fits, once: a pair with any judgement (queued,
    or decided by a person) is not judged again."""
    scores = dict(sure)
    decided = current_decisions(ctx.session, ids)
    for left, right in combinations(sorted(ids), 2):
        if (left, right) in decided:
            continue
        score = min(scores[left].score, scores[right].score)
        judge(ctx.session, left, right, UNSURE, score=score, rule="ambiguous_name")
        ctx.result.queued.append((left, right))


def _candidates(ctx: _Context, record: NameRecord) -> list[tuple[int, Verdict]]:
    """Scored candidates by canonical id (best verdict of any of its records), best first."""
    scored = [
        (record_id, _rescore(ctx, record, index, record_id, verdict))
        for index in (ctx.stored, ctx.overlay)
        for record_id, verdict in index.ranked(record, limit=10)
    ]
    ids = {record_id for record_id, _ in scored}
    rows = ctx.session.execute(
        select(Entity.id, Entity.canonical_id).where(Entity.id.in_(ids))
    ).all()
    roots = {entity_id: canonical or entity_id for entity_id, canonical in rows}
    if len(roots) < len(ids):
        forget_index(ctx.session)  # records gone since the index was loaded
    excluded = _excluded_roots(ctx.session, record, set(roots.values()))
    best: dict[int, Verdict] = {}
    for record_id, verdict in scored:
        root = roots.get(record_id)
        if root is None or root in excluded:
            continue
        if verdict.score > best.get(root, Verdict(-1.0, "")).score:
            best[root] = verdict
    return sorted(best.items(), key=lambda item: (-item[1].score, item[0]))


def _excluded_roots(session: Session, record: NameRecord, roots: set[int]) -> set[int]:
    """Canonical entities that have, on any of their records, an identifier that excludes one
    of `record`'s (another ORCID): a name matching another of their records does not join."""
    if not record.identifiers or not roots:
        return set()
    rows = session.execute(
        select(Entity.id, Entity.canonical_id, Entity.attributes).where(
            or_(Entity.id.in_(roots), Entity.canonical_id.in_(roots))
        )
    )
    return {
        canonical or entity_id
        for entity_id, canonical, attributes in rows
        if identifiers_conflict(record.identifiers, identifiers_of(attributes))
    }


def _rescore(
    ctx: _Context, record: NameRecord, index: EntityIndex, entity_id: int, verdict: Verdict
) -> Verdict:
    """Add what the store knows of a candidate's documents when the names alone are unsure."""
    if verdict.score >= SURE or verdict.score < 0.6:
        return verdict
    known = index.records[entity_id]
    if known.sources:
        return verdict
    enriched = replace(known, context=known.context | stored_context(ctx.session, entity_id))
    return score_records(record, enriched)


def _create(ctx: _Context, entity: ExtractedEntity) -> int:
    attributes = {k: v for k, v in entity.attributes.items() if v not in (None, "", [])}
    stored = Entity(type=entity.type, name=entity.name, attributes=attributes)
    ctx.session.add(stored)
    ctx.session.flush()
    ctx.result.created.append(stored.id)
    ctx.created.add(stored.id)
    ctx.entities[stored.id] = stored
    return stored.id


def _attach(ctx: _Context, target: int, entity: ExtractedEntity) -> None:
    """Give `target` the names, attributes and mention evidence of `entity`."""
    ctx.result.entity_ids[entity.id] = target
    names = [entity.name, *entity.aliases]
    aliases = _ensure_aliases(ctx, target, names, entity.type)
    for span in entity.mentions:
        alias = aliases.get(span.text) or aliases.get(name_key(span.text, entity.type))
        if alias is not None:
            _evidence(ctx, span, entity.confidence, alias=alias)
        else:
            _evidence(ctx, span, entity.confidence, entity_id=target)
    _attributes(ctx, target, entity)


def _ensure_aliases(
    ctx: _Context, entity_id: int, names: list[str], entity_type: str
) -> dict[str, Alias]:
    """Alias rows of `entity_id` for `names` (created when missing), by name and by key."""
    existing: list[Alias] = []
    if entity_id not in ctx.created:
        existing = list(ctx.session.scalars(select(Alias).where(Alias.entity_id == entity_id)))
    by_name = {alias.name: alias for alias in existing}
    for name in dict.fromkeys(n for n in names if n and n.strip()):
        if name not in by_name:
            alias = Alias(entity_id=entity_id, name=name, normalized=name_key(name, entity_type))
            ctx.session.add(alias)
            by_name[name] = alias
    keys = dict(by_name)
    for alias in by_name.values():
        keys.setdefault(alias.normalized, alias)
    return keys


def _attributes(ctx: _Context, target: int, entity: ExtractedEntity) -> None:
    stored = ctx.entities.get(target) or ctx.session.get(Entity, target)
    assert stored is not None
    values = dict(stored.attributes or {})
    span = entity.mentions[0] if entity.mentions else None
    for key, value in entity.attributes.items():
        if value in (None, "", []):
            continue
        if key not in values:
            values[key] = value
        elif key == "country" and value not in countries_of(values):
            values["countries"] = sorted({*countries_of(values), value})  # one more country
        elif values[key] != value:
            logger.info("entity %s keeps %s=%r over %r", target, key, values[key], value)
        _evidence(ctx, span, entity.confidence, entity_id=target, attribute=key)
    stored.attributes = values


def _store_relations(ctx: _Context) -> None:
    """Relations between the linked entities; one already stored gains only evidence."""
    ids = ctx.result.entity_ids
    known = _known_relations(ctx.session, set(ids.values()))
    stored_relations: list[Relation] = []
    for relation in ctx.extraction.relations:
        key = _relation_key(relation, ids)
        if key is None:
            continue
        attributes = _relation_attributes(relation.attributes, ids)
        same = [r for r in known[key] if (r.attributes or {}) == attributes]
        stored = same[0] if same else _new_relation(ctx.session, key, attributes)
        if not same:
            stored.review = relation.confidence < ctx.publish_threshold
        elif stored.review and relation.confidence >= ctx.publish_threshold:
            stored.review = False  # more confident evidence publishes a waiting fact
        known[key].append(stored)
        stored_relations.append(stored)
        spans: list[Span | None] = list(relation.evidence) or [None]
        for span in spans:
            _evidence(ctx, span, relation.confidence, relation=stored)
    ctx.session.flush()
    ctx.result.relation_ids.extend(dict.fromkeys(r.id for r in stored_relations))


_RelationKey = tuple[str, int, int | None, str | None]


def _relation_key(relation: ExtractedRelation, ids: dict[str, int]) -> _RelationKey | None:
    subject = ids.get(relation.subject)
    if subject is None:
        logger.warning("relation %s has unknown subject %s", relation.type, relation.subject)
        return None
    object_id = ids.get(relation.object)
    if object_id is not None:
        return (relation.type, subject, object_id, None)
    if len(relation.object) != 2 or not relation.object.isalpha():
        logger.warning("relation %s has unknown object %s", relation.type, relation.object)
        return None
    return (relation.type, subject, None, relation.object.upper())


def _known_relations(session: Session, subjects: set[int]) -> dict[_RelationKey, list[Relation]]:
    known: dict[_RelationKey, list[Relation]] = defaultdict(list)
    if subjects:
        for stored in session.scalars(select(Relation).where(Relation.subject_id.in_(subjects))):
            key = (stored.type, stored.subject_id, stored.object_id, stored.object_country)
            known[key].append(stored)
    return known


def _new_relation(session: Session, key: _RelationKey, attributes: dict[str, Any]) -> Relation:
    relation_type, subject, object_id, country = key
    stored = Relation(
        type=relation_type,
        subject_id=subject,
        object_id=object_id,
        object_country=country,
        attributes=attributes,
    )
    session.add(stored)
    return stored


def _relation_attributes(attributes: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    values = {k: v for k, v in attributes.items() if v not in (None, "")}
    partner = values.get("partner")
    if isinstance(partner, str) and partner in ids:
        values["partner"] = ids[partner]
    return values


def _evidence(
    ctx: _Context,
    span: Span | None,
    confidence: float,
    alias: Alias | None = None,
    relation: Relation | None = None,
    **owner: Any,
) -> None:
    extraction = ctx.extraction
    article = ctx.article_ids.get(span.article) if span and span.article is not None else None
    ctx.pending.append(
        (
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
            ),
            alias or relation,
        )
    )
    ctx.result.evidence_count += 1
