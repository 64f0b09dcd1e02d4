"""Blocking: cheap keys that bring likely pairs together so only those are scored.

Keys per name: the exact name key, the sorted significant words, the initials and acronym
letters, the name without a trailing `of ...` part, and for people sorted phonetic prefixes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from greenbridge.resolve.names_zh import organization_stems
from greenbridge.resolve.normalize import (
    STOPWORDS,
    acronym_key,
    initials,
    is_acronym,
    name_key,
    person_tokens,
    person_words,
    phonetic_key,
)
from greenbridge.resolve.pinyin import is_han, romanized_keys
from greenbridge.resolve.scoring import NO_MATCH, SURE, NameRecord, Verdict, score_records

MAX_BLOCK = 2000  # a key shared by more records than this says nothing
RARE_WORDS = 2  # the rarest words of a name that bring candidates
MAX_RARE_BLOCK = 50  # a word shared by more records is not rare


def blocking_keys(name: str, entity_type: str) -> set[str]:
    """The blocking keys of one name of an entity of `entity_type`."""
    if is_acronym(name):
        return {f"{entity_type}:a:{acronym_key(name)}"}
    key = name_key(name, entity_type)
    keys = {f"{entity_type}:k:{key}"}
    if entity_type == "person":
        words = person_tokens(name)
        sounds = sorted(phonetic_key(w)[:4] for w in words)
        keys.add(f"person:p:{' '.join(sounds)}")
        for turn in range(len(words)):  # written together: Anamaria Reyes / REYES Ana Maria
            keys.add(f"person:c:{''.join(words[turn:] + words[:turn])}")
        if is_han(name):  # 张丽华 meets Zhang Lihua, Lihua ZHANG
            keys |= {f"person:c:{key}" for key in romanized_keys(name, words)}
        elif person_words(name) != words:  # Liu He: `he` is a name here, not a title
            keys |= {f"person:c:{key}" for key in romanized_keys(name, person_words(name))}
        return keys
    significant = sorted(w for w in key.split() if w not in STOPWORDS)
    keys.add(f"{entity_type}:w:{' '.join(significant)}")
    stems = organization_stems(name) if entity_type == "organization" else frozenset()
    if len(stems) >= 2:  # 北京市人民政府 meets People's Government of Beijing Municipality
        keys.add(f"organization:z:{' '.join(sorted(stems))}")
    letters = initials(name)
    if len(letters) >= 2:
        keys.add(f"{entity_type}:a:{letters}")
    words = key.split()
    for position, word in enumerate(words):
        if word == "of" and position >= 2:
            keys.add(f"{entity_type}:k:{' '.join(words[:position])}")
    return keys


def record_keys(record: NameRecord) -> set[str]:
    keys = {f"{record.type}:id:{identifier}" for identifier in record.identifiers}
    for name in record.names:
        keys |= blocking_keys(name, record.type)
    return keys


def token_keys(record: NameRecord) -> set[str]:
    """One key per significant word: the rarest ones find names with a word more or less."""
    words: set[str] = set()
    for name in record.names:
        if not is_acronym(name):
            words |= {w for w in name_key(name, record.type).split() if len(w) >= 3}
    return {f"{record.type}:t:{w}" for w in words - STOPWORDS}


def source_keys(record: NameRecord) -> set[str]:
    """Keys of the record's documents: an acronym is compared with every name of its document."""
    return {f"{record.type}:s:{source}" for source in record.sources}


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
        for key in record_keys(record) | source_keys(record) | token_keys(record):
            self.blocks[key].add(entity_id)

    def candidates(self, record: NameRecord) -> set[int]:
        found: set[int] = set()
        keys = record_keys(record)
        if not any(is_acronym(name) for name in record.names):
            keys = {k for k in keys if ":a:" not in k}  # initials only serve acronyms
        if not any(is_han(name) for name in record.names):
            keys = {k for k in keys if ":z:" not in k}  # word stems serve Chinese names
        if any(is_acronym(name) or " " not in name.strip() for name in record.names):
            keys |= source_keys(record)  # `ICE`, `the Alliance`: compared within the document
        for key in keys:
            block = self.blocks.get(key)
            if block and len(block) <= MAX_BLOCK:
                found |= block
        return found | self._rare_word_candidates(record)

    def _rare_word_candidates(self, record: NameRecord) -> set[int]:
        blocks = [self.blocks.get(key) for key in token_keys(record)]
        sized = sorted((b for b in blocks if b), key=len)[:RARE_WORDS]
        found: set[int] = set()
        for block in sized:
            if len(block) <= MAX_RARE_BLOCK:
                found |= block
        return found

    def ranked(self, record: NameRecord, limit: int = 5) -> list[tuple[int, Verdict]]:
        """The best scoring candidates of `record`, best first."""
        scored = [(i, score_records(record, self.records[i])) for i in self.candidates(record)]
        scored = [(i, v) for i, v in scored if v.score > 0]
        scored.sort(key=lambda item: (-item[1].score, item[0]))
        return scored[:limit]

    def best(self, record: NameRecord) -> tuple[int | None, Verdict]:
        """The best candidate; an exact name match that no context contradicts wins at once."""
        for entity_id in sorted(self._exact_candidates(record)):
            verdict = score_records(record, self.records[entity_id])
            if verdict.score >= 1.0:
                return entity_id, verdict
        ranked = self.ranked(record, limit=2)
        if len(ranked) == 2 and ranked[1][1].score >= SURE and ranked[0][1].score < 1.0:
            return None, Verdict(0.0, "ambiguous")  # two entities fit equally well
        return ranked[0] if ranked else (None, NO_MATCH)

    def _exact_candidates(self, record: NameRecord) -> set[int]:
        found: set[int] = set()
        for key in record.keys:
            found |= self.blocks.get(f"{record.type}:k:{key}", set())
        return found


def _union(known: NameRecord, new: NameRecord) -> NameRecord:
    if set(new.names) <= set(known.names) and new.countries <= known.countries:
        return replace(
            known,
            identifiers=known.identifiers | new.identifiers,
            parent=known.parent or new.parent,
            titles=known.titles | new.titles,
            context=known.context | new.context,
            sources=known.sources | new.sources,
        )
    names: Iterable[str] = (*known.names, *new.names)
    return NameRecord.build(
        names,
        known.type,
        country=known.country or new.country,
        countries=known.countries | new.countries,
        identifiers=known.identifiers | new.identifiers,
        parent=known.parent or new.parent,
        titles=known.titles | new.titles,
        context=known.context | new.context,
        sources=known.sources | new.sources,
    )
