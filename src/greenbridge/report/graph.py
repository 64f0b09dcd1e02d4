"""A read-only snapshot of the graph for reports: canonical entities, live relations, evidence
and the documents behind them. Retracted rows are left out; merged records (`canonical_id`)
are read as their canonical entity."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.report.model import Source
from greenbridge.store.models import Alias, Document, Entity, Evidence, Relation


@dataclass
class EntityNode:
    """A canonical entity with the attributes of all its records (the canonical record first)."""

    id: int
    type: str
    name: str
    attributes: dict[str, Any]
    record_ids: list[int]


@dataclass(frozen=True)
class Edge:
    id: int
    type: str
    subject: int
    object: int | None
    country: str | None
    attributes: dict[str, Any]
    evidence_ids: tuple[int, ...]


@dataclass(frozen=True)
class EvidenceRow:
    id: int
    document_id: int | None
    sentence: str | None
    attribute: str | None


@dataclass
class Graph:
    entities: dict[int, EntityNode] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    evidence: dict[int, EvidenceRow] = field(default_factory=dict)
    documents: dict[int, Source] = field(default_factory=dict)
    canonical: dict[int, int] = field(default_factory=dict)
    mentions: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    names: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_subject: dict[int, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    by_object: dict[int, list[Edge]] = field(default_factory=lambda: defaultdict(list))

    def edges_from(self, subject: int, *types: str) -> list[Edge]:
        return [e for e in self.by_subject.get(subject, []) if e.type in types]

    def edges_to(self, obj: int | None, *types: str) -> list[Edge]:
        return [e for e in self.by_object.get(obj, []) if e.type in types] if obj else []

    def node(self, entity_id: int | None) -> EntityNode | None:
        if entity_id is None:
            return None
        return self.entities.get(self.canonical.get(entity_id, -1))

    def name(self, entity_id: int | None) -> str:
        node = self.node(entity_id)
        return node.name if node else ""

    def entity_evidence(self, entity_id: int, *attributes: str) -> list[int]:
        """Evidence of an entity's mentions, or of the given attributes when any is held."""
        ids = self.mentions.get(entity_id, [])
        if attributes:
            chosen = [i for i in ids if self.evidence[i].attribute in attributes]
            if chosen:
                return chosen
        return [i for i in ids if self.evidence[i].attribute is None] or list(ids)

    def sources(self, evidence_ids: list[int] | tuple[int, ...]) -> list[Source]:
        found = {}
        for evidence_id in evidence_ids:
            row = self.evidence.get(evidence_id)
            if row and row.document_id in self.documents:
                found[row.document_id] = self.documents[row.document_id]
        return [found[k] for k in sorted(found)]

    def published(self, evidence_ids: list[int] | tuple[int, ...]) -> str | None:
        """The earliest published date of the documents behind the evidence."""
        dates = [s.published for s in self.sources(evidence_ids) if s.published]
        return min(dates) if dates else None

    def partner(self, edge: Edge) -> int | None:
        """The canonical id of a relation's `partner` attribute when it names an entity id."""
        value = edge.attributes.get("partner")
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            node = self.node(int(value))
            return node.id if node else None
        return None

    def edges_of(self, *types: str) -> list[Edge]:
        return [e for e in self.edges if e.type in types]


def name_key(name: str) -> str:
    """Case, accents aside, punctuation and spacing folded: the key names are looked up by."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def load_graph(session: Session) -> Graph:
    """Read the live graph (not retracted) into memory."""
    graph = Graph()
    _load_entities(session, graph)
    live_aliases = {}
    for alias in session.execute(
        select(Alias.id, Alias.entity_id, Alias.name).where(Alias.retracted_at.is_(None))
    ):
        if alias.entity_id in graph.canonical:
            live_aliases[alias.id] = graph.canonical[alias.entity_id]
            graph.names[name_key(alias.name)].add(graph.canonical[alias.entity_id])
    relation_evidence: dict[int, list[int]] = defaultdict(list)
    columns = (
        Evidence.id,
        Evidence.document_id,
        Evidence.sentence,
        Evidence.attribute,
        Evidence.relation_id,
        Evidence.entity_id,
        Evidence.alias_id,
    )
    for row in session.execute(select(*columns).order_by(Evidence.id)):
        graph.evidence[row.id] = EvidenceRow(row.id, row.document_id, row.sentence, row.attribute)
        if row.relation_id is not None:
            relation_evidence[row.relation_id].append(row.id)
        elif row.entity_id is not None and row.entity_id in graph.canonical:
            graph.mentions[graph.canonical[row.entity_id]].append(row.id)
        elif row.alias_id in live_aliases:
            graph.mentions[live_aliases[row.alias_id]].append(row.id)
    _load_edges(session, graph, relation_evidence)
    for doc in session.execute(
        select(Document.id, Document.title, Document.source, Document.published)
    ):
        graph.documents[doc.id] = Source(doc.id, doc.title, doc.source, doc.published)
    return graph


def _load_entities(session: Session, graph: Graph) -> None:
    records = {
        e.id: e for e in session.scalars(select(Entity).where(Entity.retracted_at.is_(None)))
    }
    for record_id in records:
        root = _root(records, record_id)
        if root is not None:
            graph.canonical[record_id] = root
    for record_id in sorted(records, key=lambda i: (graph.canonical.get(i) != i, i)):
        root = graph.canonical.get(record_id)
        if root is None:
            continue
        record = records[record_id]
        node = graph.entities.get(root)
        if node is None:
            canonical = records[root]
            node = EntityNode(root, canonical.type, canonical.name, {}, [])
            graph.entities[root] = node
        node.record_ids.append(record_id)
        graph.names[name_key(record.name)].add(root)
        for key, value in (record.attributes or {}).items():
            if value not in (None, "", []):
                node.attributes.setdefault(key, value)


def _root(records: dict[int, Entity], record_id: int) -> int | None:
    """Follow `canonical_id` to the canonical record; None when that one is retracted."""
    seen = set()
    current = record_id
    while records[current].canonical_id is not None and current not in seen:
        seen.add(current)
        target = records[current].canonical_id
        if target not in records:
            return None
        current = target
    return current


def _load_edges(session: Session, graph: Graph, evidence: dict[int, list[int]]) -> None:
    for rel in session.scalars(
        select(Relation)
        .where(Relation.retracted_at.is_(None), Relation.review.is_(False))
        .order_by(Relation.id)
    ):
        subject = graph.canonical.get(rel.subject_id)
        obj = graph.canonical.get(rel.object_id) if rel.object_id is not None else None
        if subject is None or (rel.object_id is not None and obj is None):
            continue
        if not evidence.get(rel.id):
            continue  # a fact without evidence is not reported
        edge = Edge(
            rel.id,
            rel.type,
            subject,
            obj,
            rel.object_country,
            dict(rel.attributes or {}),
            tuple(evidence[rel.id]),
        )
        graph.edges.append(edge)
        graph.by_subject[subject].append(edge)
        if obj is not None:
            graph.by_object[obj].append(edge)
