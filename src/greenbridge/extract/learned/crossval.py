"""Held-out estimates by publisher: out-of-fold probabilities for thresholds and calibration,
and the cross-validated score of the whole extractor (no publisher in both train and test)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from greenbridge.evaluate.extraction import Score, score_document
from greenbridge.extract.learned.apply import (
    ENTITY_CLASSES,
    decide_entities,
    decide_relations,
    entity_by_rules,
    relation_by_rules,
    renumbered,
    threshold_key,
)
from greenbridge.extract.learned.dataset import DocumentRows
from greenbridge.extract.learned.model import ExtractionModel, to_probabilities
from greenbridge.extract.learned.train import (
    THRESHOLDS,
    Settings,
    Vectors,
    fit,
    folds_by_publisher,
)
from greenbridge.schema import relation_types

MIN_OTHER_THRESHOLD = 0.3


@dataclass
class OutOfFold:
    """Uncalibrated scores of held-out rows with their labels (a class per entity row, 0/1 per
    relation row), and the gold counts the rows must cover."""

    entity_scores: list[np.ndarray] = field(default_factory=list)
    entity_labels: list[str] = field(default_factory=list)
    entity_rules: list[bool] = field(default_factory=list)  # proposed by the rules
    relations: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    relation_rules: dict[str, list[bool]] = field(default_factory=dict)
    gold_entities: dict[str, int] = field(default_factory=dict)
    gold_relations: dict[str, int] = field(default_factory=dict)

    def entity_rows(self, scale: float) -> list[tuple[str, float, str]]:
        """(predicted type, its probability, label) at calibration `scale`."""
        if not self.entity_scores:
            return []
        p = to_probabilities(np.stack(self.entity_scores), scale)
        best = np.argmax(p[:, 1:], axis=1) + 1
        return [
            (ENTITY_CLASSES[b], float(p[i, b]), label)
            for i, (b, label) in enumerate(zip(best, self.entity_labels, strict=True))
        ]

    def relation_rows(self, kind: str, scale: float) -> list[tuple[float, int]]:
        return [(1 / (1 + math.exp(-scale * s)), y) for s, y in self.relations.get(kind, [])]


def _subset(vectors: Vectors, index: list[int]) -> Vectors:
    return Vectors([vectors.entities[i] for i in index], [vectors.relations[i] for i in index])


def out_of_fold(
    documents: Sequence[DocumentRows], vectors: Vectors, settings: Settings, k: int
) -> OutOfFold:
    oof = OutOfFold()
    for d in documents:
        for e in d.gold.get("entities", []):
            oof.gold_entities[e["type"]] = oof.gold_entities.get(e["type"], 0) + 1
        for r in d.gold.get("relations", []):
            oof.gold_relations[r["type"]] = oof.gold_relations.get(r["type"], 0) + 1
    for test in folds_by_publisher(documents, k):
        train = [i for i in range(len(documents)) if i not in test]
        model = fit([documents[i] for i in train], _subset(vectors, train), settings)
        for i in test:
            _collect(oof, model, documents[i], vectors.entities[i], vectors.relations[i])
    return oof


def _collect(oof: OutOfFold, model: ExtractionModel, d: DocumentRows, ev: Any, rv: Any) -> None:
    oof.entity_scores.extend(model.entities.scores(d.entities.features, ev))
    oof.entity_labels.extend(d.entity_labels)
    oof.entity_rules.extend(entity_by_rules(e) for e in d.entities.candidates)
    for kind, linear in model.relations.items():
        index = [i for i, c in enumerate(d.relations) if c.relation.type == kind]
        if not index:
            continue
        dense = rv[index] if rv is not None else None
        scores = linear.scores([d.relation_features[i] for i in index], dense)[:, 0]
        oof.relations.setdefault(kind, []).extend(
            (float(v), d.relation_labels[i]) for v, i in zip(scores, index, strict=True)
        )
        oof.relation_rules.setdefault(kind, []).extend(
            relation_by_rules(d.relations[i].relation) for i in index
        )


def _best_thresholds(rows: list[tuple[float, bool, bool]], gold: int) -> tuple[float, float]:
    """(threshold for rule candidates, threshold for the others) with the best F1 over rows of
    (probability, correct, proposed by the rules); ties go to the higher thresholds."""

    def counts(values: list[tuple[float, bool]], t: float) -> tuple[int, int]:
        tp = sum(1 for p, ok in values if p >= t and ok)
        return tp, sum(1 for p, ok in values if p >= t and not ok)

    ruled = [(p, ok) for p, ok, by_rules in rows if by_rules]
    other = [(p, ok) for p, ok, by_rules in rows if not by_rules]
    grid = [float(t) for t in THRESHOLDS]
    by_rules = {t: counts(ruled, t) for t in grid}
    # the other generators' candidates are many and trained on gold-typed ends: low
    # thresholds that look right on those rows flood real output, so they start at 0.3
    by_others = {t: counts(other, t) for t in grid if t >= MIN_OTHER_THRESHOLD}
    best, best_f1 = (0.5, 0.5), -1.0
    for t_rules, (tp_r, fp_r) in by_rules.items():
        for t_other, (tp_o, fp_o) in by_others.items():
            tp, fp = tp_r + tp_o, fp_r + fp_o
            f1 = 2 * tp / (2 * tp + fp + max(gold - tp, 0)) if gold + tp + fp else 0.0
            if f1 >= best_f1:
                best, best_f1 = (t_rules, t_other), f1
    return best


def choose_thresholds(oof: OutOfFold, scale: float) -> tuple[dict[str, float], dict[str, float]]:
    """Per type, one threshold for candidates the rules proposed and one for the others."""
    entity: dict[str, float] = {}
    rows_all = oof.entity_rows(scale)
    for kind in ENTITY_CLASSES[1:]:
        rows = [
            (p, label == kind, by_rules)
            for (pred, p, label), by_rules in zip(rows_all, oof.entity_rules, strict=True)
            if pred == kind
        ]
        t_rules, t_other = _best_thresholds(rows, oof.gold_entities.get(kind, 0))
        entity[threshold_key(kind, True)], entity[kind] = t_rules, t_other
    relation: dict[str, float] = {}
    for kind in relation_types():
        flags = oof.relation_rules.get(kind, [])
        rows = [
            (p, bool(label), by_rules)
            for (p, label), by_rules in zip(oof.relation_rows(kind, scale), flags, strict=True)
        ]
        t_rules, t_other = _best_thresholds(rows, oof.gold_relations.get(kind, 0))
        relation[threshold_key(kind, True)], relation[kind] = t_rules, t_other
    return entity, relation


def tune(model: ExtractionModel, oof: OutOfFold) -> None:
    """Calibrate `model` and set its thresholds from held-out rows of its training data."""
    scale = calibration_scale(oof)
    model.entities.scale = scale
    for linear in model.relations.values():
        linear.scale = scale
    model.entity_threshold, model.relation_threshold = choose_thresholds(oof, scale)


def predict(model: ExtractionModel, d: DocumentRows, ev: Any) -> dict[str, Any]:
    """The schema JSON the model gives a held-out document (relations on its own entities)."""
    kept = decide_entities(model, d.entities, ev)
    rules = d.rule_extraction
    relations = decide_relations(
        model, d.entities.text, kept, rules.relations, d.entities.sentences, d.articles
    )
    extraction = renumbered(rules, kept, relations, model.version)
    data = extraction.to_schema_json()
    for item, entity in zip(data["entities"], extraction.entities, strict=True):
        item["confidence"] = entity.confidence
    for item, relation in zip(data["relations"], extraction.relations, strict=True):
        item["confidence"] = relation.confidence
    return data


@dataclass
class CrossValidation:
    score: Score
    facts: list[tuple[str, float, bool]]  # (entity or relation type, confidence, correct)
    folds: list[list[str]]


def cross_validate(
    documents: Sequence[DocumentRows], vectors: Vectors, settings: Settings, k: int = 5
) -> CrossValidation:
    """Each fold's documents extracted by a model (with thresholds from an inner
    cross-validation) that saw none of their publishers."""
    total, facts, names = Score(), [], []
    for test in folds_by_publisher(documents, k):
        train = [i for i in range(len(documents)) if i not in test]
        train_docs, train_vectors = [documents[i] for i in train], _subset(vectors, train)
        model = fit(train_docs, train_vectors, settings)
        tune(model, out_of_fold(train_docs, train_vectors, settings, settings.inner_folds))
        for i in test:
            predicted = predict(model, documents[i], vectors.entities[i])
            total.add(score_document(documents[i].gold, predicted))
            facts.extend(fact_outcomes(documents[i].gold, predicted))
        names.append([documents[i].name for i in test])
    return CrossValidation(total, facts, names)


def calibration_scale(oof: OutOfFold) -> float:
    """The temperature (one factor on every model's scores) with the lowest log loss on
    held-out rows: the top class of each entity row and every relation row."""
    best, best_loss = 1.0, math.inf
    for scale in np.round(np.arange(0.3, 3.01, 0.05), 2):
        rows = [(p, pred == label) for pred, p, label in oof.entity_rows(float(scale))]
        for kind in oof.relations:
            rows += [(p, bool(y)) for p, y in oof.relation_rows(kind, float(scale))]
        if not rows:
            return 1.0
        p = np.clip(np.array([r[0] for r in rows]), 1e-9, 1 - 1e-9)
        y = np.array([r[1] for r in rows], dtype=float)
        loss = float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())
        if loss < best_loss:
            best, best_loss = float(scale), loss
    return best


def fact_outcomes(gold: dict[str, Any], predicted: dict[str, Any]) -> list[tuple[str, float, bool]]:
    """Each predicted entity and relation with its confidence and whether gold holds it."""
    from greenbridge.evaluate.extraction import (
        SYMMETRIC_RELATIONS,
        entity_similarity,
        match_one_to_one,
    )

    mapping: dict[str, str] = {}
    for kind in ENTITY_CLASSES[1:]:
        g = [e for e in gold.get("entities", []) if e["type"] == kind]
        p = [e for e in predicted["entities"] if e["type"] == kind]
        for gi, pi in match_one_to_one(g, p, entity_similarity).items():
            mapping[p[pi]["id"]] = g[gi]["id"]
    facts = {(r["type"], r["subject"], r["object"]) for r in gold.get("relations", [])}
    facts |= {
        (r["type"], r["object"], r["subject"])
        for r in gold.get("relations", [])
        if r["type"] in SYMMETRIC_RELATIONS
    }
    out = [(e["type"], float(e["confidence"]), e["id"] in mapping) for e in predicted["entities"]]
    for r in predicted["relations"]:
        key = (r["type"], mapping.get(r["subject"], ""), mapping.get(r["object"], r["object"]))
        out.append((r["type"], float(r["confidence"]), key in facts))
    return out


def reliability(facts: list[tuple[str, float, bool]], edges: Sequence[float]) -> list[dict]:  # type: ignore[type-arg]
    """Facts by confidence band: how many, the mean confidence and the share correct."""
    table = []
    for lo, hi in itertools.pairwise(edges):
        band = [(c, ok) for _k, c, ok in facts if lo <= c < hi or (hi == edges[-1] and c == hi)]
        if band:
            table.append(
                {
                    "band": f"{lo:.1f}-{hi:.1f}",
                    "facts": len(band),
                    "mean_confidence": round(sum(c for c, _ in band) / len(band), 3),
                    "correct": round(sum(ok for _, ok in band) / len(band), 3),
                }
            )
    return table
