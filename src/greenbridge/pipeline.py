"""The analysis run on every stored document: extraction, then resolution into the graph."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from greenbridge.ingest.document import ParsedDocument
from greenbridge.ingest.language import LANGUAGE_NAMES, language_name
from greenbridge.ingest.service import ResultWriter
from greenbridge.store.db import read_session
from greenbridge.store.models import Document

if TYPE_CHECKING:  # the extraction package loads spaCy when it is needed
    from greenbridge.extract.model import Extraction

log = logging.getLogger(__name__)

EXTRACTABLE_LANGUAGES = {"en", "zh", None}


def extracted_languages() -> str:
    """`English`: the languages whose text entities and relations are extracted from."""
    return " and ".join(sorted(LANGUAGE_NAMES[c] for c in EXTRACTABLE_LANGUAGES if c))


def extraction_note(language: str | None) -> str | None:
    """What a reader is told about a document in a language extraction does not read."""
    if language in EXTRACTABLE_LANGUAGES:
        return None
    read = extracted_languages()
    return (
        f"in {language_name(language)}: stored and searchable; no entities or relations "
        f"were extracted (extraction reads {read} text)"
    )


def analyse_document(
    engine: Engine, parsed: ParsedDocument, *, extract: Callable[..., Extraction] | None = None
) -> ResultWriter:
    """Extract entities and relations from an English or Chinese document (before its transaction: this is
    the long part, and it holds no lock); the returned writer links them into the graph inside
    the document's transaction. Text in another language is stored but not extracted: the
    models would only produce noise. `extract` (default `extract_text` in this process) runs
    the extraction, for example in a process of its own."""
    from greenbridge.extract import extract_text
    from greenbridge.resolve.index_store import store_index

    if parsed.language not in EXTRACTABLE_LANGUAGES:
        log.warning("%s is in %s: stored without extraction", parsed.name, parsed.language)
        return _nothing_extracted
    extraction = (extract or extract_text)(
        text=parsed.text,
        document=parsed.name,
        published=parsed.published,
        articles=[(a.start, a.end) for a in parsed.articles],
        language=parsed.language,
    )
    with read_session(engine) as session:
        store_index(session)  # the store's names, loaded or brought up to date outside the lock
    return partial(link_document, extraction=extraction)


def _nothing_extracted(_session: Session, _document: Document) -> dict[str, int]:
    return {"entities": 0, "relations": 0}


def link_document(
    session: Session, document: Document, *, extraction: Extraction
) -> dict[str, int]:
    """Link `extraction` of the stored `document` into the graph (the caller commits)."""
    from greenbridge.resolve import link_extraction

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
