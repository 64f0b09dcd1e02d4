"""Need clauses without objective boilerplate; technology sentences embedded once and scored."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest
from numpy.typing import NDArray

from greenbridge.index.embedders import get_embedder
from greenbridge.match import passages
from greenbridge.match.passages import (
    SentenceVectors,
    content_words,
    need_clauses,
    sentence_vectors,
    strip_leading,
    technology_sentences,
)
from greenbridge.match.rank import NeedQuery


def test_leading_objective_words_and_abbreviations_are_stripped() -> None:
    clause = "The project development objective (PDO) is to reduce the smoke of cooking fires"
    assert strip_leading(clause) == "reduce the smoke of cooking fires"
    assert strip_leading("Increasing wood-fuel production") == "wood-fuel production"
    assert strip_leading("(CFL) to cut the use of power") == "cut the use of power"
    assert content_words("to increase the use of improved stoves") == ["stoves"]


def test_need_clauses_drop_boilerplate_only_clauses() -> None:
    description = (
        "The objectives of the Project are: (i) to enhance adaptation to drought in dry areas; "
        "and (ii) to improve the productivity of smallholder farms."
    )
    clauses = need_clauses("Dryland Farming Project", description)
    assert clauses[0] == "Dryland Farming Project"
    assert "adaptation to drought in dry areas" in clauses
    assert "productivity of smallholder farms." in clauses
    assert not any(c.lower().startswith(("the objectives", "to ")) for c in clauses)


def test_need_segments_add_the_whole_text_only_when_there_are_several_clauses() -> None:
    short = NeedQuery(title="", description="solar pumps for irrigation")
    assert short.segments() == ["solar pumps for irrigation"]
    long = NeedQuery(title="Water for farms", description="Pump water with solar power.")
    assert long.segments() == ["Water for farms", "Pump water with solar power.", long.text]


def test_technology_sentences_carry_the_title() -> None:
    text = "A drip kit for small plots. It runs on a solar pump.\nCuts water use by half."
    assert technology_sentences("Drip kit", text) == [
        "Drip kit: A drip kit for small plots.",
        "Drip kit: It runs on a solar pump.",
        "Drip kit: Cuts water use by half.",
    ]
    assert technology_sentences("Drip kit", "") == ["Drip kit"]


class CountingEmbedder:
    """The real embedder, counting the texts it is given."""

    name = "counting-minilm"

    def __init__(self) -> None:
        self.inner = get_embedder()
        self.dimension = self.inner.dimension
        self.texts: list[str] = []

    def embed(self, texts: list[str], batch_size: int = 64) -> NDArray[np.float32]:
        self.texts += list(texts)
        return self.inner.embed(texts, batch_size)


def test_sentence_vectors_embed_each_text_once_and_keep_owners() -> None:
    embedder = CountingEmbedder()
    technologies = [
        ("Biogas digester", "Turns cattle manure into gas. The slurry feeds the fields."),
        ("Fog nets", "Mesh nets harvest drinking water from coastal fog."),
    ]
    first = sentence_vectors(technologies, embedder)
    assert first.owners.tolist() == [0, 0, 1]
    assert len(embedder.texts) == 3
    again = sentence_vectors(technologies, embedder)
    assert len(embedder.texts) == 3
    assert np.allclose(first.vectors, again.vectors)
    query = embedder.inner.embed(["drinking water from fog"])
    best = again.best(query, 3)
    assert best[1] > best[0] and best[2] == -1.0


def test_best_sentence_of_a_long_description_is_found() -> None:
    embedder = get_embedder()
    filler = " ".join(f"The company was founded in {year} by a group of engineers." for year in
                      range(1990, 1996))  # fmt: skip
    description = f"{filler} Its unit turns brackish well water into drinking water."
    sentences = sentence_vectors([("Aqua unit", description)], embedder)
    query = embedder.embed(["drinking water from brackish wells"])
    whole = float(embedder.embed([f"Aqua unit. {description}"])[0] @ query[0])
    assert isinstance(sentences, SentenceVectors)
    assert sentences.best(query, 1)[0] > whole + 0.1


def test_one_sentence_technologies_reuse_their_whole_text_vector() -> None:
    embedder = CountingEmbedder()
    technologies = [
        ("Solar dryer", "A tent that dries fruit with the heat of the sun, sold to farm groups."),
        ("Clay cooler", "Keeps vegetables fresh without power. Water evaporates from the pot."),
    ]
    whole = embedder.inner.embed([f"{t}. {d}" for t, d in technologies])
    found = sentence_vectors(technologies, embedder, whole)
    assert not any(text.startswith("Solar dryer") for text in embedder.texts)
    assert sorted(found.owners.tolist()) == [0, 1, 1]
    assert np.allclose(found.vectors[found.owners.tolist().index(0)], whole[0])


def test_the_sentence_cache_keeps_only_the_most_recent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passages, "CACHE_SIZE", 3)
    monkeypatch.setattr(passages, "_VECTORS", OrderedDict())
    embedder = CountingEmbedder()
    sentence_vectors([("A", "First sentence here. Second sentence here.")], embedder)
    sentence_vectors([("B", "Third sentence here. Fourth sentence here.")], embedder)
    assert len(passages._VECTORS) == 3
    sentence_vectors([("B", "Third sentence here. Fourth sentence here.")], embedder)
    assert len(embedder.texts) == 4
    sentence_vectors([("A", "First sentence here. Second sentence here.")], embedder)
    assert embedder.texts[4:] == ["A: First sentence here."]
