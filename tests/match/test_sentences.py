"""Sentence vectors kept beside the vector index: stored, loaded, updated incrementally."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from greenbridge.index.embedders import get_embedder
from greenbridge.index.vector import FileVectorIndex
from greenbridge.match import passages, sentences
from greenbridge.match.catalogue import load_candidates
from greenbridge.match.passages import sentence_vectors
from greenbridge.match.rank import Ranker
from greenbridge.match.sentences import (
    StoredSentences,
    index_sentences,
    load_sentences,
    sentences_path,
)
from greenbridge.match.service import build_ranker
from greenbridge.settings import Settings
from tests.match.test_profiles import ClusteredEmbedder


class CountingEmbedder(ClusteredEmbedder):
    """The clustered embedder, remembering every text it embedded."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        self.texts += list(texts)
        return super().embed(texts, batch_size)


def _technologies(count: int) -> dict[int, tuple[str, str]]:
    return {i: (f"Technology {i}", f"It does thing {i} well. Sentence two of {i} is here.")
            for i in range(1, count + 1)}  # fmt: skip


def _stored(
    folder: Path, items: dict[int, tuple[str, str]], embedder: CountingEmbedder
) -> tuple[FileVectorIndex, StoredSentences]:
    passages._VECTORS.clear()  # as in a new process
    index = FileVectorIndex(folder, 384)
    index.sync(((i, f"{t}. {d}") for i, (t, d) in items.items()), embedder)
    technologies = [(i, t, d) for i, (t, d) in sorted(items.items())]
    return index, index_sentences(index, technologies, embedder)


def _expected(
    index: FileVectorIndex, items: dict[int, tuple[str, str]]
) -> passages.SentenceVectors:
    passages._VECTORS.clear()
    ids = sorted(items)
    return sentence_vectors([items[i] for i in ids], ClusteredEmbedder(), index.vectors(ids))


def _same(found: passages.SentenceVectors, expected: passages.SentenceVectors) -> None:
    order = np.argsort(expected.owners, kind="stable")
    assert np.array_equal(found.owners, expected.owners[order])
    assert np.allclose(found.vectors, expected.vectors[order], atol=1e-6)


def test_sentences_are_stored_and_loaded_without_embedding(tmp_path: Path) -> None:
    items = _technologies(20) | {21: ("Single", "Only one sentence here.")}
    embedder = CountingEmbedder()
    index, first = _stored(tmp_path, items, embedder)
    assert sentences_path(index).exists() and len(embedder.texts) == 21 + 40
    _same(first.all(), _expected(index, items))
    again = CountingEmbedder()
    index, loaded = _stored(tmp_path, items, again)
    assert again.texts == [] and isinstance(loaded.vectors, np.memmap)
    _same(loaded.all(), first.all())
    rows = loaded.rows(np.array([20, 3]))
    assert rows.owners.tolist() == [0, 1, 1]
    assert np.allclose(rows.vectors[0], index.vectors([21])[0])


def test_changed_technologies_are_embedded_again_and_the_rest_copied(tmp_path: Path) -> None:
    items = _technologies(30)
    _stored(tmp_path, items, CountingEmbedder())
    del items[4]
    items[7] = ("Technology 7", "Now it does something else. With two sentences.")
    items[40] = ("New one", "A new technology arrives. It has two sentences.")
    embedder = CountingEmbedder()
    index, updated = _stored(tmp_path, items, embedder)
    sentence_texts = [t for t in embedder.texts if ": " in t]
    changed = [items[7], items[40]]
    assert sorted(sentence_texts) == sorted(
        s for t, d in changed for s in passages.technology_sentences(t, d)
    )
    _same(updated.all(), _expected(index, items))
    assert len(list(tmp_path.glob("technology.sentences.*.npy"))) == 1
    assert load_sentences(sentences_path(index), "other settings") is None


def test_build_ranker_loads_the_stored_sentences(
    session: Session, engine: Engine, settings: Settings, catalogue: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    first = build_ranker(session, engine, settings)
    assert isinstance(first, Ranker)
    plain = Ranker(load_candidates(session), get_embedder())
    _same(first.sentences, plain.sentences)

    def refuse(*args: object) -> None:
        raise AssertionError("sentences embedded again")

    monkeypatch.setattr(sentences, "sentence_vectors", refuse)
    again = build_ranker(session, engine, settings)
    assert isinstance(again, Ranker)
    _same(again.sentences, plain.sentences)
