"""A small registry written for the tests: a newsletter, organizations of three countries,
people with honorifics and positions, two events with organizers, speakers and participants,
a deployed technology, and a crowd of people to page through. Every fact has its sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from greenbridge.resolve.normalize import name_key
from greenbridge.store.db import transaction
from greenbridge.store.models import Alias, Document, Entity, Evidence, Relation

NEWSLETTER = (
    "The Solar Drying Forum 2024 was held in Nairobi, Kenya, from 14 to 16 May 2024. "
    "It was hosted by the Kenya Solar Institute, a research institute in Nairobi. "
    "Dr. Prof. Amina Otieno, Director of the Kenya Solar Institute, gave the opening address. "
    "Delegates of the Nile Valley Energy Institute attended the forum. "
    "The solar crop dryer has been deployed in Kenya."
)
CROWD = 7  # people named "Crowd Member N", for paging


@dataclass
class Seeded:
    document_id: int = 0
    other_document_id: int = 0
    ids: dict[str, int] = field(default_factory=dict)


def _sentence(fragment: str, text: str = NEWSLETTER) -> tuple[str, int, int]:
    at = text.index(fragment)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", at)
    return text[start : end + 1 if end >= 0 else len(text)], at, at + len(fragment)


class _Writer:
    def __init__(self, session: Session, seeded: Seeded) -> None:
        self.session, self.seeded = session, seeded

    def entity(self, key: str, entity_type: str, name: str, mention: str | None = None,
               document: int | None = None, **attributes: Any) -> int:  # fmt: skip
        entity = Entity(type=entity_type, name=name, attributes=attributes)
        self.session.add(entity)
        self.session.flush()
        alias = Alias(entity_id=entity.id, name=name, normalized=name_key(name, entity_type))
        self.session.add(alias)
        self.session.flush()
        self.seeded.ids[key] = entity.id
        if mention:
            self.evidence(mention, alias_id=alias.id, document=document)
        return entity.id

    def evidence(self, fragment: str, document: int | None = None, **owner: Any) -> None:
        sentence, start, end = _sentence(fragment)
        self.session.add(
            Evidence(
                document_id=document or self.seeded.document_id,
                start=start,
                end=end,
                text=fragment,
                sentence=sentence,
                extractor="test",
                confidence=0.9,
                **owner,
            )
        )

    def relation(self, kind: str, subject: str, target: str | None, fragment: str,
                 country: str | None = None, **attributes: Any) -> None:  # fmt: skip
        ids = self.seeded.ids
        relation = Relation(type=kind, subject_id=ids[subject],
                            object_id=ids[target] if target else None, object_country=country,
                            attributes=attributes)  # fmt: skip
        self.session.add(relation)
        self.session.flush()
        self.evidence(fragment, relation_id=relation.id)


def _documents(session: Session, seeded: Seeded) -> None:
    newsletter = Document(content_hash="a" * 64, title="Alliance newsletter, May 2024",
                          published="2024-05-20", media_type="text/plain",
                          size_bytes=len(NEWSLETTER), text=NEWSLETTER)  # fmt: skip
    other = Document(content_hash="b" * 64, title="Water week report", published="2023-03-25",
                     media_type="text/plain", size_bytes=10, text=NEWSLETTER)  # fmt: skip
    session.add_all([newsletter, other])
    session.flush()
    seeded.document_id, seeded.other_document_id = newsletter.id, other.id


def seed_registry(engine: Engine) -> Seeded:
    seeded = Seeded()
    with transaction(engine) as session:
        _documents(session, seeded)
        w = _Writer(session, seeded)
        w.entity("ksi", "organization", "Kenya Solar Institute", "Kenya Solar Institute",
                 country="KE", kind="research_institute", city="Nairobi")  # fmt: skip
        w.evidence("a research institute in Nairobi", entity_id=seeded.ids["ksi"],
                   attribute="country")  # fmt: skip
        w.evidence("Kenya Solar Institute, gave", alias_id=None, entity_id=seeded.ids["ksi"])
        w.entity("nvei", "organization", "Nile Valley Energy Institute",
                 "Nile Valley Energy Institute", country="EG", kind="university")  # fmt: skip
        w.entity("awn", "organization", "Andes Water Network", country="PE", kind="ngo")
        w.entity("amina", "person", "Amina Otieno", "Amina Otieno", honorifics=["Dr.", "Prof."])
        w.entity("forum", "event", "Solar Drying Forum 2024", "Solar Drying Forum 2024",
                 kind="forum", start="2024-05-14", end="2024-05-16", city="Nairobi",
                 country="KE")  # fmt: skip
        w.evidence("from 14 to 16 May 2024", entity_id=seeded.ids["forum"], attribute="start")
        w.evidence("held in Nairobi, Kenya", entity_id=seeded.ids["forum"], attribute="city")
        w.entity("week", "event", "Andes Water Week", kind="conference", start="2023-03-20",
                 country="PE", document=seeded.other_document_id)  # fmt: skip
        w.entity(
            "dryer", "technology", "solar crop dryer", "solar crop dryer", sector="agriculture"
        )
        w.relation("position", "amina", "ksi", "Director of the Kenya Solar Institute",
                   title="Director")  # fmt: skip
        w.relation("organized", "ksi", "forum", "hosted by the Kenya Solar Institute", role="host")
        w.relation("participated", "amina", "forum", "gave the opening address", role="speaker")
        w.relation("participated", "nvei", "forum", "attended the forum", role="attendee")
        w.relation("deployed", "dryer", None, "deployed in Kenya", country="KE")
        for n in range(1, CROWD + 1):
            w.entity(f"crowd{n}", "person", f"Crowd Member {n}")
    return seeded
