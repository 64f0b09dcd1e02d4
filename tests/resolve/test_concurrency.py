"""Two processes ingesting the same names at once create one entity per name."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import Engine, func, select

from greenbridge.store.db import make_sessionmaker
from greenbridge.store.models import Document, Entity
from tests.resolve.concurrent_worker import NAMES, ingest


def test_two_ingest_processes_create_no_duplicate_entity(engine: Engine, database_url: str) -> None:
    # fork: the children start with the modules already imported (spaCy takes seconds)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=ingest, args=(database_url, worker, barrier)) for worker in (1, 2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    with make_sessionmaker(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 12
        counts = dict(
            session.execute(select(Entity.name, func.count()).group_by(Entity.name)).all()
        )
    assert counts == {**dict.fromkeys(NAMES, 1), "Ada Quist": 1}
