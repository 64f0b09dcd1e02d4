"""Partners for a need: organizations and people ranked by their matching technologies, their
events and their cooperation with the need's country (all read from Relation rows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.match.context import closeness
from greenbridge.match.rank import NeedQuery, Ranker
from greenbridge.store.models import Entity, Relation

# Points per kind of link; general values.
TECHNOLOGY_POINTS = 1.0  # times the technology's calibrated relevance
COOPERATION_POINTS = {"country": 1.0, "subregion": 0.5, "continent": 0.2}
EVENT_POINTS = {"country": 0.5, "subregion": 0.25, "continent": 0.1}
PERSON_SHARE = 0.5  # a person inherits this share of the score of the organizations they work for


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
    session: Session, ranker: Ranker, need: NeedQuery, limit: int = 10
) -> list[Partner]:
    """The organizations (and providers named on technologies) and people, best first."""
    partners: dict[str, Partner] = {}
    organization_ids = _credit_technologies(session, ranker, need, partners)
    _credit_country_links(session, need, partners, organization_ids)
    _credit_people(session, partners)
    ranked = sorted((p for p in partners.values() if p.score > 0), key=lambda p: -p.score)
    return ranked[:limit]


def _partner(partners: dict[str, Partner], entity: Entity) -> Partner:
    key = f"entity:{entity.id}"
    if key not in partners:
        partners[key] = Partner(entity.name, entity.type, entity_id=entity.id)
    return partners[key]


def _credit_technologies(
    session: Session, ranker: Ranker, need: NeedQuery, partners: dict[str, Partner]
) -> set[int]:
    relevant = {r.candidate.entity_id: r for r in ranker.rank(need, 30) if r.relevant >= 0.2}
    developers = select(Relation.subject_id, Relation.object_id).where(
        Relation.type == "developed", Relation.object_id.in_(relevant)
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
    session: Session, need: NeedQuery, partners: dict[str, Partner], organization_ids: set[int]
) -> None:
    if not need.countries:
        return
    cooperation = select(Relation).where(
        Relation.type == "cooperates_with", Relation.object_country.is_not(None)
    )
    for relation in session.scalars(cooperation):
        near = _nearest(need.countries, relation.object_country)
        organization = session.get(Entity, relation.subject_id)
        if near and organization is not None:
            _partner(partners, organization).add(
                COOPERATION_POINTS[near], f"cooperates with {relation.object_country}"
            )
    events = select(Relation).where(Relation.type.in_(("organized", "participated")))
    for relation in session.scalars(events):
        event = session.get(Entity, relation.object_id) if relation.object_id else None
        near = _nearest(need.countries, (event.attributes or {}).get("country")) if event else None
        subject = session.get(Entity, relation.subject_id)
        if near and event is not None and subject is not None:
            _partner(partners, subject).add(
                EVENT_POINTS[near], f"{relation.type} {event.name} ({event.attributes['country']})"
            )


def _nearest(countries: list[str], other: str | None) -> str | None:
    order = ["country", "subregion", "continent"]
    found = [closeness(country, other) for country in countries]
    return next((level for level in order if level in found), None)


def _credit_people(session: Session, partners: dict[str, Partner]) -> None:
    organizations = {p.entity_id: p for p in list(partners.values()) if p.type == "organization"}
    if not organizations:
        return
    positions = select(Relation).where(
        Relation.type == "position", Relation.object_id.in_([i for i in organizations if i])
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
