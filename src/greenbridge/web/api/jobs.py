"""REST routes for ingest jobs: their progress and account per file, retry, cancel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from greenbridge.jobs import JobAccount, cancel_job, get_account, list_accounts, retry_failed
from greenbridge.web.deps import MAX_ID
from greenbridge.web.security import require_role

router = APIRouter(
    prefix="/api/jobs", tags=["jobs"], dependencies=[Depends(require_role("viewer"))]
)

JobId = Annotated[int, Path(ge=1, le=MAX_ID, description="The job's number.")]


class JobFileOut(BaseModel):
    position: int
    name: str
    state: str  # queued, running, added, unchanged, failed, cancelled
    message: str
    attempts: int
    document_id: int | None
    counts: dict[str, int] | None = Field(
        None, description="What its ingest found: entities, new entities, relations, for review."
    )
    unextracted: str | None = Field(None, description="Why it was stored without extraction.")


class JobOut(BaseModel):
    id: int
    origin: str
    state: str  # queued, running, done, cancelled
    done: int
    total: int
    counts: dict[str, int]
    unextracted: int = Field(description="Files stored without extraction.")
    files: list[JobFileOut]


class ChangedOut(BaseModel):
    job: JobOut
    changed: int


def job_out(account: JobAccount) -> JobOut:
    files = [JobFileOut(**vars(f)) for f in account.files]
    return JobOut(id=account.id, origin=account.origin, state=account.state, done=account.done,
                  total=len(files), counts=account.counts, unextracted=account.unextracted,
                  files=files)  # fmt: skip


def _found(request: Request, job_id: int) -> JobAccount:
    account = get_account(request.app.state.engine, job_id)
    if account is None:
        raise HTTPException(404, f"no job {job_id}")
    return account


@router.get("", summary="The latest ingest jobs, newest first")
def jobs(request: Request) -> list[JobOut]:
    return [job_out(a) for a in list_accounts(request.app.state.engine)]


@router.get("/{job_id}", summary="One job's account, file by file")
def job(request: Request, job_id: JobId) -> JobOut:
    return job_out(_found(request, job_id))


@router.post("/{job_id}/retry", summary="Queue a job's failed files again",
             dependencies=[Depends(require_role("editor"))])  # fmt: skip
async def retry(request: Request, job_id: JobId) -> ChangedOut:
    await run_in_threadpool(_found, request, job_id)
    changed = await run_in_threadpool(retry_failed, request.app.state.engine, job_id)
    if (queue := request.app.state.job_queue) is not None:
        await queue.submitted(job_id)
    return ChangedOut(job=job_out(_found(request, job_id)), changed=changed)


@router.post("/{job_id}/cancel", summary="Cancel a job's files not yet run",
             dependencies=[Depends(require_role("editor"))])  # fmt: skip
def cancel(request: Request, job_id: JobId) -> ChangedOut:
    _found(request, job_id)
    changed = cancel_job(request.app.state.engine, job_id)
    return ChangedOut(job=job_out(_found(request, job_id)), changed=changed)
