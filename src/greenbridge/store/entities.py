"""Reading entities for pages and the API: one entity with its names, attributes, relations and
the evidence of each, in a few batched queries (retracted facts left out), and search."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import BindParameter

from greenbridge.resolve.judgements import resolve_id
from greenbridge.resolve.normalize import tokens
from greenbridge.store.cjk import latin_part, query_runs
from greenbridge.store.models import Alias, Document, Entity, Evidence, Relation
from greenbridge.store.search import document_hits, name_hits, query_words
from greenbridge.store.search_cjk import cjk_document_hits, cjk_name_hits

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
    ocr: bool = False  # the span was read by OCR from a scanned page or an image


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
    """The canonical entity of `entity_id` with every record merged into it.

    Five queries whatever the entity's size, each a statement built once (so SQLAlchemy's
    compiled cache serves it) with expanding parameters for the id lists: the records, their
    names, the evidence of names and records, a page of relations with their count and the
    (canonical) entity at their other end, and the evidence of that page."""
    connection = session.connection()  # Core rows: no ORM identity map to fill
    rows = connection.execute(_RECORDS, {"id": entity_id}).all()
    found = next((row for row in rows if row.id == entity_id), None)
    if found is None:
        return None
    root = found.canonical_id or found.id
    records = sorted(rows, key=lambda r: r.id != root)
    if records[0].id != root:  # a dangling canonical id: show the record itself
        records = [found]
    ids = [r.id for r in records]
    canonical = records[0]
    attributes: dict[str, Any] = {}
    for record in records:
        for key, value in (_json(record.attributes)).items():
            attributes.setdefault(key, value)
    names, attribute_evidence = _names(connection, ids)
    relations, total = _relations(connection, ids, limit, offset)
    page = EntityPage(
        id=canonical.id,
        type=canonical.type,
        name=canonical.name,
        record_ids=ids,
        attributes=attributes,
        names=names,
        attribute_evidence=attribute_evidence,
        relations=relations,
        relation_total=total,
        retracted_at=utc(canonical.retracted_at) if canonical.retracted_at else None,
        retracted_by=canonical.retracted_by,
    )
    page.timeline = timeline(page)
    return page


_ENTITY_COLUMNS = (
    Entity.id, Entity.type, Entity.name, Entity.attributes, Entity.canonical_id,
    Entity.retracted_at, Entity.retracted_by,
)  # fmt: skip
_ROOT_OF = select(Entity.canonical_id).where(Entity.id == bindparam("id")).scalar_subquery()
# The record asked for, its canonical record and every record resolving to that one.
_RECORDS = select(*_ENTITY_COLUMNS).where(
    or_(
        Entity.id == bindparam("id"),
        Entity.id == _ROOT_OF,
        Entity.canonical_id == func.coalesce(_ROOT_OF, bindparam("id")),
    )
)
_EVIDENCE_COLUMNS = (
    Evidence.id, Evidence.document_id, Document.title, Document.published, Evidence.sentence,
    Evidence.text, Evidence.start, Evidence.end, Evidence.attribute, Evidence.extractor,
    Evidence.user, Evidence.created_at, Document.ocr_ranges,
)  # fmt: skip
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_OWNED: BindParameter[list[int]] = bindparam("owned", expanding=True)


def _evidence_statement(owner: Any, condition: Any) -> Any:
    return (
        select(*_EVIDENCE_COLUMNS, owner)
        .outerjoin(Document, Document.id == Evidence.document_id)
        .where(condition)
        .order_by(Evidence.id)
    )


_ALIASES = (
    select(Alias.id, Alias.name)
    .where(Alias.entity_id.in_(_IDS), Alias.retracted_at.is_(None))
    .order_by(Alias.id)
)
# Evidence of the names (owner: the alias) and of the entity itself (owner null), in one query.
_NAME_EVIDENCE = _evidence_statement(
    Evidence.alias_id, or_(Evidence.alias_id.in_(_OWNED), Evidence.entity_id.in_(_IDS))
)
_RELATION_EVIDENCE = _evidence_statement(Evidence.relation_id, Evidence.relation_id.in_(_OWNED))
_TOUCHES = and_(
    or_(Relation.subject_id.in_(_IDS), Relation.object_id.in_(_IDS)),
    Relation.retracted_at.is_(None),
    Relation.review.is_(False),
)
_RELATION_COUNT = select(func.count(Relation.id)).where(_TOUCHES)
_PAGE = (
    select(
        Relation.id,
        Relation.type,
        Relation.subject_id,
        Relation.object_id,
        Relation.object_country,
        Relation.attributes,
    )
    .where(_TOUCHES)
    .order_by(Relation.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
    .subquery()
)
_End = aliased(Entity)
_Canonical = aliased(Entity)
# A page of relations, each with the entity at its other end resolved to its canonical entity
# (canonical_id is one hop); the joins run on the page only.
_RELATION_PAGE = (
    select(
        _PAGE,
        select(func.count(Relation.id)).where(_TOUCHES).scalar_subquery().label("total"),
        func.coalesce(_Canonical.id, _End.id).label("other_id"),
        func.coalesce(_Canonical.name, _End.name).label("other_name"),
        func.coalesce(_Canonical.type, _End.type).label("other_type"),
        func.coalesce(_Canonical.attributes, _End.attributes).label("other_attributes"),
    )
    .outerjoin(
        _End,
        _End.id
        == case((_PAGE.c.subject_id.in_(_IDS), _PAGE.c.object_id), else_=_PAGE.c.subject_id),
    )
    .outerjoin(_Canonical, _Canonical.id == _End.canonical_id)
    .order_by(_PAGE.c.id)
)


def evidence_of(session: Session, condition: Any) -> list[EvidenceItem]:
    """Evidence rows matching `condition`, oldest first."""
    statement = _evidence_statement(Evidence.id, condition)
    return [_item(row) for row in session.execute(statement)]


def _item(row: Any) -> EvidenceItem:
    return EvidenceItem(
        id=row[0],
        document_id=row[1],
        document_title=row[2],
        published=row[3],
        sentence=row[4],
        text=row[5],
        start=row[6],
        end=row[7],
        attribute=row[8],
        extractor=row[9],
        user=row[10],
        created_at=utc(row[11]),
        ocr=in_ocr_ranges(_ranges(row[12]), row[6], row[7]),
    )


def in_ocr_ranges(ranges: list[list[int]] | None, start: int | None, end: int | None) -> bool:
    """Whether the span [start, end) of a document overlaps a range of it read by OCR."""
    if not ranges or start is None:
        return False
    stop = end if end is not None else start + 1
    return any(s < stop and start < e for s, e in ranges)


def _ranges(value: Any) -> list[list[int]] | None:
    """A JSON column comes back as text on SQLite when read through a join of columns."""
    loaded = json.loads(value) if isinstance(value, str) else value
    return loaded if isinstance(loaded, list) else None


def _json(value: Any) -> dict[str, Any]:
    """A JSON column read through a coalesce comes back as text on SQLite."""
    if isinstance(value, str):
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {}
    return dict(value or {})


def _grouped(rows: Any) -> dict[int | None, list[EvidenceItem]]:
    """Evidence items by owner, each distinct sentence of a document once (several mentions in
    one sentence, or merged records, would otherwise repeat it); entered evidence is kept whole."""
    grouped: dict[int | None, list[EvidenceItem]] = defaultdict(list)
    seen: set[tuple[Any, ...]] = set()
    for row in rows:
        item = _item(row)
        key = (row[13], item.document_id, item.sentence or item.text, item.attribute)
        if item.user is None and item.document_id is not None and key in seen:
            continue
        seen.add(key)
        grouped[row[13]].append(item)
    return grouped


def _names(connection: Connection, ids: list[int]) -> tuple[list[NameItem], list[EvidenceItem]]:
    """The current names with their evidence, and the evidence of the entity itself."""
    aliases = connection.execute(_ALIASES, {"ids": ids}).all()
    evidence = _grouped(
        connection.execute(_NAME_EVIDENCE, {"ids": ids, "owned": [i for i, _ in aliases]})
    )
    names = [NameItem(alias_id, name, evidence.get(alias_id, [])) for alias_id, name in aliases]
    return names, evidence.get(None, [])


def _relations(
    connection: Connection, ids: list[int], limit: int, offset: int
) -> tuple[list[RelationItem], int]:
    rows = connection.execute(_RELATION_PAGE, {"ids": ids, "limit": limit, "offset": offset}).all()
    if not rows:  # past the last page (or none): the count needs a query of its own
        return [], connection.execute(_RELATION_COUNT, {"ids": ids}).scalar() or 0
    total = rows[0].total
    members = set(ids)
    evidence = _grouped(connection.execute(_RELATION_EVIDENCE, {"owned": [r.id for r in rows]}))
    items = []
    for row in rows:
        attributes = _json(row.attributes)
        found = evidence.get(row.id, [])
        items.append(
            RelationItem(
                id=row.id,
                type=row.type,
                direction="out" if row.subject_id in members else "in",
                other_id=row.other_id,
                other_name=row.other_name,
                other_type=row.other_type,
                country=row.object_country,
                attributes=attributes,
                evidence=found,
                date=_relation_date(attributes, row.other_type, _json(row.other_attributes), found),
            )
        )
    return items, total


def _relation_date(
    attributes: dict[str, Any],
    other_type: str | None,
    other_attributes: dict[str, Any],
    evidence: list[EvidenceItem],
) -> str | None:
    if attributes.get("year"):
        return str(attributes["year"])
    if other_type == "event" and other_attributes.get("start"):
        return str(other_attributes["start"])
    dates = [e.published for e in evidence if e.published]
    return min(dates) if dates else None


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
    names: tuple[str, ...] = ()  # every name of its records: `中国科学院` for a Latin query


MAX_HIT_NAMES = 12


@dataclass(frozen=True)
class DocumentHit:
    id: int
    title: str | None
    published: str | None
    snippet: str


def search_entities(
    session: Session, query: str, *, entity_type: str | None = None, limit: int = 20
) -> list[EntityHit]:
    """Entities one of whose current names has a word starting with each word of `query`,
    closest first (see `greenbridge.store.search`); merged records count once."""
    runs = query_runs(query)
    words = query_words(latin_part(query) if runs else query)
    if not words and not runs:
        return []
    exact = " ".join(tokens(query))
    connection = session.connection()
    hits = (
        cjk_name_hits(connection, runs, words, exact, entity_type, limit * 3)
        if runs
        else name_hits(connection, words, exact, entity_type, limit * 3)
    )
    found: dict[int, EntityHit] = {}
    for alias, entity_id, kind, name in hits:
        found.setdefault(entity_id, EntityHit(entity_id, kind, name, alias))
    chosen = list(found.values())[:limit]
    names = _hit_names(session, [hit.id for hit in chosen])
    return [replace(hit, names=tuple(names.get(hit.id, ()))) for hit in chosen]


def _hit_names(session: Session, ids: list[int]) -> dict[int, list[str]]:
    """The current names of the records of each canonical entity, in any language."""
    if not ids:
        return {}
    root = func.coalesce(Entity.canonical_id, Entity.id)
    rows = session.execute(
        select(root, Alias.name)
        .join(Alias, Alias.entity_id == Entity.id)
        .where(root.in_(ids), Alias.retracted_at.is_(None), Entity.retracted_at.is_(None))
        .order_by(Alias.id)
    )
    names: dict[int, list[str]] = {}
    for entity_id, name in rows:
        known = names.setdefault(entity_id, [])
        if name not in known and len(known) < MAX_HIT_NAMES:
            known.append(name)
    return names


def search_documents(session: Session, query: str, *, limit: int = 20) -> list[DocumentHit]:
    """Documents whose title or text has a word starting with each word of `query`, most
    relevant first, with a snippet around the first match."""
    runs = query_runs(query)
    words = query_words(latin_part(query) if runs else query)
    if not words and not runs:
        return []
    connection = session.connection()
    hits = (
        cjk_document_hits(connection, runs, words, limit)
        if runs
        else document_hits(connection, words, limit)
    )
    return [
        DocumentHit(i, title, published, _snippet(body, query.strip(), words or runs))
        for i, title, published, body in hits
    ]


def _snippet(body: str, text: str, words: list[str], width: int = 90) -> str:
    """The text around the query as typed, else around its first word, else the opening."""
    lowered = body.lower()
    at, length = lowered.find(text.lower()), len(text)
    if at < 0:
        at, length = min(
            ((lowered.find(w), len(w)) for w in words if w in lowered), default=(-1, 0)
        )
    if at < 0:
        return body[: 2 * width].strip()
    start = max(0, at - width)
    return ("…" if start else "") + body[start : at + length + width].strip() + "…"


def resolve(session: Session, entity_id: int) -> int:
    """The canonical id of `entity_id` (re-exported for callers that only read)."""
    return resolve_id(session, entity_id)


def entity_exists(session: Session, entity_id: int) -> bool:
    return session.get(Entity, entity_id) is not None


def entity_names(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Name and type of each entity id."""
    rows = session.execute(select(Entity.id, Entity.name, Entity.type).where(Entity.id.in_(ids)))
    return {i: (name, kind) for i, name, kind in rows}
