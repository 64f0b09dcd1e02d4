"""OCR with Tesseract (Debian `tesseract-ocr`, English and simplified Chinese data) through
pytesseract: images, and the pages of a PDF that have no text layer (rendered by pdftoppm).

OCR text is wrapped in `OCR_START` / `OCR_END` marks; `take_ocr_ranges` removes them after
cleaning and gives the character ranges they held, stored on the document, so every piece of
evidence taken from those ranges is marked as OCR text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from greenbridge.ingest.errors import IngestError

OCR_LANGUAGES = "eng+chi_sim"
OCR_DPI = 300
OCR_START, OCR_END = "\ue000", "\ue001"  # private-use characters: never in a document's text
MAX_OCR_PAGES = 200
MAX_IMAGE_PIXELS = 200_000_000


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def _require(tool: str, package: str) -> None:
    if shutil.which(tool) is None:
        raise IngestError(f"OCR needs {tool} ({package}; `make system-deps` installs it)")


def ocr_image(image: object, *, languages: str = OCR_LANGUAGES) -> str:
    """The text Tesseract reads in a PIL image."""
    import pytesseract

    _require("tesseract", "Debian tesseract-ocr")
    text: str = pytesseract.image_to_string(image, lang=languages)
    return text


def read_image(data: bytes) -> str:
    """OCR text of a .png, .jpg or .tif (every frame of a multi-page TIFF), marked as OCR."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise IngestError(f"not a readable image ({exc.__class__.__name__})") from exc
    pages = [ocr_image(frame) for frame in frames[:MAX_OCR_PAGES]]
    text = "\n\n".join(mark_ocr(page) for page in pages if page.strip())
    if not text:
        raise IngestError("OCR found no text in the image")
    return text


def ocr_pdf_page(data: bytes, page_number: int) -> str:
    """OCR text of one page (1-based) of a PDF, rendered at OCR_DPI by pdftoppm."""
    from PIL import Image

    _require("pdftoppm", "Debian poppler-utils")
    with tempfile.TemporaryDirectory(prefix="greenbridge-ocr-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        prefix = Path(folder) / "page"
        command = ["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-singlefile"]
        command += ["-f", str(page_number), "-l", str(page_number), str(source), str(prefix)]
        done = subprocess.run(command, capture_output=True, timeout=120, check=False)
        rendered = prefix.with_suffix(".png")
        if done.returncode != 0 or not rendered.exists():
            reason = done.stderr.decode(errors="replace").strip()[:200]
            raise IngestError(f"cannot render PDF page {page_number} for OCR ({reason})")
        with Image.open(rendered) as image:
            return ocr_image(image)


def mark_ocr(text: str) -> str:
    return f"{OCR_START}\n{text.strip()}\n{OCR_END}"


_MARK = re.compile(rf"{OCR_START}\s*|\s*{OCR_END}")


def take_ocr_ranges(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` without its OCR marks (and the whitespace on their inner side), and the
    [start, end) ranges of the text they enclosed."""
    if OCR_START not in text and OCR_END not in text:
        return text, []
    parts: list[str] = []
    ranges: list[tuple[int, int]] = []
    length, position = 0, 0
    start: int | None = None
    for mark in _MARK.finditer(text):
        parts.append(text[position : mark.start()])
        length += mark.start() - position
        position = mark.end()
        if OCR_START in mark.group() and start is None:
            start = length
        elif OCR_END in mark.group() and start is not None:
            ranges.append((start, length))
            start = None
    parts.append(text[position:])
    length += len(text) - position
    if start is not None:
        ranges.append((start, length))
    return "".join(parts), [(s, e) for s, e in ranges if e > s]
