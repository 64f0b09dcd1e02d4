"""Ingest: documents (txt, md, html, pdf) read, cleaned, dated, split into articles and stored."""

from greenbridge.ingest.document import ParsedDocument, parse_bytes, read_path
from greenbridge.ingest.errors import IngestError
from greenbridge.ingest.service import IngestResult, ingest_bytes, ingest_path, ingest_paths

__all__ = [
    "IngestError",
    "IngestResult",
    "ParsedDocument",
    "ingest_bytes",
    "ingest_path",
    "ingest_paths",
    "parse_bytes",
    "read_path",
]
