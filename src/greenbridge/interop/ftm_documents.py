"""FollowTheMoney documents read into the store, matched by the SHA-256 of their text."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import pycountry
from followthemoney import EntityProxy
from sqlalchemy import select
from sqlalchemy.orm import Session

from greenbridge.store.limits import MAX_SOURCE_CHARS
from greenbridge.store.models import Article, Document

if TYPE_CHECKING:
    from greenbridge.interop.ftm_import import FtmImport


def _language(code: str | None) -> str | None:
    """FtM writes ISO 639-3 codes; the store keeps the two-letter code where one exists."""
    if not code:
        return None
    found = pycountry.languages.get(alpha_3=code)
    return getattr(found, "alpha_2", None) or code[:8]


def import_document(session: Session, proxy: EntityProxy, report: FtmImport) -> int:
    """The id of the stored document with the entity's content hash, stored now if new."""
    text = proxy.first("bodyText", quiet=True) or ""
    content_hash = (proxy.first("contentHash", quiet=True) or
                    hashlib.sha256(text.encode("utf-8")).hexdigest()).lower()[:64]  # fmt: skip
    found = session.scalars(select(Document.id).where(Document.content_hash == content_hash))
    existing = found.first()
    if existing is not None:
        report.counts["matched"] += 1
        return existing
    title = proxy.first("title", quiet=True)
    size = proxy.first("fileSize", quiet=True)
    document = Document(
        content_hash=content_hash, title=title[:500] if title else None,
        publisher=(proxy.first("publisher", quiet=True) or "")[:300] or None,
        published=(proxy.first("publishedAt", quiet=True) or "")[:10] or None,
        source=(proxy.first("sourceUrl", quiet=True) or proxy.first("fileName", quiet=True)
                or "")[:MAX_SOURCE_CHARS] or None,
        media_type=proxy.first("mimeType", quiet=True) or "text/plain",
        size_bytes=int(float(size)) if size else len(text.encode("utf-8")),
        language=_language(proxy.first("language", quiet=True)), text=text,
    )  # fmt: skip
    document.articles = [Article(position=0, title=document.title, start=0, end=len(text),
                                 text=text)]  # fmt: skip
    session.add(document)
    session.flush()
    report.counts["document"] += 1
    return document.id
