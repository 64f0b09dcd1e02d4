"""From a file's bytes to a parsed document: cleaned text, title, date, language, articles."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from greenbridge.ingest.clean import clean_text
from greenbridge.ingest.clean_zh import without_site_name
from greenbridge.ingest.dates import find_published, find_published_chinese
from greenbridge.ingest.errors import IngestError
from greenbridge.ingest.language import detect_language
from greenbridge.ingest.mail import Attachment
from greenbridge.ingest.ocr import take_ocr_ranges
from greenbridge.ingest.readers import media_type_of, read_bytes
from greenbridge.ingest.split import ArticleSpan, find_title, split_articles
from greenbridge.settings import DEFAULT_MAX_DOCUMENT_BYTES, size_label
from greenbridge.store.limits import strip_nul


@dataclass(frozen=True)
class ParsedDocument:
    """A document ready to store: nothing in it depends on the database."""

    name: str
    content_hash: str
    media_type: str
    size_bytes: int
    text: str
    title: str | None
    published: str | None
    language: str | None
    articles: list[ArticleSpan] = field(default_factory=list)
    ocr_ranges: list[tuple[int, int]] = field(default_factory=list)  # text read by OCR
    attachments: tuple[Attachment, ...] = ()  # files of a message, each its own document
    data: bytes = field(default=b"", repr=False, compare=False)  # the file, kept for download

    def article_text(self, article: ArticleSpan) -> str:
        return self.text[article.start : article.end]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_bytes(data: bytes, name: str) -> ParsedDocument:
    """Parse the bytes of a file called `name`; raise IngestError with a clear reason."""
    raw = read_bytes(data, name)
    # A PDF's text layer and metadata may hold NUL characters; they carry no text.
    text = clean_text(strip_nul(raw.text), hard_wrapped=raw.hard_wrapped)
    text, ocr_ranges = take_ocr_ranges(text)
    if not text.strip():
        raise IngestError("no text left after removing page boilerplate")
    language = detect_language(text)
    published = find_published(text) or raw.published
    if published is None and language == "zh":  # the date line may be page boilerplate
        published = find_published_chinese(strip_nul(raw.text))
    return ParsedDocument(
        name=name,
        content_hash=content_hash(data),
        media_type=raw.media_type,
        size_bytes=len(data),
        text=text,
        title=without_site_name(strip_nul(raw.title or "")) or find_title(text),
        published=published,
        language=language,
        articles=split_articles(text),
        ocr_ranges=ocr_ranges,
        attachments=raw.attachments,
        data=data,
    )


def read_path(path: Path | str, *, max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES) -> ParsedDocument:
    """Read and parse one file, refusing unknown types, unreadable files and oversized ones."""
    path = Path(path)
    media_type_of(path.name)
    data = read_file_bytes(path, max_bytes=max_bytes)
    return parse_bytes(data, path.name)


def size_limit_message(max_bytes: int) -> str:
    """`50 MiB limit (GREENBRIDGE_MAX_DOCUMENT_BYTES)`: the limit as the web and the CLI state it."""
    return f"{size_label(max_bytes)} limit (GREENBRIDGE_MAX_DOCUMENT_BYTES)"


def read_file_bytes(path: Path, *, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IngestError("not a regular file")
        if size > max_bytes:
            raise IngestError(
                f"file is {size_label(size)}, over the {size_limit_message(max_bytes)}"
            )
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
