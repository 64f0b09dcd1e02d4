"""Who took part in an event and how: organizers, speakers with their titles and other
participants, each with the sentences that say so. Three batched queries whatever the event."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from greenbridge.store.models import Document, Entity, Evidence, Relation

SPEAKER_ROLES = ("speaker", "keynote", "chair", "presider")
MAX_ROLES = 500


@dataclass(frozen=True)
class Sentence:
    text: str
    document_id: int | None
    document_title: str | None
    user: str | None = None


@dataclass
class Role:
    """One organizer, speaker or participant of an event."""

    entity_id: int
    name: str
    type: str
    role: str | None
    relation_id: int
    titles: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class EventRoles:
    organizers: list[Role] = field(default_factory=list)
    speakers: list[Role] = field(default_factory=list)
    participants: list[Role] = field(default_factory=list)


def event_roles(session: Session, record_ids: list[int]) -> EventRoles:
    """The organized and participated relations ending at the event's records, grouped."""
    subject, canonical = aliased(Entity), aliased(Entity)
    rows = session.execute(
        select(
            Relation.id,
            Relation.type,
            Relation.attributes,
            func.coalesce(canonical.id, subject.id),
            func.coalesce(canonical.name, subject.name),
            func.coalesce(canonical.type, subject.type),
        )
        .join(subject, subject.id == Relation.subject_id)
        .outerjoin(canonical, canonical.id == subject.canonical_id)
        .where(
            Relation.object_id.in_(record_ids),
            Relation.type.in_(("organized", "participated")),
            Relation.retracted_at.is_(None),
            Relation.review.is_(False),
        )
        .order_by(Relation.id)
        .limit(MAX_ROLES)
    ).all()
    sentences = _sentences(session, [row[0] for row in rows])
    people = [row[3] for row in rows if row[5] == "person"]
    titles = _titles(session, people)
    roles = EventRoles()
    for relation_id, kind, attributes, entity_id, name, entity_type in rows:
        role = (attributes or {}).get("role")
        item = Role(entity_id, name, entity_type, role, relation_id, titles.get(entity_id, []),
                    sentences.get(relation_id, []))  # fmt: skip
        if kind == "organized":
            roles.organizers.append(item)
        elif role in SPEAKER_ROLES:
            roles.speakers.append(item)
        else:
            roles.participants.append(item)
    return roles


def _sentences(session: Session, relation_ids: list[int]) -> dict[int, list[Sentence]]:
    """Each relation's distinct sentences (per document), oldest evidence first."""
    found: dict[int, list[Sentence]] = defaultdict(list)
    if not relation_ids:
        return found
    rows = session.execute(
        select(
            Evidence.relation_id,
            Evidence.sentence,
            Evidence.text,
            Evidence.document_id,
            Document.title,
            Evidence.user,
        )
        .outerjoin(Document, Document.id == Evidence.document_id)
        .where(Evidence.relation_id.in_(relation_ids))
        .order_by(Evidence.id)
    )
    seen: set[tuple[Any, ...]] = set()
    for relation_id, sentence, text, document_id, title, user in rows:
        words = sentence or text or ""
        key = (relation_id, document_id, words)
        if key in seen or not (words or user):
            continue
        seen.add(key)
        found[relation_id].append(Sentence(words, document_id, title, user))
    return found


def _titles(session: Session, people: list[int]) -> dict[int, list[str]]:
    """`Director, Nile Valley Energy Institute` for each position of each person."""
    found: dict[int, list[str]] = defaultdict(list)
    if not people:
        return found
    person, place = aliased(Entity), aliased(Entity)
    rows = session.execute(
        select(func.coalesce(person.canonical_id, person.id), Relation.attributes, place.name)
        .join(person, person.id == Relation.subject_id)
        .outerjoin(place, place.id == Relation.object_id)
        .where(
            Relation.type == "position",
            or_(person.id.in_(people), person.canonical_id.in_(people)),
            Relation.retracted_at.is_(None),
            Relation.review.is_(False),
        )
        .order_by(Relation.id)
    )
    for person_id, attributes, organization in rows:
        title = str((attributes or {}).get("title") or "").strip()
        label = ", ".join(part for part in (title, organization or "") if part)
        if label and label not in found[person_id]:
            found[person_id].append(label)
    return found
