"""Extraction: document text -> people, organizations, events, initiatives, countries and
relations, each with its evidence span (`extract_text`)."""

from greenbridge.extract.model import ExtractedEntity, ExtractedRelation, Extraction, Span
from greenbridge.extract.pipeline import EXTRACTOR_VERSION, extract_text
from greenbridge.extract.reader import extract_path

__all__ = [
    "EXTRACTOR_VERSION",
    "ExtractedEntity",
    "ExtractedRelation",
    "Extraction",
    "Span",
    "extract_path",
    "extract_text",
]
