"""The learned extractor: labels from gold, folds by publisher, deterministic training, and
the models' decisions with a confidence on every fact."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from greenbridge.extract.learned.apply import apply_model
from greenbridge.extract.learned.crossval import fact_outcomes, reliability
from greenbridge.extract.learned.dataset import entity_labels, publisher_of
from greenbridge.extract.learned.model import ExtractionModel
from greenbridge.extract.learned.service import corpus_documents, train_extraction
from greenbridge.extract.learned.train import Settings, folds_by_publisher
from greenbridge.extract.model import ExtractedEntity
from greenbridge.extract.pipeline import rule_extraction
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "learned_corpus"
LEXICAL = Settings(embedder=None, min_count=1)


@pytest.fixture(scope="module")
def documents() -> list:
    return corpus_documents([CORPUS])


def test_publisher_is_the_registered_domain_then_the_name() -> None:
    def source(url: str) -> dict:
        return {"document": "a.txt", "source": {"url": url, "publisher": "Someone"}}

    assert publisher_of(source("http://english.iap.cas.cn/news/1")) == "cas.cn"
    assert publisher_of(source("https://newsletter.cas.cn/x")) == "cas.cn"
    assert publisher_of(source("https://www.ox.ac.uk/news")) == "ox.ac.uk"
    assert publisher_of(source("https://www.example.org/news/1")) == "example.org"
    assert publisher_of({"document": "a.txt", "source": {"publisher": "UNIDO"}}) == "unido"
    assert publisher_of({"document": "a.txt"}) == "a.txt"


def test_labels_follow_gold_types_whatever_type_the_rules_gave() -> None:
    candidates = [
        ExtractedEntity("o1", "organization", "Green Water Forum"),
        ExtractedEntity("o2", "organization", "Blue Lake Institute"),
        ExtractedEntity("t1", "technology", "the project"),
    ]
    gold = {
        "entities": [
            {"id": "v1", "type": "event", "name": "Green Water Forum"},
            {"id": "o1", "type": "organization", "name": "Blue Lake Institute"},
        ]
    }
    labels, gold_of = entity_labels(candidates, gold)
    assert labels == ["event", "organization", "none"]
    assert gold_of == {"o1": "v1", "o2": "o1"}


def test_no_publisher_is_in_two_folds(documents: list) -> None:
    folds = folds_by_publisher(documents, 3)
    seen: dict[str, int] = {}
    for number, fold in enumerate(folds):
        for index in fold:
            publisher = documents[index].publisher
            assert seen.setdefault(publisher, number) == number
    assert sorted(i for f in folds for i in f) == list(range(len(documents)))


def test_training_is_deterministic_and_the_model_round_trips(
    documents: list, tmp_path: Path
) -> None:
    first = train_extraction(documents, out=tmp_path / "a", settings=LEXICAL, folds=3)
    second = train_extraction(documents, out=tmp_path / "b", settings=LEXICAL, folds=3)
    assert (tmp_path / "a" / "model.npz").read_bytes() == (
        tmp_path / "b" / "model.npz"
    ).read_bytes()
    assert first["model"]["version"] == second["model"]["version"]
    assert first["cross_validation"]["documents"] == len(documents)
    model = ExtractionModel.load(tmp_path / "a")
    assert model.version.startswith("learned-")
    assert set(model.relations) >= {"position", "cooperates_with", "deployed"}


def test_the_model_keeps_facts_with_confidences_and_consistent_ids(
    documents: list, tmp_path: Path
) -> None:
    train_extraction(documents, out=tmp_path, settings=LEXICAL, folds=3, estimate=False)
    model = ExtractionModel.load(tmp_path)
    text = documents[0].entities.text
    result = apply_model(text, rule_extraction(text), model)
    assert result.entities, "a trained model keeps the entities of a training document"
    ids = {e.id for e in result.entities}
    for entity in result.entities:
        assert 0.0 < entity.confidence <= 1.0
        assert entity.id[0] == {"person": "p", "organization": "o", "event": "v",
                                "initiative": "i", "technology": "t"}[entity.type]  # fmt: skip
    for relation in result.relations:
        assert 0.0 < relation.confidence <= 1.0
        assert relation.subject in ids
        assert relation.object in ids or len(relation.object) == 2
    assert result.version == model.version


def test_fact_outcomes_and_reliability_bands() -> None:
    gold = {
        "entities": [{"id": "o1", "type": "organization", "name": "Blue Lake Institute"}],
        "relations": [{"type": "deployed", "subject": "t1", "object": "KE"}],
    }
    predicted = {
        "entities": [
            {"id": "o1", "type": "organization", "name": "Blue Lake Institute", "confidence": 0.9},
            {"id": "o2", "type": "organization", "name": "Nowhere", "confidence": 0.35},
        ],
        "relations": [],
    }
    facts = fact_outcomes(gold, predicted)
    assert facts == [("organization", 0.9, True), ("organization", 0.35, False)]
    table = reliability(facts, (0.0, 0.5, 1.0))
    assert [(r["band"], r["facts"], r["correct"]) for r in table] == [
        ("0.0-0.5", 1, 0.0),
        ("0.5-1.0", 1, 1.0),
    ]


def test_corpus_fixture_is_well_formed() -> None:
    for path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(path.read_text())
        text = (CORPUS / "texts" / gold["document"]).read_text()
        ids = {e["id"] for e in gold["entities"]}
        for e in gold["entities"]:
            if e["type"] == "event":  # unnamed gatherings have descriptive names
                continue
            assert any(n in text for n in [e["name"], *e.get("aliases", [])]), e
        for r in gold["relations"]:
            assert r["subject"] in ids
            assert r["object"] in ids or len(r["object"]) == 2


REPO_CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "en"


@pytest.mark.skipif(not (REPO_CORPUS / "gold").is_dir(), reason="the corpus is not present")
def test_the_shipped_model_is_what_training_on_the_corpus_gives(tmp_path: Path) -> None:
    from greenbridge.extract.learned.model import shipped_folder, shipped_model

    shipped = shipped_model()
    assert shipped is not None, "a model ships in the package"
    documents = corpus_documents([REPO_CORPUS])
    report = train_extraction(documents, out=tmp_path, estimate=False)
    assert report["model"]["version"] == shipped.version
    # The same vocabulary, classes, thresholds and calibration; the weights agree to the
    # rounding of the machine's linear algebra (another CPU adds in another order: up to about
    # 0.004 was seen between two machines).
    trained, ours = (
        json.loads((f / "model.json").read_text()) for f in (tmp_path, shipped_folder())
    )
    for meta in (trained, ours):
        meta["meta"].pop("weights_sha256")
    assert trained == ours
    with np.load(tmp_path / "model.npz") as new, np.load(shipped_folder() / "model.npz") as old:
        assert sorted(new.files) == sorted(old.files)
        for name in old.files:
            assert new[name].shape == old[name].shape, name
            assert np.allclose(new[name], old[name], rtol=0, atol=0.02), name


def test_train_command_writes_a_model(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from greenbridge.cli import app

    args = ["train", "extraction", "--corpus", str(CORPUS), "--out", str(tmp_path), "--folds", "3"]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == 4 and "cross_validation" in report
    assert ExtractionModel.load(tmp_path).version == report["model"]["version"]
