"""Job files run by procrastinate on PostgreSQL: one procrastinate job per job file, deferred
when the file is queued; its body claims the file and runs it through the jobs service.

Procrastinate keeps its own tables (`procrastinate_jobs`, …) next to the store's; its workers
send heartbeats, and a job whose worker stopped is retried when a worker starts again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from sqlalchemy import Engine, select

from greenbridge.ingest.service import Analyser
from greenbridge.jobs.service import claim_file, run_file
from greenbridge.settings import DEFAULT_MAX_DOCUMENT_BYTES
from greenbridge.store.db import read_session, table_names
from greenbridge.store.models import JobFile

log = logging.getLogger(__name__)

TASK = "greenbridge.ingest_job_file"
QUEUE = "ingest"
LOCK = "greenbridge-job-file-"


def ensure_queue_schema(engine: Engine) -> bool:
    """Create procrastinate's tables in the store's schema unless they exist; whether it did."""
    from procrastinate.schema import SchemaManager

    if "procrastinate_jobs" in table_names(engine):
        return False
    with engine.begin() as connection:
        connection.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))
    return True


def conninfo(engine: Engine) -> str:
    """The libpq address of the engine's database (search_path options included)."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class ProcrastinateQueue:
    """A procrastinate app on the store's database with the task that runs one job file."""

    def __init__(
        self,
        engine: Engine,
        *,
        analyse: Analyser | None = None,
        max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
        concurrency: int = 1,
    ) -> None:
        import procrastinate

        self.engine, self.analyse, self.max_bytes = engine, analyse, max_bytes
        self.concurrency = concurrency
        connector = procrastinate.PsycopgConnector(conninfo=conninfo(engine))
        self.app = procrastinate.App(connector=connector)
        self.app.task(name=TASK, queue=QUEUE)(self.run_job_file)

    def run_job_file(self, file_id: int) -> str | None:
        """The task's body: claim the file (queued, or left running by a stopped worker whose
        procrastinate job is retried) and run it; None when it is no longer to run."""
        claimed = claim_file(self.engine, file_id=file_id)
        if claimed is None:
            return None
        return run_file(self.engine, claimed, analyse=self.analyse, max_bytes=self.max_bytes)

    def _queued_files(self, job_id: int | None) -> list[int]:
        query = select(JobFile.id).where(JobFile.state == "queued")
        if job_id is not None:
            query = query.where(JobFile.job_id == job_id)
        with read_session(self.engine) as session:
            return list(session.scalars(query.order_by(JobFile.job_id, JobFile.position)))

    def _jobs(self, file_ids: list[int]) -> list[Any]:
        """One procrastinate job per file; its queueing lock keeps a file from waiting twice."""
        deferrer = self.app.configure_task(TASK)
        return [deferrer.make_new_job(file_id=i).evolve(queueing_lock=f"{LOCK}{i}")
                for i in file_ids]  # fmt: skip

    async def _defer(self, file_ids: list[int]) -> int:
        from procrastinate.exceptions import AlreadyEnqueued

        manager = self.app.job_manager
        try:
            await manager.batch_defer_jobs_async(self._jobs(file_ids))
            return len(file_ids)
        except AlreadyEnqueued:  # some wait already: one by one, leaving those out
            deferred = 0
            for job in self._jobs(file_ids):
                with contextlib.suppress(AlreadyEnqueued):
                    await manager.defer_job_async(job)
                    deferred += 1
            return deferred

    async def submitted(self, job_id: int | None) -> int:
        """Defer a procrastinate job for each queued file of the job (of every job: None) that
        has none waiting (the app is open); how many."""
        from starlette.concurrency import run_in_threadpool

        file_ids = await run_in_threadpool(self._queued_files, job_id)
        return await self._defer(file_ids) if file_ids else 0

    def submit(self, job_id: int) -> int:
        """`submitted` from synchronous code (the CLI)."""

        async def defer() -> int:
            async with self.app.open_async():
                return await self.submitted(job_id)

        return asyncio.run(defer())

    async def run(self, *, wait: bool = True) -> None:
        """Retry the jobs of stopped workers, defer the files queued while no queue ran (a
        server without workers, a restart), then work (until cancelled when `wait`)."""
        manager = self.app.job_manager
        await self.submitted(None)
        for job in await manager.get_stalled_jobs():
            log.info("retrying procrastinate job %s left by a stopped worker", job.id)
            await manager.retry_job(job)
        await self.app.run_worker_async(
            queues=[QUEUE], concurrency=self.concurrency, wait=wait,
            install_signal_handlers=False, delete_jobs="successful",
        )  # fmt: skip
