"""The addresses a feed (RSS, Atom) or a sitemap (urlset, sitemap index, gzipped) lists."""

from __future__ import annotations

import gzip
import zlib

import feedparser
from lxml import etree


class ListingError(Exception):
    """A feed or sitemap that cannot be read, with the reason in words."""


MAX_LISTING_BYTES = 50 * 1024 * 1024
_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed_links(data: bytes) -> list[str]:
    """The item addresses of an RSS or Atom feed, in the feed's order, each once."""
    parsed = feedparser.parse(data)
    links = [entry.get("link") for entry in parsed.entries]
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom channel in it"
        raise ListingError(f"not a feed ({reason})")
    return _unique([link for link in links if isinstance(link, str) and link])


def sitemap_links(data: bytes) -> tuple[list[str], list[str]]:
    """(page addresses, nested sitemap addresses) of a sitemap or sitemap index."""
    root = _parse_xml(_gunzip(data))
    name = etree.QName(root).localname
    locs = [el.text.strip() for el in root.iter(f"{_SITEMAP}loc", "loc") if el.text]
    if name == "sitemapindex":
        return [], _unique(locs)
    if name == "urlset":
        return _unique(locs), []
    raise ListingError(f"not a sitemap (root element <{name}>)")


def _gunzip(data: bytes) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_LISTING_BYTES + 1)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise ListingError(f"broken gzip ({exc})") from exc
    if len(out) > MAX_LISTING_BYTES:
        raise ListingError(f"the sitemap inflates to more than {MAX_LISTING_BYTES:,} bytes")
    return out


def _parse_xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not XML ({exc})") from exc


def _unique(links: list[str]) -> list[str]:
    return list(dict.fromkeys(link.strip() for link in links))
