"""An organization's country where the text states it: `X University in Accra, Ghana`,
`Y Board of Peru`, `X, Chile`, `X ... is based in Rome, Italy`, a city in its name (`Lagos
Institute of ...`), else the country of the body it is part of."""

from __future__ import annotations

import re

from greenbridge.extract.mention import Mention
from greenbridge.extract.model import ExtractedEntity, ExtractedRelation
from greenbridge.extract.places import city_country, country_code

_PLACE = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}"
_AFTER = re.compile(
    rf"^\s*(?:\([^)]{{1,16}}\))?\s*(?:,\s*|\s+in\s+|\s+of\s+)(?:the\s+)?({_PLACE})"
    rf"(?:,\s*({_PLACE}))?"
)
_BASED = re.compile(
    rf"\b(?:is|are|was)\s+(?:based|headquartered|located)\s+in\s+({_PLACE})(?:,\s*({_PLACE}))?"
)


def assign_countries(
    text: str, groups: list[list[Mention]], entities: list[ExtractedEntity],
    relations: list[ExtractedRelation],
) -> None:  # fmt: skip
    """Set `country` on organizations that have none, from their mentions' context."""
    by_id = {e.id: e for e in entities}
    for group in groups:
        entity = by_id.get(group[0].entity or "")
        if entity is None or entity.type != "organization" or entity.attributes.get("country"):
            continue
        code = next((c for m in group if (c := _stated(text, m))), None)
        code = code or _city_in_name(entity.name)
        if code:
            entity.attributes["country"] = code
    for _ in range(2):
        for rel in relations:
            unit, parent = by_id.get(rel.subject), by_id.get(rel.object)
            if rel.type != "part_of" or unit is None or parent is None:
                continue
            if not unit.attributes.get("country") and parent.attributes.get("country"):
                unit.attributes["country"] = parent.attributes["country"]


def _stated(text: str, mention: Mention) -> str | None:
    match = _AFTER.match(text[mention.end : mention.end + 100])
    if match is None and mention.start - mention.sentence[0] < 8:
        match = _BASED.search(text[mention.end : mention.sentence[1]])
    if match is None:
        return None
    first, second = match.group(1), match.group(2)
    if second and country_code(second):
        return country_code(second) if city_country(first) or country_code(first) else None
    return country_code(first) or city_country(first)


def _city_in_name(name: str) -> str | None:
    words = name.split()
    for size in (2, 1):
        code = city_country(" ".join(words[:size]))
        if code:
            return code
    return None
