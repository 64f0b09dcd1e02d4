"""A small hand-built graph (documents, entities, relations, evidence) for the report tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from greenbridge.store.models import Alias, Document, Entity, Evidence, Relation


class GraphBuilder:
    """Adds rows the way extraction and resolution would, each fact with its evidence."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def document(self, title: str, text: str, published: str | None) -> Document:
        document = Document(
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            title=title,
            published=published,
            source=f"https://example.org/{title.lower().replace(' ', '-')}",
            media_type="text/plain",
            size_bytes=len(text.encode()),
            text=text,
        )
        self.session.add(document)
        self.session.flush()
        return document

    def _evidence(self, document: Document, part: str, **target: Any) -> Evidence:
        start = document.text.index(part)
        sentence = next(s for s in document.text.split(". ") if part in s)
        row = Evidence(
            document_id=document.id,
            start=start,
            end=start + len(part),
            text=part,
            sentence=sentence,
            extractor="test",
            **target,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def entity(self, type_: str, name: str, document: Document, **attributes: Any) -> Entity:
        """An entity mentioned by `name` in the document; each attribute backed by that mention."""
        entity = Entity(type=type_, name=name, attributes=attributes)
        self.session.add(entity)
        self.session.flush()
        alias = Alias(entity_id=entity.id, name=name, normalized=name.lower())
        self.session.add(alias)
        self.session.flush()
        self._evidence(document, name, alias_id=alias.id)
        for key in attributes:
            self._evidence(document, name, entity_id=entity.id, attribute=key)
        return entity

    def relation(
        self,
        kind: str,
        subject: Entity,
        obj: Entity | None,
        document: Document,
        sentence_part: str,
        *,
        country: str | None = None,
        **attributes: Any,
    ) -> Relation:
        relation = Relation(
            type=kind,
            subject_id=subject.id,
            object_id=obj.id if obj else None,
            object_country=country,
            attributes=attributes,
        )
        self.session.add(relation)
        self.session.flush()
        self._evidence(document, sentence_part, relation_id=relation.id)
        return relation

    def retract(self, row: Entity | Relation) -> None:
        row.retracted_at = datetime.now(UTC)
        row.retracted_by = "tester"
        self.session.flush()


NEWS = (
    "The Riverside Water Summit took place in Nairobi on 14 March 2023. "
    "The Lakeland Institute of Hydrology organized the Riverside Water Summit. "
    "Professor Amara Okafor, Director of the Lakeland Institute of Hydrology, spoke at the summit. "
    "The Lakeland Institute of Hydrology founded the Delta Sensing Lab in 2023. "
    "The Lakeland Institute of Hydrology joined the Green Rivers Alliance as a member. "
    "Solar membrane desalination was deployed in Kenya with the Coastal Water Board, "
    "producing 1,200 tonnes of water per year and training 40 technicians. "
    "The Lakeland Institute of Hydrology developed solar membrane desalination. "
    "The Lakeland Institute of Hydrology cooperates with Morocco on water reuse. "
    "A retracted claim said the Delta Sensing Lab closed"
)
LATER = (
    "The Harbour Energy Forum was held in Lisbon from 2 to 3 October 2024. "
    "Biogas digesters were deployed in Ghana, cutting 500 t CO2 per year and saving USD 2 million. "
    "The Quarry Materials Group developed biogas digesters"
)


def build_sample(session: Session) -> dict[str, Any]:
    """Two documents (March 2023 and October 2024) and the facts they state."""
    b = GraphBuilder(session)
    news = b.document("River News", NEWS, "2023-03-20")
    later = b.document("Energy Letter", LATER, "2024-10-05")
    summit = b.entity(
        "event",
        "Riverside Water Summit",
        news,
        kind="summit",
        start="2023-03-14",
        end="2023-03-14",
        city="Nairobi",
        country="KE",
    )
    institute = b.entity("organization", "Lakeland Institute of Hydrology", news, country="KE")
    person = b.entity("person", "Amara Okafor", news)
    lab = b.entity("initiative", "Delta Sensing Lab", news)
    alliance = b.entity("organization", "Green Rivers Alliance", news)
    board = b.entity("organization", "Coastal Water Board", news)
    tech = b.entity("technology", "solar membrane desalination", news)
    forum = b.entity(
        "event",
        "Harbour Energy Forum",
        later,
        start="2024-10-02",
        end="2024-10-03",
        city="Lisbon",
        country="PT",
    )
    biogas = b.entity("technology", "biogas digesters", later)
    quarry = b.entity("organization", "Quarry Materials Group", later)
    # a second record of the institute, merged into the first by resolution
    duplicate = b.entity("organization", "Lakeland Institute of Hydrology", news)
    duplicate.canonical_id = institute.id
    facts = {
        "organized": b.relation(
            "organized",
            duplicate,
            summit,
            news,
            "The Lakeland Institute of Hydrology organized",
            role="organizer",
        ),
        "participated": b.relation(
            "participated", person, summit, news, "Professor Amara Okafor, Director", role="speaker"
        ),
        "position": b.relation(
            "position",
            person,
            institute,
            news,
            "Amara Okafor, Director of the Lakeland",
            title="Director",
        ),
        "founded": b.relation(
            "founded", institute, lab, news, "founded the Delta Sensing Lab in 2023", year=2023
        ),
        "member_of": b.relation(
            "member_of",
            institute,
            alliance,
            news,
            "joined the Green Rivers Alliance",
            role="member",
        ),
        "deployed": b.relation(
            "deployed",
            tech,
            None,
            news,
            "Solar membrane desalination was deployed in Kenya",
            country="KE",
            partner=board.id,
            outcome="1,200 tonnes of water per year; 40 technicians trained",
        ),
        "developed": b.relation(
            "developed", institute, tech, news, "developed solar membrane desalination"
        ),
        "cooperates_with": b.relation(
            "cooperates_with",
            institute,
            None,
            news,
            "cooperates with Morocco on water reuse",
            country="MA",
            what="water reuse",
        ),
        "biogas": b.relation(
            "deployed", biogas, None, later, "Biogas digesters were deployed in Ghana", country="GH"
        ),
        "biogas_dev": b.relation(
            "developed",
            quarry,
            biogas,
            later,
            "The Quarry Materials Group developed biogas digesters",
        ),
    }
    closed = b.relation("founded", person, lab, news, "A retracted claim said", year=2023)
    b.retract(closed)
    session.commit()
    return {
        "summit": summit,
        "institute": institute,
        "forum": forum,
        "alliance": alliance,
        "tech": tech,
        "person": person,
        **facts,
    }
