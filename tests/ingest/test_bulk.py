"""The dask engine leaves the store as the single-process ingest does (the exports compared)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from greenbridge.ingest.bulk import ingest_paths_distributed, open_client
from greenbridge.ingest.service import ingest_paths
from greenbridge.pipeline import analyse_document
from greenbridge.store.db import make_engine, make_sessionmaker, upgrade
from greenbridge.store.exchange import write_jsonl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "documents"
_TIMES = {"ingested_at", "created_at", "updated_at", "decided_at"}


def _store(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return engine


def _export(engine: Engine) -> list[dict[str, Any]]:
    out = io.StringIO()
    with make_sessionmaker(engine)() as session:
        write_jsonl(session, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return [{k: v for k, v in r.items() if k not in _TIMES} for r in records]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for source in sorted(EXAMPLES.iterdir())[:4]:
        shutil.copy(source, folder / source.name)
    shutil.copy(sorted(EXAMPLES.iterdir())[0], folder / "same_again.txt")  # a duplicate
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (folder / "notes.xyz").write_text("not a document type")
    return folder


def test_the_dask_engine_gives_the_same_store_as_one_process(folder: Path, tmp_path: Path) -> None:
    single, distributed = _store(tmp_path / "single.db"), _store(tmp_path / "dask.db")
    expected = ingest_paths(single, [folder], analyse=analyse_document)
    with open_client(None, workers=2) as client:
        results = ingest_paths_distributed(distributed, [folder], client=client, batch_size=2)
    assert [(r.path, r.status, r.message) for r in results] == [
        (r.path, r.status, r.message) for r in expected
    ]
    assert {r.status for r in results} == {"added", "duplicate", "failed", "skipped"}
    exported = _export(distributed)
    assert any(r["kind"] == "entity" for r in exported)
    assert exported == _export(single)
