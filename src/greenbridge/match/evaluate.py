"""`eval matching`: rank a bench's technologies for its needs and score the run."""

from __future__ import annotations

import json
import logging
import math
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from greenbridge.index.embedders import get_embedder
from greenbridge.match.catalogue import load_candidates, load_needs, need_query
from greenbridge.match.importing import import_file
from greenbridge.match.rank import Candidate, NeedQuery, Ranker
from greenbridge.match.records import NEED, TECHNOLOGY
from greenbridge.store.db import make_engine, transaction, upgrade

logger = logging.getLogger(__name__)

RUN_DEPTH = 20
RANKERS = ("keyword", "dense", "full")


@dataclass
class Metrics:
    ndcg10: float
    recall20: float
    mrr: float


@dataclass
class MatchingEvaluation:
    run_path: Path
    needs: int
    judged: bool
    metrics: dict[str, Metrics] = field(default_factory=dict)


def ndcg(ranking: list[str], grades: dict[str, int], depth: int = 10) -> float:
    """nDCG with linear gains (the grade) and log2 discount."""
    gain = sum(grades.get(t, 0) / math.log2(i + 2) for i, t in enumerate(ranking[:depth]))
    ideal = sorted(grades.values(), reverse=True)[:depth]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best else 0.0


def recall(ranking: list[str], grades: dict[str, int], depth: int = 20) -> float:
    relevant = {t for t, g in grades.items() if g > 0}
    return len(relevant & set(ranking[:depth])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranking: list[str], grades: dict[str, int]) -> float:
    return next((1 / (i + 1) for i, t in enumerate(ranking) if grades.get(t, 0) > 0), 0.0)


def score_runs(runs: dict[str, list[str]], qrels: dict[str, dict[str, int]]) -> Metrics:
    judged = [need for need in runs if qrels.get(need)]
    if not judged:
        return Metrics(0.0, 0.0, 0.0)
    mean = lambda f: sum(f(runs[n], qrels[n]) for n in judged) / len(judged)  # noqa: E731
    return Metrics(mean(ndcg), mean(recall), mean(reciprocal_rank))


def load_bench(
    bench: Path,
) -> tuple[list[Candidate], list[tuple[str, NeedQuery]], dict[str, dict[str, int]]]:
    """The bench's technologies and needs as the ranker sees them (imported through a scratch
    store, like any file), and its judgements: need id -> technology id -> grade."""
    data = json.loads(bench.read_text(encoding="utf-8"))
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for row in data.get("qrels") or []:
        qrels[str(row["need"])][str(row["technology"])] = int(row["grade"])
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'scratch.db'}")
        upgrade(engine)
        with transaction(engine) as session:
            import_file(session, bench, TECHNOLOGY, user="eval")
            import_file(session, bench, NEED, user="eval")
            candidates = load_candidates(session)
            needs = [
                (str(e.attributes.get("source_id") or e.id), need_query(e))
                for e in load_needs(session)
            ]
        engine.dispose()
    return candidates, needs, dict(qrels)


def evaluate_matching(bench: Path, run_path: Path) -> MatchingEvaluation:
    """Import the bench into a scratch store, rank the top 20 technologies of every need with
    keyword, dense and the full ranker, write the full ranker's run and score all three."""
    candidates, needs, qrels = load_bench(bench)
    ranker = Ranker(candidates, get_embedder())
    runs: dict[str, dict[str, list[tuple[str, float]]]] = {name: {} for name in RANKERS}
    for key, need in needs:
        for name in RANKERS:
            ranked = ranker.rank(need, RUN_DEPTH, scorer=name)
            runs[name][key] = [
                (str(r.candidate.key or r.candidate.entity_id), r.score) for r in ranked
            ]
    write_run(run_path, runs["full"])
    result = MatchingEvaluation(run_path, len(needs), judged=any(qrels.values()))
    if result.judged:
        for name in RANKERS:
            ids = {need: [t for t, _ in ranked] for need, ranked in runs[name].items()}
            result.metrics[name] = score_runs(ids, qrels)
    return result


def write_run(path: Path, run: dict[str, list[tuple[str, float]]]) -> None:
    """One line per result: need id, technology id, rank, score (tab-separated)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for need, ranked in run.items():
            for rank, (technology, score) in enumerate(ranked, start=1):
                handle.write(f"{need}\t{technology}\t{rank}\t{score:.6f}\n")
