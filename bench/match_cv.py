"""Cross-validated nDCG@10 of the full ranker's fusion parameters on a matching bench.

Every component score (dense by segment, best technology sentence, title, description, keyword,
taxonomy sector overlap, context bonus) is computed once per need; a configuration fuses them like `Ranker.full_scores`.
For each parameter space the script prints the plain dev figure of the product's constants and
the cross-validated figure: the needs are split into folds (leave-one-out; 4-fold with seed 7, and the mean of 4-fold over
`SHUFFLES` seeds, which depends less on one split),
the configuration is chosen on the training folds only and the held-out needs are scored with it.

    .venv/bin/python bench/match_cv.py --bench ../shared/match/dev.json
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from greenbridge.index.embedders import get_embedder
from greenbridge.match import passages, rank
from greenbridge.match.context import context_bonus
from greenbridge.match.evaluate import load_bench, ndcg
from greenbridge.match.rank import Ranker, nearest_neighbours
from greenbridge.match.taxonomy import Taxonomy

Array = NDArray[np.float32]
OUT = Path(__file__).resolve().parent / "out"


@dataclass
class NeedParts:
    key: str
    grades: dict[str, int]
    parts: dict[str, Array]


def zscore(values: Array) -> Array:
    return (values - values.mean()) / (values.std() or 1.0)


def components(bench: Path) -> tuple[list[str], list[NeedParts], Ranker]:
    candidates, needs, qrels = load_bench(bench)
    embedder = get_embedder()
    ranker = Ranker(candidates, embedder)
    taxonomy = Taxonomy(embedder)
    desc_vectors = embedder.embed([c.description or c.title for c in candidates])
    expanded = embedder.embed(
        [
            f"{c.text}. {t}"
            for c, t in zip(candidates, taxonomy.nearest_titles(ranker.vectors), strict=True)
        ]
    )
    keys = [str(c.key or c.entity_id) for c in candidates]
    profiles: dict[str, Array] = {}
    for temperature, depth in itertools.product((0.02, 0.05, 0.1), (1, 3, None)):
        taxonomy.temperature = temperature
        profiles[f"{temperature}/{depth}"] = taxonomy.profiles(ranker.vectors, depth=depth)
    result = []
    for key, need in needs:
        segments = embedder.embed(need.segments())
        whole = embedder.embed([need.text])[0]
        sims = segments @ ranker.vectors.T
        top2 = np.sort(sims, axis=0)[-2:].mean(axis=0) if len(sims) > 1 else sims[0]
        keyword = ranker.keyword_scores(need)
        parts = {
            "dense": sims.max(axis=0),
            "sentence": ranker.sentences.best(segments, len(candidates)),
            "top2": top2,
            "whole": ranker.vectors @ whole,
            "title": (segments @ ranker.title_vectors.T).max(axis=0),
            "desc": (segments @ desc_vectors.T).max(axis=0),
            "expanded": (segments @ expanded.T).max(axis=0),
            "keyword": keyword / keyword.max() if keyword.max() > 0 else keyword,
            "context": np.array(
                [context_bonus(need.countries, c.context)[0] for c in candidates], np.float32
            ),
        }
        for temperature in (0.02, 0.05, 0.1):
            taxonomy.temperature = temperature
            whole_profile = taxonomy.profiles(whole[None, :], depth=None)[0]
            seg_profile = taxonomy.profiles(segments, depth=None).max(axis=0)
            for depth in (1, 3, None):
                tech = profiles[f"{temperature}/{depth}"]
                parts[f"tax/whole/{temperature}/{depth}"] = tech @ whole_profile
                parts[f"tax/seg/{temperature}/{depth}"] = tech @ seg_profile
        result.append(NeedParts(key, qrels.get(key, {}), parts))
    return keys, result, ranker


def cached_components(bench: Path) -> tuple[list[str], list[NeedParts], Array]:
    cache = OUT / f"match_cv_{bench.stem}.pkl"
    sources = [bench, Path(rank.__file__), Path(passages.__file__)]
    if cache.exists() and cache.stat().st_mtime > max(p.stat().st_mtime for p in sources):
        return pickle.loads(cache.read_bytes())  # type: ignore[no-any-return]
    keys, needs, ranker = components(bench)
    OUT.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps((keys, needs, ranker.vectors)))
    return keys, needs, ranker.vectors


def fuse(p: dict[str, Array], vectors: Array, config: dict[str, object]) -> Array:
    norm = (lambda v: zscore(v) * 0.1) if config["norm"] == "z" else (lambda v: v)
    dense = norm(p[str(config["dense"])])
    if config["desc"]:
        dense = np.maximum(dense, norm(p["desc"]))
    sentence = float(config.get("sentence", 0.0))  # type: ignore[arg-type]
    dense = (dense + sentence * norm(p["sentence"])) / (1 + sentence)
    first = (dense + float(config["title"]) * norm(p["title"])  # type: ignore[arg-type]
             + float(config["keyword"]) * norm(p["keyword"])  # type: ignore[arg-type]
             + float(config["taxonomy"]) * norm(p[str(config["tax_mode"])]))  # type: ignore[arg-type]  # fmt: skip
    top = np.argsort(-first)[: int(config.get("depth", rank.FEEDBACK_DEPTH))]  # type: ignore[call-overload]
    centroid = vectors[top].mean(axis=0)
    feedback = vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))
    score = first + float(config["feedback"]) * norm(feedback)  # type: ignore[arg-type]
    total = 1 + float(config["title"]) + float(config["feedback"])  # type: ignore[arg-type]
    score = score / total
    strength = float(config.get("smooth", 0.0))  # type: ignore[arg-type]
    neighbours, weights = _neighbours(vectors)
    score = rank.smooth(score.astype(np.float32), neighbours, weights, strength)
    return score + p["context"]


_NEIGHBOURS: dict[int, tuple[NDArray[np.int64], Array]] = {}


def _neighbours(vectors: Array) -> tuple[NDArray[np.int64], Array]:
    if id(vectors) not in _NEIGHBOURS:
        neighbours = nearest_neighbours(vectors, rank.NEIGHBOURS)
        _NEIGHBOURS[id(vectors)] = (neighbours, rank.neighbour_weights(vectors, neighbours))
    return _NEIGHBOURS[id(vectors)]


def ndcgs(keys: list[str], needs: list[NeedParts], vectors: Array, config: dict) -> Array:
    out = []
    for need in needs:
        order = np.argsort(-fuse(need.parts, vectors, config))[:10]
        out.append(ndcg([keys[i] for i in order], need.grades))
    return np.array(out)


def grid(space: dict[str, list]) -> list[dict]:
    names = list(space)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*space.values())]


SHUFFLES = 10


def four_folds(count: int, seed: int) -> list[list[int]]:
    """The needs' positions shuffled with `seed` and dealt into 4 folds."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return [order[i::4] for i in range(4)]


def cross_validated(table: Array, folds: list[list[int]]) -> float:
    """table[config, need]: choose the config on the other folds, score each fold with it."""
    held = np.zeros(table.shape[1])
    for fold in folds:
        train = [i for i in range(table.shape[1]) if i not in fold]
        best = int(np.argmax(table[:, train].mean(axis=1)))
        held[fold] = table[best, fold]
    return float(held.mean())


BASE = {"dense": ["dense"], "desc": [False], "norm": ["raw"], "title": [0.0, 0.25, 0.5, 1.0],
        "keyword": [0.0, 0.1, 0.2, 0.4], "feedback": [0.0, 0.25, 0.5, 1.0],
        "taxonomy": [0.0], "tax_mode": ["tax/seg/0.05/3"]}  # fmt: skip
SPACES = {
    "baseline weights": BASE,
    "+ taxonomy": {**BASE, "taxonomy": [0.0, 0.05, 0.1, 0.2, 0.4], "tax_mode": [f"tax/{m}/{t}/{d}" for m in ("whole", "seg") for t in (0.02, 0.05, 0.1) for d in (1, 3, "None")]},
    "+ dense variants": {**BASE, "dense": ["dense", "top2", "expanded"], "desc": [False, True]},
    "sector, no smoothing": {**BASE, "taxonomy": [0.0, 0.1, 0.2, 0.4], "tax_mode": ["tax/seg/0.05/3"]},
    "+ smoothing": {**BASE, "taxonomy": [0.0, 0.1, 0.2, 0.4], "tax_mode": ["tax/seg/0.05/3"],
                    "smooth": [0.0, 0.5, 1.0, 1.5, 2.0]},
    # the shipped space: keyword kept in the fusion (the product fuses keyword and dense)
    "shipped": {**BASE, "keyword": [0.1, 0.2, 0.4], "taxonomy": [0.0, 0.1, 0.2],
                "tax_mode": ["tax/seg/0.05/3"], "smooth": [0.0, 1.5, 3.0],
                "sentence": [0.0, 0.5, 1.0]},
    "+ z-score": {**BASE, "norm": ["raw", "z"]},
    "+ feedback depth": {**BASE, "depth": [5, 10, 20]},
    "shipped, sentence fixed": {**BASE, "keyword": [0.1, 0.2, 0.4], "taxonomy": [0.0, 0.1, 0.2],
                                "tax_mode": ["tax/seg/0.05/3"], "smooth": [0.0, 0.5, 1.0, 1.5, 2.0, 3.0],
                                "sentence": [0.5]},
    "+ sentences": {**BASE, "taxonomy": [0.1, 0.2], "smooth": [1.5, 3.0],
                    "sentence": [0.0, 0.25, 0.5, 1.0]},
    "+ taxonomy + depth": {**BASE, "depth": [5, 10, 20], "taxonomy": [0.0, 0.1, 0.2, 0.4],
                           "tax_mode": ["tax/seg/0.05/None", "tax/whole/0.05/None"]},
    "taxonomy, fixed base": {**BASE, "title": [0.5], "keyword": [0.2], "feedback": [0.5],
                             "taxonomy": [0.0, 0.05, 0.1, 0.2, 0.4],
                             "tax_mode": ["tax/seg/0.05/None", "tax/whole/0.05/None"]},
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", type=Path, default=Path("../shared/match/dev.json"))
    parser.add_argument("--space", action="append", help="names of SPACES (default all)")
    args = parser.parse_args()
    start = time.perf_counter()
    keys, needs, vectors = cached_components(args.bench)
    print(f"{len(needs)} needs, {len(keys)} technologies ({time.perf_counter() - start:.0f} s)")
    product = {"dense": "dense", "desc": False, "norm": "raw", "title": rank.TITLE_WEIGHT,
               "keyword": rank.KEYWORD_WEIGHT, "feedback": rank.FEEDBACK_WEIGHT,
               "taxonomy": rank.SECTOR_WEIGHT, "tax_mode": "tax/seg/0.05/3",
               "smooth": rank.SMOOTHING_WEIGHT, "sentence": rank.SENTENCE_WEIGHT}  # fmt: skip
    before = {
        **product,
        "title": 0.5,
        "keyword": 0.2,
        "feedback": 0.5,
        "taxonomy": 0.0,
        "smooth": 0.0,
        "sentence": 0.0,
    }
    print(f"previous constants: dev nDCG@10 {ndcgs(keys, needs, vectors, before).mean():.3f}")
    print(f"product constants: dev nDCG@10 {ndcgs(keys, needs, vectors, product).mean():.3f}")
    loo = [[i] for i in range(len(needs))]
    four = four_folds(len(needs), 7)
    for name in args.space or list(SPACES):
        configs = grid(SPACES[name])
        table = np.array([ndcgs(keys, needs, vectors, c) for c in configs])
        best = int(np.argmax(table.mean(axis=1)))
        print(f"{name:18s} {len(configs):5d} configs  best dev {table[best].mean():.3f}  "
              f"LOO-CV {cross_validated(table, loo):.3f}  4-fold-CV {cross_validated(table, four):.3f}"
              f"  4-fold x{SHUFFLES} {np.mean([cross_validated(table, four_folds(len(needs), seed)) for seed in range(SHUFFLES)]):.3f}"
              f"  best: {configs[best]}")  # fmt: skip


if __name__ == "__main__":
    main()
