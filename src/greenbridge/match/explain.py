"""Why a technology matches a need: the shared terms, the phrases of each text that carry the
match, and the deployment or cooperation evidence with its source sentence."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from greenbridge.index.embedders import Embedder
from greenbridge.index.keyword import stem, stopwords, words
from greenbridge.match.context import Fact
from greenbridge.match.passages import OBJECTIVE_WORDS
from greenbridge.match.rank import NeedQuery, Scored

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass
class Explanation:
    shared_terms: list[str]
    need_phrase: str
    technology_phrase: str
    reasons: list[str]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    need_pieces: list[tuple[str, bool]] = field(default_factory=list)
    technology_pieces: list[tuple[str, bool]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def shared_terms(need_text: str, technology_text: str, limit: int = 8) -> list[str]:
    """Words of the need whose stem the technology's text also has, in the need's order."""
    drop = stopwords()
    technology_stems = {stem(w) for w in words(technology_text) if w not in drop}
    found: list[str] = []
    for word in words(need_text):
        key = stem(word)
        if word in drop or key in OBJECTIVE_WORDS or len(word) < 3 or word.isdigit():
            continue
        if key in technology_stems and word not in found:
            found.append(word)
    return found[:limit]


def highlighted(phrase: str, terms: list[str]) -> list[tuple[str, bool]]:
    """`phrase` cut into pieces, each with whether it is a word whose stem is one of `terms`."""
    keys = {stem(t.lower()) for t in terms}
    pieces: list[tuple[str, bool]] = []
    for piece in re.split(r"(\w+)", phrase):
        if piece:
            pieces.append((piece, bool(piece.isalnum() and stem(piece.lower()) in keys)))
    return pieces


def distinct_evidence(facts: list[Fact], limit: int = 5) -> list[dict[str, Any]]:
    """Each piece of evidence once: facts read from the same sentence (or, without one, with the
    same kind, country and text) are shown as the first of them."""
    seen: set[tuple[Any, ...]] = set()
    found: list[dict[str, Any]] = []
    for fact in facts:
        key = (
            (" ".join(fact.sentence.split()),)
            if fact.sentence
            else (fact.kind, fact.country, fact.text)
        )
        if key not in seen:
            seen.add(key)
            found.append(asdict(fact))
    return found[:limit]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) > 3] or [text]


def explain(
    need: NeedQuery, result: Scored, embedder: Embedder, need_vectors: NDArray | None = None
) -> Explanation:
    """The explanation of one ranked result (embeds the sentences of the technology, and the
    clauses of the need unless their vectors `need_vectors` are given)."""
    candidate = result.candidate
    need_parts = need.clauses()
    technology_parts = [candidate.title, *sentences(candidate.description)]
    if need_vectors is None:
        need_vectors = embedder.embed(need_parts)
    technology_vectors = embedder.embed(technology_parts)
    similarity = need_vectors @ technology_vectors.T
    i, j = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
    facts: list[Fact] = candidate.context.deployments + candidate.context.cooperation
    terms = shared_terms(need.text, candidate.text)
    need_phrase, technology_phrase = need_parts[int(i)], technology_parts[int(j)]
    return Explanation(
        shared_terms=terms,
        need_phrase=need_phrase,
        technology_phrase=technology_phrase,
        reasons=list(result.reasons),
        evidence=distinct_evidence(facts),
        need_pieces=highlighted(need_phrase, terms),
        technology_pieces=highlighted(technology_phrase, terms),
    )
