"""Readers: the bytes of a file (text, web page, PDF, office file, e-mail, image) to raw text and
what the format tells. Scanned PDF pages and images are read by OCR (ingest/ocr.py)."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from greenbridge.ingest.errors import IngestError
from greenbridge.ingest.language import detect_language
from greenbridge.ingest.mail import Attachment

log = logging.getLogger(__name__)

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".eml": "message/rfc822",
    ".msg": "application/vnd.ms-outlook",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class RawText:
    """Text as the format gives it, before cleaning."""

    text: str
    media_type: str
    title: str | None = None
    published: str | None = None
    hard_wrapped: bool = False  # lines broken by layout (PDF), to be re-flowed
    attachments: tuple[Attachment, ...] = ()  # files a message carries, each a document


def media_type_of(name: str, data: bytes = b"") -> str:
    """The media type greenbridge reads for a file name, or an IngestError naming the type.
    A web address (a page a source listed) without a known extension is a web page, or a PDF
    when its bytes say so."""
    web = name.startswith(("http://", "https://"))
    suffix = PurePath(urlsplit(name).path if web else name).suffix.lower()
    if web and suffix not in MEDIA_TYPES:
        return MEDIA_TYPES[".pdf"] if data.startswith(b"%PDF-") else MEDIA_TYPES[".html"]
    if suffix not in MEDIA_TYPES:
        kinds = ", ".join(sorted({s.lstrip(".") for s in MEDIA_TYPES}))
        shown = suffix or "no extension"
        raise IngestError(f"unsupported file type '{shown}' (greenbridge reads {kinds})")
    return MEDIA_TYPES[suffix]


def read_bytes(data: bytes, name: str) -> RawText:
    """Read `data` as the format its file `name` says; raise IngestError when it cannot."""
    media_type = media_type_of(name, data)
    if not data.strip():
        raise IngestError("empty file")
    reader = _READERS[media_type]
    try:
        return reader(data)
    except IngestError:
        raise
    except Exception as exc:  # a hostile or odd file can make any parser raise anything
        log.warning("cannot read %s", name, exc_info=True)
        raise IngestError(f"cannot read this {media_type} file ({describe_error(exc)})") from exc


def describe_error(exc: BaseException) -> str:
    """`ValueError: bad value` for a message to the user, at most 200 characters."""
    text = f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__
    return text if len(text) <= 200 else text[:199] + "…"


def decode_text(data: bytes) -> str:
    """Decode text bytes (UTF-8, UTF-16 with BOM, GB18030 Chinese, or Windows-1252); refuse
    binary content."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:65536]:
            raise IngestError("binary content under a text file extension")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_chinese(data) or data.decode("cp1252", errors="replace")
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > 0.01:
        raise IngestError("binary content under a text file extension")
    return _CONTROL.sub("", text)


def _decode_chinese(data: bytes) -> str | None:
    """The text of GB18030 (GBK, GB2312) bytes, when they decode strictly and read as Chinese."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if detect_language(text) == "zh" else None


def _read_plain(data: bytes) -> RawText:
    return RawText(text=decode_text(data), media_type="text/plain")


# No part of a pattern runs over its own delimiters or a line end, so a match attempt stops at
# the next delimiter and the work stays linear on any input (unclosed `![`, `**` or `[a](`).
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)")
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)")
_MD_EMPHASIS = re.compile(
    r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*|__(?=\S)([^_\n]+?)(?<=\S)__"
    r"|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)"
)


def strip_markdown_inline(text: str) -> str:
    """Markdown inline markup to plain text (headings and lists stay: they carry structure)."""
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2) or m.group(3), text)


def _read_markdown(data: bytes) -> RawText:
    return RawText(text=strip_markdown_inline(decode_text(data)), media_type="text/markdown")


def _read_html(data: bytes) -> RawText:
    import trafilatura

    html = decode_text(data)
    extracted = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        favor_recall=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise IngestError("no readable text in the HTML page")
    return RawText(
        text=text,
        media_type="text/html",
        title=getattr(extracted, "title", None),
        published=_iso_date_or_none(getattr(extracted, "date", None)),
    )


def _iso_date_or_none(value: str | None) -> str | None:
    if value and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value
    return None


MAX_PDF_PAGES = 5000
_PLACEHOLDER_TITLES = {"untitled", "无标题", "無標題"}  # set by PDF writers, not by authors
MAX_PDF_SECONDS = 120.0


def _read_pdf(data: bytes) -> RawText:
    """The text of every page. pypdf bounds what one stream may inflate to (a zip bomb stops
    there with an error); the page count and a time budget bound the whole file."""
    from pypdf import PdfReader

    if not data.lstrip().startswith(b"%PDF"):
        raise IngestError("not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError("encrypted PDF (remove the password and ingest it again)")
        pages = _page_texts(reader)
        title = reader.metadata.title if reader.metadata else None
        title = None if title and title.strip().lower() in _PLACEHOLDER_TITLES else title
    except IngestError:
        raise
    except Exception as exc:  # limits reached, recursion, broken objects: all a broken PDF
        if exc.__class__.__name__ == "LimitReachedError":
            reason = "a compressed stream inflates past the safety limit; a zip bomb?"
            raise IngestError(f"PDF not read: {reason}") from exc
        raise IngestError(f"broken PDF ({describe_error(exc)})") from exc
    pages = [_ocr_if_no_text(data, number, page) for number, page in enumerate(pages, 1)]
    text = "\n\n".join(pages)
    if not text.strip():
        raise IngestError("the PDF holds no text, and OCR found none on its pages")
    return RawText(text=text, media_type="application/pdf", title=title, hard_wrapped=True)


def _ocr_if_no_text(data: bytes, number: int, text: str) -> str:
    """A page's text layer, or OCR text (marked as such) for a page without one."""
    from greenbridge.ingest.ocr import MAX_OCR_PAGES, mark_ocr, ocr_pdf_page

    if text.strip():
        return text
    if number > MAX_OCR_PAGES:
        raise IngestError(f"over {MAX_OCR_PAGES} PDF pages without a text layer to OCR; split it")
    scanned = ocr_pdf_page(data, number)
    return mark_ocr(scanned) if scanned.strip() else ""


def _read_docx(data: bytes) -> RawText:
    from greenbridge.ingest.office import read_docx

    return _office_text(*read_docx(data), media_type=MEDIA_TYPES[".docx"])


def _read_odt(data: bytes) -> RawText:
    from greenbridge.ingest.office import read_odt

    return _office_text(*read_odt(data), media_type=MEDIA_TYPES[".odt"])


def _read_pptx(data: bytes) -> RawText:
    from greenbridge.ingest.office import read_pptx

    return _office_text(*read_pptx(data), media_type=MEDIA_TYPES[".pptx"])


def _office_text(text: str, title: str | None, *, media_type: str) -> RawText:
    if not text.strip():
        raise IngestError("no text in the file")
    return RawText(text=text, media_type=media_type, title=title)


def _read_eml(data: bytes) -> RawText:
    from greenbridge.ingest.mail import read_eml

    message = read_eml(data)
    return RawText(
        message.body, MEDIA_TYPES[".eml"], message.subject, attachments=message.attachments
    )


def _read_msg(data: bytes) -> RawText:
    from greenbridge.ingest.mail import read_msg

    message = read_msg(data)
    return RawText(
        message.body, MEDIA_TYPES[".msg"], message.subject, attachments=message.attachments
    )


def _read_image(media_type: str) -> Callable[[bytes], RawText]:
    def read(data: bytes) -> RawText:
        from greenbridge.ingest.ocr import read_image

        return RawText(text=read_image(data), media_type=media_type)

    return read


def _page_texts(reader: Any) -> list[str]:
    if len(reader.pages) > MAX_PDF_PAGES:
        raise IngestError(
            f"the PDF has {len(reader.pages)} pages; at most {MAX_PDF_PAGES} are read"
        )
    deadline = time.monotonic() + MAX_PDF_SECONDS
    texts = []
    for page in reader.pages:
        if time.monotonic() > deadline:
            raise IngestError(f"reading the PDF took over {MAX_PDF_SECONDS:.0f} s; split it")
        texts.append(page.extract_text() or "")
    return texts


_READERS: dict[str, Callable[[bytes], RawText]] = {
    "text/plain": _read_plain,
    "text/markdown": _read_markdown,
    "text/html": _read_html,
    "application/pdf": _read_pdf,
    MEDIA_TYPES[".docx"]: _read_docx,
    MEDIA_TYPES[".odt"]: _read_odt,
    MEDIA_TYPES[".pptx"]: _read_pptx,
    MEDIA_TYPES[".eml"]: _read_eml,
    MEDIA_TYPES[".msg"]: _read_msg,
    **{MEDIA_TYPES[s]: _read_image(MEDIA_TYPES[s]) for s in (".png", ".jpg", ".tif")},
}
