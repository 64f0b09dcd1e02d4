"""What extraction produces: mentions and relations with their evidence spans.

The JSON form (`Extraction.to_schema_json`) is the public contract of `gold/SCHEMA.md`:
`{"document", "published", "countries", "entities": [...], "relations": [...]}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """A character range of the document text and the sentence it lies in."""

    start: int
    end: int
    text: str
    sentence: str
    article: int | None = None  # position of the article within the document


@dataclass
class ExtractedEntity:
    """One entity of one document, with every mention of it in that document."""

    id: str  # local id within the document: p1, o2, v1, i1, t1
    type: str  # person, organization, event, initiative, technology
    name: str
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(
        default_factory=dict
    )  # country, kind, start, end, city, honorifics
    mentions: list[Span] = field(default_factory=list)
    confidence: float = 1.0
    rules: list[str] = field(default_factory=list)  # the candidate generators that found it


@dataclass
class ExtractedRelation:
    """A typed edge between local entity ids; `object` may be an ISO alpha-2 country code."""

    type: str
    subject: str
    object: str
    attributes: dict[str, Any] = field(
        default_factory=dict
    )  # title, role, year, partner, outcome, what
    evidence: list[Span] = field(default_factory=list)
    confidence: float = 1.0
    rules: list[str] = field(default_factory=list)  # the candidate generators that found it


@dataclass
class Extraction:
    """Everything taken out of one document."""

    document: str
    published: str | None = None
    countries: list[str] = field(default_factory=list)
    entities: list[ExtractedEntity] = field(default_factory=list)
    relations: list[ExtractedRelation] = field(default_factory=list)
    extractor: str = "greenbridge.rules"
    version: str = "0"

    def to_schema_json(self, *, with_evidence: bool = False) -> dict[str, Any]:
        """The object of `gold/SCHEMA.md`; `with_evidence` adds the spans behind each item."""
        entities = []
        for entity in self.entities:
            item: dict[str, Any] = {"id": entity.id, "type": entity.type, "name": entity.name}
            if entity.aliases:
                item["aliases"] = list(entity.aliases)
            item.update({k: v for k, v in entity.attributes.items() if v not in (None, [], "")})
            if with_evidence:
                item["evidence"] = [_span_json(s) for s in entity.mentions]
            entities.append(item)
        relations = []
        for relation in self.relations:
            rel: dict[str, Any] = {
                "type": relation.type,
                "subject": relation.subject,
                "object": relation.object,
            }
            rel.update({k: v for k, v in relation.attributes.items() if v not in (None, "")})
            if with_evidence:
                rel["evidence"] = [_span_json(s) for s in relation.evidence]
            relations.append(rel)
        return {
            "document": self.document,
            "published": self.published,
            "countries": list(self.countries),
            "entities": entities,
            "relations": relations,
        }


def _span_json(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text, "sentence": span.sentence}
