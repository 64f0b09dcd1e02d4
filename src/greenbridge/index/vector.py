"""Dense vector index in a file beside the store (faiss), updated incrementally.

Below `IVF_MIN_VECTORS` vectors the index is exact (inner product over all vectors); above, it
is rebuilt once as IVF with 8-bit scalar quantization (a quarter of the memory; the choice and its
figures come from `bench/bench_match.py`). Entity ids are the faiss ids, and a sidecar JSON file
keeps the hash of the text each vector was computed from, so `sync` embeds only what changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from pathlib import Path

import faiss
import numpy as np
from numpy.typing import NDArray

from greenbridge.index.embedders import Embedder
from greenbridge.index.files import write_atomically

logger = logging.getLogger(__name__)

IVF_MIN_VECTORS = 50_000
# Lists searched per query, measured against exact search on generated records
# (bench/bench_match.py, 200 queries): recall@10 at 200k records (1,788 lists) was 0.941 with 64
# lists and 0.962 with 128; at 1M (4,000 lists) 0.940 with 64, 0.964 with 128, 0.967 with 142. So at
# least IVF_MIN_PROBES lists, and one in IVF_PROBE_SHARE for larger indexes.
IVF_MIN_PROBES = 128
IVF_PROBE_SHARE = 28


def ivf_nprobe(lists: int) -> int:
    """Lists searched per query for an IVF index of `lists` lists."""
    return min(lists, max(IVF_MIN_PROBES, lists // IVF_PROBE_SHARE))


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def ivf_factory(count: int) -> str:
    """The faiss factory string for `count` vectors: IVF with about 4 sqrt(n) lists, SQ8 codes."""
    lists = max(16, min(65536, int(4 * np.sqrt(count))))
    return f"IVF{lists},SQ8"


class FileVectorIndex:
    """A faiss index of entity vectors stored as `<folder>/<name>.faiss` + `<name>.json`."""

    def __init__(self, folder: Path, dimension: int, name: str = "technology") -> None:
        self.folder, self.dimension, self.name = folder, dimension, name
        self._hashes: dict[int, str] = {}
        self._index = self._load() or self._exact()

    @property
    def index_path(self) -> Path:
        return self.folder / f"{self.name}.faiss"

    @property
    def meta_path(self) -> Path:
        return self.folder / f"{self.name}.json"

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def _exact(self) -> faiss.Index:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(self.dimension))

    def _load(self) -> faiss.Index | None:
        if not (self.index_path.exists() and self.meta_path.exists()):
            return None
        meta = json.loads(self.meta_path.read_text())
        if meta.get("dimension") != self.dimension:
            logger.warning(
                "%s has dimension %s; rebuilding", self.index_path, meta.get("dimension")
            )
            return None
        self._hashes = {int(key): value for key, value in meta["hashes"].items()}
        index = faiss.read_index(str(self.index_path))
        if not isinstance(index, faiss.IndexIDMap2):  # files written with another nprobe
            ivf = faiss.extract_index_ivf(index)
            ivf.nprobe = ivf_nprobe(ivf.nlist)
        return index

    def save(self) -> None:
        """Write the index, then its metadata, each atomically: another process reading them
        meanwhile (a second server worker) never sees a half-written file."""
        write_atomically(self.index_path, lambda p: faiss.write_index(self._index, str(p)))
        meta = {"dimension": self.dimension, "hashes": {str(k): v for k, v in self._hashes.items()}}
        write_atomically(self.meta_path, lambda p: p.write_text(json.dumps(meta)))

    def sync(self, items: Iterable[tuple[int, str]], embedder: Embedder) -> int:
        """Make the index hold exactly `items` (id, text): embed new or changed texts only."""
        wanted = {entity_id: text for entity_id, text in items}
        stale = [i for i, h in self._hashes.items() if i not in wanted or text_hash(wanted[i]) != h]
        fresh = [i for i, text in wanted.items() if self._hashes.get(i) != text_hash(text)]
        if stale:
            self._index.remove_ids(np.asarray(stale, dtype=np.int64))  # type: ignore[arg-type]
            for entity_id in stale:
                del self._hashes[entity_id]
        if fresh:
            vectors = embedder.embed([wanted[i] for i in fresh])
            self.add(np.asarray(fresh, dtype=np.int64), vectors)
            self._hashes.update({i: text_hash(wanted[i]) for i in fresh})
        if stale or fresh:
            self.save()
        logger.info("vector index %s: %d removed, %d embedded", self.name, len(stale), len(fresh))
        return len(fresh)

    def add(self, ids: NDArray[np.int64], vectors: NDArray[np.float32]) -> None:
        self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
        if isinstance(self._index, faiss.IndexIDMap2) and len(self) >= IVF_MIN_VECTORS:
            self._index = self._quantized(self._index)

    def _quantized(self, exact: faiss.IndexIDMap2) -> faiss.Index:
        ids = faiss.vector_to_array(exact.id_map).astype(np.int64)
        vectors = exact.index.reconstruct_n(0, exact.ntotal)
        index = faiss.index_factory(
            self.dimension, ivf_factory(len(ids)), faiss.METRIC_INNER_PRODUCT
        )
        index.train(vectors[np.random.default_rng(0).permutation(len(ids))[:100_000]])
        index.add_with_ids(vectors, ids)
        ivf = faiss.extract_index_ivf(index)
        ivf.nprobe = ivf_nprobe(ivf.nlist)
        logger.info("vector index %s: switched to %s", self.name, ivf_factory(len(ids)))
        return index

    def search(self, vector: NDArray[np.float32], k: int) -> list[tuple[int, float]]:
        """The `k` nearest entity ids by inner product (cosine for normalized vectors)."""
        if not len(self) or k <= 0:
            return []
        query = np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32)
        scores, ids = self._index.search(query, min(k, len(self)))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def nearest_ids(self, vectors: NDArray[np.float32], k: int) -> NDArray[np.int64]:
        """The entity ids among the `k` nearest of any row of `vectors` (one search for all
        rows), each once."""
        if not len(self) or k <= 0 or not len(vectors):
            return np.zeros(0, dtype=np.int64)
        queries = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
        ids = self._index.search(queries, min(k, len(self)))[1]
        return np.unique(ids[ids >= 0]).astype(np.int64)

    def vectors(self, entity_ids: list[int]) -> NDArray[np.float32]:
        """The stored vectors of entities (decoded, so approximate once quantized)."""
        if not isinstance(self._index, faiss.IndexIDMap2):
            ivf = faiss.extract_index_ivf(self._index)
            hashtable = faiss.DirectMap.Hashtable  # type: ignore[attr-defined]
            if ivf.direct_map.type != hashtable:
                ivf.set_direct_map_type(hashtable)
        if not entity_ids:
            return np.zeros((0, self.dimension), dtype=np.float32)
        keys = np.asarray(entity_ids, dtype=np.int64)
        return np.asarray(self._index.reconstruct_batch(keys), dtype=np.float32)

    def text_hashes(self, entity_ids: list[int]) -> list[str]:
        """The hash of the text each entity's stored vector was computed from."""
        return [self._hashes[entity_id] for entity_id in entity_ids]
