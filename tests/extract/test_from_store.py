"""Learning from corrections: what users retract, add and review in the store's documents
becomes training data, and an error corrected in a few documents is fixed in a new one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from greenbridge.extract.learned.apply import apply_model
from greenbridge.extract.learned.from_store import corrected_documents
from greenbridge.extract.learned.model import ExtractionModel
from greenbridge.extract.learned.service import (
    corpus_documents,
    store_documents,
    train_extraction,
)
from greenbridge.extract.pipeline import extract_text, rule_extraction
from greenbridge.resolve import link_extraction
from greenbridge.store import corrections
from tests.conftest import FIXTURES
from tests.resolve.helpers import add_document

CORPUS = FIXTURES / "learned_corpus"
# One way of saying "joined as a member" that the corpus never uses: the extractor misses it.
PATTERN = (
    "{member} enlists in the {network}\n\nPublished: {day} May 2024\n\n"
    "The {member} has enlisted in the {network}, the network said on Friday. "
    "The {short} installs solar pumps for farmers near {town}."
)
STORED = [
    ("Kisumu Solar Cooperative", "Lake Basin Energy Network", "cooperative", "Kisumu", 3),
    ("Arusha Biogas Union", "East African Clean Cooking Network", "union", "Arusha", 9),
    ("Gulu Water Users Association", "Nile Highlands Water Network", "association", "Gulu", 14),
    ("Mzuzu Farmers Trust", "Northern Malawi Irrigation Network", "trust", "Mzuzu", 21),
]
NEW = ("Mwanza Fisheries Board", "Lake Victoria Water Network", "board", "Mwanza", 28)


def _text(member: str, network: str, short: str, town: str, day: int) -> str:
    return PATTERN.format(member=member, network=network, short=short, town=town, day=day)


def _correct(session: Session, fields: tuple[str, str, str, str, int]) -> int:
    """Ingest one document as the product does, then correct it as a user would: the
    member and the network entered where missing, the membership added, with the document."""
    member, network = fields[0], fields[1]
    text = _text(*fields)
    document = add_document(session, text, title=member)
    extraction = extract_text(text, document=f"{member}.txt")
    found = link_extraction(session, document=document, extraction=extraction)
    session.flush()
    ids = {}
    for name in (member, network):
        local = [e.id for e in extraction.entities if e.name == name]
        if local:
            ids[name] = found.entity_ids[local[0]]
        else:
            ids[name] = corrections.add_entity(
                session, type="organization", name=name, user="editor", document_id=document.id
            ).id
    corrections.add_relation(
        session,
        type="member_of",
        subject_id=ids[member],
        object_id=ids[network],
        user="editor",
        document_id=document.id,
    )
    session.flush()
    return document.id


def _memberships(model: ExtractionModel, fields: tuple[str, str, str, str, int]) -> set[tuple]:
    text = _text(*fields)
    extraction = apply_model(text, rule_extraction(text, document="new.txt"), model)
    names = {e.id: e.name for e in extraction.entities}
    return {
        (names[r.subject], names.get(r.object, r.object))
        for r in extraction.relations
        if r.type == "member_of"
    }


def test_corrected_documents_read_back_as_annotations(session: Session) -> None:
    document_id = _correct(session, STORED[0])
    add_document(session, "An untouched document about nothing in particular.", title="other")
    stored = corrected_documents(session)
    assert [s.name for s in stored] == [f"store-{document_id}"]
    gold = stored[0].gold
    names = {e["id"]: e["name"] for e in gold["entities"]}
    assert {"Kisumu Solar Cooperative", "Lake Basin Energy Network"} <= set(names.values())
    memberships = [
        (names[r["subject"]], names[r["object"]])
        for r in gold["relations"]
        if r["type"] == "member_of"
    ]
    assert memberships == [("Kisumu Solar Cooperative", "Lake Basin Energy Network")]


def test_a_retracted_fact_leaves_the_annotation(session: Session) -> None:
    text = _text(*STORED[1])
    document = add_document(session, text, title="retract")
    extraction = extract_text(text)
    found = link_extraction(session, document=document, extraction=extraction)
    session.flush()
    assert extraction.entities, "the extractor found nothing to retract"
    victim = found.entity_ids[extraction.entities[0].id]
    corrections.retract_entity(session, victim, user="editor")
    session.flush()
    gold = corrected_documents(session)[0].gold
    assert f"e{victim}" not in {e["id"] for e in gold["entities"]}
    assert all(f"e{victim}" not in (r["subject"], r["object"]) for r in gold["relations"])


def test_correcting_a_recurring_error_in_a_few_documents_fixes_it_in_a_new_one(
    session: Session, tmp_path: Path
) -> None:
    corpus = corpus_documents([CORPUS])
    train_extraction(corpus, out=tmp_path / "before", estimate=False, folds=2)
    before = ExtractionModel.load(tmp_path / "before")
    wanted = (NEW[0], NEW[1])
    assert wanted not in _memberships(before, NEW)

    for fields in STORED:
        _correct(session, fields)
    learned = corpus + store_documents(session, weight=3)
    train_extraction(learned, out=tmp_path / "after", estimate=False, folds=2)
    after = ExtractionModel.load(tmp_path / "after")
    assert wanted in _memberships(after, NEW)


def test_train_from_store_command_writes_the_model_the_store_then_uses(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from greenbridge.cli import app
    from greenbridge.extract.learned.model import active_model, shipped_model, store_model_folder
    from greenbridge.settings import Settings
    from greenbridge.store.db import make_engine, transaction, upgrade

    home = tmp_path / "home"
    env = {"GREENBRIDGE_HOME": str(home), "GREENBRIDGE_DATABASE_URL": database_url}
    runner = CliRunner()
    command = ["train", "extraction", "--from-store", "--corpus", str(CORPUS), "--no-estimate"]
    empty = runner.invoke(app, [*command, "--folds", "2"], env=env)
    assert empty.exit_code == 1 and "no corrected documents" in empty.output

    engine = make_engine(Settings(home=home, database_url=database_url).resolved_database_url)
    upgrade(engine)
    with transaction(engine) as session:
        for fields in STORED[:2]:
            _correct(session, fields)
    engine.dispose()
    result = runner.invoke(app, [*command, "--folds", "2"], env=env)
    assert result.exit_code == 0, result.output
    assert "2 corrected documents from the store" in result.output

    monkeypatch.setenv("GREENBRIDGE_HOME", str(home))
    written = ExtractionModel.load(store_model_folder())
    model = active_model()
    assert model is not None and model.version == written.version
    shipped = shipped_model()
    assert shipped is None or shipped.version != written.version
