"""Neighbours and sector profiles kept beside the vector index, and their incremental update."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from greenbridge.index.embedders import get_embedder
from greenbridge.index.store import open_vector_index
from greenbridge.index.vector import FileVectorIndex
from greenbridge.match import profiles as profiles_module
from greenbridge.match.catalogue import load_candidates
from greenbridge.match.profiles import (
    IndexProfiles,
    compute_profiles,
    index_profiles,
    load_profiles,
    profiles_path,
    update_profiles,
)
from greenbridge.match.rank import NEIGHBOURS, Ranker, nearest_neighbours
from greenbridge.match.service import build_ranker
from greenbridge.match.taxonomy import Taxonomy
from greenbridge.settings import Settings
from greenbridge.store.models import Entity


class ClusteredEmbedder:
    """384-dimensional vectors in a few clusters, a fixed one per text (drawn from its hash)."""

    name, dimension = "clustered", 384

    def __init__(self) -> None:
        self.centres = np.random.default_rng(5).normal(size=(6, 384))

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        rows = []
        for text in texts:
            rng = np.random.default_rng(int(hashlib.sha1(text.encode()).hexdigest()[:8], 16))
            rows.append(self.centres[rng.integers(6)] + 0.6 * rng.normal(size=384))
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(texts), 384)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy(get_embedder())


def _indexed(folder: Path, items: dict[int, str]) -> tuple[FileVectorIndex, list[int], NDArray]:
    index = FileVectorIndex(folder, 384)
    index.sync(items.items(), ClusteredEmbedder())
    ids = sorted(items)
    return index, ids, index.vectors(ids)


def _refuse(*args: object) -> IndexProfiles:
    raise AssertionError("everything was recomputed")


def _same(a: IndexProfiles, b: IndexProfiles) -> None:
    assert np.array_equal(a.ids, b.ids) and np.array_equal(a.hashes, b.hashes)
    assert np.array_equal(a.neighbours, b.neighbours)
    assert np.allclose(a.weights, b.weights, atol=1e-6)
    assert np.allclose(a.sectors, b.sectors, atol=1e-6)


def test_profiles_are_stored_beside_the_index_and_reused(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    index, ids, vectors = _indexed(tmp_path, {i: f"technology {i}" for i in range(1, 120)})
    first = index_profiles(index, ids, vectors, taxonomy)
    assert profiles_path(index).parent == index.folder and profiles_path(index).exists()
    assert np.array_equal(first.neighbours, nearest_neighbours(vectors, NEIGHBOURS))
    assert np.allclose(first.sectors, taxonomy.profiles(vectors))

    monkeypatch.setattr(profiles_module, "compute_profiles", _refuse)
    _same(index_profiles(index, ids, vectors, taxonomy), first)
    _same(index_profiles(index, ids, _refuse, taxonomy), first)  # vectors not read


def test_vectors_given_as_a_function_are_read_when_something_changed(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    index, ids, vectors = _indexed(tmp_path, {i: f"technology {i}" for i in range(1, 40)})
    reads: list[int] = []
    index_profiles(index, ids, lambda: reads.append(1) or vectors, taxonomy)
    assert reads == [1] and profiles_path(index).exists()


def test_changed_technologies_update_only_what_they_touch(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = {i: f"technology {i}" for i in range(1, 300)}
    index, ids, vectors = _indexed(tmp_path, items)
    index_profiles(index, ids, vectors, taxonomy)
    for removed in (4, 150):
        del items[removed]
    items |= {7: "technology 7, rewritten", 30: "technology 30, rewritten", 400: "new", 401: "new!"}
    index, ids, vectors = _indexed(tmp_path, items)
    recomputed = compute_profiles(
        np.asarray(ids), np.asarray(index.text_hashes(ids), dtype="S16"), vectors, taxonomy
    )
    monkeypatch.setattr(profiles_module, "compute_profiles", _refuse)
    updated = index_profiles(index, ids, vectors, taxonomy)
    _same(updated, recomputed)
    monkeypatch.undo()
    _same(load_profiles(profiles_path(index), profiles_module.settings_key(taxonomy)), recomputed)


def test_many_changes_or_other_settings_recompute_everything(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    index, ids, vectors = _indexed(tmp_path, {i: f"technology {i}" for i in range(1, 60)})
    stored = index_profiles(index, ids, vectors, taxonomy)
    assert load_profiles(profiles_path(index), "other settings") is None
    calls: list[int] = []
    monkeypatch.setattr(profiles_module, "compute_profiles", lambda *a: calls.append(1) or stored)
    hashes = np.asarray([b"changed"] * len(ids), dtype="S16")
    update_profiles(stored, np.asarray(ids), hashes, vectors, taxonomy)
    assert calls == [1]


def test_build_ranker_uses_and_updates_the_stored_profiles(
    session: Session, engine: Engine, settings: Settings, catalogue: dict[str, int]
) -> None:
    ranker = build_ranker(session, engine, settings)
    plain = Ranker(load_candidates(session), get_embedder())
    assert np.array_equal(ranker.neighbours, plain.neighbours)
    assert np.allclose(ranker.neighbour_weights, plain.neighbour_weights, atol=1e-5)
    assert np.allclose(ranker.profiles, plain.profiles, atol=1e-5)
    stove = session.get(Entity, catalogue["t-stove"])
    stove.attributes = {**stove.attributes, "description": "A solar pump for irrigation."}
    session.flush()
    changed = build_ranker(session, engine, settings)
    position = [c.entity_id for c in changed.candidates].index(stove.id)
    pump = [c.entity_id for c in changed.candidates].index(catalogue["t-pump"])
    assert changed.neighbours[position][0] == pump
    index = open_vector_index(engine, settings, 384)
    stored = load_profiles(profiles_path(index), profiles_module.settings_key(changed.taxonomy))
    assert stored is not None
    assert stored.hashes[position].decode() == index.text_hashes([stove.id])[0]
