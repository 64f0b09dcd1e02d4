"""A small graph of every exported kind, with evidence in a document, for interop tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from greenbridge.resolve.normalize import name_key
from greenbridge.store.db import transaction
from greenbridge.store.models import Alias, Article, Document, Entity, Evidence, Relation

TEXT = (
    "The Dryland Water Alliance met in Nairobi on 17 May 2024. Prof. Amina Otieno, Director of "
    "the Lakeside Institute, opened the forum hosted by the Ministry of Water."
)


def _entity(session, type: str, name: str, **attributes) -> Entity:  # type: ignore[no-untyped-def]
    entity = Entity(type=type, name=name, attributes=attributes)
    session.add(entity)
    session.flush()
    session.add(Alias(entity_id=entity.id, name=name, normalized=name_key(name, type)))
    return entity


def _relation(session, type: str, subject: Entity, target: Entity | None = None,
              country: str | None = None, **attributes) -> Relation:  # type: ignore[no-untyped-def]  # fmt: skip
    relation = Relation(type=type, subject_id=subject.id, object_id=target.id if target else None,
                        object_country=country, attributes=attributes)  # fmt: skip
    session.add(relation)
    session.flush()
    return relation


def add_graph(engine: Engine) -> dict[str, int]:
    """Entities of every type, relations of every kind, a merged record, a retracted entity,
    a relation held for review, and evidence spans in one document; returns ids by role."""
    with transaction(engine) as session:
        document = Document(content_hash="ab" * 32, title="Alliance news", publisher="DWA",
                            published="2024-05-20", source="https://example.org/news/1",
                            media_type="text/plain", size_bytes=len(TEXT), language="en",
                            text=TEXT)  # fmt: skip
        document.articles = [Article(position=0, start=0, end=len(TEXT), text=TEXT)]
        session.add(document)
        alliance = _entity(session, "organization", "Dryland Water Alliance", kind="alliance")
        institute = _entity(session, "organization", "Lakeside Institute", country="KE",
                            city="Kisumu", kind="research_institute")  # fmt: skip
        ministry = _entity(session, "organization", "Ministry of Water", country="KE",
                           kind="government")  # fmt: skip
        company = _entity(session, "organization", "AquaPump Ltd", kind="company", country="IN")
        person = _entity(session, "person", "Amina Otieno", honorifics=["Prof."])
        copy = _entity(session, "person", "A. Otieno")
        copy.canonical_id = person.id
        engineer = _entity(session, "person", "Ravi Kumar")
        forum = _entity(session, "event", "Dryland Water Forum", kind="forum", start="2024-05-17",
                        end="2024-05-18", city="Nairobi", country="KE", online=True)  # fmt: skip
        initiative = _entity(session, "initiative", "Water Futures Programme")
        pump = _entity(session, "technology", "Solar water pump", sector="water", readiness=7,
                       description="A pump driven by photovoltaic panels.")  # fmt: skip
        gone = _entity(session, "organization", "Withdrawn Body")
        gone.retracted_at = datetime.now(UTC)
        session.add(Alias(entity_id=institute.id, name="LI", normalized="li"))
        member = _relation(session, "member_of", institute, alliance, role="founding_member")
        _relation(session, "member_of", ministry, alliance)
        director = _relation(session, "position", copy, institute, title="Director")
        _relation(session, "position", engineer, company, title="engineer")
        hosted = _relation(session, "organized", ministry, forum, role="host")
        _relation(session, "participated", person, forum, role="speaker")
        _relation(session, "founded", alliance, initiative, year=2019)
        _relation(session, "developed", company, pump)
        _relation(session, "deployed", pump, country="KE", partner=institute.id,
                  outcome="120 farms irrigated")  # fmt: skip
        _relation(session, "cooperates_with", institute, country="IN", what="water research")
        _relation(session, "part_of", institute, ministry)
        held = _relation(session, "member_of", company, alliance)
        held.review = True
        _relation(session, "member_of", gone, alliance)
        session.flush()
        spans = [
            Evidence(entity_id=alliance.id, document_id=document.id, start=4, end=26,
                     text="Dryland Water Alliance", sentence=TEXT[:58], extractor="ner",
                     extractor_version="3", confidence=0.9),
            Evidence(entity_id=copy.id, document_id=document.id, start=65, end=77,
                     text="Amina Otieno", sentence=TEXT[59:], extractor="ner"),
            Evidence(relation_id=director.id, document_id=document.id, start=59, end=110,
                     text="Amina Otieno, Director of the Lakeside Institute", sentence=TEXT[59:],
                     extractor="relations", confidence=0.8),
            Evidence(entity_id=forum.id, document_id=document.id, attribute="city", text="Nairobi",
                     sentence=TEXT[:58], user="editor", extractor="user"),
            Evidence(relation_id=member.id, user="editor", extractor="user", sentence="typed"),
            Evidence(relation_id=hosted.id, document_id=document.id, text="hosted by the Ministry",
                     sentence=TEXT[59:], extractor="relations"),
        ]  # fmt: skip
        session.add_all(spans)
        return {"alliance": alliance.id, "institute": institute.id, "person": person.id,
                "copy": copy.id, "forum": forum.id, "gone": gone.id, "ministry": ministry.id,
                "company": company.id}  # fmt: skip
