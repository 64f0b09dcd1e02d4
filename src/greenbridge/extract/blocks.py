"""Long texts are extracted block by block (cut at paragraph ends) so time stays linear in
size; the blocks' entities are then merged by type and name, and their relations re-pointed."""

from __future__ import annotations

from dataclasses import replace

from greenbridge.extract.mention import fold
from greenbridge.extract.model import ExtractedEntity, ExtractedRelation, Extraction, Span
from greenbridge.extract.schema_ids import PREFIX

BLOCK_CHARS = 100_000


def blocks(text: str, size: int = BLOCK_CHARS) -> list[tuple[int, int]]:
    """(start, end) ranges of at most about `size` characters, cut at a blank line if any."""
    ranges = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            for mark in ("\n\n", "\n", ". "):
                cut = text.rfind(mark, start + size // 2, end)
                if cut >= 0:
                    end = cut + len(mark)
                    break
        ranges.append((start, end))
        start = end
    return ranges


def _shift(span: Span, offset: int) -> Span:
    return replace(span, start=span.start + offset, end=span.end + offset)


def _key(entity: ExtractedEntity) -> tuple[str, str]:
    words = fold(entity.name).split()
    return entity.type, " ".join(sorted(words) if entity.type == "person" else words)


def merge_blocks(parts: list[tuple[int, Extraction]], *, document: str) -> Extraction:
    """One extraction from the extractions of consecutive blocks starting at each offset."""
    merged = Extraction(document=document)
    by_key: dict[tuple[str, str], ExtractedEntity] = {}
    relations: dict[tuple[str, str, str], ExtractedRelation] = {}
    counters: dict[str, int] = {}
    for offset, part in parts:
        merged.published = merged.published or part.published
        for code in part.countries:
            if code not in merged.countries:
                merged.countries.append(code)
        local: dict[str, str] = {}
        for entity in part.entities:
            target = by_key.get(_key(entity))
            if target is None:
                counters[entity.type] = counters.get(entity.type, 0) + 1
                target = ExtractedEntity(
                    id=f"{PREFIX[entity.type]}{counters[entity.type]}",
                    type=entity.type,
                    name=entity.name,
                    attributes=dict(entity.attributes),
                )
                by_key[_key(entity)] = target
                merged.entities.append(target)
            for alias in entity.aliases:
                if alias not in target.aliases and alias != target.name:
                    target.aliases.append(alias)
            target.mentions.extend(_shift(s, offset) for s in entity.mentions)
            target.rules = sorted(set(target.rules) | set(entity.rules))
            local[entity.id] = target.id
        for relation in part.relations:
            subject = local.get(relation.subject, relation.subject)
            obj = local.get(relation.object, relation.object)
            key = (relation.type, subject, obj)
            evidence = [_shift(s, offset) for s in relation.evidence]
            if key in relations:
                relations[key].evidence.extend(evidence)
            else:
                relations[key] = replace(relation, subject=subject, object=obj, evidence=evidence)
    merged.relations = list(relations.values())
    return merged
