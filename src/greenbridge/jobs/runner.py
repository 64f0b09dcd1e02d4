"""The job queue a server process runs while it serves: worker threads polling the store
(`job_queue = "threads"`, any store) or a procrastinate worker (`"procrastinate"`, PostgreSQL)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Protocol

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from greenbridge.jobs.workers import JobWorkers
from greenbridge.settings import Settings


class JobQueue(Protocol):
    async def submitted(self, job_id: int) -> object: ...


def server_analyser(settings: Settings):  # type: ignore[no-untyped-def]
    """Analysis for the server's workers: extraction in processes of its own unless none."""
    if settings.extract_processes:
        from greenbridge.jobs.extraction_process import shared_processes

        return shared_processes(settings.extract_processes).analyser()
    from greenbridge.pipeline import analyse_document

    return analyse_document


@contextlib.asynccontextmanager
async def running_queue(engine: Engine, settings: Settings) -> AsyncIterator[JobQueue | None]:
    """The process's queue, running until the block ends (then each worker finishes its
    file); None when `job_workers` is 0."""
    count, max_bytes = settings.job_workers, settings.max_document_bytes
    if count == 0:
        yield None
    elif settings.resolved_job_queue == "procrastinate":
        from greenbridge.jobs.queue import ProcrastinateQueue

        queue = ProcrastinateQueue(engine, analyse=server_analyser(settings), max_bytes=max_bytes,
                                   concurrency=count)  # fmt: skip
        async with queue.app.open_async():
            task = asyncio.create_task(queue.run())
            try:
                yield queue
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    else:
        workers = JobWorkers(engine, count, analyse=server_analyser(settings), max_bytes=max_bytes)
        await run_in_threadpool(workers.start)
        try:
            yield workers
        finally:
            await run_in_threadpool(workers.stop)
