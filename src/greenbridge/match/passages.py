"""The passages the ranker compares: clauses of a need, sentences of a technology.

A development objective wraps one concrete need in boilerplate ("The project development objective
(PDO) is to increase ..."); `need_clauses` splits it into clauses and strips the leading words that
say nothing about which technology fits (stopwords and `OBJECTIVE_WORDS`, matched by stem),
dropping clauses left with no content word. A long technology description dilutes its one
mean-pooled vector, so `technology_sentences` also gives each sentence (prefixed with the title)
to embed on its own; `sentence_vectors` embeds them through the ranker's embedder, keeping the
last `CACHE_SIZE` vectors in memory by the hash of their text so that a process embeds a recent
sentence once.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from greenbridge.index.embedders import Embedder
from greenbridge.index.keyword import stem, stopwords, words

# Words every development objective uses; they say nothing about which technology fits. Matched
# against a word and against its stem (so "increas" drops "increase" and "increasing").
OBJECTIVE_WORDS = frozenset(
    [
        "project",
        "development",
        "objective",
        "objectives",
        "pdo",
        "propos",
        "increas",
        "improv",
        "support",
        "target",
        "promot",
        "strengthen",
        "enhanc",
        "access",
        "use",
        "through",
        "will",
        "key",
        "result",
        "expect",
        "aim",
        "program",
        "programme",
    ]
)
_CLAUSES = re.compile(r"[.;:]\s|\(\w{1,4}\)|, and |\band\b")
_LEADING = re.compile(r"^[^\w(]*(\([^)]*\)|[^\W_]+(?:[-'][^\W_]+)*)[^\w(]*")
_SENTENCES = re.compile(r"(?<=[.!?;:])\s+|\n+")
MIN_PASSAGE = 16


def is_generic(word: str) -> bool:
    """A word that says nothing about a technology: a stopword, a number, an objective word."""
    lowered = word.lower()
    return (
        len(lowered) < 2
        or lowered.isdigit()
        or lowered in stopwords()
        or lowered in OBJECTIVE_WORDS
        or stem(lowered) in OBJECTIVE_WORDS
    )


def content_words(text: str) -> list[str]:
    """The words of `text` that are not generic, in order."""
    return [word for word in words(text) if not is_generic(word)]


def strip_leading(clause: str) -> str:
    """`clause` without its leading generic words and parenthesised abbreviations."""
    rest = clause.strip()
    while match := _LEADING.match(rest):
        token = match.group(1)
        if not token.startswith("(") and content_words(token):
            break
        rest = rest[match.end() :]
    return rest.strip()


def need_clauses(title: str, description: str) -> list[str]:
    """The title, then each clause of the description that has a content word, stripped."""
    clauses = [strip_leading(part) for part in _CLAUSES.split(description or "")]
    kept = [c for c in clauses if len(c) >= MIN_PASSAGE and content_words(c)]
    return [title, *kept] if title else kept


def technology_sentences(title: str, description: str) -> list[str]:
    """Each sentence of a technology's description as "title: sentence" (the title alone when
    the description has no sentence of `MIN_PASSAGE` characters)."""
    found = [s.strip() for s in _SENTENCES.split(description or "")]
    kept = [s for s in found if len(s) >= MIN_PASSAGE]
    return [f"{title}: {sentence}" for sentence in kept] or [title]


@dataclass
class SentenceVectors:
    """One row per technology sentence; `owners` gives the candidate position of each row."""

    vectors: NDArray[np.float32]
    owners: NDArray[np.int64]

    def best(self, queries: NDArray[np.float32], count: int) -> NDArray[np.float32]:
        """For each of `count` candidates, the highest cosine of any query row to any of its
        sentences (-1 for a candidate without sentences)."""
        out = np.full(count, -1.0, dtype=np.float32)
        if len(self.owners):
            np.maximum.at(out, self.owners, (queries @ self.vectors.T).max(axis=0))
        return out


# Sentence vectors kept in memory by (embedder, text hash), least recently used dropped first; a
# store's sentences are kept on disk beside its vector index (`greenbridge.match.sentences`).
CACHE_SIZE = 100_000
_VECTORS: OrderedDict[tuple[str, str], NDArray[np.float32]] = OrderedDict()


def sentence_vectors(
    technologies: Sequence[tuple[str, str]],
    embedder: Embedder,
    whole: NDArray[np.float32] | None = None,
) -> SentenceVectors:
    """The embedded sentences of each (title, description). With `whole` (the vector of each
    technology's full text), a technology of one sentence keeps that vector as its sentence's,
    which it nearly equals; only texts not embedded before in this process are embedded."""
    texts: list[str] = []
    owners: list[int] = []
    single: list[int] = []
    for position, (title, description) in enumerate(technologies):
        sentences = technology_sentences(title, description)
        if whole is not None and len(sentences) == 1:
            single.append(position)
        else:
            texts += sentences
            owners += [position] * len(sentences)
    rows = [whole[single]] if whole is not None else []
    return SentenceVectors(
        np.vstack([*rows, _embedded(texts, embedder)]).astype(np.float32),
        np.asarray(single + owners, dtype=np.int64),
    )


def _embedded(texts: list[str], embedder: Embedder) -> NDArray[np.float32]:
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    keys = [(embedder.name, hashlib.sha1(t.encode("utf-8")).hexdigest()) for t in texts]
    found = {k: _VECTORS[k] for k in keys if k in _VECTORS}
    missing = {k: t for t, k in zip(texts, keys, strict=True) if k not in found}
    found.update(zip(missing, embedder.embed(list(missing.values())), strict=True))
    for key in keys:
        _VECTORS[key] = found[key]
        _VECTORS.move_to_end(key)
    while len(_VECTORS) > CACHE_SIZE:
        _VECTORS.popitem(last=False)
    return np.vstack([found[k] for k in keys])
