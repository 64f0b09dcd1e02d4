"""Extraction in processes of their own, at a lower CPU priority, for the job workers of a
`serve` process.

A worker thread that extracted in the server's process would hold its interpreter lock for the
seconds a long document takes, and every page and API answer would wait behind it. Here the
thread hands the document's text to a spawned process and waits (holding no lock); the process
runs at a lower priority, so that on a busy machine readers get the CPU first. Resolution and the
write stay in the worker thread, inside the document's transaction.

The processes start on the first document (model loading is theirs), are shared by every app of
the server process, and stop when it exits. A document whose extraction kills its process (out of
memory, a crash in a native library) fails alone with that reason; the next starts a new one."""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from greenbridge.ingest.document import ParsedDocument
from greenbridge.ingest.service import ResultWriter

if TYPE_CHECKING:
    from greenbridge.extract.model import Extraction

log = logging.getLogger(__name__)

NICENESS = 10  # how much lower than the server the extraction processes run

Extract = Callable[..., "Extraction"]


class ExtractionProcessError(RuntimeError):
    """The extraction process of a document stopped before it answered."""


def _lower_priority(niceness: int) -> None:
    """Initializer of each extraction process."""
    try:
        os.nice(niceness)
    except OSError:  # not permitted here: run at the server's priority
        log.warning("extraction process could not lower its priority")


def _extract_text(**arguments: Any) -> Extraction:
    from greenbridge.extract import extract_text

    return extract_text(**arguments)


class ExtractionProcesses:
    """`processes` spawned processes running extraction; `extract` a module-level function
    taking `extract_text`'s keyword arguments (replaceable in tests)."""

    def __init__(
        self, processes: int = 1, *, niceness: int = NICENESS, extract: Extract = _extract_text
    ) -> None:
        self.processes, self.niceness, self.extract = processes, niceness, extract
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_lower_priority,
                    initargs=(self.niceness,),
                )
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def run(self, **arguments: Any) -> Extraction:
        """`extract(**arguments)` in a process of the pool, waited for."""
        pool = self._executor()
        try:
            return pool.submit(self.extract, **arguments).result()
        except BrokenProcessPool as error:
            self._discard(pool)
            raise ExtractionProcessError(
                "the extraction process stopped on this document (out of memory or a crash); "
                "the document was not stored"
            ) from error

    def analyser(self) -> Callable[[Engine, ParsedDocument], ResultWriter]:
        """An `Analyser` for the jobs service that extracts in these processes."""
        from greenbridge.pipeline import analyse_document

        return partial(analyse_document, extract=self.run)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


_shared: dict[int, ExtractionProcesses] = {}
_shared_lock = threading.Lock()


def shared_processes(processes: int) -> ExtractionProcesses:
    """The server process's extraction processes (one set per size), closed at exit."""
    with _shared_lock:
        if processes not in _shared:
            _shared[processes] = ExtractionProcesses(processes)
            atexit.register(_shared[processes].close)
        return _shared[processes]
