"""The part of the store a FollowTheMoney export reads: canonical entities with every name of
the records merged into them, current relations between them, and their evidence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pycountry
from followthemoney import EntityProxy
from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.interop.ftm_ids import entity_id
from greenbridge.interop.ftm_schema import entity_schema
from greenbridge.schema import entity_types
from greenbridge.store.models import Alias, Entity, Evidence, Relation

EVENT_LINKS = {"organized": "organizer", "participated": "involved"}


@dataclass
class GraphView:
    entities: dict[int, Entity]  # canonical, current, of an exported type, by id
    canonical: dict[int, int]  # every entity record -> its canonical id
    aliases: dict[int, list[str]]  # canonical id -> names, in order, without repeats
    alias_owner: dict[int, int]  # alias id -> entity record id
    relations: list[Relation] = field(default_factory=list)
    session: Session | None = None
    _event_links: dict[str, list[tuple[str, str]]] | None = None

    def ftm_id(self, record_id: int | None) -> str | None:
        """The FtM id of the canonical entity a record resolves to; None if not exported."""
        entity = self.entities.get(self.canonical.get(record_id or 0, 0))
        return entity_id(entity) if entity is not None else None

    def name(self, record_id: int) -> str | None:
        entity = self.entities.get(self.canonical.get(record_id, 0))
        return entity.name if entity is not None else None

    def country_link_name(self, relation: Relation) -> str:
        country = pycountry.countries.get(alpha_2=relation.object_country or "")
        where = country.name if country else relation.object_country
        return f"{self.name(relation.subject_id)} {relation.type.replace('_', ' ')} {where}"

    def with_event_links(self, proxy: EntityProxy) -> EntityProxy:
        """An Event names its organizers and participants (the edges carry their roles)."""
        if proxy.schema.name != "Event":
            return proxy
        if self._event_links is None:
            self._event_links = {}
            for relation in self.relations:
                prop = EVENT_LINKS.get(relation.type)
                event, subject = self.ftm_id(relation.object_id), self.ftm_id(relation.subject_id)
                if prop and event and subject:
                    self._event_links.setdefault(event, []).append((prop, subject))
        for prop, subject in self._event_links.get(str(proxy.id), []):
            proxy.add(prop, subject)
        return proxy

    def evidence(self, relations: dict[int, str]) -> Iterator[tuple[Evidence, str, str]]:
        """Evidence read in a document, with the FtM id and schema of what it supports."""
        assert self.session is not None
        for evidence in self.session.scalars(
            select(Evidence).where(Evidence.document_id.is_not(None)).order_by(Evidence.id)
        ):
            if evidence.relation_id is not None:
                if evidence.relation_id in relations:
                    yield evidence, relations[evidence.relation_id], "Relation"
                continue
            record = evidence.entity_id or self.alias_owner.get(evidence.alias_id or 0)
            entity = self.entities.get(self.canonical.get(record or 0, 0))
            if entity is None:
                continue
            schema = entity_schema(entity.type, (entity.attributes or {}).get("kind"))
            yield evidence, self.ftm_id(entity.id) or "", schema


def load_graph(session: Session, *, exported_types: tuple[str, ...]) -> GraphView:
    """Canonical current entities of `exported_types` with their names, and the current,
    published relations between them (ends moved to the canonical entities)."""
    known = set(exported_types) & set(entity_types())
    records = list(session.scalars(select(Entity).order_by(Entity.id)))
    canonical = {e.id: e.canonical_id or e.id for e in records}
    entities = {e.id: e for e in records if e.canonical_id is None and e.retracted_at is None
                and e.type in known}  # fmt: skip
    aliases: dict[int, list[str]] = {}
    for record in records:
        if record.canonical_id is not None and record.retracted_at is None:
            _append(aliases, canonical[record.id], record.name)
    alias_owner: dict[int, int] = {}
    for alias in session.scalars(select(Alias).order_by(Alias.id)):
        alias_owner[alias.id] = alias.entity_id
        if alias.retracted_at is None:
            _append(aliases, canonical.get(alias.entity_id, alias.entity_id), alias.name)
    graph = GraphView(entities, canonical, aliases, alias_owner, session=session)
    graph.relations = [
        r
        for r in session.scalars(
            select(Relation)
            .where(Relation.retracted_at.is_(None), Relation.review.is_(False))
            .order_by(Relation.id)
        )
        if graph.ftm_id(r.subject_id) and (r.object_country or graph.ftm_id(r.object_id))
    ]
    return graph


def _append(names: dict[int, list[str]], owner: int, name: str) -> None:
    found = names.setdefault(owner, [])
    if name not in found:
        found.append(name)
