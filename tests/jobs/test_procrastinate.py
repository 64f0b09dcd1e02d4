"""Job files run by procrastinate on a real PostgreSQL (skipped without one): deferred per
file, run through the jobs service, and a file left running by a stopped worker run again."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Engine, text, update

from greenbridge.jobs import create_job, get_account
from greenbridge.store.db import transaction
from greenbridge.store.models import JobFile
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs GREENBRIDGE_TEST_POSTGRES_URL")


@pytest.fixture
def pg_engine(engine: Engine) -> Engine:
    if engine.dialect.name != "postgresql":
        pytest.skip("procrastinate runs on PostgreSQL")
    return engine


def _drain(queue) -> None:  # type: ignore[no-untyped-def]
    async def work() -> None:
        async with queue.app.open_async():
            await queue.run(wait=False)

    asyncio.run(work())


def test_each_file_is_a_procrastinate_job_run_by_the_service(pg_engine: Engine) -> None:
    from greenbridge.jobs.queue import ProcrastinateQueue, ensure_queue_schema

    assert ensure_queue_schema(pg_engine) and not ensure_queue_schema(pg_engine)
    files = [("a.txt", b"Solar irrigation in Kenya.\n"), ("b.txt", b"Wind power in Chile.\n"),
             ("empty.txt", b"")]  # fmt: skip
    job_id = create_job(pg_engine, files, origin="api")
    queue = ProcrastinateQueue(pg_engine, concurrency=2)
    assert queue.submit(job_id) == 3
    with pg_engine.connect() as connection:
        waiting = connection.execute(text("SELECT count(*) FROM procrastinate_jobs")).scalar()
    assert waiting == 3
    _drain(queue)
    account = get_account(pg_engine, job_id)
    assert account is not None and account.state == "done"
    assert account.counts == {"added": 2, "failed": 1}
    assert "empty" in next(f.message for f in account.files if f.name == "empty.txt")


def test_a_file_left_running_is_run_again_by_its_retried_job(pg_engine: Engine) -> None:
    from greenbridge.jobs.queue import ProcrastinateQueue, ensure_queue_schema

    ensure_queue_schema(pg_engine)
    job_id = create_job(pg_engine, [("a.txt", b"Solar irrigation in Kenya.\n")], origin="web")
    queue = ProcrastinateQueue(pg_engine)
    queue.submit(job_id)
    with transaction(pg_engine) as session:  # a worker claimed it and was killed
        session.execute(update(JobFile).values(state="running", attempts=1))
    _drain(queue)
    account = get_account(pg_engine, job_id)
    assert account is not None and account.files[0].state == "added"
    assert account.files[0].attempts == 2
