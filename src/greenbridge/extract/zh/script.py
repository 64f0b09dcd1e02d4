"""Traditional characters: the rules read the text in simplified characters (what the
taggers were trained on); names and evidence are given back as the document writes them."""

from __future__ import annotations

from greenbridge.evaluate.extraction import simplified
from greenbridge.extract.model import Extraction, Span


def reading_text(text: str) -> str:
    """`text` in simplified characters when the conversion keeps every offset, else as is."""
    converted = simplified(text)
    return converted if len(converted) == len(text) else text


def as_written(extraction: Extraction, original: str, read: str) -> Extraction:
    """Names, aliases and evidence of an extraction made on `read` in the characters of
    `original` (both of one length)."""
    if original == read:
        return extraction
    for entity in extraction.entities:
        entity.name = _written(entity.name, entity.mentions, original, read)
        entity.aliases = [_written(a, entity.mentions, original, read) for a in entity.aliases]
        entity.mentions = [_span(s, original, read) for s in entity.mentions]
    for relation in extraction.relations:
        relation.evidence = [_span(s, original, read) for s in relation.evidence]
    return extraction


def _written(name: str, spans: list[Span], original: str, read: str) -> str:
    for span in spans:
        at = read.find(name, span.start, max(span.end, span.start + len(name)))
        if at >= 0:
            return original[at : at + len(name)]
    at = read.find(name)
    return original[at : at + len(name)] if at >= 0 else name


def _span(span: Span, original: str, read: str) -> Span:
    limit = span.start + len(span.sentence)
    at = read.rfind(span.sentence, 0, limit) if span.sentence else -1
    sentence = original[at : at + len(span.sentence)] if at >= 0 else span.sentence
    return Span(span.start, span.end, original[span.start : span.end], sentence, span.article)
