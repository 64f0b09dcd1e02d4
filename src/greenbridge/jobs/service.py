"""Jobs as the record of ingest progress: files queued with their bytes, each file run in a
transaction of its own, its state and reason written when it is done."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, select, update

from greenbridge.ingest.service import Analyser, ingest_bytes
from greenbridge.settings import DEFAULT_MAX_DOCUMENT_BYTES
from greenbridge.store.db import read_session, transaction
from greenbridge.store.models import IngestJob, JobFile

log = logging.getLogger(__name__)

DONE_STATES = ("added", "unchanged", "failed", "cancelled")
# what an ingest result's status is called in a job's account
ACCOUNT_STATE = {
    "added": "added",
    "duplicate": "unchanged",
    "failed": "failed",
    "skipped": "failed",
}


@dataclass
class FileAccount:
    position: int
    name: str
    state: str
    message: str
    attempts: int
    document_id: int | None


@dataclass
class JobAccount:
    """A job's state and, file by file, what happened."""

    id: int
    origin: str
    state: str
    files: list[FileAccount] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(f.state for f in self.files))

    @property
    def done(self) -> int:
        return sum(1 for f in self.files if f.state in DONE_STATES)


def create_job(engine: Engine, files: list[tuple[str, bytes]], *, origin: str) -> int:
    """Queue a job of `files` (name, bytes); the bytes are kept in the store until done."""
    with transaction(engine) as session:
        job = IngestJob(origin=origin, state="queued")
        job.files = [
            JobFile(position=i, name=name, state="queued", message="", attempts=0, data=data)
            for i, (name, data) in enumerate(files)
        ]
        session.add(job)
        session.flush()
        return job.id


def _next_file(engine: Engine, job_id: int) -> tuple[int, str, bytes] | None:
    """Claim the job's next queued file: it is marked running (and its attempt counted)."""
    with transaction(engine) as session:
        row = session.scalars(
            select(JobFile)
            .where(JobFile.job_id == job_id, JobFile.state.in_(("queued", "running")))
            .order_by(JobFile.position)
            .limit(1)
        ).first()
        if row is None:
            return None
        row.state, row.attempts = "running", row.attempts + 1
        session.get_one(IngestJob, job_id).state = "running"
        return row.id, row.name, row.data or b""


def _finish_file(engine: Engine, file_id: int, state: str, message: str, doc: int | None) -> None:
    with transaction(engine) as session:
        row = session.get_one(JobFile, file_id)
        if row.state == "cancelled":
            return
        row.state, row.message, row.document_id = state, message, doc
        if state != "failed":
            row.data = None  # a failed file keeps its bytes for a retry


def run_job(
    engine: Engine,
    job_id: int,
    *,
    analyse: Analyser | None = None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> JobAccount:
    """Run a job's queued files one by one; a file left running by a killed worker is run
    again (its document was never half-written: each file is one transaction)."""
    while (claimed := _next_file(engine, job_id)) is not None:
        file_id, name, data = claimed
        result = ingest_bytes(engine, data, name, analyse=analyse, max_bytes=max_bytes)
        state = ACCOUNT_STATE[result.status]
        log.info("job %s: %s %s %s", job_id, name, state, result.message)
        _finish_file(engine, file_id, state, result.message, result.document_id)
    with transaction(engine) as session:
        job = session.get_one(IngestJob, job_id)
        if job.state != "cancelled":
            job.state = "done"
    account = get_account(engine, job_id)
    assert account is not None
    return account


def retry_failed(engine: Engine, job_id: int) -> int:
    """Queue the job's failed files again; how many."""
    with transaction(engine) as session:
        result = session.execute(
            update(JobFile)
            .where(JobFile.job_id == job_id, JobFile.state == "failed", JobFile.data.is_not(None))
            .values(state="queued", message="")
        )
        changed = cast("CursorResult[Any]", result).rowcount
        if changed:
            session.get_one(IngestJob, job_id).state = "queued"
        return int(changed or 0)


def cancel_job(engine: Engine, job_id: int) -> int:
    """Cancel the job's files not yet done; how many."""
    with transaction(engine) as session:
        result = session.execute(
            update(JobFile)
            .where(JobFile.job_id == job_id, JobFile.state == "queued")
            .values(state="cancelled", message="cancelled before it ran", data=None)
        )
        changed = cast("CursorResult[Any]", result).rowcount
        session.get_one(IngestJob, job_id).state = "cancelled"
        return int(changed or 0)


def _account(job: IngestJob) -> JobAccount:
    files = [
        FileAccount(f.position, f.name, f.state, f.message, f.attempts, f.document_id)
        for f in job.files
    ]
    return JobAccount(job.id, job.origin, job.state, files)


def get_account(engine: Engine, job_id: int) -> JobAccount | None:
    with read_session(engine) as session:
        job = session.get(IngestJob, job_id)
        return _account(job) if job is not None else None


def list_accounts(engine: Engine, *, limit: int = 50) -> list[JobAccount]:
    with read_session(engine) as session:
        jobs = session.scalars(select(IngestJob).order_by(IngestJob.id.desc()).limit(limit))
        return [_account(job) for job in jobs]


def queued_job_ids(engine: Engine) -> list[int]:
    """Jobs with files still to run, oldest first (including files left running by a worker
    that was stopped)."""
    with read_session(engine) as session:
        rows = session.scalars(
            select(JobFile.job_id)
            .join(IngestJob)
            .where(JobFile.state.in_(("queued", "running")), IngestJob.state != "cancelled")
            .distinct()
            .order_by(JobFile.job_id)
        )
        return list(rows)
