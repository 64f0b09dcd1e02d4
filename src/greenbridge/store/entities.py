"""Reading entities for pages and the API: one entity with its names, attributes, relations and
the evidence of each, in a few batched queries (retracted facts left out), and search."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from greenbridge.resolve.judgements import members, resolve_id
from greenbridge.resolve.normalize import tokens
from greenbridge.store.models import Alias, Document, Entity, Evidence, Relation

RELATIONS_PER_PAGE = 50


def utc(value: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class EvidenceItem:
    id: int
    document_id: int | None
    document_title: str | None
    published: str | None
    sentence: str | None
    text: str | None
    start: int | None
    end: int | None
    attribute: str | None
    extractor: str | None
    user: str | None
    created_at: datetime


@dataclass(frozen=True)
class NameItem:
    alias_id: int
    name: str
    evidence: list[EvidenceItem]


@dataclass(frozen=True)
class RelationItem:
    id: int
    type: str
    direction: str  # "out": this entity is the subject; "in": it is the object
    other_id: int | None
    other_name: str | None
    other_type: str | None
    country: str | None
    attributes: dict[str, Any]
    evidence: list[EvidenceItem]
    date: str | None = None


@dataclass(frozen=True)
class TimelineItem:
    date: str
    label: str
    relation_id: int | None = None
    other_id: int | None = None


@dataclass
class EntityPage:
    id: int
    type: str
    name: str
    record_ids: list[int]
    attributes: dict[str, Any]
    names: list[NameItem]
    attribute_evidence: list[EvidenceItem]
    relations: list[RelationItem]
    relation_total: int
    timeline: list[TimelineItem] = field(default_factory=list)
    retracted_at: datetime | None = None
    retracted_by: str | None = None


def entity_page(
    session: Session, entity_id: int, *, limit: int = RELATIONS_PER_PAGE, offset: int = 0
) -> EntityPage | None:
    """The canonical entity of `entity_id` with every record merged into it."""
    if session.get(Entity, entity_id) is None:
        return None
    ids = members(session, entity_id)
    records = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(ids)))}
    canonical = records[ids[0]]
    attributes: dict[str, Any] = {}
    for record_id in ids:
        for key, value in (records[record_id].attributes or {}).items():
            attributes.setdefault(key, value)
    relations, total = _relations(session, ids, limit, offset)
    page = EntityPage(
        id=canonical.id,
        type=canonical.type,
        name=canonical.name,
        record_ids=ids,
        attributes=attributes,
        names=_names(session, ids),
        attribute_evidence=evidence_of(session, Evidence.entity_id.in_(ids)),
        relations=relations,
        relation_total=total,
        retracted_at=utc(canonical.retracted_at) if canonical.retracted_at else None,
        retracted_by=canonical.retracted_by,
    )
    page.timeline = timeline(page)
    return page


_EVIDENCE_COLUMNS = (
    Evidence.id, Evidence.document_id, Document.title, Document.published, Evidence.sentence,
    Evidence.text, Evidence.start, Evidence.end, Evidence.attribute, Evidence.extractor,
    Evidence.user, Evidence.created_at,
)  # fmt: skip


def evidence_of(session: Session, condition: Any) -> list[EvidenceItem]:
    return [item for item, _ in _evidence_rows(session, condition, Evidence.id)]


def _evidence_rows(session: Session, condition: Any, owner: Any) -> list[tuple[EvidenceItem, int]]:
    """Evidence items with the id of what each supports (`owner` column), in one query."""
    rows = session.execute(
        select(*_EVIDENCE_COLUMNS, owner)
        .outerjoin(Document, Document.id == Evidence.document_id)
        .where(condition)
        .order_by(Evidence.id)
    )
    return [(_item(row), row[12]) for row in rows]


def _item(row: Any) -> EvidenceItem:
    return EvidenceItem(
        id=row[0], document_id=row[1], document_title=row[2], published=row[3],
        sentence=row[4], text=row[5], start=row[6], end=row[7], attribute=row[8],
        extractor=row[9], user=row[10], created_at=utc(row[11]),
    )  # fmt: skip


def _names(session: Session, ids: list[int]) -> list[NameItem]:
    aliases = session.execute(
        select(Alias.id, Alias.name)
        .where(Alias.entity_id.in_(ids), Alias.retracted_at.is_(None))
        .order_by(Alias.id)
    ).all()
    evidence: dict[int, list[EvidenceItem]] = defaultdict(list)
    if aliases:
        wanted = [alias_id for alias_id, _ in aliases]
        for item, alias_id in _evidence_rows(
            session, Evidence.alias_id.in_(wanted), Evidence.alias_id
        ):
            evidence[alias_id].append(item)
    return [NameItem(alias_id, name, evidence[alias_id]) for alias_id, name in aliases]


def _relations(
    session: Session, ids: list[int], limit: int, offset: int
) -> tuple[list[RelationItem], int]:
    touches = and_(
        or_(Relation.subject_id.in_(ids), Relation.object_id.in_(ids)),
        Relation.retracted_at.is_(None),
    )
    total = session.scalar(select(func.count(Relation.id)).where(touches)) or 0
    rows = list(
        session.scalars(
            select(Relation).where(touches).order_by(Relation.id).limit(limit).offset(offset)
        )
    )
    others = _others(session, [r.object_id if r.subject_id in ids else r.subject_id for r in rows])
    evidence: dict[int, list[EvidenceItem]] = defaultdict(list)
    if rows:
        condition = Evidence.relation_id.in_([r.id for r in rows])
        for item, relation_id in _evidence_rows(session, condition, Evidence.relation_id):
            evidence[relation_id].append(item)
    items = []
    for relation in rows:
        outgoing = relation.subject_id in ids
        other_ref = relation.object_id if outgoing else relation.subject_id
        other = others.get(other_ref) if other_ref is not None else None
        items.append(
            RelationItem(
                id=relation.id,
                type=relation.type,
                direction="out" if outgoing else "in",
                other_id=other.id if other else None,
                other_name=other.name if other else None,
                other_type=other.type if other else None,
                country=relation.object_country,
                attributes=dict(relation.attributes or {}),
                evidence=evidence[relation.id],
                date=_relation_date(relation, other, evidence[relation.id]),
            )
        )
    return items, total


def _others(session: Session, raw_ids: list[int | None]) -> dict[int, Entity]:
    """The canonical entity of each id (merged records resolve to their canonical entity)."""
    wanted = {i for i in raw_ids if i is not None}
    if not wanted:
        return {}
    rows = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(wanted)))}
    roots = {e.canonical_id for e in rows.values() if e.canonical_id is not None} - set(rows)
    if roots:
        rows.update({e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(roots)))})
    return {
        i: rows[rows[i].canonical_id or i] for i in wanted if i in rows
    }  # canonical_id is one hop


def _relation_date(
    relation: Relation, other: Entity | None, evidence: list[EvidenceItem]
) -> str | None:
    attributes = relation.attributes or {}
    if attributes.get("year"):
        return str(attributes["year"])
    if other is not None and other.type == "event" and (other.attributes or {}).get("start"):
        return str(other.attributes["start"])
    dates = sorted(e.published for e in evidence if e.published)
    return dates[0] if dates else None


def timeline(page: EntityPage) -> list[TimelineItem]:
    """Dated facts of an entity, oldest first: its own dates, then its dated relations."""
    items = []
    for key in ("start", "end"):
        if page.attributes.get(key):
            items.append(TimelineItem(str(page.attributes[key]), f"{page.name}: {key}"))
    for relation in page.relations:
        if relation.date:
            other = relation.other_name or relation.country or ""
            label = f"{relation.type.replace('_', ' ')} {other}".strip()
            if relation.direction == "in":
                label = f"{other} {relation.type.replace('_', ' ')} {page.name}"
            items.append(TimelineItem(relation.date, label, relation.id, relation.other_id))
    return sorted(items, key=lambda item: item.date)


@dataclass(frozen=True)
class EntityHit:
    id: int
    type: str
    name: str
    matched: str


@dataclass(frozen=True)
class DocumentHit:
    id: int
    title: str | None
    published: str | None
    snippet: str


def search_entities(
    session: Session, query: str, *, entity_type: str | None = None, limit: int = 20
) -> list[EntityHit]:
    """Entities one of whose current names contains every word of `query`."""
    words = tokens(query)[:6]
    if not words:
        return []
    statement = (
        select(Alias.name, Entity.id, Entity.canonical_id)
        .join(Entity, Entity.id == Alias.entity_id)
        .where(*(Alias.normalized.contains(w, autoescape=True) for w in words))
        .where(Alias.retracted_at.is_(None), Entity.retracted_at.is_(None))
        .limit(limit * 3)
    )
    if entity_type:
        statement = statement.where(Entity.type == entity_type)
    found: dict[int, str] = {}
    for alias, entity_id, canonical_id in session.execute(statement):
        found.setdefault(canonical_id or entity_id, alias)
    ids = list(found)[:limit]
    rows = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(ids)))}
    return [EntityHit(i, rows[i].type, rows[i].name, found[i]) for i in ids if i in rows]


def search_documents(session: Session, query: str, *, limit: int = 20) -> list[DocumentHit]:
    """Documents whose title or text contains `query` (case-insensitive), with a snippet."""
    text = query.strip()
    if not text:
        return []
    pattern = f"%{text}%"
    rows = session.execute(
        select(Document.id, Document.title, Document.published, Document.text)
        .where(or_(Document.title.ilike(pattern), Document.text.ilike(pattern)))
        .order_by(Document.id.desc())
        .limit(limit)
    )
    return [
        DocumentHit(i, title, published, _snippet(body, text)) for i, title, published, body in rows
    ]


def _snippet(body: str, text: str, width: int = 90) -> str:
    at = body.lower().find(text.lower())
    if at < 0:
        return body[: 2 * width].strip()
    start = max(0, at - width)
    return ("…" if start else "") + body[start : at + len(text) + width].strip() + "…"


def resolve(session: Session, entity_id: int) -> int:
    """The canonical id of `entity_id` (re-exported for callers that only read)."""
    return resolve_id(session, entity_id)


def entity_exists(session: Session, entity_id: int) -> bool:
    return session.get(Entity, entity_id) is not None


def entity_names(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Name and type of each entity id."""
    rows = session.execute(select(Entity.id, Entity.name, Entity.type).where(Entity.id.in_(ids)))
    return {i: (name, kind) for i, name, kind in rows}
