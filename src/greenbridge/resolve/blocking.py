"""Blocking: cheap keys that bring likely pairs together so only those are scored.

Keys per name: the exact name key, the sorted significant words, the initials and acronym
letters, the name without a trailing `of ...` part, and for people sorted phonetic prefixes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from greenbridge.resolve.normalize import (
    STOPWORDS,
    acronym_key,
    initials,
    is_acronym,
    name_key,
    person_tokens,
    phonetic_key,
)
from greenbridge.resolve.scoring import NO_MATCH, NameRecord, Verdict, score_records

MAX_BLOCK = 2000  # a key shared by more records than this says nothing


def blocking_keys(name: str, entity_type: str) -> set[str]:
    """The blocking keys of one name of an entity of `entity_type`."""
    if is_acronym(name):
        return {f"{entity_type}:a:{acronym_key(name)}"}
    key = name_key(name, entity_type)
    keys = {f"{entity_type}:k:{key}"}
    if entity_type == "person":
        sounds = sorted(phonetic_key(w)[:4] for w in person_tokens(name))
        keys.add(f"person:p:{' '.join(sounds)}")
        return keys
    significant = sorted(w for w in key.split() if w not in STOPWORDS)
    keys.add(f"{entity_type}:w:{' '.join(significant)}")
    letters = initials(name)
    if len(letters) >= 2:
        keys.add(f"{entity_type}:a:{letters}")
    head, _, _tail = key.rpartition(" of ")
    if len(head.split()) >= 2:
        keys.add(f"{entity_type}:k:{head}")
    return keys


def record_keys(record: NameRecord) -> set[str]:
    keys: set[str] = set()
    for name in record.names:
        keys |= blocking_keys(name, record.type)
    return keys


class EntityIndex:
    """Records by id with their blocking keys; finds and scores the candidates of a record."""

    def __init__(self) -> None:
        self.records: dict[int, NameRecord] = {}
        self.blocks: dict[str, set[int]] = defaultdict(set)

    def __len__(self) -> int:
        return len(self.records)

    def add(self, entity_id: int, record: NameRecord) -> None:
        """Index `record` under `entity_id`, merging names with a record already there."""
        known = self.records.get(entity_id)
        if known is not None:
            record = _union(known, record)
        self.records[entity_id] = record
        for key in record_keys(record):
            self.blocks[key].add(entity_id)

    def candidates(self, record: NameRecord) -> set[int]:
        found: set[int] = set()
        for key in record_keys(record):
            block = self.blocks.get(key)
            if block and len(block) <= MAX_BLOCK:
                found |= block
        return found

    def ranked(self, record: NameRecord, limit: int = 5) -> list[tuple[int, Verdict]]:
        """The best scoring candidates of `record`, best first."""
        scored = [(i, score_records(record, self.records[i])) for i in self.candidates(record)]
        scored = [(i, v) for i, v in scored if v.score > 0]
        scored.sort(key=lambda item: (-item[1].score, item[0]))
        return scored[:limit]

    def best(self, record: NameRecord) -> tuple[int | None, Verdict]:
        ranked = self.ranked(record, limit=1)
        return ranked[0] if ranked else (None, NO_MATCH)


def _union(known: NameRecord, new: NameRecord) -> NameRecord:
    names: Iterable[str] = (*known.names, *new.names)
    return NameRecord.build(
        names,
        known.type,
        country=known.country or new.country,
        parent=known.parent or new.parent,
        titles=known.titles | new.titles,
        context=known.context | new.context,
        source=known.source,
    )
