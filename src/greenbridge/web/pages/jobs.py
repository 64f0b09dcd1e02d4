"""HTML pages for ingest jobs (backed by /api/jobs): the list, one job's progress file by
file, and the editor's retry and cancel buttons."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from greenbridge.jobs import cancel_job, get_account, list_accounts, retry_failed
from greenbridge.web.deps import Editor, PathId, render
from greenbridge.web.i18n import gettext_for
from greenbridge.web.security import flash, require_role

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_role("viewer"))])


@router.get("/jobs", response_class=HTMLResponse)
def job_list(request: Request) -> Response:
    return render(request, "jobs.html", {"jobs": list_accounts(request.app.state.engine)})


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(job_id: PathId, request: Request) -> Response:
    account = get_account(request.app.state.engine, job_id)
    if account is None:
        raise HTTPException(status_code=404, detail=f"There is no job {job_id}.")
    return render(request, "job.html", {"job": account})


@router.post("/jobs/{job_id}/retry")
async def retry(job_id: PathId, request: Request, user: Editor) -> Response:
    found = await run_in_threadpool(_found, request, job_id)
    changed = await run_in_threadpool(retry_failed, request.app.state.engine, found)
    if (queue := request.app.state.job_queue) is not None:
        await queue.submitted(job_id)
    flash(request, gettext_for(request)("%(n)s failed file(s) queued again.") % {"n": changed})
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.post("/jobs/{job_id}/cancel")
def cancel(job_id: PathId, request: Request, user: Editor) -> Response:
    changed = cancel_job(request.app.state.engine, _found(request, job_id))
    flash(
        request, gettext_for(request)("%(n)s file(s) cancelled before they ran.") % {"n": changed}
    )
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


def _found(request: Request, job_id: int) -> int:
    if get_account(request.app.state.engine, job_id) is None:
        raise HTTPException(status_code=404, detail=f"There is no job {job_id}.")
    return job_id
