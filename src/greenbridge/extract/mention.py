"""A mention found by a rule: one typed span of the text, before mentions become entities."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

_SPACE = re.compile(r"\s+")
_QUOTES = re.compile(r"[“”\"‘’«»]")


@dataclass
class Mention:
    type: str  # person, organization, event, initiative, technology, acronym, event_ref
    start: int
    end: int
    name: str
    sentence: tuple[int, int]
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    rule: str = ""
    parent: Mention | None = None  # the organization a nested unit belongs to (X of Y)
    entity: str | None = None  # local entity id, set when mentions are grouped

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end

    def within(self, other: Mention) -> bool:
        return other.start <= self.start and self.end <= other.end


def clean_name(text: str) -> str:
    """Name text as it should be shown: one space between words, no quotes, no trailing
    punctuation, hyphenated line breaks already repaired by ingest."""
    text = _QUOTES.sub("", text)
    return _SPACE.sub(" ", text).strip(" ,;:.-–")


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form used to compare names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’']s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return _SPACE.sub(" ", text).strip()
