"""What the ranker derives per technology at index time, kept beside the vector index.

A `Ranker` needs, for every technology, its `NEIGHBOURS` nearest technologies with their cosine
weights (score smoothing) and its sector profile over the CTCN taxonomy. With a few hundred
thousand technologies the neighbour graph takes minutes, and every process would build it again;
`index_profiles` keeps both in `<index folder>/<name>.profiles.npz`, keyed by the entity ids and
the hashes of the texts their vectors were computed from, plus the settings they depend on.

When technologies change, only what they touch is recomputed: the profiles of new or changed
technologies, exact neighbour lists for them and for the technologies that lost a neighbour, and
a merge of the new technologies into every other list (the cost grows with those rows times
all rows). Past `INCREMENTAL_ROWS` changed rows, `INCREMENTAL_SHARE` of the store, or
`EXACT_NEIGHBOURS` lists to rebuild, everything is recomputed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from greenbridge.index.files import save_npz
from greenbridge.index.vector import FileVectorIndex
from greenbridge.match import rank
from greenbridge.match.rank import NEIGHBOURS, nearest_neighbours, neighbour_weights
from greenbridge.match.taxonomy import PROFILE_DEPTH, Taxonomy

logger = logging.getLogger(__name__)

INCREMENTAL_ROWS = 2000
INCREMENTAL_SHARE = 0.1
_BLOCK = 4096


@dataclass
class IndexProfiles:
    """Per technology (one row each, in the order of `ids`): the hash of its text, the positions
    and cosine weights of its nearest technologies, and its sector profile."""

    ids: NDArray[np.int64]
    hashes: NDArray[np.bytes_]
    neighbours: NDArray[np.int64]
    weights: NDArray[np.float32]
    sectors: NDArray[np.float32]

    def matches(self, ids: NDArray[np.int64], hashes: NDArray[np.bytes_]) -> bool:
        """True when these are the profiles of exactly `ids` with texts of hashes `hashes`."""
        return np.array_equal(self.ids, ids) and np.array_equal(self.hashes, hashes)


def settings_key(taxonomy: Taxonomy) -> str:
    """What stored profiles depend on besides the vectors: the ranker's settings, the taxonomy."""
    leaves = "\n".join(leaf.text for leaf in taxonomy.leaves).encode("utf-8")
    return (
        f"neighbours={NEIGHBOURS} depth={PROFILE_DEPTH} temperature={taxonomy.temperature} "
        f"taxonomy={hashlib.sha1(leaves).hexdigest()[:16]}"
    )


def compute_profiles(
    ids: NDArray[np.int64], hashes: NDArray[np.bytes_], vectors: NDArray[np.float32],
    taxonomy: Taxonomy,
) -> IndexProfiles:  # fmt: skip
    """Everything from scratch (the neighbour graph is exact up to `EXACT_NEIGHBOURS` rows)."""
    graph = nearest_neighbours(vectors, NEIGHBOURS)
    weights = neighbour_weights(vectors, graph)
    return IndexProfiles(ids, hashes, graph, weights, taxonomy.profiles(vectors))


def update_profiles(
    previous: IndexProfiles, ids: NDArray[np.int64], hashes: NDArray[np.bytes_],
    vectors: NDArray[np.float32], taxonomy: Taxonomy,
) -> IndexProfiles:  # fmt: skip
    """`previous` brought up to the technologies `ids` with texts `hashes` and their `vectors`."""
    if previous.matches(ids, hashes):
        return previous
    old_rows = previous_rows(previous.ids, previous.hashes, ids, hashes)
    kept, fresh = np.flatnonzero(old_rows >= 0), np.flatnonzero(old_rows < 0)
    changed = len(fresh) + len(previous.ids) - len(kept)
    k = min(NEIGHBOURS, len(ids) - 1)
    limit = min(INCREMENTAL_ROWS, INCREMENTAL_SHARE * len(ids))
    graph = None
    if changed <= limit and k > 0 and previous.neighbours.shape[1] == k:
        graph = _updated_graph(previous.neighbours, old_rows, vectors)
    if graph is None:
        return compute_profiles(ids, hashes, vectors, taxonomy)
    sectors = np.zeros((len(ids), previous.sectors.shape[1]), dtype=np.float32)
    sectors[kept] = previous.sectors[old_rows[kept]]
    sectors[fresh] = taxonomy.profiles(vectors[fresh])
    return IndexProfiles(ids, hashes, graph, neighbour_weights(vectors, graph), sectors)


def _updated_graph(
    neighbours: NDArray[np.int64], old_rows: NDArray[np.int64], vectors: NDArray[np.float32]
) -> NDArray[np.int64] | None:
    """The neighbour lists for the rows of `vectors` (`old_rows`: each one's row in the stored
    `neighbours`, -1 when new or changed); None when more than `EXACT_NEIGHBOURS` lists would
    need an exact rebuild (a fresh graph is then cheaper)."""
    kept, fresh = np.flatnonzero(old_rows >= 0), np.flatnonzero(old_rows < 0)
    moved = np.full(len(neighbours), -1, dtype=np.int64)
    moved[old_rows[kept]] = kept
    before = neighbours[old_rows[kept]]
    lists = np.where(before >= 0, moved[before], -1)
    lost = (lists < 0).any(axis=1)
    dirty = np.concatenate([fresh, kept[lost]])
    if len(dirty) > rank.EXACT_NEIGHBOURS:
        return None
    graph = np.empty((len(vectors), neighbours.shape[1]), dtype=np.int64)
    graph[kept[~lost]] = merge_neighbours(vectors, kept[~lost], lists[~lost], fresh)
    graph[dirty] = nearest_neighbours(vectors, neighbours.shape[1], dirty)
    logger.info("profiles: %d new or changed rows, %d lists rebuilt", len(fresh), len(dirty))
    return graph


def previous_rows(
    known_ids: NDArray[np.int64], known_hashes: NDArray[np.bytes_], ids: NDArray[np.int64],
    hashes: NDArray[np.bytes_],
) -> NDArray[np.int64]:  # fmt: skip
    """The row of each (id, text hash) among the known ones, -1 for new or changed technologies."""
    known = zip(known_ids.tolist(), known_hashes.tolist(), strict=True)
    rows = {key: row for row, key in enumerate(known)}
    wanted = zip(ids.tolist(), hashes.tolist(), strict=True)
    return np.asarray([rows.get(key, -1) for key in wanted], dtype=np.int64)


def merge_neighbours(
    vectors: NDArray[np.float32], rows: NDArray[np.int64], lists: NDArray[np.int64],
    fresh: NDArray[np.int64],
) -> NDArray[np.int64]:  # fmt: skip
    """The neighbour lists of `rows` with the `fresh` rows (never among them) competing for a
    place: the `lists.shape[1]` most similar of the old list and the fresh rows."""
    if not len(fresh) or not len(rows):
        return lists
    merged = np.empty_like(lists)
    for start in range(0, len(rows), _BLOCK):
        block, old = rows[start : start + _BLOCK], lists[start : start + _BLOCK]
        current = np.einsum("id,ikd->ik", vectors[block], vectors[old])
        scores = np.hstack([current, vectors[block] @ vectors[fresh].T])
        candidates = np.hstack([old, np.broadcast_to(fresh, (len(block), len(fresh)))])
        best = _top_columns(scores, lists.shape[1])
        merged[start : start + _BLOCK] = np.take_along_axis(candidates, best, axis=1)
    return merged


def _top_columns(scores: NDArray[np.float32], k: int) -> NDArray[np.int64]:
    """Column positions of the `k` largest scores of each row, largest first."""
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def profiles_path(index: FileVectorIndex) -> Path:
    """`<name>.profiles.npz` in the folder of the vector index `index`."""
    return index.folder / f"{index.name}.profiles.npz"


def save_profiles(path: Path, profiles: IndexProfiles, key: str) -> None:
    """Write `profiles` (sector profiles kept sparse) atomically: readers see old or new."""
    rows, columns = np.nonzero(profiles.sectors)
    save_npz(
        path, key=np.asarray(key), ids=profiles.ids, hashes=profiles.hashes,
        neighbours=profiles.neighbours, weights=profiles.weights,
        sector_shape=np.asarray(profiles.sectors.shape), sector_rows=rows.astype(np.int32),
        sector_columns=columns.astype(np.int32), sector_values=profiles.sectors[rows, columns],
    )  # fmt: skip


def load_profiles(path: Path, key: str) -> IndexProfiles | None:
    """The profiles stored at `path`, or None when there are none or they were made with other
    settings (`key`)."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as stored:
        if str(stored["key"]) != key:
            logger.info("profiles in %s were made with other settings; recomputing", path)
            return None
        sectors = np.zeros(tuple(stored["sector_shape"]), dtype=np.float32)
        sectors[stored["sector_rows"], stored["sector_columns"]] = stored["sector_values"]
        return IndexProfiles(stored["ids"], stored["hashes"], stored["neighbours"],
                             stored["weights"], sectors)  # fmt: skip


def index_profiles(
    index: FileVectorIndex, entity_ids: Sequence[int],
    vectors: NDArray[np.float32] | Callable[[], NDArray[np.float32]], taxonomy: Taxonomy,
) -> IndexProfiles:  # fmt: skip
    """The profiles of the technologies `entity_ids` (rows of `vectors`, from `index`; given as
    a function, they are read only when something changed): loaded from beside the index,
    updated for what changed since, and saved again when they changed."""
    ids = np.asarray(entity_ids, dtype=np.int64)
    hashes = np.asarray(index.text_hashes(list(entity_ids)), dtype="S16").reshape(len(ids))
    key, path = settings_key(taxonomy), profiles_path(index)
    previous = load_profiles(path, key)
    if previous is not None and previous.matches(ids, hashes):
        return previous
    matrix = vectors() if callable(vectors) else vectors
    if previous is None:
        profiles = compute_profiles(ids, hashes, matrix, taxonomy)
    else:
        profiles = update_profiles(previous, ids, hashes, matrix, taxonomy)
    save_profiles(path, profiles, key)
    return profiles
