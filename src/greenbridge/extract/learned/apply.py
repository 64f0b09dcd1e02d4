"""The learned extractor at work: the rules propose, the trained models decide which
candidates are entities (and of which type) and which pairs are relations, each with its
probability as the fact's confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

from greenbridge.extract.learned.candidates import (
    ACROSS_ARTICLE,
    ACROSS_NEXT,
    RelationCandidate,
    Sentence,
    entity_candidates,
    relation_candidates,
    sentences_of,
)
from greenbridge.extract.learned.features import (
    Features,
    entity_features,
    entity_texts,
    relation_features,
    relation_text,
)
from greenbridge.extract.learned.model import ExtractionModel
from greenbridge.extract.model import ExtractedEntity, ExtractedRelation, Extraction
from greenbridge.extract.nlp import parse
from greenbridge.extract.schema_ids import PREFIX
from greenbridge.schema import relation_types

ENTITY_CLASSES = ["none", "person", "organization", "event", "initiative", "technology"]
_COUNTRY = re.compile(r"[A-Z]{2}")
# Sentence vectors of recent texts: training folds and repeated phrases embed each text once.
CACHE_SIZE = 200_000
_CACHE: dict[str, NDArray[np.float32]] = {}


@dataclass
class EntityRows:
    """A document's entity candidates with their features and embedding texts."""

    text: str
    sentences: list[Sentence]
    candidates: list[ExtractedEntity]
    features: list[Features]
    texts: list[str]  # two per candidate: the name and the name in its context


def entity_rows(text: str, extraction: Extraction, docs: list[tuple[int, Doc]]) -> EntityRows:
    candidates = entity_candidates(text, extraction, docs)
    sentences = sentences_of(docs)
    features = [entity_features(e, text, sentences) for e in candidates]
    texts = [t for e in candidates for t in entity_texts(e, text)]
    return EntityRows(text, sentences, candidates, features, texts)


def embed(texts: list[str], embedder: str | None) -> NDArray[np.float32] | None:
    """Sentence embeddings of `texts` (each distinct text once), or None without an embedder."""
    if embedder is None:
        return None
    from greenbridge.index.embedders import get_embedder

    missing = sorted(set(texts) - _CACHE.keys())
    if missing:
        if len(_CACHE) > CACHE_SIZE:
            _CACHE.clear()
        _CACHE.update(zip(missing, get_embedder(embedder).embed(missing), strict=True))
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([_CACHE[t] for t in texts])


def paired(vectors: NDArray[np.float32] | None) -> NDArray[np.float32] | None:
    """Two vectors per row (name, context) side by side."""
    if vectors is None:
        return None
    return vectors.reshape(len(vectors) // 2, -1)


def entity_by_rules(entity: ExtractedEntity) -> bool:
    """Whether the rules proposed this entity (the other generators' candidates are `x...`)."""
    return not entity.id.startswith("x")


def relation_by_rules(relation: ExtractedRelation) -> bool:
    return any(rule not in {ACROSS_NEXT, ACROSS_ARTICLE} for rule in relation.rules)


def threshold_key(kind: str, by_rules: bool) -> str:
    """Candidates the rules proposed have thresholds of their own (`rules:position`)."""
    return f"rules:{kind}" if by_rules else kind


def relation_rows(
    text: str,
    entities: list[ExtractedEntity],
    rule_relations: list[ExtractedRelation],
    sentences: list[Sentence],
    articles: list[tuple[int, int]] | None = None,
) -> tuple[list[RelationCandidate], list[Features], list[str]]:
    by_id = {e.id: e for e in entities}
    valid = [r for r in rule_relations if _fits(r, by_id)]
    candidates = [
        c
        for c in relation_candidates(text, entities, valid, sentences, articles)
        if _fits(c.relation, by_id)
    ]
    features, texts = [], []
    events = sum(e.type == "event" for e in entities)
    context = {f"document_events={min(events, 3)}": 1.0}
    for candidate in candidates:
        subject = by_id[candidate.relation.subject]
        obj = by_id.get(candidate.relation.object)
        features.append(relation_features(candidate, subject, obj, context))
        texts.append(relation_text(candidate, text, subject.type, obj.type if obj else "country"))
    return candidates, features, texts


def _fits(relation: ExtractedRelation, by_id: dict[str, ExtractedEntity]) -> bool:
    spec = relation_types().get(relation.type)
    subject = by_id.get(relation.subject)
    if spec is None or subject is None or subject.type not in spec.subject:
        return False
    if _COUNTRY.fullmatch(relation.object):
        return "country" in spec.object
    obj = by_id.get(relation.object)
    return obj is not None and obj.type in spec.object and obj.id != subject.id


def apply_model(
    text: str,
    extraction: Extraction,
    model: ExtractionModel,
    articles: list[tuple[int, int]] | None = None,
) -> Extraction:
    """The extraction the models keep, with a confidence on every entity and relation."""
    rows = entity_rows(text, extraction, list(parse(text)))
    kept = decide_entities(model, rows, paired(embed(rows.texts, model.embedder)))
    relations = decide_relations(model, text, kept, extraction.relations, rows.sentences, articles)
    return renumbered(extraction, kept, relations, model.version)


def decide_entities(
    model: ExtractionModel, rows: EntityRows, dense: NDArray[np.float32] | None
) -> list[ExtractedEntity]:
    """The candidates whose most likely type clears that type's threshold, typed so."""
    probabilities = model.entities.probabilities(rows.features, dense)
    kept = []
    for entity, p in zip(rows.candidates, probabilities, strict=True):
        by_rules = entity_by_rules(entity)
        if by_rules and model.keep_rules:
            own = float(p[ENTITY_CLASSES.index(entity.type)])
            kept.append(replace(entity, confidence=round(own, 4)))
            continue
        best = int(np.argmax(p[1:])) + 1
        kind = ENTITY_CLASSES[best]
        if p[best] >= model.entity_threshold.get(threshold_key(kind, by_rules), 0.5):
            kept.append(replace(entity, type=kind, confidence=round(float(p[best]), 4)))
    return kept


def decide_relations(
    model: ExtractionModel,
    text: str,
    entities: list[ExtractedEntity],
    rule_relations: list[ExtractedRelation],
    sentences: list[Sentence],
    articles: list[tuple[int, int]] | None = None,
) -> list[ExtractedRelation]:
    candidates, features, texts = relation_rows(text, entities, rule_relations, sentences, articles)
    vectors = embed(texts, model.embedder)
    relations = []
    for kind, linear in model.relations.items():
        chosen = [i for i, c in enumerate(candidates) if c.relation.type == kind]
        if not chosen:
            continue
        dense = vectors[chosen] if vectors is not None else None
        p = linear.probabilities([features[i] for i in chosen], dense)[:, 1]
        for i, value in zip(chosen, p, strict=True):
            by_rules = relation_by_rules(candidates[i].relation)
            key = threshold_key(kind, by_rules)
            if (by_rules and model.keep_rules) or value >= model.relation_threshold.get(key, 0.5):
                relations.append(replace(candidates[i].relation, confidence=round(float(value), 4)))
    return relations


def renumbered(
    extraction: Extraction,
    entities: list[ExtractedEntity],
    relations: list[ExtractedRelation],
    version: str,
) -> Extraction:
    """Local ids by type again (p1, o1, ...) in the order of first mention."""
    order = sorted(entities, key=lambda e: ("poevit".index(e.type[0]), _first(e)))
    counters: dict[str, int] = {}
    ids: dict[str, str] = {}
    renamed = []
    for entity in order:
        counters[entity.type] = counters.get(entity.type, 0) + 1
        ids[entity.id] = f"{PREFIX[entity.type]}{counters[entity.type]}"
        renamed.append(replace(entity, id=ids[entity.id]))
    moved = []
    for relation in relations:
        attributes = dict(relation.attributes)
        if attributes.get("partner") in ids:
            attributes["partner"] = ids[attributes["partner"]]
        elif "partner" in attributes:
            attributes.pop("partner")
        obj = ids.get(relation.object, relation.object)
        moved.append(
            replace(relation, subject=ids[relation.subject], object=obj, attributes=attributes)
        )
    return replace(
        extraction,
        entities=renamed,
        relations=moved,
        extractor="greenbridge.learned",
        version=version,
    )


def _first(entity: ExtractedEntity) -> int:
    return min((m.start for m in entity.mentions), default=0)
