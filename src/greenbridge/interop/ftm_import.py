"""Read FollowTheMoney entities (JSON Lines, as `ftm` and OpenSanctions write them) into the
store: an alliance's member list kept elsewhere, or a greenbridge FtM export read back.

Things become entities, edges relations, documents documents, Documentation and Mention
evidence. Every imported entity, name and relation gets an Evidence row naming the import.
An entity or relation keeps its FtM id (attribute `ftm_id`): importing the same file again
adds nothing twice, and an export writes the same ids back. Properties the store has no
place for are kept (attribute `ftm`) and written back too. Services never commit."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import followthemoney
from followthemoney import EntityProxy, model
from followthemoney.exc import FollowTheMoneyException
from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.interop.ftm_documents import import_document
from greenbridge.interop.ftm_evidence import Targets, import_evidence
from greenbridge.interop.ftm_ids import (
    FTM_EXTRA,
    FTM_ID,
    FTM_SCHEMA,
    own_entity_id,
    own_relation_id,
)
from greenbridge.interop.ftm_schema import (
    COUNTRY_LINK,
    EDGES,
    ENTITY_PROPERTIES,
    IMPORT_TYPES,
    ONLINE,
    RELATION_PROPERTIES,
    entity_schema,
    relation_schema,
)
from greenbridge.resolve.normalize import name_key
from greenbridge.schema import entity_types, relation_types
from greenbridge.store.models import Alias, Entity, Evidence, Relation

IMPORT_EXTRACTOR = "ftm_import"
LIST_ATTRIBUTES = {"honorifics"}
# a schema whose descendants are not read as the same type (a Company or a Vessel is an Asset)
EXACT = {"Asset"}
# properties an export writes from other rows; read back from those rows, not from here
DERIVED = {"Event": {"organizer", "involved"}, COUNTRY_LINK: {"name"}}


class FtmImportError(ValueError):
    """A file that is not FollowTheMoney JSON Lines; the message says which line and why."""


@dataclass
class FtmImport:
    """What an import did: counts by kind (entity, relation, document, evidence, matched,
    skipped) and why entities were skipped."""

    counts: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)

    def skip(self, proxy: EntityProxy, why: str) -> None:
        self.counts["skipped"] += 1
        self.skipped.append(f"{proxy.schema.name} {proxy.id}: {why}")


def read_ftm(lines: Iterable[str]) -> Iterator[EntityProxy]:
    """Entities of a JSON Lines file, their values cleaned as FtM cleans untrusted input."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            proxy = model.get_proxy(data, cleaned=False)
        except (json.JSONDecodeError, FollowTheMoneyException, TypeError, KeyError) as exc:
            raise FtmImportError(f"line {number}: not a FollowTheMoney entity ({exc})") from exc
        if not proxy.id:
            raise FtmImportError(f"line {number}: an entity without an id")
        yield proxy


@dataclass
class _Context:
    session: Session
    note: str
    user: str | None
    report: FtmImport
    documents: dict[str, int] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    known_entities: dict[str, int] = field(default_factory=dict)
    known_relations: dict[str, int] = field(default_factory=dict)

    def evidence(self, text: str | None = None, **owner: int) -> Evidence:
        return Evidence(extractor=IMPORT_EXTRACTOR, extractor_version=followthemoney.__version__,
                        sentence=self.note, text=text, user=self.user, confidence=1.0,
                        **owner)  # fmt: skip


def import_ftm(
    session: Session, proxies: Iterable[EntityProxy], *, source: str, user: str | None = None
) -> FtmImport:
    """Import entities in the caller's transaction; `source` names the file in the evidence."""
    with session.no_autoflush:  # flushed where ids are needed, not before every lookup
        return _import(session, _merged(proxies), source=source, user=user)


def _import(
    session: Session, items: list[EntityProxy], *, source: str, user: str | None
) -> FtmImport:
    context = _Context(session, f"Imported from the FollowTheMoney file {source}", user,
                       FtmImport(), known_entities=imported_ids(session, Entity),
                       known_relations=imported_ids(session, Relation))  # fmt: skip
    for proxy in items:
        if proxy.schema.is_a("Document"):
            context.documents[str(proxy.id)] = import_document(session, proxy, context.report)
    for proxy in items:
        if _store_type(proxy) is not None:
            _import_entity(context, proxy)
    for proxy in items:
        if _edge(proxy) or proxy.schema.name == COUNTRY_LINK:
            _import_relation(context, proxy)
    targets = Targets(context.documents, context.entities, context.relations)
    context.report.counts.update(
        import_evidence(session, items, targets, imported=context.evidence())
    )
    for proxy in items:
        if not _handled(proxy):
            context.report.skip(proxy, "no greenbridge type for this schema")
    session.flush()
    return context.report


def _merged(proxies: Iterable[EntityProxy]) -> list[EntityProxy]:
    """Fragments of one entity (lines with the same id) merged, in the order first seen."""
    found: dict[str, EntityProxy] = {}
    for proxy in proxies:
        key = str(proxy.id)
        if key in found:
            found[key].merge(proxy)
        else:
            found[key] = proxy
    return list(found.values())


def _handled(proxy: EntityProxy) -> bool:
    schema = proxy.schema
    return (schema.is_a("Document") or _store_type(proxy) is not None or _edge(proxy)
            or schema.name in (COUNTRY_LINK, "Documentation", "Mention"))  # fmt: skip


def _store_type(proxy: EntityProxy) -> str | None:
    for schema, type in IMPORT_TYPES.items():
        if proxy.schema.name == schema or (schema not in EXACT and proxy.schema.is_a(schema)):
            return type
    return None


def _edge(proxy: EntityProxy) -> bool:
    return proxy.schema.name in EDGES


def imported_ids(session: Session, model_: type[Entity] | type[Relation]) -> dict[str, int]:
    """Store ids of the rows imported before, by their FtM id (one query)."""
    column = model_.attributes[FTM_ID].as_string()
    return {key: id for id, key in session.execute(
        select(model_.id, column).where(column.is_not(None)).order_by(model_.id.desc())
    ) if key}  # fmt: skip


def _existing_entity(context: _Context, proxy: EntityProxy, type: str, name: str) -> int | None:
    """An entity imported before with this FtM id, or the one of this store an export of it
    named (same id, type and name)."""
    assert proxy.id is not None
    session = context.session
    found = context.known_entities.get(proxy.id)
    own = own_entity_id(proxy.id, type)
    if found is None and own is not None and (entity := session.get(Entity, own)) is not None:
        mine = entity.type == type and entity.name == name
        found = entity.id if mine and FTM_ID not in (entity.attributes or {}) else None
    return found


def _import_entity(context: _Context, proxy: EntityProxy) -> None:
    type = _store_type(proxy)
    names = proxy.get("name")
    assert type is not None and proxy.id is not None
    if not names:
        context.report.skip(proxy, "no name")
        return
    existing = _existing_entity(context, proxy, type, names[0])
    if existing is not None:
        context.entities[proxy.id] = existing
        context.report.counts["matched"] += 1
        return
    attributes, used = _entity_attributes(proxy, type)
    attributes[FTM_ID] = proxy.id
    if entity_schema(type, attributes.get("kind")) != proxy.schema.name:
        attributes[FTM_SCHEMA] = proxy.schema.name
    _keep_extras(attributes, proxy, {"name": names[:1], "alias": proxy.get("alias"), **used})
    entity = Entity(type=type, name=names[0][:500], attributes=attributes)
    context.session.add(entity)
    context.session.flush()
    context.session.add(context.evidence(proxy.id, entity_id=entity.id))
    aliases = [Alias(entity_id=entity.id, name=name[:500], normalized=name_key(name, type))
               for name in dict.fromkeys([names[0], *proxy.get("alias")])]  # fmt: skip
    context.session.add_all(aliases)
    context.session.flush()
    for alias in aliases:
        context.session.add(context.evidence(alias.name, alias_id=alias.id))
    context.entities[proxy.id] = entity.id
    context.report.counts["entity"] += 1


def _entity_attributes(proxy: EntityProxy, type: str) -> tuple[dict[str, Any], dict[str, list]]:
    """Store attributes from the mapped properties, and the values they used, by property."""
    attributes: dict[str, Any] = {}
    used: dict[str, list[str]] = {}
    kinds = set(entity_types()[type].kinds)
    for key, prop in ENTITY_PROPERTIES[type].items():
        values = [v for v in proxy.get(prop, quiet=True) if v not in used.get(prop, [])]
        if key == "kind":
            values = [v for v in values if v in kinds]
        if type == "event" and prop == "keywords" and ONLINE in proxy.get(prop):
            attributes[ONLINE] = True
            used.setdefault(prop, []).append(ONLINE)
            values = [v for v in values if v != ONLINE]
        if not values:
            continue
        taken = values if key in LIST_ATTRIBUTES else values[:1]
        if key in LIST_ATTRIBUTES:
            attributes[key] = taken
        else:
            attributes[key] = taken[0].upper() if key == "country" else taken[0]
        used.setdefault(prop, []).extend(taken)
    return attributes, used


def _keep_extras(attributes: dict[str, Any], proxy: EntityProxy, used: dict[str, list]) -> None:
    derived = DERIVED.get(proxy.schema.name, set())
    extras: dict[str, list[str]] = {}
    for prop, value in proxy.itervalues():
        if prop.name in derived or value in used.get(prop.name, []):
            continue
        extras.setdefault(prop.name, []).append(value)
    if extras:
        attributes[FTM_EXTRA] = extras


def _relation_type(proxy: EntityProxy) -> str | None:
    fixed = EDGES.get(proxy.schema.name, (None, "", ""))[0]
    if fixed is not None:
        return fixed
    summary = proxy.first("summary", quiet=True)
    return summary if summary in relation_types() else None


def _ends(context: _Context, proxy: EntityProxy) -> tuple[int | None, int | None, str | None]:
    if proxy.schema.name == COUNTRY_LINK:
        subject = context.entities.get(proxy.first("entity") or "")
        country = proxy.first("country")
        return subject, None, country.upper() if country else None
    _, subject_prop, object_prop = EDGES[proxy.schema.name]
    subject = context.entities.get(proxy.first(subject_prop) or "")
    return subject, context.entities.get(proxy.first(object_prop) or ""), None


def _import_relation(context: _Context, proxy: EntityProxy) -> None:
    assert proxy.id is not None
    type = _relation_type(proxy)
    if type is None:
        context.report.skip(proxy, "no greenbridge relation type (summary)")
        return
    subject, target, country = _ends(context, proxy)
    if subject is None or (target is None and country is None):
        context.report.skip(proxy, "an end that is not in the file or the store")
        return
    problem = _type_problem(context.session, type, subject, target)
    if problem:
        context.report.skip(proxy, problem)
        return
    existing = context.known_relations.get(proxy.id)
    if existing is None:
        existing = _own_relation(context.session, proxy.id, (type, subject, target, country))
    if existing is not None:
        context.relations[proxy.id] = existing
        context.report.counts["matched"] += 1
        return
    attributes, used = _relation_attributes(proxy, type)
    attributes[FTM_ID] = proxy.id
    title = attributes.get("title")
    if relation_schema(type, title, to_country=target is None) != proxy.schema.name:
        attributes[FTM_SCHEMA] = proxy.schema.name
    subject_prop, object_prop = ("entity", "country") if target is None else EDGES[
        proxy.schema.name][1:]  # fmt: skip
    used.update({subject_prop: proxy.get(subject_prop), object_prop: proxy.get(object_prop)})
    if proxy.schema.name in ("UnknownLink", COUNTRY_LINK):
        used["summary"] = [type]
    _keep_extras(attributes, proxy, used)
    relation = Relation(type=type, subject_id=subject, object_id=target, object_country=country,
                        attributes=attributes)  # fmt: skip
    context.session.add(relation)
    context.session.flush()
    context.session.add(context.evidence(proxy.id, relation_id=relation.id))
    context.relations[proxy.id] = relation.id
    context.report.counts["relation"] += 1


def _own_relation(session: Session, ftm_id: str, shape: tuple[object, ...]) -> int | None:
    """The relation of this store an export of it named: same id, type and (canonical) ends."""
    own = own_relation_id(ftm_id)
    found = session.get(Relation, own) if own is not None else None
    if found is None or FTM_ID in (found.attributes or {}):
        return None
    ends = [_canonical(session, i) for i in (found.subject_id, found.object_id)]
    return found.id if (found.type, *ends, found.object_country) == shape else None


def _canonical(session: Session, entity_id: int | None) -> int | None:
    entity = session.get(Entity, entity_id) if entity_id is not None else None
    return (entity.canonical_id or entity.id) if entity is not None else None


def _type_problem(session: Session, type: str, subject: int, target: int | None) -> str | None:
    spec = relation_types()[type]
    subject_type = session.get_one(Entity, subject).type
    if subject_type not in spec.subject:
        return f"a {subject_type} cannot be the subject of {type}"
    object_type = "country" if target is None else session.get_one(Entity, target).type
    if object_type not in spec.object:
        return f"a {object_type} cannot be the object of {type}"
    return None


def _relation_attributes(proxy: EntityProxy, type: str) -> tuple[dict[str, Any], dict[str, list]]:
    attributes: dict[str, Any] = {}
    used: dict[str, list[str]] = {}
    for key in relation_types()[type].properties:
        prop = RELATION_PROPERTIES.get(key)
        value = proxy.first(prop, quiet=True) if prop else None
        if prop and value and prop not in used:
            attributes[key] = value
            used[prop] = [value]
    return attributes, used
