"""Fit and check the calibration of the full ranker's scores (`rank.RELEVANT_CALIBRATION`,
`rank.DIRECT_CALIBRATION`) and the thresholds of `match.service` on a matching bench.

Every need is asked three ways: its whole text, its title alone and its first clause alone (the
length of a typed need). For the top 20 technologies of each, the features are the full score and
`background_z`; two logistic regressions (relevant: grade >= 1, direct: grade 2) are fitted on all
of them and printed as the constants to ship. The figures are leave-one-need-out: each need is
judged by a fit that did not see it, at the product's FIT_THRESHOLD and DIRECT_THRESHOLD:
how many results are shown and how many of them are judged relevant, how many are called direct
and how many of those are judged direct, how many of the needs whose best judged answer is only
partial are told so (no direct result), how many needs with a direct answer get one, and how
many needs are told "Nothing fits".

    .venv/bin/python bench/match_calibration.py --bench ../shared/match/dev.json
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from greenbridge.index.embedders import get_embedder
from greenbridge.match import rank
from greenbridge.match.evaluate import load_bench
from greenbridge.match.rank import NeedQuery, Ranker
from greenbridge.match.service import DIRECT_THRESHOLD, FIT_THRESHOLD

DEPTH = 20
VARIANTS = ("whole", "title", "first clause")


@dataclass
class Rows:
    """The top `DEPTH` technologies of every (need, variant): features and judged grades."""

    needs: NDArray[np.str_]
    variants: NDArray[np.str_]
    features: NDArray[np.float64]
    grades: NDArray[np.int64]
    best: dict[str, int]


def variants(need: NeedQuery) -> dict[str, NeedQuery]:
    clauses = need.clauses()
    first = clauses[1] if len(clauses) > 1 else need.title or need.description
    return {
        "whole": need,
        "title": NeedQuery(title="", description=need.title or need.description),
        "first clause": NeedQuery(title="", description=first),
    }


def collect(bench: Path) -> Rows:
    candidates, needs, qrels = load_bench(bench)
    ranker = Ranker(candidates, get_embedder())
    keys = [str(c.key or c.entity_id) for c in candidates]
    names, kinds, features, grades = [], [], [], []
    for key, need in needs:
        for kind, query in variants(need).items():
            scores, parts = ranker.full_scores(query)
            for position in np.argsort(-scores)[:DEPTH]:
                names.append(key)
                kinds.append(kind)
                features.append((scores[position], parts["background_z"][position]))
                grades.append(qrels.get(key, {}).get(keys[position], 0))
    best = {key: max(qrels.get(key, {}).values(), default=0) for key, _ in needs}
    return Rows(np.array(names), np.array(kinds), np.array(features, dtype=np.float64),
                np.array(grades), best)  # fmt: skip


def fit(features: NDArray[np.float64], labels: NDArray[np.bool_]) -> tuple[float, float, float]:
    model = LogisticRegression(C=1.0).fit(features, labels)
    return (float(model.intercept_[0]), *(float(c) for c in model.coef_[0]))  # type: ignore[return-value]


def probabilities(weights: tuple[float, float, float], features: NDArray) -> NDArray:
    return np.array([rank.calibrated(weights, score, z) for score, z in features])


def held_out(rows: Rows) -> tuple[NDArray, NDArray]:
    """P(relevant) and P(direct) of every row from fits that did not see its need."""
    relevant, direct = np.zeros(len(rows.grades)), np.zeros(len(rows.grades))
    for need in np.unique(rows.needs):
        train, test = rows.needs != need, rows.needs == need
        for out, labels in ((relevant, rows.grades >= 1), (direct, rows.grades >= 2)):
            weights = fit(rows.features[train], labels[train])
            out[test] = probabilities(weights, rows.features[test])
    return relevant, direct


def report(rows: Rows, relevant: NDArray, direct: NDArray, kind: str) -> str:
    mask = rows.variants == kind
    shown = mask & (relevant >= FIT_THRESHOLD)
    called = mask & (direct >= DIRECT_THRESHOLD)
    partial_needs = [n for n, g in rows.best.items() if g == 1]
    direct_needs = [n for n, g in rows.best.items() if g == 2]
    told = sum(not called[rows.needs == n].any() for n in partial_needs)
    found = sum(called[rows.needs == n].any() for n in direct_needs)
    nothing = sum(not (shown | called)[rows.needs == n].any() for n in rows.best)
    precision = (rows.grades[shown] >= 1).mean() if shown.any() else float("nan")
    direct_precision = (rows.grades[called] == 2).mean() if called.any() else float("nan")
    return (f"{kind:13s} shown {shown.sum():4d} (judged relevant {precision:.2f})  "
            f"direct {called.sum():3d} (judged direct {direct_precision:.2f})  "
            f"partial-only needs told so {told}/{len(partial_needs)}  "
            f"needs with a direct answer given one {found}/{len(direct_needs)}  "
            f"'Nothing fits' {nothing}/{len(rows.best)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", type=Path, default=Path("../shared/match/dev.json"))
    args = parser.parse_args()
    rows = collect(args.bench)
    fitted = [fit(rows.features, rows.grades >= g) for g in (1, 2)]
    for name, weights in zip(("RELEVANT", "DIRECT"), fitted, strict=True):
        print(f"{name}_CALIBRATION = {tuple(round(w, 2) for w in weights)}")
    print(f"thresholds: fit {FIT_THRESHOLD}, direct {DIRECT_THRESHOLD}")
    shipped = [probabilities(w, rows.features) for w in (rank.RELEVANT_CALIBRATION,
                                                         rank.DIRECT_CALIBRATION)]  # fmt: skip
    print("product constants (plain):")
    for kind in VARIANTS:
        print("  " + report(rows, *shipped, kind))
    print("leave-one-need-out fits:")
    relevant, direct = held_out(rows)
    for kind in VARIANTS:
        print("  " + report(rows, relevant, direct, kind))


if __name__ == "__main__":
    main()
