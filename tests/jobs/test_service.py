"""Jobs on both stores: per-file account, bad inputs failed with a reason, retry, cancel, and
a file left running by a killed worker run again without anything half-written."""

from __future__ import annotations

from sqlalchemy import Engine, func, select, update

from greenbridge.jobs import (
    cancel_job,
    create_job,
    get_account,
    list_accounts,
    recover_interrupted,
    retry_failed,
    run_job,
)
from greenbridge.store.db import read_session, transaction
from greenbridge.store.models import Document, JobFile

TEXT = b"The alliance met in Nairobi in May 2024 to discuss solar irrigation.\n"


def _documents(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(Document)) or 0


def test_job_accounts_for_every_file_and_bad_input_fails_alone(engine: Engine) -> None:
    files = [
        ("good.txt", TEXT),
        ("again.txt", TEXT),  # same bytes: unchanged
        ("empty.txt", b""),
        ("binary.txt", b"\x00\x01\x02" * 100),
        ("broken.pdf", b"%PDF-1.4 not really"),
        ("large.txt", b"a" * 5000),
        ("other.md", b"# Notes\n\nA second document about wind power in Kenya.\n"),
    ]
    job_id = create_job(engine, files, origin="cli")
    assert get_account(engine, job_id).state == "queued"  # type: ignore[union-attr]
    account = run_job(engine, job_id, max_bytes=4000)
    states = {f.name: f.state for f in account.files}
    assert states["good.txt"] == "added" and states["other.md"] == "added"
    assert states["again.txt"] == "unchanged"
    for bad in ("empty.txt", "binary.txt", "broken.pdf", "large.txt"):
        assert states[bad] == "failed", bad
    reasons = {f.name: f.message for f in account.files}
    assert all(reasons[bad] for bad in ("empty.txt", "binary.txt", "broken.pdf", "large.txt"))
    assert "over the" in reasons["large.txt"]
    assert account.state == "done" and account.done == len(files)
    assert account.counts == {"added": 2, "unchanged": 1, "failed": 4}
    assert _documents(engine) == 2


def test_retry_requeues_failed_files_with_their_bytes(engine: Engine) -> None:
    job_id = create_job(engine, [("a.txt", TEXT), ("big.txt", b"b" * 5000)], origin="api")
    first = run_job(engine, job_id, max_bytes=4000)
    assert first.counts == {"added": 1, "failed": 1}
    assert retry_failed(engine, job_id) == 1
    again = run_job(engine, job_id, max_bytes=10_000)  # the limit was raised: it goes in now
    big = next(f for f in again.files if f.name == "big.txt")
    assert big.state == "added" and big.attempts == 2
    assert _documents(engine) == 2
    with read_session(engine) as session:  # bytes are dropped once a file is done
        assert session.scalars(select(JobFile.data).where(JobFile.job_id == job_id)).all() == [
            None,
            None,
        ]


def test_cancel_leaves_queued_files_unrun(engine: Engine) -> None:
    job_id = create_job(engine, [("a.txt", TEXT), ("b.txt", TEXT + b"more")], origin="web")
    assert cancel_job(engine, job_id) == 2
    account = run_job(engine, job_id)
    assert account.state == "cancelled"
    assert {f.state for f in account.files} == {"cancelled"}
    assert _documents(engine) == 0


def test_file_left_running_by_a_killed_worker_is_run_again(engine: Engine) -> None:
    job_id = create_job(engine, [("a.txt", TEXT)], origin="cli")
    with transaction(engine) as session:  # a worker claimed it and died before its commit
        session.execute(update(JobFile).values(state="running", attempts=1))
    assert _documents(engine) == 0
    assert run_job(engine, job_id).files[0].state == "running"  # no other worker takes it
    assert recover_interrupted(engine) == 1  # what starting workers do first
    account = run_job(engine, job_id)
    assert account.files[0].state == "added" and account.files[0].attempts == 2
    assert _documents(engine) == 1
    assert [a.id for a in list_accounts(engine)] == [job_id]
