"""Extraction in processes of their own for the server's job workers: the same graph as
extraction in the worker thread, a lower priority, and a document that kills its process
failing alone while the next one is extracted."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from greenbridge.jobs import create_job, get_account
from greenbridge.jobs.extraction_process import ExtractionProcesses
from greenbridge.jobs.workers import JobWorkers
from greenbridge.pipeline import analyse_document
from greenbridge.store.db import make_engine, read_session, upgrade
from greenbridge.store.models import Entity

TEXT = (
    b"Solar pumps in Kenya\n\nThe Kenya Agricultural Research Institute deployed solar water "
    b"pumps in Kenya with the support of the International Water Management Institute.\n"
)


def niceness(**_: Any) -> int:
    """Run in the extraction process: its priority."""
    return os.nice(0)


def die_on_poison(**arguments: Any) -> Any:
    """Run in the extraction process: kill it on a poisoned text, extract the others."""
    if "POISON" in arguments["text"]:
        os._exit(9)
    from greenbridge.extract import extract_text

    return extract_text(**arguments)


def _run(engine: Engine, files: list[tuple[str, bytes]], analyse: Any) -> int:
    workers = JobWorkers(engine, 1, analyse=analyse, poll_seconds=0.05)
    workers.start()
    try:
        job_id = create_job(engine, files, origin="web")
        workers.wake()
        deadline = time.monotonic() + 180
        while get_account(engine, job_id).state != "done":  # type: ignore[union-attr]
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        workers.stop()
    return job_id


def _names(engine: Engine) -> set[tuple[str, str]]:
    with read_session(engine) as session:
        return {(e.type, e.name) for e in session.scalars(select(Entity))}


def test_extraction_processes_run_at_a_lower_priority() -> None:
    processes = ExtractionProcesses(1, niceness=5, extract=niceness)
    try:
        assert processes.run(text="") == os.nice(0) + 5
    finally:
        processes.close()


def test_extraction_in_a_process_links_what_the_thread_links(
    engine: Engine, tmp_path: Path
) -> None:
    other_engine = make_engine(f"sqlite:///{tmp_path / 'threads.db'}")
    upgrade(other_engine)
    processes = ExtractionProcesses(1)
    try:
        _run(engine, [("pumps.txt", TEXT)], processes.analyser())
    finally:
        processes.close()
    _run(other_engine, [("pumps.txt", TEXT)], analyse_document)
    assert _names(engine) == _names(other_engine)
    assert ("organization", "Kenya Agricultural Research Institute") in _names(engine)


def test_a_document_that_kills_its_process_fails_alone(engine: Engine) -> None:
    processes = ExtractionProcesses(1, extract=die_on_poison)
    files = [("poison.txt", b"POISON in the text.\n"), ("pumps.txt", TEXT)]
    try:
        account = get_account(engine, _run(engine, files, processes.analyser()))
    finally:
        processes.close()
    assert account is not None
    by_name = {f.name: f for f in account.files}
    assert by_name["poison.txt"].state == "failed"
    assert "extraction process stopped" in by_name["poison.txt"].message
    assert by_name["pumps.txt"].state == "added"
    assert ("organization", "Kenya Agricultural Research Institute") in _names(engine)
