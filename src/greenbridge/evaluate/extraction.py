"""Score extractions against gold files by the rules of gold/SCHEMA.md ("Scoring")."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from greenbridge.extract.lexicon import lexicon
from greenbridge.schema import entity_types, relation_types

THRESHOLD = 0.9
ENTITY_TYPES = tuple(entity_types())
RELATION_TYPES = tuple(relation_types())
# Relations scored in either direction (gold/SCHEMA.md, "Scoring").
SYMMETRIC_RELATIONS = frozenset({"cooperates_with"})
_ENTITY_ATTRIBUTES = ("country", "kind", "start", "end", "city", "honorifics")


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def normalize_name(name: str) -> str:
    """Unicode folding, lower case, punctuation and honorifics dropped; Chinese in simplified
    characters (`山東大學` is `山东大学`)."""
    if _CJK.search(name):
        name = simplified(name)
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w\s]|_", " ", text)
    honorifics = {h.lower().rstrip(".") for h in lexicon().honorifics}
    return " ".join(w for w in text.split() if w not in honorifics)


def simplified(text: str) -> str:
    """`text` in simplified Chinese characters (OpenCC's traditional-to-simplified table)."""
    return _t2s().convert(text)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def name_similarity(a: str, b: str) -> float:
    """Token-sorted similarity in [0, 1]; 0 when one name's tokens are a strict subset of the
    other's (`Institute` is not `Institute of Marine Studies`), and, Chinese being written
    without spaces, when one Chinese name is a strict part of the other (`中国科学院` is not
    `中国科学院大学`)."""
    na, nb = normalize_name(a), normalize_name(b)
    if not na or not nb:
        return 0.0
    ta, tb = set(na.split()), set(nb.split())
    if ta != tb and (ta < tb or tb < ta):
        return 0.0
    ca, cb = na.replace(" ", ""), nb.replace(" ", "")
    if ca != cb and _CJK.search(ca) and (ca in cb or cb in ca):
        return 0.0
    return fuzz.token_sort_ratio(na, nb) / 100.0


def names_of(entity: dict[str, Any]) -> list[str]:
    return [entity["name"], *entity.get("aliases", [])]


def entity_similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    """The best name similarity; two events that start on the same date and share a content
    word match at the threshold (descriptive names of unnamed gatherings), so that a name
    match, scored above it, is preferred."""
    best = max(name_similarity(x, y) for x in names_of(a) for y in names_of(b))
    if best >= THRESHOLD or a.get("type") != "event" or b.get("type") != "event":
        return best
    if (
        a.get("start")
        and a.get("start") == b.get("start")
        and _content_words(a) & _content_words(b)
    ):
        return THRESHOLD
    return best


def _content_words(entity: dict[str, Any]) -> set[str]:
    """Words of the entity's names less stop words; Chinese names, written without spaces,
    give their two-character words (jieba's segmentation)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words: set[str] = set()
    for name in names_of(entity):
        for word in normalize_name(name).split():
            if _CJK.search(word):
                words.update(w for w in _chinese_words(word) if len(w) >= 2)
            elif word not in STOP_WORDS:
                words.add(word)
    return words - {str(entity.get("start", ""))}


def _chinese_words(text: str) -> list[str]:
    import jieba

    return list(jieba.cut(text))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Score:
    entities: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in ENTITY_TYPES})
    relations: dict[str, Counts] = field(
        default_factory=lambda: {t: Counts() for t in RELATION_TYPES}
    )
    countries: Counts = field(default_factory=Counts)
    attributes: dict[str, Counts] = field(default_factory=dict)  # tp = right, fn = wrong/missing
    documents: int = 0

    def add(self, other: Score) -> None:
        for table, mine in ((other.entities, self.entities), (other.relations, self.relations)):
            for key, counts in table.items():
                mine.setdefault(key, Counts()).add(counts)
        for key, counts in other.attributes.items():
            self.attributes.setdefault(key, Counts()).add(counts)
        self.countries.add(other.countries)
        self.documents += other.documents

    @staticmethod
    def micro(table: dict[str, Counts]) -> Counts:
        total = Counts()
        for counts in table.values():
            total.add(counts)
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "entities": {k: v.as_dict() for k, v in self.entities.items()},
            "entity_micro": self.micro(self.entities).as_dict(),
            "relations": {k: v.as_dict() for k, v in self.relations.items()},
            "relation_micro": self.micro(self.relations).as_dict(),
            "countries": self.countries.as_dict(),
            "attributes": {
                k: {"right": v.tp, "total": v.tp + v.fn, "accuracy": round(v.recall, 4)}
                for k, v in sorted(self.attributes.items())
            },
        }


def match_one_to_one(
    gold: list[Any], predicted: list[Any], similarity: Callable[[Any, Any], float]
) -> dict[int, int]:
    """gold index -> predicted index: the most pairs at >= THRESHOLD, best pairs first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            score = similarity(g, p)
            if score >= THRESHOLD:
                pairs.append((score, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _score, gi, pi in pairs:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return _augment(matched, pairs)


def _augment(matched: dict[int, int], pairs: list[tuple[float, int, int]]) -> dict[int, int]:
    """Improve the greedy matching with augmenting paths (maximum number of pairs)."""
    edges: dict[int, list[int]] = {}
    for _s, gi, pi in pairs:
        edges.setdefault(gi, []).append(pi)
    owner = {pi: gi for gi, pi in matched.items()}

    def grow(gi: int, seen: set[int]) -> bool:
        for pi in edges.get(gi, []):
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or grow(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in edges:
        if gi not in set(owner.values()):
            grow(gi, set())
    return {gi: pi for pi, gi in owner.items()}


def score_document(gold: dict[str, Any], predicted: dict[str, Any]) -> Score:
    score = Score(documents=1)
    mapping: dict[str, str] = {}  # predicted id -> gold id
    for kind in ENTITY_TYPES:
        g = [e for e in gold.get("entities", []) if e["type"] == kind]
        p = [e for e in predicted.get("entities", []) if e["type"] == kind]
        matched = match_one_to_one(g, p, entity_similarity)
        score.entities[kind] = Counts(len(matched), len(p) - len(matched), len(g) - len(matched))
        for gi, pi in matched.items():
            mapping[p[pi]["id"]] = g[gi]["id"]
            _score_attributes(score, kind, g[gi], p[pi], _ENTITY_ATTRIBUTES, mapping)
    _score_relations(score, gold.get("relations", []), predicted.get("relations", []), mapping)
    gc, pc = set(gold.get("countries", [])), set(predicted.get("countries", []))
    score.countries = Counts(len(gc & pc), len(pc - gc), len(gc - pc))
    return score


def _score_relations(
    score: Score,
    gold: list[dict[str, Any]],
    predicted: list[dict[str, Any]],
    mapping: dict[str, str],
) -> None:
    def same(g: dict[str, Any], p: dict[str, Any]) -> float:
        ends = (_end(p["subject"], mapping), _end(p["object"], mapping))
        wanted = {(g["subject"], g["object"])}
        if g["type"] in SYMMETRIC_RELATIONS:
            wanted.add((g["object"], g["subject"]))
        return 1.0 if g["type"] == p["type"] and ends in wanted else 0.0

    for kind in RELATION_TYPES:
        g = [r for r in gold if r["type"] == kind]
        p = [r for r in predicted if r["type"] == kind]
        matched = match_one_to_one(g, p, same)
        score.relations[kind] = Counts(len(matched), len(p) - len(matched), len(g) - len(matched))
        extra = sorted({k for r in g for k in r} - {"type", "subject", "object"})
        for gi, pi in matched.items():
            _score_attributes(score, kind, g[gi], p[pi], extra, mapping)


def _end(value: str, mapping: dict[str, str]) -> str | None:
    """A relation end: a country code stays itself, a local id maps to its gold id."""
    if re.fullmatch(r"[A-Z]{2}", value):
        return value
    return mapping.get(value)


def _score_attributes(
    score: Score,
    kind: str,
    gold: dict[str, Any],
    predicted: dict[str, Any],
    keys: Iterable[str],
    mapping: dict[str, str],
) -> None:
    for key in keys:
        if key not in gold or gold[key] in (None, "", []):
            continue
        counts = score.attributes.setdefault(f"{kind}.{key}", Counts())
        if _same_value(key, gold[key], predicted.get(key), mapping):
            counts.tp += 1
        else:
            counts.fn += 1


def _same_value(key: str, gold: Any, predicted: Any, mapping: dict[str, str]) -> bool:
    if predicted is None:
        return False
    if key == "partner":
        return mapping.get(str(predicted), str(predicted)) == gold
    if isinstance(gold, list):
        return {normalize_name(str(v)) for v in gold} == {normalize_name(str(v)) for v in predicted}
    if key in {"title", "what", "outcome"}:
        return name_similarity(str(gold), str(predicted)) >= THRESHOLD
    return normalize_name(str(gold)) == normalize_name(str(predicted))


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(Path(gold_dir).glob("*.json"))]


def evaluate_extraction(corpus_dir: Path | str, gold_dir: Path | str) -> Score:
    """Extract each gold document's text from `corpus_dir` and score it."""
    from greenbridge.extract.reader import extract_path

    total = Score()
    for gold in load_gold(Path(gold_dir)):
        extraction = extract_path(Path(corpus_dir) / gold["document"])
        total.add(score_document(gold, extraction.to_schema_json()))
    return total
