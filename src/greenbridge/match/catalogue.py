"""Technologies and needs read from the store, with the relations that give them context."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.match.context import Fact, TechnologyContext
from greenbridge.match.rank import Candidate, NeedQuery
from greenbridge.match.records import NEED, TECHNOLOGY, country_code
from greenbridge.store.models import Entity, Evidence, Relation


@dataclass
class Filters:
    """Restrictions a user puts on the technologies: sector, country or region, readiness."""

    sector: str | None = None
    countries: tuple[str, ...] = ()
    min_readiness: int | None = None

    def keep(self, candidate: Candidate) -> bool:
        if self.sector and (candidate.sector or "").lower() != self.sector.lower():
            return False
        if self.countries and candidate.context.country not in self.countries:
            return False
        readiness = candidate.context.readiness
        return not (self.min_readiness and (readiness or 0) < self.min_readiness)


def load_candidates(session: Session) -> list[Candidate]:
    """Every canonical technology of the store with its deployments and cooperation facts
    (retracted technologies and facts left out)."""
    rows = session.scalars(
        select(Entity)
        .where(
            Entity.type == TECHNOLOGY,
            Entity.canonical_id.is_(None),
            Entity.retracted_at.is_(None),
        )
        .order_by(Entity.id)
    ).all()
    deployments = _facts(session, "deployed", [e.id for e in rows])
    cooperation = _provider_cooperation(session, list(rows))
    return [_candidate(e, deployments.get(e.id, []), cooperation.get(e.id, [])) for e in rows]


def _candidate(entity: Entity, deployed: list[Fact], cooperation: list[Fact]) -> Candidate:
    attributes = entity.attributes or {}
    context = TechnologyContext(
        country=attributes.get("country"),
        readiness=attributes.get("readiness"),
        deployments=deployed,
        cooperation=cooperation,
    )
    return Candidate(
        entity_id=entity.id,
        title=str(attributes.get("title") or entity.name),
        description=str(attributes.get("description") or ""),
        sector=attributes.get("sector"),
        key=attributes.get("source_id"),
        context=context,
    )


def _facts(session: Session, kind: str, subject_ids: list[int]) -> dict[int, list[Fact]]:
    """Country facts (`deployed`, `cooperates_with`) of subjects, each with its evidence sentence."""
    found: dict[int, list[Fact]] = defaultdict(list)
    if not subject_ids:
        return found
    query = (
        select(Relation, Evidence.sentence, Evidence.document_id)
        .outerjoin(Evidence, Evidence.relation_id == Relation.id)
        .where(Relation.type == kind, Relation.subject_id.in_(subject_ids))
        .where(
            Relation.object_country.is_not(None),
            Relation.retracted_at.is_(None),
            Relation.review.is_(False),
        )
    )
    for relation, sentence, document_id in session.execute(query):
        text = str(relation.attributes.get("outcome") or relation.attributes.get("what") or kind)
        fact = Fact(kind, relation.object_country, text, sentence, document_id)
        found[relation.subject_id].append(fact)
    return found


def _provider_cooperation(session: Session, technologies: list[Entity]) -> dict[int, list[Fact]]:
    """The cooperation facts of the organizations that developed or provide each technology."""
    developers: dict[int, set[int]] = defaultdict(set)
    developed = select(Relation.subject_id, Relation.object_id).where(
        Relation.type == "developed", Relation.retracted_at.is_(None), Relation.review.is_(False)
    )
    for organization_id, technology_id in session.execute(developed):
        if technology_id is not None:
            developers[technology_id].add(organization_id)
    providers = {str(e.attributes.get("provider") or "").lower(): e.id for e in technologies}
    if providers:
        named = select(Entity.id, Entity.name).where(Entity.type == "organization")
        for organization_id, name in session.execute(named):
            if (technology := providers.get(name.lower())) is not None:
                developers[technology].add(organization_id)
    organizations = sorted({o for ids in developers.values() for o in ids})
    facts = _facts(session, "cooperates_with", organizations)
    return {t: [f for o in ids for f in facts.get(o, [])] for t, ids in developers.items()}


def need_query(entity: Entity) -> NeedQuery:
    """The ranker's view of a stored need."""
    attributes = entity.attributes or {}
    countries = list(attributes.get("countries") or [])
    if attributes.get("country"):
        countries.insert(0, attributes["country"])
    return NeedQuery(
        title=str(attributes.get("title") or entity.name),
        description=str(attributes.get("description") or ""),
        countries=countries,
    )


def text_query(text: str, country: str | None = None) -> NeedQuery:
    """A need typed by a user: the text is its description, the country optional."""
    code = country_code(country) if country else None
    return NeedQuery(title="", description=text, countries=[code] if code else [])


def load_needs(session: Session) -> list[Entity]:
    return list(session.scalars(select(Entity).where(Entity.type == NEED).order_by(Entity.id)))
