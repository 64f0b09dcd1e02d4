import numpy as np
import pytest
import torch

from greenbridge.index.embedders import SMALL_BATCH, MiniLMEmbedder, get_embedder

TEXTS = [
    "Solar powered irrigation pumps for smallholder farmers",
    "A clay stove that halves the firewood used for cooking.",
    "biogas",
    # longer than the model's 256 tokens: both paths must truncate it the same way
    " ".join(["Decentralised renewable mini-grids with battery storage for rural clinics"] * 40),
]


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    model = get_embedder()
    assert isinstance(model, MiniLMEmbedder)
    return model


def test_query_path_gives_the_vectors_of_sentence_transformers(embedder: MiniLMEmbedder) -> None:
    assert len(TEXTS) <= SMALL_BATCH
    reference = embedder._model.encode(TEXTS, normalize_embeddings=True)
    together = embedder.embed(TEXTS)  # one padded batch of different lengths
    one_by_one = np.vstack([embedder.embed([text]) for text in TEXTS])
    assert together.dtype == np.float32 and together.shape == (len(TEXTS), 384)
    assert np.abs(together - reference).max() < 1e-5
    assert np.abs(one_by_one - reference).max() < 1e-5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_large_batches_match_the_query_path(embedder: MiniLMEmbedder) -> None:
    texts = [f"{text} ({number})" for number in range(3) for text in TEXTS]
    assert len(texts) > SMALL_BATCH
    batched = embedder.embed(texts, batch_size=4)
    assert np.abs(batched[:4] - embedder.embed(texts[:4])).max() < 1e-5


def test_one_query_uses_one_thread_and_restores_the_setting(
    embedder: MiniLMEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = torch.get_num_threads()
    seen: list[int] = []
    forward = embedder._forward

    def counting(texts: list[str]) -> np.ndarray:
        seen.append(torch.get_num_threads())
        return forward(texts)

    monkeypatch.setattr(embedder, "_forward", counting)
    embedder.embed(["solar pump"])
    assert seen == [1]
    assert torch.get_num_threads() == previous
    assert embedder.embed([]).shape == (0, 384)
