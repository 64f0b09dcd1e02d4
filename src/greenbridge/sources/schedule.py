"""The poller of `greenbridge serve`: a thread that polls the sources that are due, on the
interval of the settings, and at once when a user asks for a source to be polled now."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

from greenbridge.sources.fetch import PoliteFetcher
from greenbridge.sources.service import poll_due

log = logging.getLogger(__name__)


class SourcePoller:
    """Polls due sources every `every_seconds` in a daemon thread until stopped."""

    def __init__(self, engine: Engine, *, every_seconds: float, request_interval: float) -> None:
        self.engine = engine
        self.every_seconds = every_seconds
        self.request_interval = request_interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="source-poller", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Look for due sources now instead of at the next interval."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.every_seconds)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                for account in poll_due(
                    self.engine, PoliteFetcher(min_interval=self.request_interval)
                ):
                    log.info("source %s polled: %s new", account.source_id, account.queued)
            except Exception:  # a poll must never end the poller
                log.exception("source poll failed")
