import time
from pathlib import Path

import pytest

from greenbridge.ingest import IngestError, parse_bytes, read_path
from greenbridge.ingest.dates import find_published, parse_date
from greenbridge.ingest.language import detect_language
from greenbridge.ingest.readers import strip_markdown_inline
from tests.conftest import CORPUS
from tests.ingest.pdfs import write_broken_pdf, write_pdf


def test_every_corpus_file_is_read() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        parsed = read_path(path)
        assert parsed.text.strip()
        assert parsed.language == "en"
        assert len(parsed.content_hash) == 64


def test_newsletter_gives_one_article_per_heading() -> None:
    path = next(CORPUS.glob("002_*.txt"))
    raw = path.read_text()
    headings = [line[3:].strip() for line in raw.splitlines() if line.startswith("## ")]
    parsed = read_path(path)
    assert [a.title for a in parsed.articles] == headings
    first = parsed.articles[1]
    assert parsed.article_text(first).startswith("## " + headings[1])
    assert "Wan Gang" in parsed.article_text(first)
    assert "Zhang Yuzhuo pays a visit" not in parsed.article_text(first)[len(headings[1]) + 4 :]


def test_published_date_is_the_labelled_one() -> None:
    assert read_path(next(CORPUS.glob("001_*.txt"))).published == "2018-07-27"
    assert read_path(next(CORPUS.glob("004_*.txt"))).published is None
    assert find_published("Title\n*Published: 22 February 2024 · Kathmandu*\n") == "2024-02-22"
    assert find_published("Release time: 2023-06-20    Source: Secretariat") == "2023-06-20"
    assert find_published("On January 9 the alliance met.") is None
    assert parse_date("2018-02-30") is None


def test_title_of_a_news_page() -> None:
    parsed = read_path(next(CORPUS.glob("001_*.txt")))
    assert parsed.title == "China’s Green Technologies Are Thriving in the Belt & Road Countries"


def test_html_page_is_reduced_to_its_article() -> None:
    html = b"""<html><head><title>Lab opens</title></head><body>
    <nav><a href='/'>Home</a> <a href='/news'>News</a></nav>
    <article><h1>Joint laboratory for solar desalination opens in Rabat</h1>
    <time datetime='2024-07-03'>3 July 2024</time>
    <p>The joint laboratory was inaugurated in Rabat, Morocco, on 2 July 2024 by the Moroccan
    Institute of Water Research and a partner academy. Its pilot plant produces 60 tons of
    fresh water per day from brackish wells using solar membrane distillation.</p>
    <p>Prof. Laila Bennani, Director of the institute, said the plant halved energy use.</p>
    </article><footer>Copyright 2024</footer></body></html>"""
    parsed = parse_bytes(html, "page.html")
    assert parsed.media_type == "text/html"
    assert "60 tons of fresh water" in parsed.text
    assert "Copyright" not in parsed.text
    assert parsed.published == "2024-07-03"


def test_pdf_is_read_and_its_hyphenation_repaired(tmp_path: Path) -> None:
    parsed = read_path(write_pdf(tmp_path / "report.pdf"))
    assert parsed.media_type == "application/pdf"
    assert "Kenya Arid Lands Institute" in parsed.text
    assert parsed.published == "2024-03-12"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notes.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
        ("notes.docx", b"PK\x03\x04", "not a Word"),
        ("empty.txt", b"  \n", "empty file"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary content"),
        ("fake.pdf", b"hello, not a pdf", "not a PDF file"),
        ("page.html", b"<html><body><script>x()</script></body></html>", "no readable text"),
    ],
)
def test_bad_input_gets_a_clear_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        parse_bytes(data, name)


def test_encrypted_and_broken_pdfs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="encrypted PDF"):
        read_path(write_pdf(tmp_path / "secret.pdf", encrypt="s3cret"))
    with pytest.raises(IngestError, match=r"broken PDF|no extractable text"):
        read_path(write_broken_pdf(tmp_path / "broken.pdf"))


def test_oversized_and_unreadable_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    with pytest.raises(IngestError, match="over the 100 bytes limit"):
        read_path(big, max_bytes=100)
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(IngestError, match="cannot read file"):
        read_path(dangling)
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(IngestError, match="not a regular file"):
        read_path(folder)


def test_language_of_other_texts() -> None:
    assert (
        detect_language("中国科学院与多个国家的研究机构合作，推动绿色技术在沙漠地区的应用。")
        == "zh"
    )
    french = "Le centre de recherche a signé un accord avec les partenaires de la région pour la gestion de l'eau."
    assert detect_language(french) == "fr"
    assert (
        detect_language("The institute signed an agreement with the partners of the region.")
        == "en"
    )


@pytest.mark.parametrize("unit", [b"![", b"[a](", b"**a ", b"a" * 1000 + b"-\n"])
def test_a_five_megabyte_markdown_file_is_parsed_in_linear_time(unit: bytes) -> None:
    started = time.perf_counter()
    parse_bytes(unit * (5_000_000 // len(unit)), "long.md")
    assert time.perf_counter() - started < 5  # about 1 s; the quadratic patterns took hours


def test_markdown_inline_markup_becomes_plain_text() -> None:
    text = "See ![logo](a.png), [the site](https://x.org), **bold**, __under__ and *it*; 2 * 3."
    assert strip_markdown_inline(text) == "See logo, the site, bold, under and it; 2 * 3."
