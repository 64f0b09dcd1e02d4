"""Need -> technologies: keyword and dense retrieval, fused, re-ranked with context.

The need is split into segments (its title and the clauses of its description) because
objectives mix one concrete need with general aims; each technology scores by its best segment,
on its full text and (half weight) on its title. BM25 adds a max-normalized keyword score, a
round of dense pseudo-relevance feedback pulls in neighbours of the first results, and the context
of `greenbridge.match.context` adds country, deployment, cooperation and readiness bonuses.
A sector signal (`greenbridge.match.taxonomy`) adds the overlap of the need's and the
technology's CTCN taxonomy categories. The weights are the choice of `bench/match_cv.py` on the
development bench, whose cross-validated figure (weights chosen without the scored need) is
reported beside the plain one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from greenbridge.index.embedders import Embedder
from greenbridge.index.keyword import KeywordIndex
from greenbridge.match.context import TechnologyContext, context_bonus
from greenbridge.match.records import text_of
from greenbridge.match.taxonomy import Taxonomy

logger = logging.getLogger(__name__)

TITLE_WEIGHT = 0.25
KEYWORD_WEIGHT = 0.1
SECTOR_WEIGHT = 0.2
# Score smoothing over the technology graph (the cluster hypothesis: similar technologies fit the
# same needs): each technology's score is mixed with the cosine-weighted mean score of its
# `NEIGHBOURS` nearest technologies (found once, at index time), with weight SMOOTHING_WEIGHT.
NEIGHBOURS, SMOOTHING_WEIGHT = 10, 3.0
FEEDBACK_DEPTH, FEEDBACK_WEIGHT = 10, 0.25
# Words every development objective uses; they say nothing about which technology fits.
OBJECTIVE_WORDS = frozenset(
    [
        "project",
        "development",
        "objective",
        "objectives",
        "pdo",
        "propos",
        "increas",
        "improv",
        "support",
        "target",
        "promot",
        "strengthen",
        "enhanc",
        "access",
        "use",
        "through",
        "will",
        "key",
        "result",
        "expect",
        "aim",
        "program",
        "programme",
    ]
)
# Logistic calibration of the full score (intercept, score, z-score among all candidates) to the
# probability that a technology is relevant at all / directly solves the need; fitted once on the
# development bench's judgements (see the report of issue 5) and kept as general constants.
RELEVANT_CALIBRATION = (-7.0, 10.35, 0.30)
DIRECT_CALIBRATION = (-9.28, 14.44, -0.22)
_CLAUSES = re.compile(r"[.;:]\s|\(\w{1,4}\)|, and |\band\b")


@dataclass
class Candidate:
    """A technology as the ranker sees it."""

    entity_id: int
    title: str
    description: str = ""
    sector: str | None = None
    key: str | None = None
    context: TechnologyContext = field(default_factory=TechnologyContext)

    @property
    def text(self) -> str:
        return text_of(self.title, self.description)


@dataclass
class NeedQuery:
    title: str
    description: str = ""
    countries: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return text_of(self.title, self.description)

    def segments(self) -> list[str]:
        parts = [p.strip() for p in _CLAUSES.split(self.description or "") if len(p.strip()) > 15]
        return [self.title, *parts] if self.title else parts or [self.description]


@dataclass
class Scored:
    candidate: Candidate
    score: float
    parts: dict[str, float]
    reasons: list[str]
    relevant: float = 0.0
    direct: float = 0.0


def calibrated(weights: tuple[float, float, float], score: float, z: float) -> float:
    intercept, a, b = weights
    return float(1 / (1 + np.exp(-(intercept + a * score + b * z))))


class Ranker:
    """Ranks a fixed list of candidates for needs; the scorers are chosen by name (`SCORERS`)."""

    def __init__(
        self,
        candidates: Sequence[Candidate],
        embedder: Embedder,
        vectors: NDArray[np.float32] | None = None,
        title_vectors: NDArray[np.float32] | None = None,
        profiles: NDArray[np.float32] | None = None,
    ) -> None:
        self.candidates = list(candidates)
        self.embedder = embedder
        self.keyword = KeywordIndex([c.text for c in self.candidates])
        if vectors is None:
            vectors = embedder.embed([c.text for c in self.candidates])
        if title_vectors is None:
            title_vectors = embedder.embed([c.title for c in self.candidates])
        self.vectors, self.title_vectors = vectors, title_vectors
        self.taxonomy = Taxonomy(embedder)
        # Per technology, computed once (at index time): its few main taxonomy categories.
        self.profiles = self.taxonomy.profiles(vectors) if profiles is None else profiles
        self.neighbours = nearest_neighbours(vectors, NEIGHBOURS)
        self.neighbour_weights = neighbour_weights(vectors, self.neighbours)

    def keyword_scores(self, need: NeedQuery) -> NDArray[np.float32]:
        return self.keyword.scores(need.text, OBJECTIVE_WORDS)

    def dense_scores(self, need: NeedQuery) -> NDArray[np.float32]:
        return self.vectors @ self.embedder.embed([need.text])[0]

    def full_scores(self, need: NeedQuery) -> tuple[NDArray[np.float32], dict[str, NDArray]]:
        segments = self.embedder.embed(need.segments())
        dense = (segments @ self.vectors.T).max(axis=0)
        title = (segments @ self.title_vectors.T).max(axis=0)
        keyword = self.keyword_scores(need)
        keyword = keyword / keyword.max() if keyword.max() > 0 else keyword
        sector = self.profiles @ self.taxonomy.profiles(segments, depth=None).max(axis=0)
        first = dense + TITLE_WEIGHT * title + KEYWORD_WEIGHT * keyword + SECTOR_WEIGHT * sector
        top = np.argsort(-first)[:FEEDBACK_DEPTH]
        centroid = self.vectors[top].mean(axis=0)
        feedback = self.vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))
        score = (first + FEEDBACK_WEIGHT * feedback) / (1 + TITLE_WEIGHT + FEEDBACK_WEIGHT)
        score = smooth(score, self.neighbours, self.neighbour_weights)
        parts = {"dense": dense, "title": title, "keyword": keyword, "sector": sector,
                 "feedback": feedback}  # fmt: skip
        return score.astype(np.float32), parts

    def rank(self, need: NeedQuery, k: int = 20, scorer: str = "full",
             keep: Callable[[Candidate], bool] | None = None) -> list[Scored]:  # fmt: skip
        """The `k` best candidates for `need` by the scorer named `scorer`."""
        if not self.candidates:
            return []
        parts: dict[str, NDArray] = {}
        if scorer == "full":
            scores, parts = self.full_scores(need)
        else:
            scores = SCORERS[scorer](self, need)
        results = []
        mean, spread = float(scores.mean()), float(scores.std()) or 1.0
        for position in np.argsort(-scores)[: max(4 * k, 100)]:
            candidate = self.candidates[position]
            if keep is not None and not keep(candidate):
                continue
            bonus, reasons = 0.0, list[str]()
            if scorer == "full":
                bonus, reasons = context_bonus(need.countries, candidate.context)
            values = {name: float(v[position]) for name, v in parts.items()}
            score = float(scores[position]) + bonus
            z = (float(scores[position]) - mean) / spread
            results.append(Scored(candidate, score, values, reasons,
                                  calibrated(RELEVANT_CALIBRATION, score, z),
                                  calibrated(DIRECT_CALIBRATION, score, z)))  # fmt: skip
        results.sort(key=lambda item: -item.score)
        return results[:k]


def neighbour_weights(vectors: NDArray[np.float32], neighbours: NDArray[np.int64]) -> NDArray:
    """The cosine of each technology to each of its neighbours, floored at 0."""
    cosines = np.einsum("id,ikd->ik", vectors, vectors[neighbours])
    return np.clip(cosines, 0.0, None).astype(np.float32)


def smooth(
    score: NDArray[np.float32],
    neighbours: NDArray[np.int64],
    weights: NDArray[np.float32],
    strength: float = SMOOTHING_WEIGHT,
) -> NDArray[np.float32]:
    """Each score mixed with its neighbours' scores, each neighbour weighted by its cosine (so an
    unrelated neighbour, as in a tiny catalogue, barely counts)."""
    if not neighbours.shape[1] or not strength:
        return score
    k = neighbours.shape[1]
    mixed = score + strength * (weights * score[neighbours]).sum(axis=1) / k
    return (mixed / (1 + strength * weights.sum(axis=1) / k)).astype(np.float32)


def nearest_neighbours(vectors: NDArray[np.float32], k: int) -> NDArray[np.int64]:
    """Positions of the `k` most similar other rows of each row (exact in blocks below
    `EXACT_NEIGHBOURS` rows, else a faiss HNSW graph); index-time work."""
    count = len(vectors)
    k = min(k, count - 1)
    if k <= 0:
        return np.zeros((count, 0), dtype=np.int64)
    if count > EXACT_NEIGHBOURS:
        import faiss

        graph = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        graph.add(np.ascontiguousarray(vectors))
        found = graph.search(np.ascontiguousarray(vectors), k + 1)[1]
    else:
        found = np.vstack([np.argsort(-(vectors[i : i + 2048] @ vectors.T), axis=1)[:, : k + 1]
                           for i in range(0, count, 2048)])  # fmt: skip
    rows = [[j for j in row if j != i][:k] for i, row in enumerate(found.tolist())]
    return np.asarray([row + row[:1] * (k - len(row)) for row in rows], dtype=np.int64)


EXACT_NEIGHBOURS = 20000

SCORERS: dict[str, Callable[[Ranker, NeedQuery], NDArray[np.float32]]] = {
    "keyword": Ranker.keyword_scores,
    "dense": Ranker.dense_scores,
    "full": lambda ranker, need: ranker.full_scores(need)[0],
}
