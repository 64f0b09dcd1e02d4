"""Partners for a need: organizations and people ranked by their matching technologies, their
events near the need's country (weighted by how close each event is to the need's subject) and
their cooperation with that country (for organizations that offer something for the need). An
organization whose only link is to the region is no partner for this need: nothing is padded."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.index.embedders import Embedder
from greenbridge.match.context import nearest
from greenbridge.match.rank import NeedQuery, TechnologyRanker
from greenbridge.store.models import Entity, Relation

# Points per kind of link; general values.
TECHNOLOGY_POINTS = 1.0  # times the technology's calibrated relevance
COOPERATION_POINTS = {"country": 1.0, "subregion": 0.5, "continent": 0.2}
EVENT_POINTS = {"country": 0.5, "subregion": 0.25, "continent": 0.1}
PERSON_SHARE = 0.5  # a person inherits this share of the score of the organizations they work for
# Cosines of a need and an event name (MiniLM) below TOPIC_RANGE[0] give no credit, above
# TOPIC_RANGE[1] full credit: on needs and event names written for the purpose, names about the
# need's subject scored 0.25-0.69 and unrelated ones below 0.15.
TOPIC_RANGE = (0.15, 0.30)


@dataclass
class Partner:
    name: str
    type: str
    score: float = 0.0
    entity_id: int | None = None
    reasons: list[str] = field(default_factory=list)

    def add(self, points: float, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)


def rank_partners(
    session: Session, ranker: TechnologyRanker, need: NeedQuery, limit: int = 10
) -> list[Partner]:
    """The organizations (and providers named on technologies) and people, best first."""
    partners: dict[str, Partner] = {}
    organization_ids = _credit_technologies(session, ranker, need, partners)
    _credit_country_links(session, ranker, need, partners, organization_ids)
    _credit_people(session, partners)
    found = (p for p in partners.values() if p.score > 0 and not _is_place(p))
    return sorted(found, key=lambda p: -p.score)[:limit]


def _is_place(partner: Partner) -> bool:
    """A "person" named like a country or a city is a misread place (a town read as a speaker)."""
    from greenbridge.extract.places import city_country, country_code

    name = partner.name.strip()
    return partner.type == "person" and bool(country_code(name) or city_country(name))


def _partner(partners: dict[str, Partner], entity: Entity) -> Partner:
    key = f"entity:{entity.id}"
    if key not in partners:
        partners[key] = Partner(entity.name, entity.type, entity_id=entity.id)
    return partners[key]


def _credit_technologies(
    session: Session, ranker: TechnologyRanker, need: NeedQuery, partners: dict[str, Partner]
) -> set[int]:
    relevant = {r.candidate.entity_id: r for r in ranker.rank(need, 30) if r.relevant >= 0.2}
    developers = select(Relation.subject_id, Relation.object_id).where(
        Relation.type == "developed",
        Relation.object_id.in_(relevant),
        Relation.retracted_at.is_(None),
        Relation.review.is_(False),
    )
    for organization_id, technology_id in session.execute(developers):
        organization = session.get(Entity, organization_id)
        if organization is not None and technology_id is not None:
            item = relevant[technology_id]
            _partner(partners, organization).add(
                TECHNOLOGY_POINTS * item.relevant, f"developed {item.candidate.title}"
            )
    for item in relevant.values():
        provider = (ranker_provider(item.candidate.entity_id, session) or "").strip()
        if provider:
            key = f"provider:{provider.lower()}"
            partner = partners.setdefault(key, Partner(provider, "organization"))
            partner.add(TECHNOLOGY_POINTS * item.relevant, f"provides {item.candidate.title}")
    return {p.entity_id for p in partners.values() if p.entity_id is not None}


def ranker_provider(technology_id: int, session: Session) -> str | None:
    entity = session.get(Entity, technology_id)
    return None if entity is None else entity.attributes.get("provider")


def _credit_country_links(
    session: Session,
    ranker: TechnologyRanker,
    need: NeedQuery,
    partners: dict[str, Partner],
    organization_ids: set[int],
) -> None:
    if need.countries:
        _credit_cooperation(session, need, partners, organization_ids)
        _credit_events(session, ranker, need, partners)


def _credit_cooperation(
    session: Session, need: NeedQuery, partners: dict[str, Partner], organization_ids: set[int]
) -> None:
    """Cooperation with the need's country or region raises the organizations that already
    offer something for the need; on its own it says nothing about the need's subject."""
    if not organization_ids:
        return
    rows = session.execute(
        select(Relation.subject_id, Relation.object_country).where(
            Relation.type == "cooperates_with",
            Relation.object_country.is_not(None),
            Relation.subject_id.in_(organization_ids),
            Relation.retracted_at.is_(None),
            Relation.review.is_(False),
        )
    ).all()
    entities = _entities(session, {subject for subject, _ in rows})
    for subject_id, country in rows:
        near = nearest(need.countries, country)
        if near and subject_id in entities:
            _partner(partners, entities[subject_id]).add(
                COOPERATION_POINTS[near], f"cooperates with {country}"
            )


def _credit_events(
    session: Session, ranker: TechnologyRanker, need: NeedQuery, partners: dict[str, Partner]
) -> None:
    """Organizers and participants of events held near the need's country, in proportion to how
    close the event's name is to the need's subject (`topicality`)."""
    events = session.execute(
        select(Entity.id, Entity.name, Entity.attributes).where(
            Entity.type == "event", Entity.canonical_id.is_(None), Entity.retracted_at.is_(None)
        )
    ).all()
    nearby = [
        (event_id, name, country, level)
        for event_id, name, attributes in events
        if (level := nearest(need.countries, country := (attributes or {}).get("country")))
    ]
    if not nearby:
        return
    weights = topicality(ranker.embedder, need.text, [name for _, name, _, _ in nearby])
    relevant = {
        row[0]: (row, weight) for row, weight in zip(nearby, weights, strict=True) if weight
    }
    links = session.execute(
        select(Relation.type, Relation.subject_id, Relation.object_id).where(
            Relation.type.in_(("organized", "participated")),
            Relation.object_id.in_(relevant),
            Relation.retracted_at.is_(None),
            Relation.review.is_(False),
        )
    ).all()
    entities = _entities(session, {subject for _, subject, _ in links})
    for kind, subject_id, event_id in links:
        (_, name, country, level), weight = relevant[event_id]
        if subject_id in entities:
            _partner(partners, entities[subject_id]).add(
                EVENT_POINTS[level] * weight, f"{kind} {name} ({country})"
            )


def topicality(embedder: Embedder, need: str, names: list[str]) -> list[float]:
    """How much each name is about the need, from 0 to 1: the cosine of their MiniLM vectors,
    rescaled from TOPIC_RANGE (0 at its low end and below, 1 at its high end and above)."""
    low, high = TOPIC_RANGE
    vectors = _name_vectors(embedder, names)
    cosines = vectors @ embedder.embed([need])[0]
    return [float(np.clip((c - low) / (high - low), 0.0, 1.0)) for c in cosines]


_NAME_VECTORS: dict[str, NDArray[np.float32]] = {}
_NAME_CACHE_SIZE = 50_000


def _name_vectors(embedder: Embedder, names: list[str]) -> NDArray[np.float32]:
    """Vectors of names, embedded once per process (a bounded cache: event names repeat)."""
    missing = list(dict.fromkeys(n for n in names if n not in _NAME_VECTORS))
    if missing:
        if len(_NAME_VECTORS) + len(missing) > _NAME_CACHE_SIZE:
            _NAME_VECTORS.clear()
        _NAME_VECTORS.update(zip(missing, embedder.embed(missing), strict=True))
    return np.stack([_NAME_VECTORS[n] for n in names])


def _entities(session: Session, ids: set[int]) -> dict[int, Entity]:
    if not ids:
        return {}
    return {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(ids)))}


def _credit_people(session: Session, partners: dict[str, Partner]) -> None:
    organizations = {p.entity_id: p for p in list(partners.values()) if p.type == "organization"}
    if not organizations:
        return
    positions = select(Relation).where(
        Relation.type == "position",
        Relation.object_id.in_([i for i in organizations if i]),
        Relation.retracted_at.is_(None),
        Relation.review.is_(False),
    )
    for relation in session.scalars(positions):
        person = session.get(Entity, relation.subject_id)
        organization = organizations.get(relation.object_id)
        if person is None or organization is None:
            continue
        title = relation.attributes.get("title") or "works"
        _partner(partners, person).add(
            PERSON_SHARE * organization.score, f"{title} at {organization.name}"
        )
