"""The analysis run on every stored document: extraction, then resolution into the graph."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from greenbridge.ingest.document import ParsedDocument
from greenbridge.store.models import Document

log = logging.getLogger(__name__)

EXTRACTABLE_LANGUAGES = {"en", None}


def analyse_document(
    session: Session, document: Document, parsed: ParsedDocument
) -> dict[str, int]:
    """Extract entities and relations from an English document and link them into the graph
    (inside the caller's transaction). Text in another language is stored but not extracted:
    the English models would only produce noise."""
    from greenbridge.extract import extract_text
    from greenbridge.resolve import link_extraction

    if parsed.language not in EXTRACTABLE_LANGUAGES:
        log.warning("document %s is in %s: stored without extraction", document.id, parsed.language)
        return {"entities": 0, "relations": 0}
    extraction = extract_text(
        parsed.text,
        document=parsed.name,
        published=parsed.published,
        articles=[(a.start, a.end) for a in parsed.articles],
    )
    article_ids = {article.position: article.id for article in document.articles}
    linked = link_extraction(
        session, document=document, extraction=extraction, article_ids=article_ids
    )
    return {
        "entities": len(linked.entity_ids),
        "new entities": len(linked.created),
        "relations": len(linked.relation_ids),
        "for review": len(linked.queued),
    }
