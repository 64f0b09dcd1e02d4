"""Uploaded files into an ingest job: size limit and type check first, one job file per file."""

from __future__ import annotations

from pathlib import PurePath

from fastapi import UploadFile
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from greenbridge.ingest.document import size_limit_message
from greenbridge.ingest.readers import MEDIA_TYPES
from greenbridge.jobs import create_job
from greenbridge.settings import Settings

MAX_FILES = 500


def analyser(settings: Settings):  # type: ignore[no-untyped-def]
    """The analysis run on each uploaded document in a request (`wait=true`): extraction in
    the server's extraction processes, as the job workers run it, unless there are none."""
    from greenbridge.jobs.runner import server_analyser

    return server_analyser(settings)


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


async def queue_uploads(
    settings: Settings, files: list[UploadFile], *, engine: Engine, origin: str
) -> int:
    """Store the uploaded files as one job and return its number; a file refused by its size,
    name or first bytes is a failed file of the job with its reason. Workers ingest the rest."""
    accepted: list[tuple[str, bytes]] = []
    refused: list[tuple[int, str, str]] = []
    for position, upload in enumerate(files[:MAX_FILES]):
        name = PurePath(upload.filename or "upload").name
        data = await read_limited(upload, settings.max_document_bytes)
        problem = (
            f"file is over the {size_limit_message(settings.max_document_bytes)}"
            if data is None
            else check_file(name, data[:8192])
        )
        if problem or data is None:
            refused.append((position, name, problem or ""))
        else:
            accepted.append((name, data))
    if len(files) > MAX_FILES:
        refused.append((MAX_FILES, "…", f"only {MAX_FILES} files per upload"))
    return await run_in_threadpool(create_job, engine, accepted, origin=origin, refused=refused)
