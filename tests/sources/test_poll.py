"""Polling feeds and sitemaps of a site served on localhost, on both stores: new items fetched
once by address and by content, robots.txt respected, a polite pause per host, errors kept on
the source, new documents queued as one ingest job."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from greenbridge.jobs.service import get_account, run_job
from greenbridge.sources.fetch import PoliteFetcher
from greenbridge.sources.service import add_source, due_source_ids, poll_source
from greenbridge.store.db import transaction
from greenbridge.store.limits import InvalidInput
from greenbridge.store.models import Document, Source, SourceItem, utcnow
from tests.sources.site import Site, article, rss, serve_site, urlset

ROBOTS = "User-agent: *\nDisallow: /private/\n"


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as served:
        served.put("/robots.txt", ROBOTS, "text/plain")
        yield served


def fetcher() -> PoliteFetcher:
    return PoliteFetcher(min_interval=0.0, timeout=5.0)


def register(engine: Engine, url: str, kind: str = "feed") -> int:
    with transaction(engine) as session:
        return add_source(session, url=url, kind=kind, name="Institute news").id


def test_a_feed_poll_queues_new_items_once_and_respects_robots(engine: Engine, site: Site) -> None:
    site.put("/news/1", article("Solar pumps in Kenya", "The institute installed solar pumps."))
    site.put("/news/2.html", article("Training in Lima", "A training course on drip irrigation."))
    site.put("/private/3", article("Internal", "Not for robots."))
    feed = site.put(
        "/feed.xml",
        rss(site.base, ["/news/1", "/news/2.html", "/private/3"]),
        "application/rss+xml",
    )
    source_id = register(engine, feed)

    first = poll_source(engine, source_id, fetcher())
    assert (first.listed, first.queued, first.refused, first.error) == (3, 2, 1, "")
    assert "/private/3" not in site.requests and site.requests.count("/robots.txt") == 1
    assert first.job_id is not None
    account = run_job(engine, first.job_id)
    assert account.counts["added"] == 2
    with Session(engine) as session:
        sources = set(session.scalars(select(Document.source)))
        assert sources == {site.base + "/news/1", site.base + "/news/2.html"}
        titles = set(session.scalars(select(Document.title)))
        assert "Solar pumps in Kenya" in titles

    again = poll_source(engine, source_id, fetcher())
    assert (again.listed, again.queued, again.job_id) == (3, 0, None)
    assert site.requests.count("/news/1") == 1  # fetched once, by address

    site.put("/news/4", article("Solar pumps in Kenya", "The institute installed solar pumps."))
    site.put("/feed.xml", rss(site.base, ["/news/4", "/news/1"]), "application/rss+xml")
    third = poll_source(engine, source_id, fetcher())
    assert (third.queued, third.unchanged) == (0, 1)  # same bytes at a new address


def test_a_sitemap_index_leads_to_its_pages(engine: Engine, site: Site) -> None:
    site.put("/a", article("Joint laboratory opened", "The two academies opened a laboratory."))
    site.put("/b", article("Delegation visit", "A delegation visited the desert station."))
    pages = gzip.compress(urlset(site.base, ["/a", "/b"]).encode())
    site.put("/sitemap-news.xml.gz", pages, "application/gzip")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.base}/sitemap-news.xml.gz</loc></sitemap></sitemapindex>"
    )
    source_id = register(engine, site.put("/sitemap.xml", index, "application/xml"), "sitemap")
    polled = poll_source(engine, source_id, fetcher())
    assert (polled.listed, polled.queued) == (2, 2)
    assert polled.job_id is not None
    files = get_account(engine, polled.job_id)
    assert files is not None and [f.name for f in files.files] == [
        site.base + "/a",
        site.base + "/b",
    ]


def test_errors_are_kept_on_the_source_until_a_poll_goes_well(engine: Engine, site: Site) -> None:
    feed = site.base + "/feed.xml"
    source_id = register(engine, feed)
    failed = poll_source(engine, source_id, fetcher())
    assert "HTTP 404" in failed.error and failed.job_id is None
    with Session(engine) as session:
        source = session.get_one(Source, source_id)
        assert "HTTP 404" in source.error and source.polled is not None
    site.put("/feed.xml", "<html>this is not a feed</html>", "text/html")
    assert "not a feed" in poll_source(engine, source_id, fetcher()).error
    site.put("/feed.xml", rss(site.base, []), "application/rss+xml")
    assert poll_source(engine, source_id, fetcher()).error == ""
    with Session(engine) as session:
        assert session.get_one(Source, source_id).error == ""


def test_a_site_whose_robots_txt_fails_is_not_fetched(engine: Engine, site: Site) -> None:
    site.put("/robots.txt", "server error", "text/plain", status=503)
    feed = site.put("/feed.xml", rss(site.base, ["/news/1"]), "application/rss+xml")
    polled = poll_source(engine, register(engine, feed), fetcher())
    assert "robots.txt" in polled.error
    assert site.requests == ["/robots.txt"]


def test_requests_to_one_host_wait_the_polite_interval(engine: Engine, site: Site) -> None:
    for n in range(3):
        site.put(f"/news/{n}", article(f"Item {n}", f"Body of item number {n} about wind power."))
    feed = site.put(
        "/feed.xml", rss(site.base, [f"/news/{n}" for n in range(3)]), "application/rss+xml"
    )
    pauses: list[float] = []
    polite = PoliteFetcher(min_interval=2.5, timeout=5.0, clock=lambda: 100.0, sleep=pauses.append)
    poll_source(engine, register(engine, feed), polite)
    # robots.txt, the feed and three items: five requests to one host, four pauses between them
    assert len(site.requests) == 5 and pauses == [2.5] * 4


def test_an_item_that_fails_is_recorded_and_the_rest_go_on(engine: Engine, site: Site) -> None:
    site.put("/ok", article("Wind farm", "A wind farm was commissioned with the partners."))
    site.put("/broken", "gone", "text/plain", status=500)
    feed = site.put("/feed.xml", rss(site.base, ["/broken", "/ok"]), "application/rss+xml")
    polled = poll_source(engine, register(engine, feed), fetcher())
    assert (polled.failed, polled.queued) == (1, 1)
    with Session(engine) as session:
        states = {
            url: state for url, state in session.execute(select(SourceItem.url, SourceItem.state))
        }
        assert states == {site.base + "/broken": "failed", site.base + "/ok": "queued"}


def test_sources_are_due_after_their_interval(engine: Engine, site: Site) -> None:
    source_id = register(engine, site.base + "/feed.xml")
    with transaction(engine) as session:
        assert due_source_ids(session) == [source_id]
        session.get_one(Source, source_id).polled = utcnow()
    with Session(engine) as session:
        assert due_source_ids(session) == []
        assert due_source_ids(session, utcnow() + timedelta(minutes=61)) == [source_id]


@pytest.mark.parametrize(
    ("url", "kind", "every", "reason"),
    [
        ("ftp://example.org/feed", "feed", 60, "http(s) address"),
        ("https://example.org/feed", "newsletter", 60, "one of: feed, sitemap"),
        ("https://example.org/feed", "feed", 1, "every 5 minutes"),
        ("https://example.org/\x00", "feed", 60, "NUL"),
    ],
)
def test_a_bad_source_is_refused(
    session: Session, url: str, kind: str, every: int, reason: str
) -> None:
    with pytest.raises(InvalidInput, match=re.escape(reason)):
        add_source(session, url=url, kind=kind, every_minutes=every)
