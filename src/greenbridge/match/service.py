"""match_need: the ranked, explained technologies for a need, or a plain 'nothing fits'."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from greenbridge.index.embedders import DEFAULT_EMBEDDER, get_embedder
from greenbridge.index.store import open_vector_index
from greenbridge.match.catalogue import Filters, load_candidates
from greenbridge.match.explain import explain
from greenbridge.match.profiles import index_profiles
from greenbridge.match.rank import NeedQuery, Ranker, Scored
from greenbridge.match.taxonomy import Taxonomy
from greenbridge.settings import Settings

logger = logging.getLogger(__name__)

# Thresholds on the calibrated probabilities of `greenbridge.match.rank`: a result is shown when
# it is at least partially relevant with probability >= FIT_THRESHOLD and called direct when
# P(direct) >= DIRECT_THRESHOLD. On the development bench (`bench/match_calibration.py`,
# leave-one-need-out, unjudged technologies counted irrelevant) 0.54 of the results shown for
# whole objectives are judged relevant and 0.45 for needs cut to their title; "Nothing fits" is
# said for 0 and 1 of the 19 needs (all have judged answers; 5 and 9 with the earlier
# calibration), and all 3 needs whose best judged answer is partial are told so for titles
# (2 of 3 for whole objectives).
FIT_THRESHOLD = 0.3
DIRECT_THRESHOLD = 0.5


@dataclass
class MatchResult:
    entity_id: int
    title: str
    score: float
    relevance: float
    fit: str
    country: str | None
    readiness: int | None
    source_id: str | None
    explanation: dict[str, Any]


@dataclass
class MatchAnswer:
    query: str
    countries: list[str]
    results: list[MatchResult] = field(default_factory=list)
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "countries": self.countries,
            "message": self.message,
            "results": [r.__dict__ for r in self.results],
        }


def build_ranker(session: Session, engine: Engine, settings: Settings) -> Ranker:
    """A ranker over the store's technologies; vectors come from the incremental file index, and
    neighbours and sector profiles from beside it (`greenbridge.match.profiles`)."""
    candidates = load_candidates(session)
    embedder = get_embedder(DEFAULT_EMBEDDER)
    full = open_vector_index(engine, settings, embedder.dimension, "technology")
    title = open_vector_index(engine, settings, embedder.dimension, "technology-title")
    full.sync(((c.entity_id, c.text) for c in candidates), embedder)
    title.sync(((c.entity_id, c.title) for c in candidates), embedder)
    ids = [c.entity_id for c in candidates]
    vectors = full.vectors(ids)
    kept = index_profiles(full, ids, vectors, Taxonomy(embedder))
    return Ranker(candidates, embedder, vectors, title.vectors(ids), kept.sectors,
                  (kept.neighbours, kept.weights))  # fmt: skip


def fit_of(item: Scored) -> str:
    if item.direct >= DIRECT_THRESHOLD:
        return "direct"
    return "partial" if item.relevant >= FIT_THRESHOLD else "none"


def match_need(
    ranker: Ranker, need: NeedQuery, filters: Filters | None = None, limit: int = 10
) -> MatchAnswer:
    """The technologies that fit `need`, best first, each explained; no padding below the
    calibrated threshold, and a message that says so when nothing (or only partial) fits."""
    keep = filters.keep if filters else None
    ranked = ranker.rank(need, limit, keep=keep)
    answer = MatchAnswer(query=need.text, countries=need.countries)
    for item in ranked:
        fit = fit_of(item)
        if fit == "none":
            continue
        answer.results.append(_result(ranker, need, item, fit))
    answer.message = _message(answer.results, bool(ranked))
    return answer


def _result(ranker: Ranker, need: NeedQuery, item: Scored, fit: str) -> MatchResult:
    candidate = item.candidate
    explanation = explain(need, item, ranker.embedder).as_dict()
    return MatchResult(
        entity_id=candidate.entity_id,
        title=candidate.title,
        score=round(item.score, 4),
        relevance=round(item.relevant, 3),
        fit=fit,
        country=candidate.context.country,
        readiness=candidate.context.readiness,
        source_id=candidate.key,
        explanation=explanation,
    )


def _message(results: list[MatchResult], any_candidates: bool) -> str:
    if not any_candidates:
        return "No technology in the store passes the filters."
    if not results:
        return "Nothing fits: no technology in the store is close enough to this need."
    if all(r.fit == "partial" for r in results):
        return "No technology directly solves this need; these are only partial matches."
    return (
        f"{sum(r.fit == 'direct' for r in results)} direct and "
        f"{sum(r.fit == 'partial' for r in results)} partial matches."
    )
