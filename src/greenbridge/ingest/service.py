"""Storing parsed documents: one transaction per document, duplicates recognised by content hash."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from greenbridge.ingest.document import (
    ParsedDocument,
    parse_bytes,
    read_path,
    size_limit_message,
)
from greenbridge.ingest.errors import IngestError
from greenbridge.ingest.readers import MEDIA_TYPES, describe_error
from greenbridge.settings import DEFAULT_MAX_DOCUMENT_BYTES
from greenbridge.store.db import read_session, transaction
from greenbridge.store.limits import InvalidInput, check_source
from greenbridge.store.models import Article, Document, DocumentFile

log = logging.getLogger(__name__)

Status = Literal["added", "duplicate", "failed", "skipped"]
# Stores a document's analysis inside the document's transaction (resolution into the graph),
# once the document is stored: it should take milliseconds, not minutes.
ResultWriter = Callable[[Session, Document], dict[str, int]]
# Analyses a parsed document before its transaction, holding no lock (extraction: minutes for
# a large document; it may read the store, never write), and returns what stores the results.
Analyser = Callable[[Engine, ParsedDocument], ResultWriter]


@dataclass
class IngestResult:
    """What happened to one file."""

    path: str
    status: Status
    message: str = ""
    document_id: int | None = None
    size_bytes: int = 0
    articles: int = 0
    counts: dict[str, int] | None = None
    attachments: list[IngestResult] | None = None  # of a message, each its own document
    language: str | None = None  # as detected, of a document read


def find_document(session: Session, *, content_hash: str) -> Document | None:
    return session.scalars(select(Document).where(Document.content_hash == content_hash)).first()


def store_document(
    session: Session, parsed: ParsedDocument, *, source: str | None, parent_id: int | None = None
) -> Document:
    """Add a document and its articles to the session (the caller commits)."""
    document = Document(
        parent_id=parent_id,
        ocr_ranges=[list(r) for r in parsed.ocr_ranges] or None,
        content_hash=parsed.content_hash,
        title=parsed.title,
        published=parsed.published,
        source=source,
        media_type=parsed.media_type,
        size_bytes=parsed.size_bytes,
        language=parsed.language,
        text=parsed.text,
    )
    document.articles = [
        Article(
            position=a.position,
            title=a.title,
            start=a.start,
            end=a.end,
            text=parsed.article_text(a),
        )
        for a in parsed.articles
    ]
    session.add(document)
    session.flush()
    if parsed.data:
        session.add(DocumentFile(document_id=document.id, name=parsed.name[-500:],
                                 media_type=parsed.media_type, data=parsed.data))  # fmt: skip
        session.flush()
    return document


def ingest_parsed(
    engine: Engine,
    parsed: ParsedDocument,
    *,
    source: str | None,
    analyse: Analyser | None = None,
    parent_id: int | None = None,
) -> IngestResult:
    """Store one parsed document (and its analysis) in a transaction of its own.

    The analysis runs first, outside any transaction; the write transaction (on SQLite, the
    store's write lock) is held only while the document and the results are stored, so other
    writers wait for that and not for the extraction."""
    label = source or parsed.name
    existing_id = _stored_id(engine, parsed)
    if existing_id is not None:
        return _duplicate(label, existing_id, parsed)
    write_results = analyse(engine, parsed) if analyse else None
    try:
        with transaction(engine) as session:
            existing = find_document(session, content_hash=parsed.content_hash)
            if existing is not None:  # stored by another ingest during the analysis
                return _duplicate(label, existing.id, parsed)
            document = store_document(session, parsed, source=source, parent_id=parent_id)
            counts = write_results(session, document) if write_results else None
            document_id = document.id
    except IntegrityError:
        existing_id = _stored_id(engine, parsed)
        if existing_id is None:
            raise
        return _duplicate(label, existing_id, parsed)
    return IngestResult(
        label,
        "added",
        document_id=document_id,
        size_bytes=parsed.size_bytes,
        articles=len(parsed.articles),
        counts=counts,
        attachments=_ingest_attachments(engine, parsed, label, document_id, analyse),
        language=parsed.language,
    )


def _ingest_attachments(
    engine: Engine, parsed: ParsedDocument, label: str, parent_id: int, analyse: Analyser | None
) -> list[IngestResult] | None:
    """Each file a message carries, ingested as a document linked to it; one failing attachment
    is a failed result of its own and leaves the message and the others stored."""
    if not parsed.attachments:
        return None
    results = []
    for attachment in parsed.attachments:
        name = f"{label}#{attachment.name}"
        try:
            check_source(name)
            child = parse_bytes(attachment.data, attachment.name)
            results.append(
                ingest_parsed(engine, child, source=name, analyse=analyse, parent_id=parent_id)
            )
        except (IngestError, InvalidInput) as exc:
            results.append(IngestResult(name, "failed", str(exc), size_bytes=len(attachment.data)))
        except Exception as exc:
            results.append(_unexpected_failure(name, exc))
    return results


def _stored_id(engine: Engine, parsed: ParsedDocument) -> int | None:
    """The id of the document with these bytes, read without taking any write lock."""
    with read_session(engine) as session:
        existing = find_document(session, content_hash=parsed.content_hash)
        return existing.id if existing is not None else None


def _duplicate(label: str, document_id: int, parsed: ParsedDocument) -> IngestResult:
    message = f"already ingested as document {document_id} (same content), nothing changed"
    return IngestResult(
        label, "duplicate", message, document_id=document_id, size_bytes=parsed.size_bytes
    )


def ingest_bytes(
    engine: Engine,
    data: bytes,
    name: str,
    *,
    source: str | None = None,
    analyse: Analyser | None = None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> IngestResult:
    """Ingest an uploaded file's bytes; failures come back as a result, never half-written."""
    label = source or name
    try:
        check_source(label)
        if len(data) > max_bytes:
            raise IngestError(f"file is over the {size_limit_message(max_bytes)}")
        parsed = parse_bytes(data, name)
        return ingest_parsed(engine, parsed, source=label, analyse=analyse)
    except (IngestError, InvalidInput) as exc:
        return IngestResult(label, "failed", str(exc), size_bytes=len(data))
    except Exception as exc:
        return _unexpected_failure(label, exc)


def ingest_path(
    engine: Engine,
    path: Path,
    *,
    analyse: Analyser | None = None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> IngestResult:
    """Ingest one file; an unreadable or invalid file gives a failed result with its reason."""
    try:
        check_source(str(path))
        parsed = read_path(path, max_bytes=max_bytes)
        return ingest_parsed(engine, parsed, source=str(path), analyse=analyse)
    except (IngestError, InvalidInput) as exc:
        return IngestResult(str(path), "failed", str(exc))
    except Exception as exc:
        return _unexpected_failure(str(path), exc)


def _unexpected_failure(label: str, exc: Exception) -> IngestResult:
    """Any other error while cleaning, storing or analysing one file: the transaction was rolled
    back, the file fails with the error named, the batch goes on."""
    log.exception("ingesting %s failed", label)
    message = f"could not be ingested ({describe_error(exc)}); nothing was stored"
    return IngestResult(label, "failed", message)


def expand_paths(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Files named and files found in folders (recursively, hidden ones left out), each with
    whether it was found in a folder (then an unsupported type is skipped, not failed)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in relative):
                    yield child, True
        else:
            yield path, False


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in MEDIA_TYPES


def ingest_paths(
    engine: Engine,
    paths: Iterable[Path],
    *,
    analyse: Analyser | None = None,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    on_result: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Ingest files and folders; one transaction per document, the batch goes on after failures."""
    results = []
    for path, in_folder in expand_paths(paths):
        if in_folder and not is_supported(path):
            result = IngestResult(str(path), "skipped", f"not a document type ({path.suffix})")
        else:
            result = ingest_path(engine, path, analyse=analyse, max_bytes=max_bytes)
        log.info("%s: %s %s", result.path, result.status, result.message)
        results.append(result)
        if on_result:
            on_result(result)
    return results
