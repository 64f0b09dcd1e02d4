"""A worker process for tests: runs queued job files with an analysis that stops forever
once it starts (after printing `analysing`), so the test can kill it mid-file.

    python -m tests.jobs.killed_worker DATABASE_URL
"""

from __future__ import annotations

import sys
import time

from sqlalchemy import Engine

from greenbridge.ingest.document import ParsedDocument
from greenbridge.ingest.service import ResultWriter
from greenbridge.jobs.workers import JobWorkers
from greenbridge.store.db import make_engine


def _hang(_engine: Engine, _parsed: ParsedDocument) -> ResultWriter:
    print("analysing", flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    workers = JobWorkers(make_engine(sys.argv[1]), 1, analyse=_hang, poll_seconds=0.05)
    workers.start()
    while True:
        time.sleep(1)
