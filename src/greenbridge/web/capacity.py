"""How many requests work on the store at once, and what a request gets when it waits too long.

Every request that reads or writes the store first takes a turn (at most
`GREENBRIDGE_DATABASE_POOL_SIZE` at a time per server process). Waiting for a turn happens on
the event loop without a thread or a connection, so a crowd of requests queues instead of
blocking the loop; all database work then runs in worker threads, and the thread pool is sized
so that every request holding a turn gets a thread at once. A request that waits longer than
`GREENBRIDGE_DATABASE_POOL_TIMEOUT` for its turn, for a pooled connection or for SQLite's write
lock is answered 503 with `Retry-After`, never left hanging.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar
from fastapi import HTTPException, Request
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

RETRY_AFTER_SECONDS = 2
SPARE_THREADS = 8  # for work that needs no turn: /health, static files, anonymous pages
BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")


class StoreBusy(HTTPException):
    def __init__(self) -> None:
        super().__init__(
            status_code=503,
            detail="The store is busy; try again in a moment.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )


class StoreTurns:
    """At most `size` requests of this process on the store at once (per event loop)."""

    def __init__(self, size: int, timeout: float) -> None:
        self.size = size
        self.timeout = timeout
        self._semaphore: RunVar[anyio.Semaphore] = RunVar(f"greenbridge_turns_{id(self)}")

    @property
    def threads(self) -> int:
        """Worker threads for a process: one per turn and some spare."""
        return self.size + SPARE_THREADS

    def _current(self) -> anyio.Semaphore:
        semaphore = self._semaphore.get(None)
        if semaphore is None:
            semaphore = anyio.Semaphore(self.size)
            self._semaphore.set(semaphore)
        return semaphore

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        semaphore = self._current()
        try:
            with anyio.fail_after(self.timeout):
                await semaphore.acquire()
        except TimeoutError:
            raise StoreBusy() from None
        try:
            yield
        finally:
            semaphore.release()

    def size_thread_pool(self) -> None:
        """Give the running event loop's thread pool `threads` workers."""
        anyio.to_thread.current_default_thread_limiter().total_tokens = self.threads


async def store_turn(request: Request) -> AsyncIterator[None]:
    """Dependency of every route on the store: the request's turn, held until it is done."""
    turns: StoreTurns = request.app.state.store_turns
    async with turns.turn():
        yield


def is_busy_error(exc: BaseException) -> bool:
    """A pool checkout that timed out, or SQLite's write lock not granted in time."""
    if isinstance(exc, PoolTimeoutError):
        return True
    return isinstance(exc, OperationalError) and any(
        message in str(exc.orig) for message in BUSY_MESSAGES
    )
