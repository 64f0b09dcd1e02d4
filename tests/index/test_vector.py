from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np
import pytest
from numpy.typing import NDArray
from sqlalchemy import Engine

from greenbridge.index import vector as vector_module
from greenbridge.index.store import index_folder, open_vector_index, pgvector_available
from greenbridge.index.vector import FileVectorIndex
from greenbridge.settings import Settings


class CountingEmbedder:
    """Deterministic vectors from a text's hash; counts what it was asked to embed."""

    name, dimension = "counting", 16

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        self.seen += list(texts)
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).normal(size=16) for t in texts]
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(texts), 16)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_sync_embeds_only_new_or_changed_texts_and_persists(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    index = FileVectorIndex(tmp_path, 16)
    assert index.sync([(1, "solar pump"), (2, "cook stove")], embedder) == 2
    reopened = FileVectorIndex(tmp_path, 16)
    assert len(reopened) == 2
    assert reopened.sync([(1, "solar pump"), (2, "clean cook stove"), (3, "biogas")], embedder) == 2
    assert embedder.seen[-2:] == ["clean cook stove", "biogas"]
    reopened.sync([(2, "clean cook stove"), (3, "biogas")], embedder)
    assert len(FileVectorIndex(tmp_path, 16)) == 2
    query = embedder.embed(["biogas"])[0]
    assert reopened.search(query, 1)[0][0] == 3
    assert np.allclose(reopened.vectors([3])[0], query, atol=1e-6)


def test_large_index_switches_to_quantized_ivf_and_keeps_recall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vector_module, "IVF_MIN_VECTORS", 2000)
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3000, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = FileVectorIndex(tmp_path, 16)
    index.add(np.arange(10, 3010, dtype=np.int64), vectors)
    assert "IVF" in type(index._index).__name__
    hits = [index.search(vectors[i], 1)[0][0] == i + 10 for i in range(0, 3000, 30)]
    assert np.mean(hits) >= 0.9
    faiss.extract_index_ivf(index._index).nprobe = 1  # as written by an older rule
    index.save()
    reopened = FileVectorIndex(tmp_path, 16)
    assert len(reopened) == 3000
    ivf = faiss.extract_index_ivf(reopened._index)
    assert ivf.nprobe == vector_module.ivf_nprobe(ivf.nlist) == min(ivf.nlist, 128)
    decoded = index.vectors([10])[0]
    assert float(decoded @ vectors[0]) > 0.95


def test_index_lives_beside_the_sqlite_file(tmp_path: Path) -> None:
    from greenbridge.store.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    settings = Settings(home=tmp_path / "home")
    assert index_folder(engine, settings) == tmp_path / "store.db.vectors"


def test_without_pgvector_the_file_index_is_used(engine: Engine, settings: Settings) -> None:
    assert pgvector_available(engine) is False  # SQLite, and this machine's PostgreSQL
    index = open_vector_index(engine, settings, 16)
    assert isinstance(index, FileVectorIndex)
    index.sync([(1, "a"), (2, "b")], CountingEmbedder())
    assert index.index_path.exists()


def test_lists_searched_grow_with_the_index_from_a_floor() -> None:
    assert vector_module.ivf_nprobe(100) == 100
    assert vector_module.ivf_nprobe(1788) == 128
    assert vector_module.ivf_nprobe(4000) == 142


def test_nearest_ids_unite_the_neighbours_of_several_queries(tmp_path: Path) -> None:
    index = FileVectorIndex(tmp_path, 4)
    vectors = np.eye(4, dtype=np.float32)
    index.add(np.array([10, 20, 30, 40], dtype=np.int64), vectors)
    assert index.nearest_ids(vectors[[0, 2]], 1).tolist() == [10, 30]
    assert index.nearest_ids(vectors[:1], 10).tolist() == [10, 20, 30, 40]
    assert index.nearest_ids(vectors[:0], 3).size == 0
