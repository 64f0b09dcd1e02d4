"""A document's original file as a download: the stored bytes, their media type and a file
name that is safe in a Content-Disposition header (ASCII fallback plus the UTF-8 name)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from fastapi import HTTPException
from fastapi.responses import Response
from sqlalchemy.orm import Session

from greenbridge.store import documents as document_service

FILE_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {"application/octet-stream": {}}, "description": "The file as uploaded."},
    404: {"description": "No such document, or its original file was not kept."},
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(name: str, *, fallback: str) -> tuple[str, str]:
    """(ASCII name, Unicode name) of `name` without folders, control characters or quotes."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    cleaned = "".join(c for c in base if unicodedata.category(c)[0] != "C" and c not in '"')
    cleaned = cleaned.strip(" .") or fallback
    ascii_name = unicodedata.normalize("NFKD", cleaned).encode("ascii", "ignore").decode()
    ascii_name = _UNSAFE.sub("_", ascii_name).strip("._") or fallback
    return ascii_name[-150:], cleaned[-150:]


def content_disposition(name: str, *, fallback: str) -> str:
    ascii_name, unicode_name = safe_file_name(name, fallback=fallback)
    value = f'attachment; filename="{ascii_name}"'
    if unicode_name != ascii_name:
        value += f"; filename*=UTF-8''{quote(unicode_name, safe='')}"
    return value


def original_file_response(session: Session, document_id: int) -> Response:
    """The stored file of the document, or 404 saying whether the document or its file is
    missing."""
    stored = document_service.original_file(session, document_id=document_id)
    if stored is None:
        exists = document_service.get(session, id=document_id) is not None
        detail = (
            f"Document {document_id} has no stored original file (only its text was kept)."
            if exists
            else f"There is no document {document_id}."
        )
        raise HTTPException(status_code=404, detail=detail)
    headers = {
        "Content-Disposition": content_disposition(stored.name, fallback=f"document-{document_id}"),
        "X-Content-Type-Options": "nosniff",
    }
    return Response(stored.data, media_type=stored.media_type, headers=headers)
