"""Extraction on documents written for the project and annotated independently
(tests/fixtures/heldout_*): a regression floor at the targets of the extraction issue."""

from __future__ import annotations

import pytest

from greenbridge.evaluate.extraction import evaluate_extraction
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def scores() -> dict:
    return evaluate_extraction(FIXTURES / "heldout_corpus", FIXTURES / "heldout_gold").as_dict()


def test_heldout_entities_and_countries(scores: dict) -> None:
    assert scores["entities"]["person"]["f1"] >= 0.90
    assert scores["entities"]["organization"]["f1"] >= 0.85
    assert scores["entity_micro"]["f1"] >= 0.85
    assert scores["countries"]["f1"] >= 0.90


def test_heldout_relations(scores: dict) -> None:
    assert scores["relation_micro"]["f1"] >= 0.60
