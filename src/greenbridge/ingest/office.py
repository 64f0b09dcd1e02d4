"""Office readers: .docx, .odt and .pptx to text, headings kept as `#` lines for article splitting.

A document that uses a Title style gets it as its `# ` heading and its level-1 headings as
`## ` articles; otherwise heading levels are kept as they are (level 2 starts an article).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from xml.etree import ElementTree

from greenbridge.ingest.errors import IngestError

_HEADING_STYLE = re.compile(r"^heading\s*(?P<level>\d)$", re.IGNORECASE)
MAX_ZIP_MEMBER_BYTES = 200 * 1024 * 1024  # an office file's XML part inflated past this: a bomb


def _check_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise IngestError(f"not a {kind} file (not a zip package)") from exc
    if any(info.file_size > MAX_ZIP_MEMBER_BYTES for info in archive.infolist()):
        raise IngestError(f"{kind} not read: a part inflates past the safety limit; a zip bomb?")
    return archive


def _markdown(blocks: Iterable[tuple[int, str]]) -> str:
    """(heading level or 0, text) blocks to text with `#` headings; the Title style is level -1."""
    items = [(level, " ".join(text.split())) for level, text in blocks]
    items = [(level, text) for level, text in items if text]
    shift = 1 if any(level == -1 for level, _ in items) else 0
    lines = []
    for level, text in items:
        if level == -1:
            lines.append(f"# {text}")
        elif level > 0:
            lines.append(f"{'#' * min(level + shift, 6)} {text}")
        else:
            lines.append(text)
    return "\n\n".join(lines)


def _level_of_style(name: str | None) -> int:
    name = (name or "").strip()
    if name.lower() == "title":
        return -1
    match = _HEADING_STYLE.match(name)
    return int(match.group("level")) if match else 0


def read_docx(data: bytes) -> tuple[str, str | None]:
    """The text of a Word document (paragraphs and table rows in order) and its core title."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_zip(data, "Word (.docx)")
    document = docx.Document(io.BytesIO(data))
    blocks: list[tuple[int, str]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append((_level_of_style(item.style.name if item.style else None), item.text))
        elif isinstance(item, Table):
            for row in item.rows:
                cells = [cell.text.strip() for cell in row.cells]
                blocks.append((0, " | ".join(dict.fromkeys(c for c in cells if c))))
    title = document.core_properties.title or None
    return _markdown(blocks), title


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_ODF_DC = "http://purl.org/dc/elements/1.1/"


def read_odt(data: bytes) -> tuple[str, str | None]:
    """The text of an OpenDocument text file (headings with their outline level) and its title."""
    archive = _check_zip(data, "OpenDocument (.odt)")
    try:
        content = ElementTree.fromstring(archive.read("content.xml"))
    except KeyError as exc:
        raise IngestError("not an OpenDocument text file (no content.xml)") from exc
    title = None
    if "meta.xml" in archive.namelist():
        meta = ElementTree.fromstring(archive.read("meta.xml"))
        found = meta.find(f".//{{{_ODF_DC}}}title")
        title = found.text.strip() if found is not None and found.text else None
    title_styles = _odt_title_styles(content)
    return _markdown(_odt_blocks(content, title_styles)), title


def _odt_title_styles(content: ElementTree.Element) -> set[str]:
    """Automatic paragraph styles derived from the Title style (`P1` whose parent is `Title`)."""
    names = {"Title"}
    for style in content.iter(f"{{{_ODF_STYLE}}}style"):
        if style.get(f"{{{_ODF_STYLE}}}parent-style-name") == "Title":
            names.add(style.get(f"{{{_ODF_STYLE}}}name", ""))
    return names


def _odt_blocks(content: ElementTree.Element, title_styles: set[str]) -> Iterator[tuple[int, str]]:
    for element in content.iter():
        if element.tag == f"{{{_ODF_TEXT}}}h":
            level = element.get(f"{{{_ODF_TEXT}}}outline-level", "1")
            yield (int(level) if level.isdigit() else 1), _odt_text(element)
        elif element.tag == f"{{{_ODF_TEXT}}}p":
            style = element.get(f"{{{_ODF_TEXT}}}style-name", "")
            yield (-1 if style in title_styles else 0), _odt_text(element)


def _odt_text(element: ElementTree.Element) -> str:
    """An element's text with `text:s` spaces, tabs and line breaks as whitespace."""
    parts = [element.text or ""]
    for child in element:
        name = child.tag.rsplit("}", 1)[-1]
        if name in {"s", "tab", "line-break"}:
            parts.append(" ")
        elif name not in {"note", "annotation"}:
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_pptx(data: bytes) -> tuple[str, str | None]:
    """One `## ` article per slide (its title), the text of its shapes and notes below."""
    from pptx import Presentation

    _check_zip(data, "PowerPoint (.pptx)")
    presentation = Presentation(io.BytesIO(data))
    blocks: list[tuple[int, str]] = []
    for number, slide in enumerate(presentation.slides, start=1):
        heading = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        blocks.append((1, heading.strip() or f"Slide {number}"))
        for shape in slide.shapes:
            if shape == slide.shapes.title or not shape.has_text_frame:
                continue
            blocks.extend((0, p.text) for p in shape.text_frame.paragraphs)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            blocks.append((0, slide.notes_slide.notes_text_frame.text))
    title = presentation.core_properties.title or None
    # slides are the articles: level 1 is shifted to `## ` under the presentation's title
    text = _markdown(([(-1, title)] if title else []) + blocks)
    if not title:
        text = re.sub(r"^# ", "## ", text, flags=re.MULTILINE)
    return text, title
