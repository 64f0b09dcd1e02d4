"""'Nothing fits' is honest for short typed needs on the example catalogue of 14 technologies:
a need that one technology plainly answers gets it, a need about something absent gets nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from greenbridge.index.embedders import get_embedder
from greenbridge.match.catalogue import load_candidates, text_query
from greenbridge.match.importing import import_file
from greenbridge.match.rank import Ranker
from greenbridge.match.records import TECHNOLOGY
from greenbridge.match.service import match_need

CATALOGUE = Path(__file__).resolve().parents[2] / "examples" / "technologies.csv"

ANSWERED = [
    ("households cook on open wood fires and the smoke makes people sick", "demo-t05"),
    ("pump water for crop irrigation using solar power on small farms", "demo-t01"),
    ("sand dunes keep burying the highway", "demo-t06"),
    ("electricity for remote villages with no grid connection", "demo-t09"),
    ("turn cow dung into cooking gas", "demo-t11"),
]
ABSENT = [
    "software to manage hospital patient records",
    "a booking system for tourist hotels",
]


@pytest.fixture
def ranker(session: Session) -> Ranker:
    import_file(session, CATALOGUE, TECHNOLOGY, user="test")
    return Ranker(load_candidates(session), get_embedder())


def test_short_needs_get_the_technology_that_answers_them(ranker: Ranker) -> None:
    for need, expected in ANSWERED:
        answer = match_need(ranker, text_query(need))
        assert answer.results, need
        best = answer.results[0]
        assert best.source_id == expected, need
        assert best.fit in ("direct", "partial"), need
        assert not answer.message.startswith("Nothing fits"), need


def test_needs_about_absent_topics_are_told_nothing_fits(ranker: Ranker) -> None:
    for need in ABSENT:
        answer = match_need(ranker, text_query(need))
        assert answer.results == [], need
        assert answer.message.startswith("Nothing fits"), need


def test_a_long_objective_and_its_short_form_both_find_the_technology(ranker: Ranker) -> None:
    long = text_query(
        "The project development objective is to improve the health of rural households "
        "through the promotion of cleaner cooking: women cook on open wood fires indoors, "
        "and the smoke causes lung disease; firewood collection also drives deforestation."
    )
    short = text_query("cleaner cooking instead of smoky wood fires")
    for need in (long, short):
        answer = match_need(ranker, need)
        assert answer.results and answer.results[0].source_id == "demo-t05"
        assert answer.results[0].fit in ("direct", "partial")
