"""A name given in two languages in one document becomes both names of one entity.

`the China Agricultural University (中国农业大学)`, `中国农业大学（CAU）`, `中国农业大学（China Agricultural
University, CAU）`, `Zhang Lihua (张丽华)`: the writer says the two names are one, so the name in
parentheses (each of its comma-separated parts) becomes an alias of the entity the mention
before it names, when it is written in the other script. An entity of the document that
goes by one of those names is the same entity: the two are joined.
"""

from __future__ import annotations

import re

from greenbridge.extract.model import ExtractedEntity, Extraction

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
_AFTER = re.compile(r"\s*[(（]\s*([^()（）\n]{1,120}?)\s*[)）]")
_PARTS = re.compile(r"\s*[,，;；、]\s*")
_HAN_PERSON = re.compile(r"^(?:[\u3400-\u9fff]{2,4}|[\u3400-\u9fff]+(?:·[\u3400-\u9fff]+)+)$")
_LATIN_NAME = re.compile(r"^[A-Z][\w.'’&\- ]*$")
_TRAILING = re.compile(r"^(?:以下)?简称|^下称|^hereinafter|^for short", re.IGNORECASE)


def add_bilingual_aliases(text: str, extraction: Extraction) -> Extraction:
    """Give each entity the names in another script that follow its mentions in `text` in
    parentheses, and join the entities those names make one. Changes and returns `extraction`."""
    for entity in list(extraction.entities):
        if entity not in extraction.entities:
            continue  # joined into an earlier one
        for name in _names_after(text, entity):
            if name != entity.name and name not in entity.aliases:
                entity.aliases.append(name)
        for other in _same_named(extraction, entity):
            _join(extraction, entity, other)
    return extraction


def _names_after(text: str, entity: ExtractedEntity) -> list[str]:
    found: list[str] = []
    for mention in entity.mentions:
        if mention.end > len(text) or text[mention.start : mention.end] != mention.text:
            continue  # a span of another text
        match = _AFTER.match(text, mention.end)
        if match:
            found.extend(other_script_names(mention.text, match.group(1), entity.type))
    return list(dict.fromkeys(found))


def other_script_names(name: str, inner: str, entity_type: str) -> list[str]:
    """The parts of `inner` (what the parentheses after `name` hold) that name the same entity
    in the other script: Latin parts after a Han name, Han parts after a Latin one."""
    if _TRAILING.match(inner):
        return []
    han_name = bool(HAN.search(name))
    names = []
    for part in _PARTS.split(inner.strip()):
        part = part.strip(" \"'“”‘’「」")
        if _latin_name(part) if han_name else _han_name(part, entity_type):
            names.append(part)
    return names


def _latin_name(part: str) -> bool:
    return not HAN.search(part) and len(part) >= 2 and bool(_LATIN_NAME.match(part))


def _han_name(part: str, entity_type: str) -> bool:
    if LATIN.search(part) or not HAN.search(part):
        return False
    if entity_type == "person":
        return bool(_HAN_PERSON.match(part))
    return len(part) <= 40


def _same_named(extraction: Extraction, entity: ExtractedEntity) -> list[ExtractedEntity]:
    names = {entity.name, *entity.aliases}
    return [
        other
        for other in extraction.entities
        if other is not entity and other.type == entity.type and other.name in names
    ]


def _join(extraction: Extraction, kept: ExtractedEntity, other: ExtractedEntity) -> None:
    """`other` becomes part of `kept`: its names, mentions and relations."""
    for name in (other.name, *other.aliases):
        if name != kept.name and name not in kept.aliases:
            kept.aliases.append(name)
    kept.mentions.extend(m for m in other.mentions if m not in kept.mentions)
    for key, value in other.attributes.items():
        kept.attributes.setdefault(key, value)
    kept.rules = sorted({*kept.rules, *other.rules})
    extraction.entities.remove(other)
    for relation in extraction.relations:
        if relation.subject == other.id:
            relation.subject = kept.id
        if relation.object == other.id:
            relation.object = kept.id
        if relation.attributes.get("partner") == other.id:
            relation.attributes["partner"] = kept.id
    extraction.relations = [r for r in extraction.relations if r.subject != r.object]
