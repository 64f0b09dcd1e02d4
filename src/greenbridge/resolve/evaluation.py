"""Measure resolution quality: cluster name records as linking does, pairwise precision/recall.

Used by `bench/bench_resolve.py` and the tests; the labelled data lives with them, not here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from greenbridge.resolve.blocking import EntityIndex
from greenbridge.resolve.scoring import SURE, NameRecord, score_records


@dataclass(frozen=True)
class PairScores:
    """Pairwise figures: predicted and true pairs and their overlap."""

    true_positives: int
    predicted: int
    actual: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.actual if self.actual else 1.0


def cluster_records(records: Sequence[NameRecord], *, threshold: float = SURE) -> list[int]:
    """Link records one by one as ingestion does: each joins its best sure match or starts
    a new entity. Returns the entity number of every record."""
    index = EntityIndex()
    assignment: list[int] = []
    for position, record in enumerate(records):
        entity_id, verdict = index.best(record)
        if entity_id is None or verdict.score < threshold:
            entity_id = position
        index.add(entity_id, record)
        assignment.append(entity_id)
    return assignment


def pairwise(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> PairScores:
    """Pairwise precision and recall of a clustering against the true clustering."""
    together = Counter(zip(predicted, truth, strict=True))
    tp = sum(n * (n - 1) // 2 for n in together.values())
    pred = sum(n * (n - 1) // 2 for n in Counter(predicted).values())
    actual = sum(n * (n - 1) // 2 for n in Counter(truth).values())
    return PairScores(tp, pred, actual)


def wrong_pairs(
    records: Sequence[NameRecord], predicted: Sequence[Hashable], truth: Sequence[Hashable]
) -> Iterable[tuple[NameRecord, NameRecord, bool]]:
    """Pairs the clustering got wrong: (a, b, merged) where `merged` says it joined them."""
    for i, j in combinations(range(len(records)), 2):
        same_pred = predicted[i] == predicted[j]
        same_true = truth[i] == truth[j]
        if same_pred != same_true:
            yield records[i], records[j], same_pred


def score_labelled_pairs(
    pairs: Iterable[tuple[NameRecord, NameRecord, bool]], *, threshold: float = SURE
) -> PairScores:
    """Precision and recall of `score_records >= threshold` on labelled pairs."""
    tp = predicted = actual = 0
    for left, right, same in pairs:
        merged = score_records(left, right).score >= threshold
        tp += merged and same
        predicted += merged
        actual += same
    return PairScores(tp, predicted, actual)
