"""`greenbridge jobs add|list|show|retry|cancel` and `greenbridge worker`: ingest as jobs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine

from greenbridge.cli.app import app
from greenbridge.cli.common import console, errors, open_store
from greenbridge.ingest.service import Analyser, expand_paths, is_supported
from greenbridge.jobs import (
    JobAccount,
    cancel_job,
    create_job,
    get_account,
    list_accounts,
    queued_job_ids,
    recover_interrupted,
    retry_failed,
    run_job,
)
from greenbridge.jobs.workers import JobWorkers
from greenbridge.settings import get_settings

jobs_app = typer.Typer(help="Ingest jobs: their progress, their account per file, retry, cancel.")
app.add_typer(jobs_app, name="jobs")

JobId = Annotated[int, typer.Argument(help="The job's number (see `greenbridge jobs list`).")]


def _summary(account: JobAccount, *, state: bool = False) -> str:
    counts = ", ".join(f"{n} {state}" for state, n in sorted(account.counts.items()))
    summary = f"{account.done}/{len(account.files)} done ({counts})"
    return f"{account.state}, {summary}" if state else summary


@jobs_app.command("add")
def add(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
) -> None:
    """Queue the files as one job; the server's workers or `greenbridge worker` run it."""
    queue_paths(paths)


def queue_paths(paths: list[Path]) -> None:
    """Read the files (and supported files of folders) into one queued job; print its number."""
    files = []
    for path, in_folder in expand_paths(paths):
        if in_folder and not is_supported(path):
            continue
        try:
            files.append((str(path), path.read_bytes()))
        except OSError as exc:
            errors.print(f"{path}: cannot be read ({exc.strerror})")
            raise typer.Exit(1) from exc
    engine = open_store()
    job_id = create_job(engine, files, origin="cli")
    _submit(engine, job_id)
    console.print(f"job {job_id}: {len(files)} files queued")


@jobs_app.command("list")
def list_jobs() -> None:
    """The latest jobs, newest first."""
    table = Table("job", "origin", "state", "files")
    for account in list_accounts(open_store()):
        table.add_row(str(account.id), account.origin, account.state, _summary(account))
    console.print(table)


@jobs_app.command("show")
def show(job_id: JobId) -> None:
    """A job's account, file by file, with the reason of each failure."""
    account = _account_or_exit(job_id)
    console.print(f"job {account.id} ({account.origin}): {account.state}, {_summary(account)}")
    table = Table("#")
    table.add_column("file", overflow="fold")
    for column in ("state", "attempts", "document", "reason"):
        table.add_column(column)
    for f in account.files:
        doc = str(f.document_id) if f.document_id else ""
        table.add_row(str(f.position + 1), f.name, f.state, str(f.attempts), doc, f.message)
    console.print(table)


@jobs_app.command("retry")
def retry(job_id: JobId) -> None:
    """Queue a job's failed files again."""
    _account_or_exit(job_id)
    engine = open_store()
    changed = retry_failed(engine, job_id)
    _submit(engine, job_id)
    console.print(f"job {job_id}: {changed} failed files queued again")


@jobs_app.command("cancel")
def cancel(job_id: JobId) -> None:
    """Cancel the files of a job that have not run yet."""
    _account_or_exit(job_id)
    console.print(f"job {job_id}: {cancel_job(open_store(), job_id)} files cancelled")


def _account_or_exit(job_id: int) -> JobAccount:
    account = get_account(open_store(), job_id)
    if account is None:
        errors.print(f"no job {job_id}")
        raise typer.Exit(1)
    return account


@app.command()
def worker(
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Extract and resolve each document.")
    ] = True,
    follow: Annotated[
        bool, typer.Option("--follow", help="Keep running jobs as they come until Ctrl-C.")
    ] = False,
    threads: Annotated[
        int, typer.Option(min=0, max=64, help="Worker threads with --follow (0: the setting).")
    ] = 0,
) -> None:
    """Run the queued jobs (and files left running by a stopped worker), then stop; with
    `--follow`, keep running jobs as they are queued until interrupted."""
    engine = open_store()
    analyse = _analyser() if extract else None
    settings = get_settings()
    max_bytes = settings.max_document_bytes
    count = threads or settings.job_workers or 1
    if settings.resolved_job_queue == "procrastinate":
        job_ids = queued_job_ids(engine)
        _run_procrastinate(engine, count, analyse, max_bytes, follow=follow)
        for job_id in job_ids:
            console.print(f"job {job_id}: {_summary(_account_or_exit(job_id), state=True)}")
        return
    if follow:
        _follow(engine, count, analyse, max_bytes)
        return
    recover_interrupted(engine)
    for job_id in queued_job_ids(engine):
        account = run_job(engine, job_id, analyse=analyse, max_bytes=max_bytes)
        console.print(f"job {job_id}: {account.state}, {_summary(account)}")


def _follow(engine: Engine, threads: int, analyse: Analyser | None, max_bytes: int) -> None:
    workers = JobWorkers(engine, threads, analyse=analyse, max_bytes=max_bytes)
    workers.start()
    console.print(f"{threads} worker thread(s) running queued jobs; Ctrl-C stops them")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        console.print("stopping: each thread finishes its file")
    finally:
        workers.stop()


def _queue(engine: Engine, count: int, analyse: Analyser | None, max_bytes: int):  # type: ignore[no-untyped-def]
    from greenbridge.jobs.queue import ProcrastinateQueue, ensure_queue_schema

    ensure_queue_schema(engine)
    return ProcrastinateQueue(engine, analyse=analyse, max_bytes=max_bytes, concurrency=count)


def _submit(engine: Engine, job_id: int) -> None:
    """With procrastinate, defer the job's queued files (threads find them in the store)."""
    if get_settings().resolved_job_queue == "procrastinate":
        _queue(engine, 1, None, 0).submit(job_id)


def _run_procrastinate(
    engine: Engine, count: int, analyse: Analyser | None, max_bytes: int, *, follow: bool
) -> None:
    import asyncio

    queue = _queue(engine, count, analyse, max_bytes)

    async def work() -> None:
        async with queue.app.open_async():
            await queue.run(wait=follow)

    console.print(f"procrastinate worker ({count} at once) running queued job files")
    try:
        asyncio.run(work())
    except KeyboardInterrupt:
        console.print("stopped")


def _analyser():  # type: ignore[no-untyped-def]
    from greenbridge.pipeline import analyse_document

    return analyse_document
