"""Candidate-set ranking above the exhaustive limit gives the results of scoring everything."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from greenbridge.match import candidates as candidates_module
from greenbridge.match import service
from greenbridge.match.candidates import CandidateRanker, SectorRows
from greenbridge.match.importing import store_records
from greenbridge.match.rank import NeedQuery, Ranker, Scored, TechnologyRanker
from greenbridge.match.records import MatchRecord
from greenbridge.settings import Settings

TOPICS = {
    "cookstove": ("stove", "burns less firewood when cooking. Households breathe less smoke"),
    "irrigation": ("irrigation pump", "lifts water to irrigate fields. Farmers grow a second crop"),
    "biogas": ("biogas digester", "turns manure into gas for cooking. The slurry feeds the soil"),
    "desalination": ("desalination unit", "makes drinking water from brackish wells. It runs on solar power"),
    "cold storage": ("cold room", "keeps harvested vegetables fresh. Farmers sell them later"),
    "mobile money": ("payment app", "lets people pay bills by phone. Shops accept it without cash"),
}  # fmt: skip
MAKERS = ("Solar", "Community", "Low-cost", "Portable", "Modular")
NEEDS = [
    NeedQuery("Clean cooking", "Reduce the firewood that households burn to cook."),
    NeedQuery("", "Safe drinking water for coastal villages with salty wells.", ["KE"]),
    NeedQuery("Post-harvest losses", "Farmers lose vegetables before they reach the market."),
]


@pytest.fixture
def thirty(session: Session) -> int:
    """Thirty technologies, five per topic; returns how many."""
    records = [
        MatchRecord(kind="technology", source_id=f"{topic}-{i}", title=f"{maker} {name}",
                    description=f"The {maker.lower()} {name} {text}.", country="KE")
        for topic, (name, text) in TOPICS.items() for i, maker in enumerate(MAKERS)
    ]  # fmt: skip
    store_records(session, records, origin="test")
    session.flush()
    return len(records)


def _top(ranker: TechnologyRanker, need: NeedQuery, k: int) -> list[Scored]:
    return ranker.rank(need, k)


def test_candidate_ranking_matches_exhaustive_ranking(
    session: Session, engine: Engine, settings: Settings, thirty: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    exhaustive = service.build_ranker(session, engine, settings)
    assert isinstance(exhaustive, Ranker)
    monkeypatch.setattr(service, "EXHAUSTIVE_LIMIT", 10)
    whole = service.build_ranker(session, engine, settings)
    monkeypatch.setattr(candidates_module, "CANDIDATES", 4)
    narrow = service.build_ranker(session, engine, settings)
    assert isinstance(whole, CandidateRanker) and isinstance(narrow, CandidateRanker)
    for need in NEEDS:
        expected = _top(exhaustive, need, 10)
        found = _top(whole, need, 10)  # every technology a candidate: the same scores
        assert [r.candidate.entity_id for r in found] == [r.candidate.entity_id for r in expected]
        assert np.allclose([r.score for r in found], [r.score for r in expected], atol=1e-5)
        assert np.allclose([r.relevant for r in found], [r.relevant for r in expected], atol=1e-5)
        segments = narrow.embedder.embed(need.segments())
        keyword = narrow.keyword.scores(" ".join(need.text.split()))
        assert len(narrow.candidate_positions(segments, keyword)) < thirty
        top = [r.candidate.entity_id for r in _top(narrow, need, 3)]
        assert top == [r.candidate.entity_id for r in expected[:3]]


def test_match_need_runs_on_the_candidate_path(
    session: Session, engine: Engine, settings: Settings, thirty: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(service, "EXHAUSTIVE_LIMIT", 10)
    answer = service.match_need(service.build_ranker(session, engine, settings), NEEDS[1])
    assert answer.results and "desalination" in answer.results[0].title
    assert answer.results[0].explanation["technology_phrase"]


def test_sector_rows_give_back_the_dense_profiles() -> None:
    dense = np.zeros((5, 7), dtype=np.float32)
    dense[0, [1, 3]], dense[2, 6], dense[4, [0, 1, 2]] = [0.5, 0.25], 1.0, [0.1, 0.2, 0.3]
    rows = SectorRows.of(dense)
    assert np.array_equal(rows.rows(np.array([4, 0, 1, 2])), dense[[4, 0, 1, 2]])
    assert rows.rows(np.array([], dtype=np.int64)).shape == (0, 7)
