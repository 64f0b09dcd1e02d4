"""Technology sentence vectors kept beside the vector index, so that no process embeds them again.

The ranker compares a need with each sentence of a technology (`greenbridge.match.passages`).
Embedding the sentences of a large store takes hours, so `index_sentences` keeps them in
`<index folder>/<name>.sentences.npz` (per technology: entity id, hash of its title and
description, range of its rows, plus the settings they depend on) and a `.npy` file of the rows
named in it, which is memory-mapped on load: a large store's sentences stay on disk until a
candidate needs them. When technologies change, only the new or changed ones are embedded; the
rows of the others are copied. The rows are written under a new name and the `.npz` replaced
atomically, so a reader sees the old or the new sentences, never a mix.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from greenbridge.index.embedders import Embedder
from greenbridge.index.files import save_npz, write_atomically
from greenbridge.index.vector import FileVectorIndex, text_hash
from greenbridge.match.passages import (
    MIN_PASSAGE,
    SentenceVectors,
    sentence_vectors,
    technology_sentences,
)
from greenbridge.match.profiles import previous_rows

logger = logging.getLogger(__name__)

_BLOCK = 262_144  # rows copied at a time
_EMBED_BLOCK = 20_000  # technologies embedded at a time


def row_ranges(starts: NDArray[np.int64], positions: NDArray[np.int64]) -> NDArray[np.int64]:
    """The rows of each of `positions`, in order, where position p owns rows
    `starts[p]` to `starts[p + 1]` (exclusive)."""
    counts = starts[positions + 1] - starts[positions]
    offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts,
                                                                      counts)  # fmt: skip
    return np.repeat(starts[positions], counts) + offsets


@dataclass
class StoredSentences:
    """The sentence vectors of technologies `ids` (texts of hashes `hashes`): technology p owns
    rows `starts[p]` to `starts[p + 1]` of `vectors` (a memory map when loaded from disk)."""

    ids: NDArray[np.int64]
    hashes: NDArray[np.bytes_]
    starts: NDArray[np.int64]
    vectors: NDArray[np.float32]

    def matches(self, ids: NDArray[np.int64], hashes: NDArray[np.bytes_]) -> bool:
        return np.array_equal(self.ids, ids) and np.array_equal(self.hashes, hashes)

    def rows(self, positions: NDArray[np.int64]) -> SentenceVectors:
        """The sentences of the technologies at `positions`, owned by their place in it."""
        positions = np.asarray(positions, dtype=np.int64)
        counts = self.starts[positions + 1] - self.starts[positions]
        owners = np.repeat(np.arange(len(positions), dtype=np.int64), counts)
        rows = row_ranges(self.starts, positions)
        return SentenceVectors(np.asarray(self.vectors[rows], dtype=np.float32), owners)

    def all(self) -> SentenceVectors:
        """Every technology's sentences, owned by its position."""
        owners = np.repeat(np.arange(len(self.ids), dtype=np.int64), np.diff(self.starts))
        rows = self.vectors[: int(self.starts[-1])]
        return SentenceVectors(np.asarray(rows, dtype=np.float32), owners)


def settings_key(embedder: Embedder) -> str:
    """What stored sentences depend on besides the texts: the embedder, the sentence split."""
    return f"embedder={embedder.name} dimension={embedder.dimension} min_passage={MIN_PASSAGE}"


def sentences_path(index: FileVectorIndex) -> Path:
    """`<name>.sentences.npz` in the folder of the vector index `index`."""
    return index.folder / f"{index.name}.sentences.npz"


def technology_hash(title: str, description: str) -> str:
    """The hash that keys a technology's sentences (they depend on title and description)."""
    return text_hash(f"{title}\n{description}")


def index_sentences(
    index: FileVectorIndex, technologies: Sequence[tuple[int, str, str]], embedder: Embedder
) -> StoredSentences:
    """The sentence vectors of `technologies` (entity id, title, description; their whole-text
    vectors in `index`): loaded from beside the index, brought up to date and saved again when
    they changed."""
    ids = np.asarray([t[0] for t in technologies], dtype=np.int64)
    hashes = np.asarray([technology_hash(t[1], t[2]) for t in technologies], dtype="S16")
    key, path = settings_key(embedder), sentences_path(index)
    previous = load_sentences(path, key)
    if previous is not None and previous.matches(ids, hashes):
        return previous
    old_rows = np.full(len(ids), -1, dtype=np.int64)
    if previous is not None:
        old_rows = previous_rows(previous.ids, previous.hashes, ids, hashes)
    counts = np.asarray([len(technology_sentences(t[1], t[2])) for t in technologies], np.int64)
    if previous is not None:
        kept = np.flatnonzero(old_rows >= 0)
        counts[kept] = np.diff(previous.starts)[old_rows[kept]]
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    blocks = _rows(previous, old_rows, starts, index, technologies, embedder)
    save_sentences(path, key, ids, hashes, starts, blocks, embedder.dimension)
    stored = load_sentences(path, key)
    assert stored is not None
    return stored


def _rows(
    previous: StoredSentences | None, old_rows: NDArray[np.int64], starts: NDArray[np.int64],
    index: FileVectorIndex, technologies: Sequence[tuple[int, str, str]], embedder: Embedder,
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.float32]]]:  # fmt: skip
    """Blocks of (target rows, vectors) for the layout `starts`: the rows of kept technologies
    (`old_rows` >= 0) copied from `previous`, those of the others embedded, a block at a time."""
    kept, fresh = np.flatnonzero(old_rows >= 0), np.flatnonzero(old_rows < 0)
    if previous is not None and len(kept):
        sources, targets = row_ranges(previous.starts, old_rows[kept]), row_ranges(starts, kept)
        for begin in range(0, len(sources), _BLOCK):
            part = slice(begin, begin + _BLOCK)
            yield targets[part], np.asarray(previous.vectors[sources[part]])
    for begin in range(0, len(fresh), _EMBED_BLOCK):
        chunk = fresh[begin : begin + _EMBED_BLOCK]
        chosen = [technologies[p] for p in chunk.tolist()]
        whole = index.vectors([t[0] for t in chosen])
        embedded = sentence_vectors([(t[1], t[2]) for t in chosen], embedder, whole)
        logger.info("sentences: %d of %d technologies embedded", begin + len(chunk), len(fresh))
        yield (
            row_ranges(starts, chunk),
            embedded.vectors[np.argsort(embedded.owners, kind="stable")],
        )


def save_sentences(
    path: Path, key: str, ids: NDArray[np.int64], hashes: NDArray[np.bytes_],
    starts: NDArray[np.int64], blocks: Iterable[tuple[NDArray[np.int64], NDArray[np.float32]]],
    dimension: int,
) -> None:  # fmt: skip
    """Write the rows (technology p owns rows `starts[p]` to `starts[p + 1]`; `blocks` of target
    rows and vectors) to a new `.npy` file, then replace the `.npz` that names it; older row
    files are removed."""
    token = hashlib.sha1(hashes.tobytes() + ids.tobytes() + os.urandom(8)).hexdigest()[:16]
    rows_path = path.with_name(f"{path.stem}.{token}.npy")

    def write_rows(partial: Path) -> None:
        shape = (max(int(starts[-1]), 1), dimension)
        out = np.lib.format.open_memmap(partial, "w+", np.float32, shape)
        for targets, vectors in blocks:
            out[targets] = vectors
        out.flush()
        del out

    write_atomically(rows_path, write_rows)
    save_npz(path, key=np.asarray(key), ids=ids, hashes=hashes, starts=starts,
             rows=np.asarray(rows_path.name))  # fmt: skip
    for old in path.parent.glob(f"{path.stem}.*.npy"):
        if old != rows_path:
            old.unlink(missing_ok=True)


def load_sentences(path: Path, key: str) -> StoredSentences | None:
    """The sentences stored at `path` (rows memory-mapped), or None when there are none or they
    were made with other settings (`key`)."""
    for _ in range(2):  # the rows file may be replaced between reading the .npz and opening it
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as stored:
            if str(stored["key"]) != key:
                logger.info("sentences in %s were made with other settings; recomputing", path)
                return None
            ids, hashes, starts = stored["ids"], stored["hashes"], stored["starts"]
            rows_path = path.with_name(str(stored["rows"]))
        try:
            vectors = np.load(rows_path, mmap_mode="r")
        except FileNotFoundError:
            continue
        return StoredSentences(ids, hashes, starts, vectors)
    return None
