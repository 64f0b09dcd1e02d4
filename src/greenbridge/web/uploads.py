"""Uploaded files into the ingest path: size limit and type check first, one result per file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from fastapi import UploadFile
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from greenbridge.ingest import ingest_bytes
from greenbridge.ingest.document import size_limit_message
from greenbridge.ingest.readers import MEDIA_TYPES
from greenbridge.ingest.service import IngestResult
from greenbridge.settings import Settings

MAX_FILES = 50


@dataclass(frozen=True)
class UploadOutcome:
    name: str
    status: str  # added, duplicate or failed
    message: str
    document_id: int | None = None
    counts: dict[str, int] | None = None
    language: str | None = None  # ISO 639-1 code of the text, when recognised


def _analyser():  # type: ignore[no-untyped-def]
    from greenbridge.pipeline import analyse_document

    return analyse_document


def check_file(name: str, head: bytes) -> str | None:
    """Why a file is refused by its name and first bytes, or None."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in MEDIA_TYPES:
        return f"not a document type ({suffix or 'no extension'}); send {', '.join(sorted(MEDIA_TYPES))}"
    if suffix == ".pdf" and not head.startswith(b"%PDF"):
        return "named .pdf but is not a PDF file"
    if suffix != ".pdf" and b"\x00" in head[:4096]:
        return "a binary file, not text"
    return None


async def read_limited(upload: UploadFile, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it is over `max_bytes` (reading stops there)."""
    chunks, size = [], 0
    while chunk := await upload.read(1024 * 1024):
        size += len(chunk)
        if size > max_bytes:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _outcome(name: str, result: IngestResult) -> UploadOutcome:
    """The result of one file; an added one in a language that is not extracted says so."""
    from greenbridge.pipeline import extraction_note

    note = extraction_note(result.language) if result.status == "added" else None
    message = "; ".join(m for m in (result.message, note) if m)
    return UploadOutcome(
        name, result.status, message, result.document_id, result.counts, result.language
    )


async def ingest_uploads(
    settings: Settings, files: list[UploadFile], *, engine: Engine
) -> list[UploadOutcome]:
    """Each file checked, then ingested and analysed in a transaction of its own."""
    outcomes = []
    for upload in files[:MAX_FILES]:
        name = PurePath(upload.filename or "upload").name
        data = await read_limited(upload, settings.max_document_bytes)
        if data is None:
            limit = size_limit_message(settings.max_document_bytes)
            outcomes.append(UploadOutcome(name, "failed", f"file is over the {limit}"))
            continue
        problem = check_file(name, data[:8192])
        if problem:
            outcomes.append(UploadOutcome(name, "failed", problem))
            continue
        result = await run_in_threadpool(
            ingest_bytes,
            engine,
            data,
            name,
            analyse=_analyser(),
            max_bytes=settings.max_document_bytes,
        )
        outcomes.append(_outcome(name, result))
    if len(files) > MAX_FILES:
        outcomes.append(UploadOutcome("…", "failed", f"only {MAX_FILES} files per upload"))
    return outcomes
