"""Small extractions and documents written for the resolution tests."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from greenbridge.extract.model import ExtractedEntity, ExtractedRelation, Extraction, Span
from greenbridge.store.models import Article, Document


def add_document(session: Session, text: str, title: str = "test") -> Document:
    document = Document(
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        media_type="text/plain",
        size_bytes=len(text.encode()),
        text=text,
    )
    session.add(document)
    session.flush()
    session.add(Article(document_id=document.id, position=0, start=0, end=len(text), text=text))
    session.flush()
    return document


def span(text: str, part: str) -> Span:
    """The span of the first `part` in `text`, with the sentence around it."""
    start = text.index(part)
    sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    sentence_end = text.find(".", start + len(part))
    sentence = text[sentence_start : sentence_end + 1 if sentence_end >= 0 else len(text)]
    return Span(start, start + len(part), part, sentence.strip(), article=0)


def entity(
    text: str, local_id: str, kind: str, name: str, *aliases: str, **attributes: object
) -> ExtractedEntity:
    mentions = [span(text, n) for n in (name, *aliases) if n in text]
    return ExtractedEntity(local_id, kind, name, list(aliases), dict(attributes), mentions)


def relation(text: str, kind: str, subject: str, obj: str, evidence: str, **attributes: object):
    return ExtractedRelation(kind, subject, obj, dict(attributes), [span(text, evidence)])


def extraction(name: str, entities: list, relations: list | None = None) -> Extraction:
    return Extraction(document=name, entities=entities, relations=relations or [])
