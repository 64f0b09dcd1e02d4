"""Fetching from member institutions' sites politely: robots.txt respected, one request per
host at a time with a pause between them, bounded size, time and redirects."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

log = logging.getLogger(__name__)

USER_AGENT = "greenbridge-source-poller/0.1 (+document ingest of a cooperation alliance)"


class FetchError(Exception):
    """An address that could not be fetched, with the reason in words."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes


@dataclass
class PoliteFetcher:
    """GETs that wait `min_interval` seconds between two requests to one host and ask each
    host's robots.txt first (unreachable robots.txt: nothing is fetched from that host)."""

    min_interval: float = 1.0
    timeout: float = 20.0
    max_bytes: int = 50 * 1024 * 1024
    client: httpx.Client = field(
        default_factory=lambda: httpx.Client(
            follow_redirects=True, max_redirects=5, headers={"User-Agent": USER_AGENT}
        )
    )
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets greenbridge fetch `url`."""
        robots = self._robots_of(url)
        return robots is not None and robots.can_fetch(USER_AGENT, url)

    def get(self, url: str) -> Fetched:
        """The body at `url`; FetchError when it is not http(s), too big, slow or an error."""
        _check_address(url)
        self._wait_for(url)
        try:
            with self.client.stream("GET", url, timeout=self.timeout) as response:
                if response.status_code >= 400:
                    raise FetchError(f"{url} answered HTTP {response.status_code}")
                data = self._read_bounded(response, url)
                kind = response.headers.get("content-type", "").split(";")[0].strip()
                return Fetched(str(response.url), kind, data)
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__} {exc}".strip()) from exc

    def _read_bounded(self, response: httpx.Response, url: str) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{url} is larger than {self.max_bytes:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_for(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last.get(host)
        if last is not None:
            pause = self.min_interval - (self.clock() - last)
            if pause > 0:
                self.sleep(pause)
        self._last[host] = self.clock()

    def _robots_of(self, url: str) -> RobotFileParser | None:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}".lower()
        if host not in self._robots:
            self._robots[host] = self._read_robots(f"{host}/robots.txt")
        return self._robots[host]

    def _read_robots(self, address: str) -> RobotFileParser | None:
        robots = RobotFileParser(address)
        self._wait_for(address)
        try:
            response = self.client.get(address, timeout=self.timeout)
        except httpx.HTTPError:
            log.warning("robots.txt unreachable: %s", address)
            return None
        if response.status_code >= 500:
            return None  # unreachable: assume nothing may be fetched (RFC 9309)
        robots.parse(response.text.splitlines() if response.status_code < 400 else [])
        return robots


def _check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"not a web address: {url[:200]}")
