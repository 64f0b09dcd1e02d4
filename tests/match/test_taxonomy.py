"""The CTCN taxonomy sector signal: parsing, profiles with the real embedder, use in ranking."""

from __future__ import annotations

import numpy as np

from greenbridge.index.embedders import get_embedder
from greenbridge.match.rank import Candidate, NeedQuery, Ranker, nearest_neighbours
from greenbridge.match.taxonomy import Taxonomy, parse_taxonomy, taxonomy_leaves


def test_parse_keeps_categories_and_empty_headings_as_leaves() -> None:
    text = "### Energy\n\n#### Solar\n\n- Solar cooking\n- Solar pumps\n#### Grid resiliency\n"
    text += "### Water\n#### Desalination\n\n## Footnotes\n"
    leaves = parse_taxonomy(text)
    assert [(x.sector, x.category, x.title) for x in leaves] == [
        ("Energy", "Solar", "Solar cooking"),
        ("Energy", "Solar", "Solar pumps"),
        ("Energy", "Grid resiliency", "Grid resiliency"),
        ("Water", "Desalination", "Desalination"),
    ]


def test_vendored_taxonomy_has_its_457_titles() -> None:
    leaves = taxonomy_leaves()
    assert len(leaves) == 457
    assert len({leaf.category for leaf in leaves}) > 50


def test_profiles_are_sparse_distributions_that_separate_sectors() -> None:
    embedder = get_embedder()
    taxonomy = Taxonomy(embedder)
    texts = ["Clay stove that halves firewood for household cooking",
             "Efficient wood stoves for cooking in homes",
             "Drip irrigation kit for smallholder farmers"]  # fmt: skip
    profiles = taxonomy.profiles(embedder.embed(texts))
    assert profiles.shape == (3, len(taxonomy.categories))
    assert ((profiles > 0).sum(axis=1) <= 3).all()
    full = taxonomy.profiles(embedder.embed(texts), depth=None)
    assert np.allclose(full.sum(axis=1), 1.0, atol=1e-4)
    assert profiles[0] @ full[1] > profiles[0] @ full[2]


def test_full_ranker_reports_the_sector_part() -> None:
    candidates = [Candidate(1, "Improved cookstove", "Burns less firewood when cooking"),
                  Candidate(2, "Drip irrigation", "Water-saving irrigation for farms")]  # fmt: skip
    ranker = Ranker(candidates, get_embedder())
    best = ranker.rank(NeedQuery("Clean cooking", "Cut household firewood use"), 2)
    assert best[0].candidate.entity_id == 1
    assert best[0].parts["sector"] > best[1].parts["sector"]


def test_nearest_neighbours_exact_and_graph_agree() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    exact = nearest_neighbours(vectors, 5)
    assert exact.shape == (300, 5)
    assert not (exact == np.arange(300)[:, None]).any()
    best = np.argsort(-(vectors @ vectors.T), axis=1)[:, 1]
    assert (exact[:, 0] == best).all()
    import greenbridge.match.rank as rank

    previous, rank.EXACT_NEIGHBOURS = rank.EXACT_NEIGHBOURS, 10
    try:
        graph = nearest_neighbours(vectors, 5)
    finally:
        rank.EXACT_NEIGHBOURS = previous
    overlap = np.mean([len(set(a) & set(b)) / 5 for a, b in zip(exact, graph, strict=True)])
    assert overlap > 0.9
    assert nearest_neighbours(vectors[:1], 5).shape == (1, 0)
