"""Sign-in throttling: after a few failures in a window, a user name or a client address is
refused for a back-off period, whatever password comes next.

Counted per user name (guessing one account's password from many addresses) and per address
(trying many accounts from one). The state lives in the server process, behind a lock, and
holds at most `max_keys` names and addresses (the least recently failed go first)."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

MAX_FAILURES = 5
WINDOW_SECONDS = 300.0
BACKOFF_SECONDS = 300.0
MAX_KEYS = 10_000


@dataclass
class _Failures:
    times: deque[float]
    blocked_until: float = 0.0


@dataclass
class SignInThrottle:
    """Failures per key (`user:NAME`, `address:IP`) within `window` seconds; `max_failures` of
    them block the key for `backoff` seconds from the last one."""

    max_failures: int = MAX_FAILURES
    window: float = WINDOW_SECONDS
    backoff: float = BACKOFF_SECONDS
    max_keys: int = MAX_KEYS
    clock: Callable[[], float] = time.monotonic
    _keys: OrderedDict[str, _Failures] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def retry_after(self, username: str, address: str | None) -> int | None:
        """Whole seconds until a sign-in as `username` from `address` may be tried, or None
        when it may be tried now."""
        now = self.clock()
        with self._lock:
            waits = [
                entry.blocked_until - now
                for key in _keys_of(username, address)
                if (entry := self._keys.get(key)) is not None and entry.blocked_until > now
            ]
        return math.ceil(max(waits)) if waits else None

    def failed(self, username: str, address: str | None) -> None:
        """Count a failed sign-in (logged, without the password)."""
        now = self.clock()
        blocked = []
        with self._lock:
            for key in _keys_of(username, address):
                entry = self._keys.pop(key, None) or _Failures(deque(maxlen=self.max_failures))
                while entry.times and entry.times[0] <= now - self.window:
                    entry.times.popleft()
                entry.times.append(now)
                if len(entry.times) >= self.max_failures:
                    entry.blocked_until = now + self.backoff
                    entry.times.clear()
                    blocked.append(key)
                self._keys[key] = entry  # most recent last
            while len(self._keys) > self.max_keys:
                self._keys.popitem(last=False)
        log.warning("sign-in failed for user %r from %s", username, address or "unknown address")
        for key in blocked:
            log.warning("sign-in blocked for %.0f s for %s", self.backoff, key)

    def succeeded(self, username: str) -> None:
        """Forget the user name's failures (the address keeps its count: one account of its
        own must not let an address go on guessing others)."""
        with self._lock:
            entry = self._keys.get(_user_key(username))
            if entry is not None and entry.blocked_until <= self.clock():
                del self._keys[_user_key(username)]


def _user_key(username: str) -> str:
    return f"user:{username.strip().casefold()[:100]}"


def _keys_of(username: str, address: str | None) -> list[str]:
    keys = [_user_key(username)]
    if address:
        keys.append(f"address:{address[:64]}")
    return keys
