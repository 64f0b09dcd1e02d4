"""Need -> technologies: keyword and dense retrieval, fused, re-ranked with context.

The need is split into segments (its title, the clauses of its description stripped of
objective boilerplate, and the whole text; `greenbridge.match.passages`) because objectives mix
one concrete need with general aims; each technology scores by its best segment, on its full
text mixed with its best sentence (a long description dilutes one mean-pooled vector) and, with
a lower weight, on its title. BM25 over the need's content words adds a max-normalized keyword
score, a round of dense pseudo-relevance feedback pulls in neighbours of the first results, a
sector signal (`greenbridge.match.taxonomy`) adds the overlap of the need's and the technology's
CTCN taxonomy categories, scores are smoothed over the technology graph, and the context of
`greenbridge.match.context` adds country, deployment, cooperation and readiness bonuses.

The weights are the choice of `bench/match_cv.py` on the development bench (19 World Bank
objectives, 268 technologies, graded judgements): nDCG@10 0.607 against 0.423 for dense
retrieval alone. With the weights chosen without the scored needs: 0.607 leave-one-out and 0.597
4-fold in the weight space used before sentences (sentence weight fixed at 0.5), 0.581 and 0.575
(0.574 over ten 4-fold shuffles) when the sentence weight is chosen in the folds too; before
the clause stripping and sentences: 0.593 plain, 0.585, 0.564 (0.563).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from greenbridge.index.embedders import Embedder
from greenbridge.index.keyword import KeywordIndex
from greenbridge.match.context import TechnologyContext, context_bonus
from greenbridge.match.passages import (
    SentenceVectors,
    content_words,
    need_clauses,
    sentence_vectors,
)
from greenbridge.match.records import text_of
from greenbridge.match.taxonomy import Taxonomy

logger = logging.getLogger(__name__)

TITLE_WEIGHT = 0.25
# Weight of a technology's best sentence beside its whole text in the full score's text match.
SENTENCE_WEIGHT = 0.5
KEYWORD_WEIGHT = 0.1
SECTOR_WEIGHT = 0.2
# Score smoothing over the technology graph (the cluster hypothesis: similar technologies fit the
# same needs): each technology's score is mixed with the cosine-weighted mean score of its
# `NEIGHBOURS` nearest technologies (found once, at index time), with weight SMOOTHING_WEIGHT.
NEIGHBOURS, SMOOTHING_WEIGHT = 10, 3.0
FEEDBACK_DEPTH, FEEDBACK_WEIGHT = 10, 0.25
# Logistic calibration (intercept, full score, `background_z`) to the probability that a
# technology is relevant at all / directly solves the need. Fitted by `bench/match_calibration.py`
# on the development bench's top 20 per need, each need asked three ways (whole objective, title
# alone, first clause alone) so that the fit holds for short typed needs as for long objectives.
RELEVANT_CALIBRATION = (-4.39, 4.73, 0.56)
DIRECT_CALIBRATION = (-5.52, 4.52, 0.68)


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

    def clauses(self) -> list[str]:
        """The title and the content clauses of the description (`need_clauses`)."""
        return need_clauses(self.title, self.description) or [self.text]

    def segments(self) -> list[str]:
        """What the ranker embeds: the clauses, and the whole text when there are several."""
        clauses = self.clauses()
        return [*clauses, self.text] if len(clauses) > 1 else clauses


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
        neighbours: tuple[NDArray[np.int64], NDArray[np.float32]] | None = None,
    ) -> None:
        """`profiles` (sector profiles) and `neighbours` (positions and cosine weights of each
        candidate's nearest candidates) are what `greenbridge.match.profiles` keeps beside the
        vector index; computed here from `vectors` when not given."""
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
        if neighbours is None:
            graph = nearest_neighbours(vectors, NEIGHBOURS)
            neighbours = graph, neighbour_weights(vectors, graph)
        self.neighbours, self.neighbour_weights = neighbours

    @cached_property
    def sentences(self) -> SentenceVectors:
        """The embedded sentences of every candidate (`greenbridge.match.passages`), computed on
        first use; a caller that keeps them beside the index assigns them instead."""
        technologies = [(c.title, c.description) for c in self.candidates]
        return sentence_vectors(technologies, self.embedder, self.vectors)

    def keyword_scores(self, need: NeedQuery) -> NDArray[np.float32]:
        return self.keyword.scores(" ".join(content_words(need.text)))

    def dense_scores(self, need: NeedQuery) -> NDArray[np.float32]:
        return self.vectors @ self.embedder.embed([need.text])[0]

    def full_scores(self, need: NeedQuery) -> tuple[NDArray[np.float32], dict[str, NDArray]]:
        segments = self.embedder.embed(need.segments())
        rows = ScoringRows(self.vectors, self.title_vectors, self.sentences, self.profiles,
                           self.neighbours, self.neighbour_weights)  # fmt: skip
        return full_scores_of(rows, segments, self.keyword_scores(need), self.taxonomy)

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
        return best_scored(need, self.candidates, scores, parts, k, keep)


class TechnologyRanker(Protocol):
    """What `match_need` and the partner ranking ask of a ranker: the embedder and the `k` best
    technologies for a need (`Ranker` scores all technologies, `CandidateRanker` a candidate set)."""

    embedder: Embedder

    def rank(
        self, need: NeedQuery, k: int = 20, *, keep: Callable[[Candidate], bool] | None = None
    ) -> list[Scored]: ...


@dataclass
class ScoringRows:
    """What the full scorer reads per technology, one row each (all technologies, or a candidate
    set): vectors, title vectors, sentences, sector profiles, and the positions among these rows
    and cosine weights of each one's neighbours."""

    vectors: NDArray[np.float32]
    title_vectors: NDArray[np.float32]
    sentences: SentenceVectors
    profiles: NDArray[np.float32]
    neighbours: NDArray[np.int64]
    weights: NDArray[np.float32]


def full_scores_of(
    rows: ScoringRows, segments: NDArray[np.float32], keyword: NDArray[np.float32],
    taxonomy: Taxonomy,
) -> tuple[NDArray[np.float32], dict[str, NDArray]]:  # fmt: skip
    """The full score of each row for a need's embedded `segments` and its BM25 scores `keyword`,
    with the parts it is made of."""
    dense = (segments @ rows.vectors.T).max(axis=0)
    sentence = rows.sentences.best(segments, len(rows.vectors))
    text = (dense + SENTENCE_WEIGHT * sentence) / (1 + SENTENCE_WEIGHT)
    title = (segments @ rows.title_vectors.T).max(axis=0)
    keyword = keyword / keyword.max() if keyword.max() > 0 else keyword
    sector = rows.profiles @ taxonomy.profiles(segments, depth=None).max(axis=0)
    first = text + TITLE_WEIGHT * title + KEYWORD_WEIGHT * keyword + SECTOR_WEIGHT * sector
    top = np.argsort(-first)[:FEEDBACK_DEPTH]
    centroid = rows.vectors[top].mean(axis=0)
    feedback = rows.vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))
    score = (first + FEEDBACK_WEIGHT * feedback) / (1 + TITLE_WEIGHT + FEEDBACK_WEIGHT)
    score = smooth(score, rows.neighbours, rows.weights)
    parts = {"dense": dense, "sentence": sentence, "title": title, "keyword": keyword,
             "sector": sector, "feedback": feedback,
             "background_z": background_z(taxonomy, segments, sentence)}  # fmt: skip
    return score.astype(np.float32), parts


def background_z(
    taxonomy: Taxonomy, segments: NDArray[np.float32], sentence: NDArray[np.float32]
) -> NDArray[np.float32]:
    """How far each candidate's best sentence stands above the need's similarity to the
    taxonomy's technology titles, in standard deviations of the latter: a fixed reference
    that takes out what the length and wording of the need do to every cosine."""
    background = (segments @ taxonomy.vectors.T).max(axis=0)
    return (sentence - background.mean()) / (float(background.std()) or 1.0)


def best_scored(
    need: NeedQuery, candidates: Sequence[Candidate], scores: NDArray[np.float32],
    parts: dict[str, NDArray], k: int, keep: Callable[[Candidate], bool] | None = None,
) -> list[Scored]:  # fmt: skip
    """The `k` best of `candidates` (one score and one value of each part per candidate) that
    `keep` accepts, looked for among the `max(4 k, 100)` best scores, with context bonuses."""
    results = []
    for position in np.argsort(-scores)[: max(4 * k, 100)]:
        candidate = candidates[position]
        if keep is not None and not keep(candidate):
            continue
        values = {name: float(v[position]) for name, v in parts.items()}
        results.append(scored(need, candidate, float(scores[position]), values))
    results.sort(key=lambda item: -item.score)
    return results[:k]


def scored(need: NeedQuery, candidate: Candidate, score: float, parts: dict[str, float]) -> Scored:
    """A ranked candidate: its score plus the context bonus and, when the full scorer's parts are
    there, its calibrated probabilities (computed on the topical score, without the bonus)."""
    if "background_z" not in parts:
        return Scored(candidate, score, parts, [])
    bonus, reasons = context_bonus(need.countries, candidate.context)
    z = parts["background_z"]
    return Scored(candidate, score + bonus, parts, reasons,
                  calibrated(RELEVANT_CALIBRATION, score, z),
                  calibrated(DIRECT_CALIBRATION, score, z))  # fmt: skip


def neighbour_weights(vectors: NDArray[np.float32], neighbours: NDArray[np.int64]) -> NDArray:
    """The cosine of each technology to each of its neighbours, floored at 0 (in blocks of rows,
    so a million technologies never gather all their neighbours' vectors at once)."""
    cosines = np.empty(neighbours.shape, dtype=np.float32)
    for start in range(0, len(neighbours), 4096):
        block = slice(start, start + 4096)
        cosines[block] = np.einsum("id,ikd->ik", vectors[block], vectors[neighbours[block]])
    return np.clip(cosines, 0.0, None)


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


def nearest_neighbours(
    vectors: NDArray[np.float32], k: int, rows: NDArray[np.int64] | None = None
) -> NDArray[np.int64]:
    """Positions of the `k` most similar other rows of each row (or of each of `rows`): exact
    (faiss.knn) when at most `EXACT_NEIGHBOURS` rows are asked for, else a faiss HNSW graph;
    index-time work."""
    asked = np.arange(len(vectors)) if rows is None else np.asarray(rows, dtype=np.int64)
    k = min(k, len(vectors) - 1)
    if k <= 0 or not len(asked):
        return np.zeros((len(asked), max(k, 0)), dtype=np.int64)
    import faiss

    base = np.ascontiguousarray(vectors, dtype=np.float32)
    queries, metric = base[asked], faiss.METRIC_INNER_PRODUCT
    if len(asked) > EXACT_NEIGHBOURS:
        graph = faiss.IndexHNSWFlat(base.shape[1], 32, metric)
        graph.add(base)
        found = graph.search(queries, k + 1)[1]
    else:
        found = faiss.knn(queries, base, k + 1, metric=metric)[1]
    pairs = zip(asked.tolist(), found.tolist(), strict=True)
    lists = [[j for j in row if j != i][:k] for i, row in pairs]
    return np.asarray([row + row[:1] * (k - len(row)) for row in lists], dtype=np.int64)


EXACT_NEIGHBOURS = 20000

SCORERS: dict[str, Callable[[Ranker, NeedQuery], NDArray[np.float32]]] = {
    "keyword": Ranker.keyword_scores,
    "dense": Ranker.dense_scores,
    "full": lambda ranker, need: ranker.full_scores(need)[0],
}
