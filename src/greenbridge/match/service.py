"""match_need: the ranked, explained technologies for a need, or a plain 'nothing fits'."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from numpy.typing import NDArray
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from greenbridge.index.embedders import DEFAULT_EMBEDDER, Embedder, get_embedder
from greenbridge.index.store import open_vector_index
from greenbridge.index.vector import FileVectorIndex
from greenbridge.match.candidates import CandidateRanker
from greenbridge.match.catalogue import Filters, load_candidates
from greenbridge.match.explain import explain
from greenbridge.match.profiles import index_profiles
from greenbridge.match.rank import Candidate, NeedQuery, Ranker, Scored, TechnologyRanker
from greenbridge.match.sentences import index_sentences
from greenbridge.match.taxonomy import Taxonomy
from greenbridge.settings import Settings
from greenbridge.store.models import Entity, Evidence, Judgement, Relation

logger = logging.getLogger(__name__)
FINGERPRINT_TABLES = (Entity, Relation, Evidence, Judgement)

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
# Above this many technologies a need is scored against a candidate set, not every technology
# (`greenbridge.match.candidates`). Measured by `bench/bench_match.py --match` on generated
# catalogues (2 cores): at 100k technologies, scoring everything ranked a need in p50 83 ms and
# held 495 MiB of vectors per process, the candidate path 102 ms holding 20 MiB of arrays and
# 82 MiB of quantized indexes; at 1M, 463 ms and 4,954 MiB against 104 ms, 198 MiB and 790 MiB.
# Up to 50k (where the vector index is still exact) every technology is scored, so such a store
# ranks exactly as before.
EXHAUSTIVE_LIMIT = 50_000


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


def build_ranker(session: Session, engine: Engine, settings: Settings) -> TechnologyRanker:
    """A ranker over the store's technologies; vectors come from the incremental file index, and
    neighbours, sector profiles and sentence vectors from beside it."""
    candidates = load_candidates(session)
    embedder = get_embedder(DEFAULT_EMBEDDER)
    full = open_vector_index(engine, settings, embedder.dimension, "technology")
    title = open_vector_index(engine, settings, embedder.dimension, "technology-title")
    full.sync(((c.entity_id, c.text) for c in candidates), embedder)
    title.sync(((c.entity_id, c.title) for c in candidates), embedder)
    return catalogue_ranker(candidates, embedder, full, title)


@dataclass
class _Kept:
    fingerprint: tuple[Any, ...]
    ranker: TechnologyRanker


_RANKERS: dict[str, _Kept] = {}
_RANKERS_LOCK = threading.Lock()


def store_fingerprint(session: Session) -> tuple[Any, ...]:
    """Changes whenever something a ranker reads changes: every write adds an entity, relation,
    piece of evidence or judgement (corrections and retractions are kept as evidence), so the
    largest id of each (four primary-key lookups) tells."""
    return tuple(
        session.execute(
            select(*(select(func.max(table.id)).scalar_subquery() for table in FINGERPRINT_TABLES))
        ).one()
    )


def shared_ranker(session: Session, engine: Engine, settings: Settings) -> TechnologyRanker:
    """The ranker of `build_ranker`, kept per store and process while the store is unchanged, so
    a long-running server builds it once (seconds at a million technologies) and not per need."""
    key = str(engine.url)
    fingerprint = store_fingerprint(session)
    with _RANKERS_LOCK:
        kept = _RANKERS.get(key)
        if kept is None or kept.fingerprint != fingerprint:
            kept = _Kept(fingerprint, build_ranker(session, engine, settings))
            _RANKERS[key] = kept
        return kept.ranker


_WARMING: set[str] = set()
_WARMING_LOCK = threading.Lock()  # not _RANKERS_LOCK: that one is held while a ranker builds


def warm_ranker(engine: Engine, settings: Settings) -> threading.Thread:
    """Build the store's shared ranker in a background thread (the model, vectors and profiles
    take seconds to load), so the first need after start-up does not wait for them."""
    key = str(engine.url)
    with _WARMING_LOCK:
        _WARMING.add(key)

    def build() -> None:
        try:
            with Session(engine) as session:
                shared_ranker(session, engine, settings)
        except Exception:  # a failed warm-up only means the first need builds the ranker
            logger.exception("warming the ranker failed")
        finally:
            with _WARMING_LOCK:
                _WARMING.discard(key)

    thread = threading.Thread(target=build, name="warm-ranker", daemon=True)
    thread.start()
    return thread


def ranker_warming(engine: Engine) -> bool:
    """Whether `warm_ranker` is still building the ranker of this store."""
    with _WARMING_LOCK:
        return str(engine.url) in _WARMING


def catalogue_ranker(
    candidates: Sequence[Candidate], embedder: Embedder, full: FileVectorIndex,
    title: FileVectorIndex,
) -> TechnologyRanker:  # fmt: skip
    """The ranker of `candidates`, whose whole-text and title vectors are in `full` and `title`:
    up to `EXHAUSTIVE_LIMIT` technologies a `Ranker` that scores them all, above it a
    `CandidateRanker` that scores a candidate set per need and reads vectors by id."""
    ids = [c.entity_id for c in candidates]
    technologies = [(c.entity_id, c.title, c.description) for c in candidates]
    sentences = index_sentences(full, technologies, embedder)
    kept = index_profiles(full, ids, lambda: full.vectors(ids), Taxonomy(embedder))
    if len(candidates) > EXHAUSTIVE_LIMIT:
        return CandidateRanker(candidates, embedder, full, title, kept, sentences)
    ranker = Ranker(candidates, embedder, full.vectors(ids), title.vectors(ids), kept.sectors,
                    (kept.neighbours, kept.weights))  # fmt: skip
    ranker.sentences = sentences.all()
    return ranker


def fit_of(item: Scored) -> str:
    if item.direct >= DIRECT_THRESHOLD:
        return "direct"
    return "partial" if item.relevant >= FIT_THRESHOLD else "none"


def match_need(
    ranker: TechnologyRanker, need: NeedQuery, filters: Filters | None = None, limit: int = 10
) -> MatchAnswer:
    """The technologies that fit `need`, best first, each explained; no padding below the
    calibrated threshold, and a message that says so when nothing (or only partial) fits."""
    keep = filters.keep if filters else None
    ranked = distinct(ranker.rank(need, 2 * limit, keep=keep))[:limit]
    answer = MatchAnswer(query=need.text, countries=need.countries)
    shown = [(item, fit) for item in ranked if (fit := fit_of(item)) != "none"]
    need_vectors = ranker.embedder.embed(need.clauses()) if shown else None
    for item, fit in shown:
        answer.results.append(_result(ranker, need, item, fit, need_vectors))
    answer.message = _message(answer.results, bool(ranked))
    return answer


def distinct(ranked: list[Scored]) -> list[Scored]:
    """Each technology once: a record imported twice (the same title and description, any case
    and spacing) is shown as its best-scored copy."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in ranked:
        key = (" ".join(item.candidate.title.casefold().split()),
               " ".join(item.candidate.description.casefold().split()))  # fmt: skip
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _result(
    ranker: TechnologyRanker, need: NeedQuery, item: Scored, fit: str, need_vectors: NDArray | None
) -> MatchResult:
    candidate = item.candidate
    explanation = explain(need, item, ranker.embedder, need_vectors).as_dict()
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
