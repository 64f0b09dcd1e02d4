"""Worker threads of a process on both stores: every file run exactly once however many
threads claim, and a file left running by a killed process run again when workers start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import Engine, select, update

import greenbridge
from greenbridge.jobs import create_job, get_account
from greenbridge.jobs.workers import JobWorkers
from greenbridge.settings import normalize_database_url
from greenbridge.store.db import read_session, transaction, upgrade
from greenbridge.store.models import Document, JobFile
from tests.conftest import REPO

SRC = str(os.path.dirname(os.path.dirname(greenbridge.__file__)))


def _files(n: int) -> list[tuple[str, bytes]]:
    return [(f"f{i}.txt", f"Note {i} on solar irrigation in Kenya.\n".encode()) for i in range(n)]


def _wait_done(engine: Engine, job_id: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while get_account(engine, job_id).state != "done":  # type: ignore[union-attr]
        assert time.monotonic() < deadline, get_account(engine, job_id)
        time.sleep(0.05)


def test_threads_run_each_file_once(engine: Engine) -> None:
    workers = JobWorkers(engine, 3, poll_seconds=0.05)
    workers.start()
    try:
        first = create_job(engine, _files(12), origin="web")
        workers.wake()
        second = create_job(engine, [("late.txt", b"Late note.\n")], origin="cli")
        _wait_done(engine, first)
        _wait_done(engine, second)  # found by polling: no wake for it
    finally:
        workers.stop()
    account = get_account(engine, first)
    assert account is not None and account.counts == {"added": 12}
    assert {f.attempts for f in account.files} == {1}
    assert get_account(engine, second).counts == {"added": 1}  # type: ignore[union-attr]
    assert not any(t.is_alive() for t in workers._threads)


def test_starting_workers_rerun_a_file_a_killed_process_left_running(engine: Engine) -> None:
    job_id = create_job(engine, _files(2), origin="web")
    with transaction(engine) as session:  # claimed by a process that died before its commit
        session.execute(update(JobFile).where(JobFile.position == 0).values(state="running",
                                                                            attempts=1))  # fmt: skip
    workers = JobWorkers(engine, 1, poll_seconds=0.05)
    workers.start()
    try:
        _wait_done(engine, job_id)
    finally:
        workers.stop()
    account = get_account(engine, job_id)
    assert account is not None and account.counts == {"added": 2}
    assert [f.attempts for f in account.files] == [2, 1]


def test_a_worker_killed_mid_file_leaves_nothing_and_the_file_runs_again(
    database_url: str, engine: Engine
) -> None:
    upgrade(engine)
    job_id = create_job(engine, _files(1), origin="web")
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.jobs.killed_worker", normalize_database_url(database_url)],
        stdout=subprocess.PIPE, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": SRC},
    )  # fmt: skip
    try:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "analysing"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    account = get_account(engine, job_id)
    assert account is not None and account.files[0].state == "running"
    with read_session(engine) as session:
        assert session.scalars(select(Document)).all() == []  # nothing half-written
    workers = JobWorkers(engine, 1, poll_seconds=0.05)  # the next start runs it again
    workers.start()
    try:
        _wait_done(engine, job_id)
    finally:
        workers.stop()
    account = get_account(engine, job_id)
    assert account is not None and account.files[0].state == "added"
    assert account.files[0].attempts == 2
