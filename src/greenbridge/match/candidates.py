"""Matching over a large catalogue: the full scorer of `greenbridge.match.rank` on a candidate set.

Scoring every technology costs memory (all whole-text, title and sentence vectors in the process)
and time per query that grow with the catalogue. Above `service.EXHAUSTIVE_LIMIT` technologies
`build_ranker` returns a `CandidateRanker`, which per need gathers candidates: the `depth`
nearest technologies of each need segment in the whole-text and in the title vector index (faiss;
approximate above `IVF_MIN_VECTORS`) and the `depth` best by BM25. Their neighbours join the
scored rows, so that score smoothing mixes in the same neighbour scores as over the whole
catalogue; the vectors, sentences and sector profiles of these rows are read by id from the index
files, and the candidates ranked by the same scorer. The process holds the keyword index, the
neighbour lists and the sparse sector profiles; the vectors stay in the index files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from greenbridge.index.embedders import Embedder
from greenbridge.index.keyword import KeywordIndex
from greenbridge.index.vector import FileVectorIndex
from greenbridge.match.passages import content_words
from greenbridge.match.profiles import IndexProfiles
from greenbridge.match.rank import (
    Candidate,
    NeedQuery,
    Scored,
    ScoringRows,
    best_scored,
    full_scores_of,
)
from greenbridge.match.sentences import StoredSentences, row_ranges
from greenbridge.match.taxonomy import Taxonomy

# Technologies taken from each source (each segment's nearest whole texts and titles, BM25).
# Against exhaustive ranking (`bench/bench_match.py --match`, 50 needs), the top 20 kept 1.000 of
# its technologies at 100k and 1M generated technologies (depth 250: 1.000 and 0.995; 100: 0.988
# and 0.979); on the development bench depth 50 of 268 technologies gives the exhaustive ranking.
CANDIDATES = 500


@dataclass
class SectorRows:
    """Sector profiles kept sparse: row p's nonzero columns are `columns[starts[p]:starts[p+1]]`."""

    starts: NDArray[np.int64]
    columns: NDArray[np.int32]
    values: NDArray[np.float32]
    width: int

    @classmethod
    def of(cls, dense: NDArray[np.float32]) -> SectorRows:
        rows, columns = np.nonzero(dense)
        starts = np.searchsorted(rows, np.arange(len(dense) + 1)).astype(np.int64)
        return cls(starts, columns.astype(np.int32), dense[rows, columns], dense.shape[1])

    def rows(self, positions: NDArray[np.int64]) -> NDArray[np.float32]:
        """The dense profiles of the rows at `positions`."""
        out = np.zeros((len(positions), self.width), dtype=np.float32)
        counts = self.starts[positions + 1] - self.starts[positions]
        entries = row_ranges(self.starts, positions)
        owners = np.repeat(np.arange(len(positions)), counts)
        out[owners, self.columns[entries]] = self.values[entries]
        return out


class CandidateRanker:
    """Ranks needs against a large catalogue by scoring a candidate set per need."""

    def __init__(
        self, candidates: Sequence[Candidate], embedder: Embedder, full: FileVectorIndex,
        title: FileVectorIndex, profiles: IndexProfiles, sentences: StoredSentences,
        depth: int | None = None,
    ) -> None:  # fmt: skip
        """`full` and `title` hold the whole-text and title vectors of `candidates`; `profiles`
        and `sentences` have one entry per candidate, in the same order; `depth` technologies
        are taken from each source (`CANDIDATES` unless given)."""
        self.candidates = list(candidates)
        self.embedder, self.full, self.title = embedder, full, title
        self.depth = CANDIDATES if depth is None else depth
        self.ids = np.asarray([c.entity_id for c in self.candidates], dtype=np.int64)
        self._order = np.argsort(self.ids, kind="stable")
        self._sorted_ids = self.ids[self._order]
        self.keyword = KeywordIndex([c.text for c in self.candidates])
        self.taxonomy = Taxonomy(embedder)
        self.neighbours, self.weights = profiles.neighbours, profiles.weights
        self.sectors = SectorRows.of(profiles.sectors)
        self.sentences = sentences
        for index in (full, title):
            index.vectors([])  # prepares the lookup by id once, before concurrent queries

    def positions(self, entity_ids: NDArray[np.int64]) -> NDArray[np.int64]:
        """The candidate position of each entity id (all of them candidates)."""
        found = np.searchsorted(self._sorted_ids, entity_ids)
        return self._order[np.minimum(found, len(self.ids) - 1)]

    def candidate_positions(
        self, segments: NDArray[np.float32], keyword: NDArray[np.float32]
    ) -> NDArray[np.int64]:
        """The union of each segment's `depth` nearest whole texts and titles and the `depth`
        best technologies by BM25 (`keyword`, one score per technology)."""
        best = min(self.depth, len(keyword))
        by_keyword = np.argpartition(-keyword, best - 1)[:best] if best else keyword[:0]
        by_vector = [index.nearest_ids(segments, self.depth) for index in (self.full, self.title)]
        found = [by_keyword[keyword[by_keyword] > 0], *map(self.positions, by_vector)]
        return np.unique(np.concatenate(found).astype(np.int64))

    def scoring_rows(self, positions: NDArray[np.int64]) -> ScoringRows:
        """The rows of the technologies at `positions`, read from the index files; neighbours
        outside `positions` point at the row itself with weight 0."""
        ids = self.ids[positions].tolist()
        order = np.argsort(positions)
        neighbours = self.neighbours[positions]
        slot = np.minimum(np.searchsorted(positions, neighbours, sorter=order), len(order) - 1)
        inside = positions[order[slot]] == neighbours
        own = np.broadcast_to(np.arange(len(positions))[:, None], neighbours.shape)
        local = np.where(inside, order[slot], own).astype(np.int64)
        weights = np.where(inside, self.weights[positions], 0.0).astype(np.float32)
        return ScoringRows(self.full.vectors(ids), self.title.vectors(ids),
                           self.sentences.rows(positions), self.sectors.rows(positions),
                           local, weights)  # fmt: skip

    def rank(
        self, need: NeedQuery, k: int = 20, *, keep: Callable[[Candidate], bool] | None = None
    ) -> list[Scored]:
        """The `k` best technologies for `need` among its candidates, by the full scorer. `keep`
        filters the candidates only: a filter that few technologies pass can leave fewer results
        than scoring every technology would."""
        if not self.candidates:
            return []
        segments = self.embedder.embed(need.segments())
        keyword = self.keyword.scores(" ".join(content_words(need.text)))
        chosen = self.candidate_positions(segments, keyword)
        extra = np.setdiff1d(np.unique(self.neighbours[chosen]), chosen)
        rows = np.concatenate([chosen, extra])
        scores, parts = full_scores_of(self.scoring_rows(rows), segments, keyword[rows],
                                       self.taxonomy)  # fmt: skip
        count = len(chosen)
        candidates = [self.candidates[p] for p in chosen.tolist()]
        kept = {name: values[:count] for name, values in parts.items()}
        return best_scored(need, candidates, scores[:count], kept, k, keep)
