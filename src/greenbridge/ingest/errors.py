"""Why a file could not be ingested: one clear line per file."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot become a document; the message is shown to the user as is."""
