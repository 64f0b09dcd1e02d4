"""Extract from a file: read and clean it with ingest, then `extract_text` on the clean text."""

from __future__ import annotations

from pathlib import Path

from greenbridge.extract.model import Extraction
from greenbridge.extract.pipeline import extract_text


def extract_path(path: Path | str) -> Extraction:
    """The extraction of one file (txt, md, html, pdf), on the text ingest cleans."""
    from greenbridge.ingest import read_path

    parsed = read_path(path)
    articles = [(a.start, a.end) for a in parsed.articles] or None
    return extract_text(
        parsed.text,
        document=Path(path).name,
        published=parsed.published,
        articles=articles,
        language=parsed.language,
    )
