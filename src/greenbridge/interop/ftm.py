"""Export the graph as FollowTheMoney entities (JSON Lines, one entity a line).

Canonical, current entities become Person, Organization, Event, Project or Asset entities
with their names and aliases; relations become edge entities (Membership, Directorship,
Employment, UnknownLink) or, towards a country, Note; every document is an Article and every
evidence span read in one a Documentation (with a Mention for people and organizations).
The mapping is in `greenbridge.interop.ftm_schema`. Needs, users and match requests are not
exported; evidence entered without a document (user edits, imports) is not either."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

from followthemoney import EntityProxy, model, registry
from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.interop.ftm_ids import FTM_EXTRA, FTM_SCHEMA, document_id, entity_id, relation_id
from greenbridge.interop.ftm_schema import (
    DOCUMENT_SCHEMA,
    ENTITY_PROPERTIES,
    ENTITY_SCHEMATA,
    ONLINE,
    RELATION_PROPERTIES,
    edge_properties,
    entity_schema,
    relation_schema,
)
from greenbridge.interop.ftm_store import GraphView, load_graph
from greenbridge.store.models import Document, Entity, Evidence, Relation

MENTIONED = ("Person", "Organization", "Company", "PublicBody")


def _add(proxy: EntityProxy, prop: str, value: Any) -> None:
    values = value if isinstance(value, list) else [value]
    for item in values:
        if item is None or item == "" or isinstance(item, bool | dict):
            continue
        proxy.add(prop, str(item), cleaned=False, quiet=True)


def _add_extras(proxy: EntityProxy, attributes: dict[str, Any]) -> None:
    for prop, values in (attributes.get(FTM_EXTRA) or {}).items():
        if proxy.schema.get(prop) is not None:
            _add(proxy, prop, values)


def entity_proxy(entity: Entity, aliases: list[str]) -> EntityProxy:
    attributes = entity.attributes or {}
    schema = attributes.get(FTM_SCHEMA) or entity_schema(entity.type, attributes.get("kind"))
    proxy = model.make_entity(schema)
    proxy.id = entity_id(entity)
    proxy.add("name", entity.name, cleaned=False)
    _add(proxy, "alias", [a for a in aliases if a != entity.name])
    for key, prop in ENTITY_PROPERTIES[entity.type].items():
        _add(proxy, prop, attributes.get(key))
    if entity.type == "event" and attributes.get(ONLINE) is True:
        proxy.add("keywords", ONLINE)
    _add_extras(proxy, attributes)
    return proxy


def relation_proxy(relation: Relation, graph: GraphView) -> EntityProxy | None:
    """The edge (or Note) of a relation; None when one of its ends is not exported."""
    attributes = relation.attributes or {}
    subject = graph.ftm_id(relation.subject_id)
    target = graph.ftm_id(relation.object_id) if relation.object_id is not None else None
    country = relation.object_country
    if subject is None or (target is None and not country):
        return None
    title = attributes.get("title") if relation.type == "position" else None
    schema = attributes.get(FTM_SCHEMA) or relation_schema(
        relation.type, title, to_country=target is None
    )
    proxy = model.make_entity(schema)
    proxy.id = relation_id(relation)
    if target is None:
        proxy.add("entity", subject)
        proxy.add("country", country, cleaned=False)
        proxy.add("name", graph.country_link_name(relation), cleaned=False)
    else:
        subject_prop, object_prop = edge_properties(schema)
        proxy.add(subject_prop, subject)
        proxy.add(object_prop, target)
    if schema in ("UnknownLink", "Note"):
        proxy.add("summary", relation.type)
    for key, prop in RELATION_PROPERTIES.items():
        value = attributes.get(key)
        if key == "partner" and isinstance(value, int):
            value = graph.name(value)
        if proxy.schema.get(prop) is not None:
            _add(proxy, prop, value)
    _add_extras(proxy, attributes)
    return proxy


def document_proxy(document: Document) -> EntityProxy:
    proxy = model.make_entity(DOCUMENT_SCHEMA)
    proxy.id = document_id(document)
    _add(proxy, "title", document.title)
    proxy.add("name", document.title or document.source or document.content_hash, cleaned=False)
    _add(proxy, "publisher", document.publisher)
    _add(proxy, "publishedAt", document.published)
    source = document.source
    if source and registry.url.clean(source) == source:
        proxy.add("sourceUrl", source)
    else:
        _add(proxy, "fileName", source)
    proxy.add("contentHash", document.content_hash)
    proxy.add("mimeType", document.media_type, cleaned=False, quiet=True)
    proxy.add("fileSize", str(document.size_bytes))
    _add(proxy, "language", document.language)
    _add(proxy, "bodyText", document.text)
    return proxy


def evidence_proxy(evidence: Evidence, document: str, target: str) -> EntityProxy:
    """A Documentation of one evidence span read in `document` (an FtM id); `target` is the
    FtM id of what it supports. The id is a hash of its values, the same in every store."""
    proxy = model.make_entity("Documentation")
    proxy.add("document", document)
    proxy.add("entity", target)
    role = " ".join(p for p in (evidence.extractor, evidence.extractor_version) if p)
    _add(proxy, "role", role)
    _add(proxy, "summary", evidence.sentence)
    _add(proxy, "description", evidence.text)
    if evidence.start is not None and evidence.end is not None:
        proxy.add("recordId", f"{evidence.start}:{evidence.end}")
    _add(proxy, "status", evidence.attribute)
    _add(proxy, "publisher", evidence.user)
    parts = sorted((p.name, v) for p, v in proxy.itervalues())
    proxy.make_id("greenbridge-evidence", *(f"{name}={value}" for name, value in parts))
    return proxy


def mention_proxy(document: str, target: str, name: str) -> EntityProxy:
    """A Mention of `target` by `name` in `document`; the id is a hash of the cleaned name."""
    proxy = model.make_entity("Mention")
    proxy.add("document", document)
    proxy.add("resolved", target)
    proxy.add("name", name, cleaned=False)
    proxy.make_id("greenbridge-mention", document, target, proxy.first("name"))
    return proxy


def iter_ftm(session: Session) -> Iterator[EntityProxy]:
    """Documents, entities, relations, then the evidence that links them."""
    graph = load_graph(session, exported_types=tuple(ENTITY_SCHEMATA))
    documents: dict[int, str] = {}
    for document in session.scalars(select(Document).order_by(Document.id)):
        documents[document.id] = document_id(document)
        yield document_proxy(document)
    for entity in graph.entities.values():
        yield graph.with_event_links(entity_proxy(entity, graph.aliases.get(entity.id, [])))
    relations: dict[int, str] = {}
    for relation in graph.relations:
        proxy = relation_proxy(relation, graph)
        if proxy is not None and proxy.id is not None:
            relations[relation.id] = proxy.id
            yield proxy
    mentions: set[str] = set()
    for evidence, target, schema in graph.evidence(relations):
        if evidence.document_id not in documents:
            continue
        read_in = documents[evidence.document_id]
        yield evidence_proxy(evidence, read_in, target)
        if schema in MENTIONED and evidence.text and evidence.attribute is None:
            mention = mention_proxy(read_in, target, evidence.text)
            if mention.id not in mentions:
                mentions.add(str(mention.id))
                yield mention


def write_ftm(session: Session, out: IO[str]) -> Counter[str]:
    """Write the FtM export to `out`, one entity a line; returns the count of each schema.

    Entities with the same id (identical evidence spans) are written once, merged."""
    merged: dict[str, EntityProxy] = {}
    for proxy in iter_ftm(session):
        assert proxy.id is not None
        if proxy.id in merged:
            merged[proxy.id].merge(proxy)
        else:
            merged[proxy.id] = proxy
    counts: Counter[str] = Counter()
    for proxy in merged.values():
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        counts[proxy.schema.name] += 1
    return counts
