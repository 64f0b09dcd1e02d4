"""Worker threads that run queued job files inside a process (the `serve` process, or
`greenbridge worker --follow`): each claims one file at a time through the jobs service."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

from greenbridge.ingest.service import Analyser
from greenbridge.jobs.service import claim_file, recover_interrupted, run_file
from greenbridge.settings import DEFAULT_MAX_DOCUMENT_BYTES

log = logging.getLogger(__name__)


class JobWorkers:
    """`count` threads running queued files until stopped. `wake()` (called when a job is
    queued in this process) starts them at once; otherwise they look again every
    `poll_seconds`, which picks up jobs queued by other processes."""

    def __init__(
        self,
        engine: Engine,
        count: int,
        *,
        analyse: Analyser | None = None,
        max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
        poll_seconds: float = 0.5,
    ) -> None:
        self.engine, self.count, self.analyse = engine, count, analyse
        self.max_bytes, self.poll_seconds = max_bytes, poll_seconds
        self._stop = threading.Event()
        self._work = threading.Condition()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Queue again what a stopped worker left running, then start the threads."""
        recovered = recover_interrupted(self.engine)
        if recovered:
            log.info("%s job files left running are queued again", recovered)
        for i in range(self.count):
            thread = threading.Thread(target=self._run, name=f"job-worker-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def wake(self) -> None:
        with self._work:
            self._work.notify_all()

    async def submitted(self, job_id: int) -> None:
        """A job was queued (or files of it again): start on it now."""
        self.wake()

    def stop(self, timeout: float = 30.0) -> None:
        """Let each thread finish the file it is on (or give up waiting after `timeout`)."""
        self._stop.set()
        self.wake()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                claimed = claim_file(self.engine)
            except Exception:  # the store was unreachable: try again at the next poll
                log.exception("claiming a job file failed")
                claimed = None
            if claimed is None:
                with self._work:
                    self._work.wait(self.poll_seconds)
                continue
            run_file(self.engine, claimed, analyse=self.analyse, max_bytes=self.max_bytes)
