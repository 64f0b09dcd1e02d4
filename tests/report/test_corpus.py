"""A newsletter built from the shared corpus (real extraction, resolution and store)."""

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from greenbridge.ingest import ingest_paths
from greenbridge.pipeline import analyse_document
from greenbridge.report import build_newsletter
from greenbridge.report.dates import lower_bound, upper_bound
from greenbridge.store.db import make_engine, make_sessionmaker, upgrade
from greenbridge.store.models import Document
from tests.conftest import CORPUS, GOLD

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'store.db'}")
    upgrade(engine)
    results = ingest_paths(engine, [CORPUS], analyse=analyse_document)
    assert {r.status for r in results} == {"added"}
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


def _gold_events() -> list[dict]:
    events = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text())
        for entity in gold["entities"]:
            if entity["type"] == "event" and entity.get("start"):
                events.append({**entity, "document": gold["document"]})
    return events


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _same_name(a: str, b: str) -> bool:
    return fuzz.token_sort_ratio(a.lower(), b.lower()) >= 90


def test_newsletter_names_the_dated_events_with_dates_and_sources(corpus_session: Session) -> None:
    report = build_newsletter(corpus_session, start=date(2021, 6, 1), end=date(2022, 1, 31))
    items = [i for s in report.sections for i in s.items if i.kind == "event"]
    right: list[tuple[str, str | None, str]] = []
    wrong: list[tuple[str, str | None, str]] = []
    for gold in _gold_events():
        item = next((i for i in items if _same_name(i.title, gold["name"])), None)
        if item is None:
            continue
        # the item cites the document the event comes from
        assert any(Path(s.source or "").name == gold["document"] for s in item.sources), item.title
        day = lower_bound(item.date)
        low, high = lower_bound(gold["start"]), upper_bound(gold["start"])
        ok = day is not None and low is not None and high is not None and low <= day <= high
        (right if ok else wrong).append((item.title, item.date, gold["start"]))
    # the report states the extracted dates; extraction may still get one wrong
    assert len(right) >= 6, (right, wrong)
    assert len(wrong) <= max(1, len(right) // 4), wrong


def test_corpus_newsletter_invents_nothing(corpus_session: Session) -> None:
    report = build_newsletter(corpus_session, start=date(2018, 1, 1), end=date(2023, 12, 31))
    assert len(report.statements) >= 10
    for statement in report.statements:
        assert statement.evidence_ids and statement.sources, statement.text
    for item in (i for s in report.sections for i in s.items if i.kind == "event"):
        texts = [corpus_session.get(Document, s.document_id).text for s in item.sources]  # type: ignore[union-attr]
        # the event's name is written in a document the item cites
        assert any(_letters(item.title) in _letters(t) for t in texts), item.title
        for statement in item.statements:
            cited = {s.document_id for s in statement.sources}
            assert cited <= {s.document_id for s in item.sources}
