"""The document page's text: headings once, paragraphs, and the evidence sentence marked."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from greenbridge.ingest import ingest_bytes, ingest_paths
from greenbridge.store.models import Article
from greenbridge.web.reading import layout, layout_document, parse_at, sentence_around
from tests.ingest.pdfs import write_pdf

Client = Callable[[str | None], TestClient]
MARKDOWN = (
    "# Water notes\n\nIntro line.\n\n## Solar pumps reach farms\n\n"
    "The institute installed pumps. Farmers saved water in May.\n\nA second paragraph.\n"
    "\n### Costs\n\nThe pumps cost little.\n"
)


def _text(pieces: list) -> str:  # type: ignore[type-arg]
    return "".join(p.text for p in pieces)


def test_parse_at_takes_start_end_only() -> None:
    assert parse_at("10-25") == (10, 25)
    assert parse_at("25-10") is None
    assert parse_at("x-3") is None
    assert parse_at(None) is None


def test_sentence_around_finds_the_sentence_of_the_span() -> None:
    text = "First one. The institute installed pumps here. Last one."
    start = text.index("institute")
    assert text[slice(*sentence_around(text, 0, start, start + 9))] == (
        "The institute installed pumps here."
    )
    shifted = sentence_around(text, 100, 100 + start, 109 + start)
    assert shifted == (100 + text.index("The"), 100 + text.index(" Last"))


def test_markdown_heading_is_shown_once_without_its_markers() -> None:
    body = MARKDOWN[MARKDOWN.index("## Solar") :]
    article = Article(position=1, title="Solar pumps reach farms", start=30, end=30 + len(body),
                      text=body)  # fmt: skip
    view = layout(article, [])
    assert _text(view.heading) == "Solar pumps reach farms"
    assert [_text(p) for p in view.paragraphs] == [
        "The institute installed pumps. Farmers saved water in May.",
        "A second paragraph.",
        "Costs",
        "The pumps cost little.",
    ]
    assert view.subheadings == {2}


def test_the_marked_span_is_cut_out_and_anchored() -> None:
    body = "Before. The institute installed pumps. After."
    article = Article(position=0, title=None, start=0, end=len(body), text=body)
    start = body.index("The")
    [(_a, view)] = layout_document([article], [], (start, body.index(" After")), anchor="s-12")
    pieces = view.paragraphs[0]
    marked = [p for p in pieces if p.marked]
    assert _text(marked) == "The institute installed pumps."
    assert marked[0].anchor == "s-12"
    assert _text(pieces) == body


def test_markdown_document_page_shows_each_heading_once(
    client_as: Client, app_engine: Engine
) -> None:
    result = ingest_bytes(app_engine, MARKDOWN.encode(), "notes.md")
    page = client_as("viewer").get(f"/documents/{result.document_id}").text
    assert page.count("Solar pumps reach farms") == 1
    assert page.count("<h1>Water notes</h1>") == 1 and "<h2>Water notes</h2>" not in page
    assert "## Solar" not in page and "# Water notes" not in page
    assert "<h2>Solar pumps reach farms</h2>" in page
    assert "<h3>Costs</h3>" in page and "###" not in page


def test_pdf_text_is_shown_in_paragraphs(
    client_as: Client, app_engine: Engine, tmp_path: Path
) -> None:
    lines = ["Cooperation report", "The Alliance met in Nairobi on 11 March 2024 and agreed",
             "to share data.", "", "A second paragraph follows the first one and it is long",
             "enough to wrap."]  # fmt: skip
    [result] = ingest_paths(app_engine, [write_pdf(tmp_path / "r.pdf", lines=lines)])
    page = client_as("viewer").get(f"/documents/{result.document_id}").text
    paragraphs = re.findall(r"<p>(.*?)</p>", page, re.S)
    assert "The Alliance met in Nairobi on 11 March 2024 and agreed to share data." in paragraphs
    assert any(p.startswith("A second paragraph follows") for p in paragraphs)


def test_at_marks_the_sentence_and_keeps_escaping(client_as: Client, app_engine: Engine) -> None:
    text = "Intro <b>bold</b>. The institute & its <i>partners</i> met. The end."
    result = ingest_bytes(app_engine, text.encode(), "x.txt")
    client = client_as("viewer")
    detail = client.get(f"/api/documents/{result.document_id}").json()
    start = detail["text"].index("institute")
    page = client.get(f"/documents/{result.document_id}?at={start}-{start + 9}").text
    marked = re.search(rf'<mark class="at-evidence" id="s-{start}">(.*?)</mark>', page, re.S)
    assert marked is not None
    assert marked.group(1) == "The institute &amp; its &lt;i&gt;partners&lt;/i&gt; met."
    assert "<i>partners</i>" not in page
    assert 'class="at-evidence"' not in client.get(f"/documents/{result.document_id}?at=9-2").text
