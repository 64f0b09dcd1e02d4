"""Bulk ingest on dask.distributed: parsing and extraction on the workers, the writes here.

The client submits one task per file (a bounded number in flight), takes the results back in
the order of the files and writes them to the store in batches, one transaction per batch.
Resolution runs inside those transactions under the store's resolution lock
(resolve/lock.py), one batch after another, in file order: the store ends up as the
single-process `ingest_paths` leaves it. A batch that fails is written again file by file, so
one bad file fails alone.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from greenbridge.ingest.document import ParsedDocument, read_path
from greenbridge.ingest.errors import IngestError
from greenbridge.ingest.readers import describe_error
from greenbridge.ingest.service import (
    IngestResult,
    ResultWriter,
    _duplicate,
    _ingest_attachments,
    expand_paths,
    find_document,
    ingest_parsed,
    is_supported,
    store_document,
)
from greenbridge.settings import DEFAULT_MAX_DOCUMENT_BYTES
from greenbridge.store.db import transaction
from greenbridge.store.limits import InvalidInput, check_source

if TYPE_CHECKING:
    from greenbridge.extract.model import Extraction

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 50


@dataclass(frozen=True)
class FileWork:
    """What a worker made of one file: a parsed document and its extraction, or a failure."""

    path: str
    parsed: ParsedDocument | None = None
    extraction: Extraction | None = None
    extracted: bool = False
    failure: str | None = None
    skipped: str | None = None


def work_on_file(path: str, *, extract: bool, max_bytes: int, in_folder: bool) -> FileWork:
    """Parse one file and extract from it (run on a worker; reads and writes no store)."""
    from greenbridge.pipeline import EXTRACTABLE_LANGUAGES

    if in_folder and not is_supported(Path(path)):
        return FileWork(path, skipped=f"not a document type ({Path(path).suffix})")
    try:
        check_source(path)
        parsed = read_path(path, max_bytes=max_bytes)
        if not extract or parsed.language not in EXTRACTABLE_LANGUAGES:
            return FileWork(path, parsed, extracted=extract)
        from greenbridge.extract import extract_text

        extraction = extract_text(
            parsed.text,
            document=parsed.name,
            published=parsed.published,
            articles=[(a.start, a.end) for a in parsed.articles],
            language=parsed.language,
        )
        return FileWork(path, parsed, extraction, extracted=True)
    except (IngestError, InvalidInput) as exc:
        return FileWork(path, failure=str(exc))
    except Exception as exc:  # any parser or extractor error fails this file, not the batch
        log.exception("working on %s failed", path)
        return FileWork(path, failure=f"could not be ingested ({describe_error(exc)})")


def open_client(scheduler: str | None, workers: int) -> Any:
    """A client of the scheduler at `scheduler`, else of a LocalCluster of `workers` processes."""
    from distributed import Client

    if scheduler:
        return Client(scheduler)
    # the client owns this cluster: closing the client stops its workers
    return Client(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)


def ingest_paths_distributed(
    engine: Engine,
    paths: Iterable[Path],
    *,
    client: Any,
    extract: bool = True,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_result: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Ingest files and folders with the workers of `client`; results in the order of the files."""
    results: list[IngestResult] = []
    batch: list[FileWork] = []
    for work in _worked(client, paths, extract=extract, max_bytes=max_bytes):
        batch.append(work)
        if len(batch) >= batch_size:
            results += _write_batch(engine, batch, on_result)
            batch = []
    results += _write_batch(engine, batch, on_result)
    return results


def _worked(
    client: Any, paths: Iterable[Path], *, extract: bool, max_bytes: int
) -> Iterator[FileWork]:
    """The workers' results in file order, with at most a few tasks per worker in flight."""
    window = max(4, 4 * max(1, len(client.nthreads())))
    task = partial(work_on_file, extract=extract, max_bytes=max_bytes)
    pending: deque[Any] = deque()
    for path, in_folder in expand_paths(paths):
        pending.append(client.submit(task, str(path), in_folder=in_folder, pure=False))
        if len(pending) >= window:
            yield _take(pending.popleft())
    while pending:
        yield _take(pending.popleft())


def _take(future: Any) -> FileWork:
    work: FileWork = future.result()
    future.release()
    return work


def _write_batch(
    engine: Engine, batch: list[FileWork], on_result: Callable[[IngestResult], None] | None
) -> list[IngestResult]:
    if not batch:
        return []
    try:
        results = _write_together(engine, batch)
    except Exception:
        log.warning("a batch of %d files failed; writing them one by one", len(batch))
        results = [_write_alone(engine, work) for work in batch]
    for work, result in zip(batch, results, strict=True):
        if work.parsed is not None and result.status == "added" and result.document_id:
            analyse = _local_analyser() if work.extracted else None
            result.attachments = _ingest_attachments(
                engine, work.parsed, result.path, result.document_id, analyse
            )
        log.info("%s: %s %s", result.path, result.status, result.message)
        if on_result:
            on_result(result)
    return results


def _write_together(engine: Engine, batch: list[FileWork]) -> list[IngestResult]:
    """The batch in one transaction: each document stored and resolved in file order."""
    results = []
    with transaction(engine) as session:
        for work in batch:
            if work.parsed is None:
                results.append(_not_stored(work))
                continue
            parsed = work.parsed
            existing = find_document(session, content_hash=parsed.content_hash)
            if existing is not None:
                results.append(_duplicate(work.path, existing.id, parsed))
                continue
            document = store_document(session, parsed, source=work.path)
            counts = _writer(work)(session, document) if work.extracted else None
            results.append(_added(work, document.id, counts))
    return results


def _write_alone(engine: Engine, work: FileWork) -> IngestResult:
    if work.parsed is None:
        return _not_stored(work)
    analyse = (lambda _engine, _parsed: _writer(work)) if work.extracted else None
    try:
        return ingest_parsed(engine, work.parsed, source=work.path, analyse=analyse)
    except Exception as exc:
        log.exception("writing %s failed", work.path)
        message = f"could not be ingested ({describe_error(exc)}); nothing was stored"
        return IngestResult(work.path, "failed", message)


def _writer(work: FileWork) -> ResultWriter:
    from greenbridge.pipeline import _nothing_extracted, link_document

    if work.extraction is None:
        return _nothing_extracted
    return partial(link_document, extraction=work.extraction)


def _local_analyser() -> Any:
    from greenbridge.pipeline import analyse_document

    return analyse_document


def _not_stored(work: FileWork) -> IngestResult:
    if work.skipped:
        return IngestResult(work.path, "skipped", work.skipped)
    return IngestResult(work.path, "failed", work.failure or "not read")


def _added(work: FileWork, document_id: int, counts: dict[str, int] | None) -> IngestResult:
    parsed = work.parsed
    assert parsed is not None
    return IngestResult(
        work.path,
        "added",
        document_id=document_id,
        size_bytes=parsed.size_bytes,
        articles=len(parsed.articles),
        counts=counts,
    )
