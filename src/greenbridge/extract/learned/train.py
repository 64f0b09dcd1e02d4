"""Training: fit the entity and relation models on an annotated corpus, choose decision
thresholds and a calibration on held-out folds grouped by publisher, and write the weights.
The same corpus and settings give the same weights."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from greenbridge.extract.learned.apply import ENTITY_CLASSES, embed, paired
from greenbridge.extract.learned.dataset import DocumentRows
from greenbridge.extract.learned.features import Features
from greenbridge.extract.learned.model import ExtractionModel, LinearModel
from greenbridge.schema import relation_types

logger = logging.getLogger(__name__)
# Decision thresholds tried on held-out rows; 1.01 keeps nothing of a kind of candidate.
THRESHOLDS = np.round([0.02, 0.05, 0.1, *np.arange(0.15, 0.951, 0.05), 1.01], 2)


@dataclass
class Settings:
    # Sentence embeddings (`minilm`) moved held-out F1 by under 0.01 on the corpus at six times
    # the time per word, so the shipped model goes without them.
    embedder: str | None = None
    c_entities: float = 0.3
    c_relations: float = 0.3
    min_count: int = 2  # a sparse feature seen in fewer rows is dropped
    inner_folds: int = 4
    keep_rules: bool = True  # keep every candidate the rules propose (see ExtractionModel)


@dataclass
class Vectors:
    """The embeddings of every document's rows, computed once for all folds."""

    entities: list[NDArray[np.float32] | None]
    relations: list[NDArray[np.float32] | None]


def embed_documents(documents: Sequence[DocumentRows], embedder: str | None) -> Vectors:
    entity_texts = [t for d in documents for t in d.entities.texts]
    relation_texts = [t for d in documents for t in d.relation_texts]
    ev, rv = embed(entity_texts, embedder), embed(relation_texts, embedder)
    out = Vectors([], [])
    e = r = 0
    for d in documents:
        n, m = len(d.entities.candidates), len(d.relation_texts)
        out.entities.append(paired(ev[2 * e : 2 * (e + n)]) if ev is not None else None)
        out.relations.append(rv[r : r + m] if rv is not None else None)
        e, r = e + n, r + m
    return out


def _vocabulary(rows: list[Features], min_count: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, c in counts.items() if c >= min_count)
    return {n: i for i, n in enumerate(names)}


def fit_linear(
    rows: list[Features],
    dense: NDArray[np.float32] | None,
    labels: list[str],
    classes: list[str],
    c: float,
    min_count: int,
) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    vocabulary = _vocabulary(rows, min_count)
    width = dense.shape[1] if dense is not None else 0
    empty = np.zeros((0, 0), np.float32)
    shell = LinearModel(classes, vocabulary, empty, np.zeros(0, np.float32), width)
    x = shell.matrix(rows, dense)
    y = np.array([classes.index(label) for label in labels])
    present = sorted(set(y.tolist()))
    out = len(classes) if len(classes) > 2 else 1
    weights = np.zeros((x.shape[1], out), np.float32)
    bias = np.full(out, -10.0, np.float32)
    if len(present) <= 1:  # no rows or one class only: that class (else the first) wins
        winner = present[0] if present else 0
        bias[winner if out > 1 else 0] = 10.0 if out > 1 or winner == 1 else -10.0
        return LinearModel(classes, vocabulary, weights, bias, width)
    model = LogisticRegression(C=c, max_iter=3000, tol=1e-5).fit(x, y)
    if out == 1:
        weights[:, 0], bias[0] = model.coef_[0], model.intercept_[0]
    else:
        for row, cls in enumerate(model.classes_):
            weights[:, cls], bias[cls] = model.coef_[row], model.intercept_[row]
    return LinearModel(classes, vocabulary, weights, bias, width)


def fit(documents: Sequence[DocumentRows], vectors: Vectors, settings: Settings) -> ExtractionModel:
    """The models of `documents`, with thresholds 0.5 (chosen later by `choose_thresholds`)."""
    rows = [f for d in documents for f in d.entities.features]
    labels = [lab for d in documents for lab in d.entity_labels]
    dense = _stack(vectors.entities, [len(d.entity_labels) for d in documents])
    entities = fit_linear(
        rows, dense, labels, ENTITY_CLASSES, settings.c_entities, settings.min_count
    )
    relations = {}
    for kind in relation_types():
        picked = [
            (d, i) for d in documents for i, c in enumerate(d.relations) if c.relation.type == kind
        ]
        r_rows = [d.relation_features[i] for d, i in picked]
        r_labels = ["yes" if d.relation_labels[i] else "no" for d, i in picked]
        r_dense = _pick_dense(documents, vectors, kind)
        relations[kind] = fit_linear(
            r_rows, r_dense, r_labels, ["no", "yes"], settings.c_relations, settings.min_count
        )
    thresholds_e = {k: 0.5 for k in ENTITY_CLASSES[1:]}
    thresholds_r = {k: 0.5 for k in relation_types()}
    meta = {"keep_rules": settings.keep_rules}
    return ExtractionModel(entities, relations, thresholds_e, thresholds_r, settings.embedder, meta)


def _stack(parts: list[NDArray[np.float32] | None], sizes: list[int]) -> NDArray[np.float32] | None:
    if not parts or parts[0] is None:
        return None
    kept = [p for p, n in zip(parts, sizes, strict=True) if n and p is not None]
    return np.concatenate(kept) if kept else None


def _pick_dense(
    documents: Sequence[DocumentRows], vectors: Vectors, kind: str
) -> NDArray[np.float32] | None:
    chosen = []
    for d, v in zip(documents, vectors.relations, strict=True):
        if v is None:
            return None
        index = [i for i, c in enumerate(d.relations) if c.relation.type == kind]
        if index:
            chosen.append(v[index])
    return np.concatenate(chosen) if chosen else None


def folds_by_publisher(documents: Sequence[DocumentRows], k: int) -> list[list[int]]:
    """Document indexes in `k` folds, no publisher in two folds; publishers are dealt to the
    smallest fold in order of size, then name (deterministic)."""
    by_publisher: dict[str, list[int]] = {}
    for i, d in enumerate(documents):
        by_publisher.setdefault(d.publisher, []).append(i)
    groups = sorted(by_publisher.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    folds: list[list[int]] = [[] for _ in range(min(k, len(groups)))]
    for _name, members in groups:
        min(folds, key=len).extend(members)
    return [sorted(f) for f in folds]


def summary(model: ExtractionModel, extra: dict[str, Any]) -> dict[str, Any]:
    return {**model.meta, **extra}
