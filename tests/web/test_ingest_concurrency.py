"""Edits while a large document is ingested: the analysis runs before the document's
transaction, which holds the store's write lock only while the document and its results are
stored, so an API correction made during the ingest answers within a second (SQLite and
PostgreSQL)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.extract import extract_text
from greenbridge.ingest import ingest_bytes
from greenbridge.ingest.document import ParsedDocument
from greenbridge.ingest.service import IngestResult, ResultWriter
from greenbridge.ingest.split import ArticleSpan
from greenbridge.pipeline import analyse_document
from tests.conftest import CORPUS

EDIT_BOUND = 1.0  # seconds, the bound a person editing during an ingest may wait
SIZE = 2_000_000


def large_document() -> bytes:
    """About 2 MB of newsletter text: the corpus over and over, each copy's names numbered."""
    texts = [path.read_text() for path in sorted(CORPUS.glob("*.txt"))]
    parts, size = [], 0
    while size < SIZE:
        text = texts[len(parts) % len(texts)].replace("Institute", f"Institute {len(parts)}")
        parts.append(text)
        size += len(text.encode()) + 2
    return "\n\n".join(parts).encode()


def test_edits_during_an_ingest_answer_within_a_second(
    client_as: Callable[[str | None], TestClient], app_engine: Engine
) -> None:
    extract_text("Dr. Amina Diallo, Director of the Dryland Institute, spoke in Dakar.")  # load
    editor = client_as("editor")
    created = editor.post("/api/entities", json={"type": "organization", "name": "Sahel Labs"})
    entity_id = created.json()["id"]
    analysing, edited = threading.Event(), threading.Event()

    def analyse(engine: Engine, parsed: ParsedDocument) -> ResultWriter:
        """The real extraction of the opening of the text, once the first edits are done (the
        whole text would take minutes; an ingest analysing them is what this test is about)."""
        analysing.set()
        assert edited.wait(60)
        opening = parsed.text.find("\n\n", 2000)
        return analyse_document(engine, _opening(parsed, opening))

    results: list[IngestResult] = []
    data = large_document()
    ingest = threading.Thread(
        target=lambda: results.append(ingest_bytes(app_engine, data, "big.txt", analyse=analyse))
    )
    ingest.start()
    while not analysing.wait(0.1):
        assert ingest.is_alive(), results  # the ingest ended without analysing
    durations = [_edit(editor, entity_id, n) for n in range(5)]
    edited.set()
    n = 5
    while ingest.is_alive():  # and while the document and its results are stored
        durations.append(_edit(editor, entity_id, n))
        n += 1
    ingest.join()
    assert results[0].status == "added", results[0].message
    assert results[0].counts and results[0].counts["entities"] > 3
    assert max(durations) < EDIT_BOUND, durations
    page = editor.get(f"/api/entities/{entity_id}").json()
    assert page["attributes"]["country"] == "KE" and page["name"] == f"Sahel Labs {n - 1}"


def _edit(editor: TestClient, entity_id: int, n: int) -> float:
    started = time.perf_counter()
    body = {"name": f"Sahel Labs {n}", "attributes": {"country": "KE"}, "note": "during ingest"}
    response = editor.patch(f"/api/entities/{entity_id}", json=body)
    assert response.status_code == 200, response.text
    return time.perf_counter() - started


def _opening(parsed: ParsedDocument, end: int) -> ParsedDocument:
    return replace(parsed, text=parsed.text[:end], articles=[ArticleSpan(0, None, 0, end)])
