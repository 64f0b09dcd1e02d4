"""Office files, mail with attachments, images and scanned PDFs: read, split, linked, OCR marked."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from greenbridge.ingest.document import parse_bytes
from greenbridge.ingest.errors import IngestError
from greenbridge.ingest.service import ingest_bytes
from greenbridge.store.entities import in_ocr_ranges
from greenbridge.store.models import Document
from tests.ingest import office_files as files
from tests.ingest.pdfs import write_pdf

ARTICLES = ["Solar pilot opens", "Water workshop"]


@pytest.mark.parametrize("name, make", [("n.docx", files.docx_bytes), ("n.odt", files.odt_bytes)])
def test_word_and_opendocument_keep_headings_for_article_splitting(name, make) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_bytes(make(), name)
    assert parsed.title == "Alliance Newsletter"
    assert [a.title for a in parsed.articles] == ARTICLES
    assert files.STORY_ONE in parsed.article_text(parsed.articles[0])
    assert files.STORY_TWO in parsed.article_text(parsed.articles[1])
    assert not parsed.ocr_ranges


def test_docx_tables_are_read() -> None:
    assert "Partner | Mekong Water Institute" in parse_bytes(files.docx_bytes(), "n.docx").text


def test_a_presentation_is_one_article_per_slide() -> None:
    parsed = parse_bytes(files.pptx_bytes(), "deck.pptx")
    assert [a.title for a in parsed.articles] == ARTICLES
    assert files.STORY_ONE in parsed.article_text(parsed.articles[0])


@pytest.mark.parametrize("name", ["bad.docx", "bad.odt", "bad.pptx", "bad.msg", "bad.png"])
def test_broken_office_mail_and_image_files_fail_with_a_reason(name: str) -> None:
    with pytest.raises(IngestError, match=r"not a|cannot read|no text|not readable"):
        parse_bytes(b"this is not the format its name says " * 10, name)


def _children(session: Session, parent_id: int) -> list[Document]:
    statement = select(Document).where(Document.parent_id == parent_id).order_by(Document.id)
    return list(session.scalars(statement))


def test_an_email_and_its_attachments_are_documents_linked_to_it(
    engine: Engine, tmp_path: Path
) -> None:
    report = write_pdf(tmp_path / "report.pdf").read_bytes()
    agenda = b"Agenda of the water working group: purification pilots in Hanoi.\n"
    data = files.eml_bytes({"report.pdf": report, "agenda.txt": agenda, "bad.txt": b"\x00" * 99})
    result = ingest_bytes(engine, data, "meeting.eml")
    assert result.status == "added", result.message
    statuses = [(Path(r.path).name, r.status) for r in result.attachments or []]
    assert statuses == [
        ("meeting.eml#report.pdf", "added"),
        ("meeting.eml#agenda.txt", "added"),
        ("meeting.eml#bad.txt", "failed"),
    ]
    with Session(engine) as session:
        message = session.get(Document, result.document_id)
        assert message is not None and message.title == "Meeting report of the water working group"
        assert files.STORY_TWO in message.text
        children = _children(session, message.id)
        assert [c.media_type for c in children] == ["application/pdf", "text/plain"]
        assert "Kenya" in children[0].text and "Hanoi" in children[1].text


def test_an_outlook_message_and_its_attachment(engine: Engine) -> None:
    notes = ("Notes of the meeting: the institute will test solar dryers. " * 80).encode()
    data = files.msg_bytes("Solar dryer trial", files.STORY_ONE, {"notes.txt": notes})
    result = ingest_bytes(engine, data, "trial.msg")
    assert result.status == "added", result.message
    with Session(engine) as session:
        message = session.get(Document, result.document_id)
        assert message is not None and message.title == "Solar dryer trial"
        assert files.STORY_ONE in message.text
        (child,) = _children(session, message.id)
        assert child.source == "trial.msg#notes.txt" and "solar dryers" in child.text


def _words(text: str) -> set[str]:
    return {w.strip(".,").lower() for w in text.split()}


@pytest.mark.parametrize(
    "kind, name", [("PNG", "scan.png"), ("JPEG", "scan.jpg"), ("TIFF", "scan.tif")]
)
def test_images_are_read_by_ocr_and_marked(kind: str, name: str) -> None:
    parsed = parse_bytes(files.image_bytes([files.STORY_ONE], kind), name)
    assert _words(files.STORY_ONE) <= _words(parsed.text)
    assert parsed.ocr_ranges == [(0, len(parsed.text.rstrip("\n")))]


def test_only_pdf_pages_without_a_text_layer_are_ocred(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(write_pdf(tmp_path / "text.pdf")))
    writer.append(PdfReader(io.BytesIO(files.image_bytes([files.STORY_TWO], "PDF"))))
    out = io.BytesIO()
    writer.write(out)
    parsed = parse_bytes(out.getvalue(), "mixed.pdf")
    ((start, end),) = parsed.ocr_ranges
    scanned = parsed.text[start:end]
    assert _words(files.STORY_TWO) <= _words(scanned)
    assert "Nairobi" in parsed.text[:start] and "Nairobi" not in scanned


def test_ocr_text_is_marked_on_its_evidence(engine: Engine, tmp_path: Path) -> None:
    from greenbridge.pipeline import analyse_document
    from greenbridge.store.entities import evidence_of
    from greenbridge.store.models import Evidence

    assert in_ocr_ranges([[10, 20]], 15, 18) and not in_ocr_ranges([[10, 20]], 0, 10)
    scan = ingest_bytes(
        engine, files.image_bytes([files.STORY_ONE], "PNG"), "scan.png", analyse=analyse_document
    )
    typed = ingest_bytes(
        engine,
        write_pdf(tmp_path / "typed.pdf").read_bytes(),
        "typed.pdf",
        analyse=analyse_document,
    )
    with Session(engine) as session:
        scanned = evidence_of(session, Evidence.document_id == scan.document_id)
        text_layer = evidence_of(session, Evidence.document_id == typed.document_id)
    assert scanned and all(item.ocr for item in scanned)
    assert text_layer and not any(item.ocr for item in text_layer)
