"""Jobs as the record of ingest progress: files queued with their bytes, each file run in a
transaction of its own, its state and reason written when it is done."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, func, select, update
from sqlalchemy.orm import Session

from greenbridge.ingest.service import Analyser, IngestResult, ingest_bytes
from greenbridge.pipeline import extraction_note
from greenbridge.settings import DEFAULT_MAX_DOCUMENT_BYTES
from greenbridge.store.db import read_session, transaction
from greenbridge.store.limits import MAX_SOURCE_CHARS, InvalidInput, check_source
from greenbridge.store.models import Document, IngestJob, JobFile

log = logging.getLogger(__name__)

DONE_STATES = ("added", "unchanged", "failed", "cancelled")
RUNNABLE = ("queued", "running")
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
    counts: dict[str, int] | None = None
    unextracted: str | None = None


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

    @property
    def unextracted(self) -> int:
        """Files stored without extraction (each says why)."""
        return sum(1 for f in self.files if f.unextracted)


def _refusal(name: str) -> tuple[str, str] | None:
    """A name that cannot be a document's source, cut to fit the job's record, and why."""
    try:
        check_source(name)
    except InvalidInput as exc:
        return name.replace("\x00", "")[: MAX_SOURCE_CHARS - 1] + "…", str(exc)
    return None


def create_job(
    engine: Engine,
    files: list[tuple[str, bytes]],
    *,
    origin: str,
    refused: Sequence[tuple[int, str, str]] = (),
) -> int:
    """Queue a job of `files` (name, bytes); the bytes are kept in the store until done.
    `refused` are files turned away before they were read in full (position, name, reason):
    they are failed files of the job from the start, placed among the others by position, as
    are files whose name cannot be stored."""
    taken = {position for position, _, _ in refused}
    positions = (p for p in range(len(files) + len(refused)) if p not in taken)
    rows = []
    for position, (name, data) in zip(positions, files, strict=False):
        if (refusal := _refusal(name)) is not None:
            rows.append(JobFile(position=position, name=refusal[0], state="failed",
                                message=refusal[1], attempts=0))  # fmt: skip
        else:
            rows.append(JobFile(position=position, name=name, state="queued", message="",
                                attempts=0, data=data))  # fmt: skip
    rows += [JobFile(position=p, name=name, state="failed", message=reason, attempts=0)
             for p, name, reason in refused]  # fmt: skip
    with transaction(engine) as session:
        queued = any(row.state == "queued" for row in rows)
        job = IngestJob(origin=origin, state="queued" if queued else "done", files=rows)
        session.add(job)
        session.flush()
        return job.id


@dataclass(frozen=True)
class ClaimedFile:
    id: int
    job_id: int
    name: str
    data: bytes


def claim_file(
    engine: Engine, *, job_id: int | None = None, file_id: int | None = None
) -> ClaimedFile | None:
    """Claim the oldest queued file (of `job_id`, or of any job not cancelled): it is marked
    running and its attempt counted. On PostgreSQL a file another worker is claiming is skipped
    (`FOR UPDATE SKIP LOCKED`); on SQLite the write lock makes claims one at a time. With
    `file_id` (a queue that hands each file to one worker), that file, even if left running."""
    query = select(JobFile).where(JobFile.state == "queued")
    if file_id is not None:
        query = select(JobFile).where(JobFile.id == file_id, JobFile.state.in_(RUNNABLE))
    if job_id is not None:
        query = query.where(JobFile.job_id == job_id)
    live = select(IngestJob.id).where(IngestJob.state != "cancelled")
    query = query.where(JobFile.job_id.in_(live)).order_by(JobFile.job_id, JobFile.position)
    with transaction(engine) as session:
        row = session.scalars(query.limit(1).with_for_update(skip_locked=True)).first()
        if row is None:
            return None
        row.state, row.attempts = "running", row.attempts + 1
        job = session.get_one(IngestJob, row.job_id)
        if job.state == "queued":
            job.state = "running"
        return ClaimedFile(row.id, row.job_id, row.name, row.data or b"")


def _unextracted(session: Session, document_id: int | None, analysed: bool) -> str | None:
    """Why an added document was stored without extraction, or None."""
    if not analysed:
        return "extraction was turned off for this ingest"
    document = session.get(Document, document_id) if document_id else None
    return extraction_note(document.language) if document is not None else None


def _finish_file(
    engine: Engine, claimed: ClaimedFile, result: IngestResult, *, analysed: bool
) -> str:
    state = ACCOUNT_STATE[result.status]
    with transaction(engine) as session:
        row = session.get_one(JobFile, claimed.id)
        if row.state == "cancelled":
            return row.state
        row.state, row.message, row.document_id = state, result.message, result.document_id
        row.counts = result.counts
        if state == "added":
            row.unextracted = _unextracted(session, result.document_id, analysed)
        if state != "failed":
            row.data = None  # a failed file keeps its bytes for a retry
        _close_job_if_done(session, claimed.job_id)
    return state


def _close_job_if_done(session: Session, job_id: int) -> None:
    """Mark the job done when no file is left to run. The job's row is locked first, so of
    two workers finishing its last files at once the later one sees the other's commit."""
    job = session.get_one(IngestJob, job_id, with_for_update=True)
    left = session.scalar(
        select(func.count())
        .select_from(JobFile)
        .where(JobFile.job_id == job_id, JobFile.state.in_(("queued", "running")))
    )
    if not left and job.state != "cancelled":
        job.state = "done"


def run_file(
    engine: Engine,
    claimed: ClaimedFile,
    *,
    analyse: Analyser | None = None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> str:
    """Ingest one claimed file and write its account (the job is done with its last file);
    the file's document and its account are written in one transaction each, never half."""
    result = ingest_bytes(engine, claimed.data, claimed.name, analyse=analyse, max_bytes=max_bytes)
    state = _finish_file(engine, claimed, result, analysed=analyse is not None)
    log.info("job %s: %s %s %s", claimed.job_id, claimed.name, state, result.message)
    return state


def run_job(
    engine: Engine,
    job_id: int,
    *,
    analyse: Analyser | None = None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> JobAccount:
    """Run a job's queued files one by one (workers may be running others of them)."""
    while (claimed := claim_file(engine, job_id=job_id)) is not None:
        run_file(engine, claimed, analyse=analyse, max_bytes=max_bytes)
    with transaction(engine) as session:
        _close_job_if_done(session, job_id)
    account = get_account(engine, job_id)
    assert account is not None
    return account


def recover_interrupted(engine: Engine) -> int:
    """Queue again the files left running by a worker that was stopped or killed (nothing of
    them was written: a file's document is one transaction); how many. Run when workers start."""
    with transaction(engine) as session:
        result = session.execute(
            update(JobFile).where(JobFile.state == "running").values(state="queued")
        )
        return int(cast("CursorResult[Any]", result).rowcount or 0)


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
    fields = ("position", "name", "state", "message", "attempts", "document_id", "counts")
    files = [
        FileAccount(**{name: getattr(f, name) for name in fields}, unextracted=f.unextracted)
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
