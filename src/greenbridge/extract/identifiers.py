"""Identifiers written beside a name: an ORCID, a ROR id, a Wikidata item, a web address.

Each is given to the nearest mention before it in the same sentence of an entity of a type
it can name (an ORCID a person, a ROR id an organization, a web address an organization,
initiative or event; a Wikidata item any) and kept as that entity's attribute (`orcid`,
`ror`, `wikidata`, `website`), with the mention's evidence. An entity keeps the first of each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from greenbridge.extract.model import ExtractedEntity, Extraction
from greenbridge.resolve.identifiers import normalize_identifier

MAX_GAP = {"orcid": 120, "ror": 120, "wikidata": 120, "website": 60}  # characters after a name
TYPES = {
    "orcid": ("person",),
    "ror": ("organization",),
    "wikidata": ("person", "organization", "event", "initiative", "technology"),
    "website": ("organization", "initiative", "event"),
}
_PATTERNS = (
    ("orcid", re.compile(r"(?:https?://)?(?:orcid\.org/)?\b\d{4}-\d{4}-\d{4}-\d{3}[\dX]\b")),
    ("ror", re.compile(r"(?:https?://)?ror\.org/0[a-hj-km-np-tv-z0-9]{6}\d{2}\b")),
    ("wikidata", re.compile(r"(?:https?://)?(?:www\.)?wikidata\.org/(?:wiki|entity)/Q\d+\b")),
    (
        "wikidata",
        re.compile(r"(?<=Wikidata )(?:(?:ID|item|QID):? )?Q[1-9]\d*\b|(?<=Wikidata: )Q[1-9]\d*\b"),
    ),
    ("website", re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]\"',;]+")),
)
_NOT_WEBSITES = ("orcid.org", "ror.org", "wikidata.org", "doi.org")
_SENTENCE_END = re.compile(r"[.!?]\s|\n\s*\n")


def find_identifiers(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(scheme, comparable value, start, end) of each identifier written in `text`."""
    taken: list[tuple[int, int]] = []
    for scheme, pattern in _PATTERNS:
        for found in pattern.finditer(text):
            raw = found.group().rstrip(".")
            if any(s < found.end() and found.start() < e for s, e in taken):
                continue
            if scheme == "website" and any(host in raw.lower() for host in _NOT_WEBSITES):
                continue
            value = normalize_identifier(scheme, raw.removeprefix("ID ").split()[-1])
            if value:
                taken.append((found.start(), found.start() + len(raw)))
                yield scheme, _stored(scheme, raw, value), found.start(), found.start() + len(raw)


def _stored(scheme: str, raw: str, value: str) -> str:
    """The value kept as an attribute: ids bare, a web address as written (with a scheme)."""
    if scheme != "website":
        return value
    return raw if raw.lower().startswith("http") else "https://" + raw


def attach_identifiers(text: str, extraction: Extraction) -> None:
    """Give the identifiers of `text` to the entities of `extraction` they follow."""
    for scheme, value, start, _ in find_identifiers(text):
        entity = _owner(text, extraction.entities, scheme, start)
        if entity is not None and scheme not in entity.attributes:
            entity.attributes[scheme] = value


def _owner(text: str, entities: list[ExtractedEntity], scheme: str, start: int) -> ExtractedEntity | None:  # fmt: skip
    best: tuple[int, ExtractedEntity] | None = None
    for entity in entities:
        if entity.type not in TYPES[scheme]:
            continue
        for mention in entity.mentions:
            gap = start - mention.end
            if not 0 <= gap <= MAX_GAP[scheme] or (best is not None and gap >= best[0]):
                continue
            if not _SENTENCE_END.search(text[mention.end : start]):
                best = (gap, entity)
    return best[1] if best else None
