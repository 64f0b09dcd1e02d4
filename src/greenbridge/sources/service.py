"""Registered sources and their polls: each poll lists the source, fetches the addresses it
has not fetched before (robots.txt allowing), skips bytes it has already seen, and queues what
is new as one ingest job; the outcome of every address and any error are kept on the source."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from greenbridge.jobs.service import create_job
from greenbridge.sources.fetch import FetchError, PoliteFetcher
from greenbridge.sources.listing import ListingError, feed_links, sitemap_links
from greenbridge.store.db import read_session, transaction
from greenbridge.store.limits import MAX_SOURCE_CHARS, InvalidInput, reject_nul
from greenbridge.store.models import Source, SourceItem, utcnow

log = logging.getLogger(__name__)

KINDS = ("feed", "sitemap")
MAX_NESTED_SITEMAPS = 20


@dataclass
class PollAccount:
    """What one poll of a source did."""

    source_id: int
    listed: int = 0
    queued: int = 0
    unchanged: int = 0  # fetched before, by address or by content
    refused: int = 0  # robots.txt does not allow it
    failed: int = 0
    job_id: int | None = None
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def add_source(
    session: Session, *, url: str, kind: str, name: str = "", every_minutes: int = 60,
    user: str | None = None,
) -> Source:  # fmt: skip
    """Register a feed or sitemap; InvalidInput for a bad address, kind or interval."""
    url = url.strip()
    reject_nul(url, "the address")
    if not url.startswith(("http://", "https://")) or len(url) > MAX_SOURCE_CHARS:
        raise InvalidInput(
            f"a source is an http(s) address of at most {MAX_SOURCE_CHARS} characters"
        )
    if kind not in KINDS:
        raise InvalidInput(f"a source is one of: {', '.join(KINDS)}")
    if not 5 <= every_minutes <= 7 * 24 * 60:
        raise InvalidInput("a source is polled every 5 minutes to every 7 days")
    if session.scalar(select(Source.id).where(Source.url == url)) is not None:
        raise InvalidInput(f"{url} is registered already")
    source = Source(url=url, kind=kind, name=name.strip()[:200], every_minutes=every_minutes,
                    created_by=user, error="")  # fmt: skip
    session.add(source)
    session.flush()
    return source


def remove_source(session: Session, source_id: int) -> None:
    """Forget a source and its addresses (the documents it brought stay)."""
    source = session.get(Source, source_id)
    if source is None:
        raise LookupError(f"no source {source_id}")
    session.delete(source)


def request_poll(session: Session, source_id: int) -> None:
    """Make a source due now (the next look for due sources polls it)."""
    source = session.get(Source, source_id)
    if source is None:
        raise LookupError(f"no source {source_id}")
    source.polled = None


def due_source_ids(session: Session, now: datetime | None = None) -> list[int]:
    """Active sources never polled, or polled longer ago than their interval."""
    now = now or utcnow()
    rows = session.execute(select(Source.id, Source.polled, Source.every_minutes)
                           .where(Source.active.is_(True)).order_by(Source.id))  # fmt: skip
    return [
        id_ for id_, polled, every in rows
        if polled is None or _aware(polled) + timedelta(minutes=every) <= now
    ]  # fmt: skip


def poll_source(engine: Engine, source_id: int, fetcher: PoliteFetcher, *,
                max_items: int = 100) -> PollAccount:  # fmt: skip
    """Poll one source now: new addresses fetched once, queued as one job (origin feed)."""
    with read_session(engine) as session:
        source = session.get(Source, source_id)
        if source is None:
            raise LookupError(f"no source {source_id}")
        kind, url = source.kind, source.url
    account = PollAccount(source_id)
    try:
        links = _listed(kind, url, fetcher)
    except (FetchError, ListingError) as exc:
        account.error = str(exc)
        _record(engine, account, [])
        return account
    account.listed = len(links)
    items, files = _fetch_new(engine, source_id, links[:max_items], fetcher, account)
    if files:
        account.job_id = create_job(engine, files, origin="feed")
    _record(engine, account, items)
    return account


def poll_due(engine: Engine, fetcher: PoliteFetcher) -> list[PollAccount]:
    """Poll every source that is due, one after the other."""
    with read_session(engine) as session:
        due = due_source_ids(session)
    return [poll_source(engine, source_id, fetcher) for source_id in due]


def _listed(kind: str, url: str, fetcher: PoliteFetcher) -> list[str]:
    if not fetcher.allowed(url):
        raise FetchError(f"robots.txt of the site does not allow fetching {url}")
    data = fetcher.get(url).data
    if kind == "feed":
        return feed_links(data)
    pages, nested = sitemap_links(data)
    for address in nested[:MAX_NESTED_SITEMAPS]:  # one level of sitemap index
        if fetcher.allowed(address):
            pages += sitemap_links(fetcher.get(address).data)[0]
    return list(dict.fromkeys(pages))


def _fetch_new(
    engine: Engine, source_id: int, links: list[str], fetcher: PoliteFetcher,
    account: PollAccount,
) -> tuple[list[SourceItem], list[tuple[str, bytes]]]:  # fmt: skip
    with read_session(engine) as session:
        seen = set(session.scalars(select(SourceItem.url).where(SourceItem.url.in_(links))))
    items: list[SourceItem] = []
    files: list[tuple[str, bytes]] = []
    hashes: set[str] = set()
    for link in links:
        if link in seen:
            continue  # fetched once, by any source
        item, data = _fetch_item(engine, link, fetcher, hashes)
        item.source_id = source_id
        setattr(account, item.state, getattr(account, item.state) + 1)
        if data is not None:
            files.append((link, data))
        items.append(item)
    return items, files


def _fetch_item(
    engine: Engine, link: str, fetcher: PoliteFetcher, hashes: set[str]
) -> tuple[SourceItem, bytes | None]:
    """The item's record and, when it is new, its bytes for the job."""
    if len(link) > MAX_SOURCE_CHARS or "\x00" in link:
        return SourceItem(url=link[:MAX_SOURCE_CHARS].replace("\x00", ""), state="failed",
                          message="not a storable address"), None  # fmt: skip
    if not fetcher.allowed(link):
        return SourceItem(url=link, state="refused", message="robots.txt does not allow it"), None
    try:
        data = fetcher.get(link).data
    except FetchError as exc:
        return SourceItem(url=link, state="failed", message=str(exc)), None
    digest = hashlib.sha256(data).hexdigest()
    if digest in hashes or _hash_seen(engine, digest):
        return SourceItem(url=link, content_hash=digest, state="unchanged",
                          message="the same content was fetched before"), None  # fmt: skip
    hashes.add(digest)
    return SourceItem(url=link, content_hash=digest, state="queued", message=""), data


def _hash_seen(engine: Engine, digest: str) -> bool:
    with read_session(engine) as session:
        found = select(SourceItem.id).where(SourceItem.content_hash == digest).limit(1)
        return session.scalar(found) is not None


def _record(engine: Engine, account: PollAccount, items: list[SourceItem]) -> None:
    with transaction(engine) as session:
        source = session.get(Source, account.source_id)
        if source is None:
            return  # removed while it was polled
        source.polled = utcnow()
        source.error = account.error
        for item in items:
            item.job_id = account.job_id if item.state == "queued" else None
            session.add(item)
    if account.error:
        log.warning("source %s: %s", account.source_id, account.error)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


@dataclass
class SourceView:
    """A source as the workspace, the API and the CLI show it."""

    id: int
    kind: str
    url: str
    name: str
    every_minutes: int
    active: bool
    polled: datetime | None
    error: str
    items: dict[str, int]  # addresses by outcome: queued, unchanged, refused, failed
    last_job_id: int | None

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "polled": self.polled.isoformat() if self.polled else None}


def list_sources(session: Session) -> list[SourceView]:
    """Every source, with its addresses counted by outcome and its latest job."""
    counts: dict[int, dict[str, int]] = {}
    rows = session.execute(
        select(SourceItem.source_id, SourceItem.state, func.count(), func.max(SourceItem.job_id))
        .group_by(SourceItem.source_id, SourceItem.state)
    )  # fmt: skip
    last_job: dict[int, int | None] = {}
    for source_id, state, number, job_id in rows:
        counts.setdefault(source_id, {})[state] = number
        if job_id is not None:
            last_job[source_id] = max(job_id, last_job.get(source_id) or 0)
    return [
        SourceView(
            s.id,
            s.kind,
            s.url,
            s.name,
            s.every_minutes,
            s.active,
            s.polled,
            s.error,
            counts.get(s.id, {}),
            last_job.get(s.id),
        )
        for s in session.scalars(select(Source).order_by(Source.id))
    ]
