"""Sector signal from the UN CTCN climate-technology taxonomy.

`data/ctcn_taxonomy.md` is the CTCN taxonomy's technology titles (taxonomy (c) UN CTCN,
https://www.ctc-n.org/sites/www.ctc-n.org/files/resources/ctcn_taxonomy_0.pdf), as transcribed
in github.com/climate-tech-handbook/climate-tech-handbook@b3aba334 docs/technologies.md
(repository MIT licence), vendored unchanged.

Each leaf title is embedded once, with its category names. A text's *profile* is a softmax of
its cosine to the leaves, summed per category (the `####` heading); two texts share a sector to
the degree their profiles overlap. A technology's profile is computed at index time (kept sparse:
its `PROFILE_DEPTH` largest categories), a need's once per query (a few hundred dot products).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from greenbridge.index.embedders import Embedder

TEMPERATURE = 0.05
PROFILE_DEPTH = 3


@dataclass(frozen=True)
class Leaf:
    sector: str
    category: str
    title: str

    @property
    def text(self) -> str:
        return f"{self.title} ({self.category}, {self.sector})"


def parse_taxonomy(text: str) -> list[Leaf]:
    """Leaves of the taxonomy markdown; a category without listed titles is its own leaf."""
    leaves: list[Leaf] = []
    sector = category = ""
    pending = False
    for line in text.splitlines():
        line = line.strip()
        if heading := re.match(r"^(#{3,4})\s+(.+)$", line):
            if pending:
                leaves.append(Leaf(sector, category, category))
            if heading.group(1) == "###":
                sector, category, pending = heading.group(2), "", False
            else:
                category, pending = heading.group(2), True
        elif line.startswith("- ") and category:
            leaves.append(Leaf(sector, category, line[2:].strip()))
            pending = False
        elif line.startswith("## ") and pending:
            leaves.append(Leaf(sector, category, category))
            pending = False
    return leaves


@lru_cache(maxsize=1)
def taxonomy_leaves() -> tuple[Leaf, ...]:
    text = resources.files("greenbridge.match").joinpath("data/ctcn_taxonomy.md").read_text("utf-8")
    return tuple(parse_taxonomy(text))


class Taxonomy:
    """The embedded taxonomy: profiles of texts over its categories."""

    def __init__(self, embedder: Embedder, temperature: float = TEMPERATURE) -> None:
        self.leaves = taxonomy_leaves()
        names = sorted({leaf.category for leaf in self.leaves})
        self.categories = names
        index = {name: i for i, name in enumerate(names)}
        self._membership = np.zeros((len(self.leaves), len(names)), dtype=np.float32)
        for row, leaf in enumerate(self.leaves):
            self._membership[row, index[leaf.category]] = 1.0
        self.vectors = _leaf_vectors(embedder, self.leaves)
        self.temperature = temperature

    def profiles(self, vectors: NDArray[np.float32], depth: int | None = PROFILE_DEPTH) -> NDArray:
        """Category distribution of each row of `vectors`; only the `depth` largest kept."""
        logits = (vectors @ self.vectors.T) / self.temperature
        weights = np.exp(logits - logits.max(axis=1, keepdims=True))
        profile = (weights @ self._membership) / weights.sum(axis=1, keepdims=True)
        if depth is not None and depth < profile.shape[1]:
            cut = -np.partition(-profile, depth - 1, axis=1)[:, depth - 1 : depth]
            profile = np.where(profile >= cut, profile, 0.0)
        return profile.astype(np.float32)

    def nearest_titles(self, vectors: NDArray[np.float32]) -> list[str]:
        """The title of each row's nearest leaf (used to expand short descriptions)."""
        return [self.leaves[i].title for i in (vectors @ self.vectors.T).argmax(axis=1)]


_CACHE: dict[str, NDArray[np.float32]] = {}


def _leaf_vectors(embedder: Embedder, leaves: tuple[Leaf, ...]) -> NDArray[np.float32]:
    if embedder.name not in _CACHE:
        _CACHE[embedder.name] = embedder.embed([leaf.text for leaf in leaves])
    return _CACHE[embedder.name]
