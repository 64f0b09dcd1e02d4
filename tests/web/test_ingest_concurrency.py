"""Edits while a large document is ingested: the analysis runs before the document's
transaction, which holds the store's write lock only while the document and its results are
stored. An API correction made while the ingest is analysing never waits for it, and one made
while it stores waits at most for that transaction, never fails (SQLite and PostgreSQL). How
long the edits take during an ingest is measured by `bench/bench_load.py` (the edit p95 and
slowest edit beside the reads), not asserted here."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.ingest import ingest_bytes
from greenbridge.ingest.document import ParsedDocument
from greenbridge.ingest.service import ResultWriter
from greenbridge.ingest.split import ArticleSpan
from greenbridge.pipeline import analyse_document
from greenbridge.store.db import make_engine
from tests.conftest import CORPUS

# The tests that load the machine run one after the other, never beside each other.
pytestmark = pytest.mark.xdist_group("machine load")
SIZE = 2_000_000
PAUSE = 60  # seconds the ingest stays in its analysis, at most, while the first edits are made


def large_document() -> bytes:
    """About 2 MB of newsletter text: the corpus over and over, each copy's names numbered."""
    texts = [path.read_text() for path in sorted(CORPUS.glob("*.txt"))]
    parts, size = [], 0
    while size < SIZE:
        text = texts[len(parts) % len(texts)].replace("Institute", f"Institute {len(parts)}")
        parts.append(text)
        size += len(text.encode()) + 2
    return "\n\n".join(parts).encode()


def test_edits_during_an_ingest_never_wait_for_its_analysis(
    client_as: Callable[[str | None], TestClient], app_engine: Engine
) -> None:
    editor = client_as("editor")
    created = editor.post("/api/entities", json={"type": "organization", "name": "Sahel Labs"})
    entity_id = created.json()["id"]
    context = multiprocessing.get_context("spawn")
    analysing, edited, results = context.Event(), context.Event(), context.Queue()
    url = app_engine.url.render_as_string(hide_password=False)
    # A process of its own, as `greenbridge ingest` is: the edits wait only for what the ingest
    # holds in the store, not for its Python work.
    ingest = context.Process(target=_ingest, args=(url, analysing, edited, results))
    ingest.start()
    while not analysing.wait(0.1):
        assert ingest.is_alive(), "the ingest ended without analysing"
    # The ingest waits in its analysis until these edits are done: an edit that waited for the
    # ingest would wait for ever (the ingest gives up after PAUSE s and fails).
    answers: list[tuple[int, str]] = []
    first = threading.Thread(
        target=lambda: answers.extend(_edit(editor, entity_id, n) for n in range(5))
    )
    first.start()
    first.join(PAUSE)
    assert not first.is_alive(), "an edit waited for the ingest's analysis"
    assert [status for status, _ in answers] == [200] * 5, answers
    edited.set()
    n = 5
    while ingest.is_alive():  # and while the document and its results are stored
        status, body = _edit(editor, entity_id, n)
        assert status == 200, body  # not "database is locked"
        n += 1
    ingest.join()
    status, message, counts = results.get(timeout=10)
    assert status == "added", message
    assert counts and counts["entities"] > 3
    page = editor.get(f"/api/entities/{entity_id}").json()
    assert page["attributes"]["country"] == "KE" and page["name"] == f"Sahel Labs {n - 1}"


def _ingest(url: str, analysing: Event, edited: Event, results: Queue[tuple[Any, ...]]) -> None:
    """Ingest the large document; its analysis is the real extraction of the opening of the
    text (the whole text would take minutes), then a wait until the first edits are done:
    the ingest is still before its transaction, where a long analysis keeps it."""

    def analyse(engine: Engine, parsed: ParsedDocument) -> ResultWriter:
        opening = parsed.text.find("\n\n", 2000)
        write = analyse_document(engine, _opening(parsed, opening))
        analysing.set()
        assert edited.wait(PAUSE)
        return write

    engine = make_engine(url)
    result = ingest_bytes(engine, large_document(), "big.txt", analyse=analyse)
    results.put((result.status, result.message, result.counts))
    engine.dispose()


def _edit(editor: TestClient, entity_id: int, n: int) -> tuple[int, str]:
    body = {"name": f"Sahel Labs {n}", "attributes": {"country": "KE"}, "note": "during ingest"}
    response = editor.patch(f"/api/entities/{entity_id}", json=body)
    return response.status_code, response.text


def _opening(parsed: ParsedDocument, end: int) -> ParsedDocument:
    return replace(parsed, text=parsed.text[:end], articles=[ArticleSpan(0, None, 0, end)])
