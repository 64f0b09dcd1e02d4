"""Keyword retrieval: BM25 (bm25s) over stemmed, stopword-free tokens."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of `text` (hyphenated words split), stopwords kept."""
    return [w for token in _WORD.findall(text.lower()) for w in token.split("-") if w]


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))  # type: ignore[attr-defined]


def terms(text: str, extra_stopwords: frozenset[str] = frozenset()) -> list[str]:
    """The index terms of `text`: stems of the words that are not stopwords or bare numbers."""
    drop = stopwords() | extra_stopwords
    return [stem(w) for w in words(text) if w not in drop and not w.isdigit() and len(w) > 1]


class KeywordIndex:
    """BM25 over a fixed list of texts; `scores` gives one score per text for a query."""

    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        import bm25s

        self.size = len(texts)
        self._documents = [terms(text) for text in texts]
        self._retriever = bm25s.BM25(k1=k1, b=b)
        if self.size:
            self._retriever.index([doc or ["_"] for doc in self._documents], show_progress=False)
        vocabulary = self._retriever.vocab_dict if self.size else {}
        self._vocabulary: set[str] = set(vocabulary)

    def scores(
        self, query: str, extra_stopwords: frozenset[str] = frozenset()
    ) -> NDArray[np.float32]:
        """BM25 score of every text for `query` (zeros when no query term is indexed)."""
        query_terms = [t for t in terms(query, extra_stopwords) if t in self._vocabulary]
        if not query_terms or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(query_terms), dtype=np.float32)

    def document_terms(self, position: int) -> list[str]:
        return self._documents[position]
