import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from greenbridge.ingest import ingest_bytes, ingest_paths, readers
from greenbridge.ingest.document import ParsedDocument
from greenbridge.ingest.readers import RawText
from greenbridge.ingest.service import ResultWriter
from greenbridge.store.db import make_sessionmaker
from greenbridge.store.models import Article, Document, Entity
from tests.conftest import CORPUS
from tests.ingest.pdfs import zip_bomb_pdf


def _count(engine: Engine, model: type) -> int:
    with make_sessionmaker(engine)() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_corpus_is_ingested_once(engine: Engine) -> None:
    results = ingest_paths(engine, [CORPUS])
    assert [r.status for r in results] == ["added"] * 5
    assert _count(engine, Document) == 5
    articles = _count(engine, Article)
    again = ingest_paths(engine, [CORPUS])
    assert [r.status for r in again] == ["duplicate"] * 5
    assert all("nothing changed" in r.message for r in again)
    assert _count(engine, Document) == 5
    assert _count(engine, Article) == articles


def test_newsletter_articles_are_stored_with_offsets(engine: Engine) -> None:
    [result] = ingest_paths(engine, [next(CORPUS.glob("002_*.txt"))])
    with make_sessionmaker(engine)() as session:
        document = session.get(Document, result.document_id)
        assert document is not None
        assert len(document.articles) == 17
        for article in document.articles:
            assert document.text[article.start : article.end] == article.text


def test_a_bad_file_fails_alone_and_the_batch_goes_on(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("The Dryland Institute met partners in Nairobi, Kenya.")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary" * 50)
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "notes.xyz").write_text("ignored")
    results = {Path(r.path).name: r for r in ingest_paths(engine, [tmp_path])}
    assert results["good.txt"].status == "added"
    assert results["bad.txt"].status == "failed"
    assert results["empty.md"].status == "failed"
    assert results["notes.xyz"].status == "skipped"
    named = ingest_paths(engine, [tmp_path / "notes.xyz"])
    assert named[0].status == "failed" and "unsupported file type" in named[0].message
    assert _count(engine, Document) == 1


def test_a_failing_analysis_rolls_the_whole_document_back(engine: Engine) -> None:
    def analyse(_engine: Engine, parsed: ParsedDocument) -> ResultWriter:
        def write(session: Session, document: Document) -> dict[str, int]:
            session.add(Entity(type="organization", name="Half-written Institute", attributes={}))
            session.flush()
            raise RuntimeError("linking crashed")

        return write

    data = b"The Dryland Institute met partners in Nairobi, Kenya, on 3 May 2024."
    result = ingest_bytes(engine, data, "note.txt", analyse=analyse)
    assert result.status == "failed"
    assert result.message == (
        "could not be ingested (RuntimeError: linking crashed); nothing was stored"
    )
    assert _count(engine, Document) == 0
    assert _count(engine, Entity) == 0


def test_upload_over_the_limit_is_refused(engine: Engine) -> None:
    result = ingest_bytes(engine, b"a" * 2000, "big.txt", max_bytes=1000)
    assert result.status == "failed" and "limit" in result.message
    assert _count(engine, Document) == 0


def test_a_pdf_zip_bomb_fails_cleanly_with_bounded_work(engine: Engine) -> None:
    bomb = zip_bomb_pdf(1 << 30)  # about 1 MB that inflates to 1 GiB
    started = time.perf_counter()
    result = ingest_bytes(engine, bomb, "bomb.pdf")
    assert result.status == "failed"
    assert "inflates past the safety limit" in result.message
    assert time.perf_counter() - started < 10  # pypdf stops at its 75 MB limit: about 0.3 s
    assert _count(engine, Document) == 0


def test_any_reader_error_fails_that_file_and_the_batch_goes_on(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = readers._READERS["text/plain"]

    def fragile(data: bytes) -> RawText:
        if b"crash" in data:
            raise RecursionError("maximum recursion depth exceeded")
        return plain(data)

    monkeypatch.setitem(readers._READERS, "text/plain", fragile)
    tmp_path = tmp_path / "batch"
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text("The Dryland Institute met partners in Nairobi, Kenya.")
    (tmp_path / "b.txt").write_text("crash")
    (tmp_path / "c.pdf").write_bytes(zip_bomb_pdf(100 << 20))
    (tmp_path / "d.txt").write_text("The Kenya Arid Lands Institute met in Nairobi.")
    results = {Path(r.path).name: r for r in ingest_paths(engine, [tmp_path])}
    assert {name: r.status for name, r in results.items()} == {
        "a.txt": "added", "b.txt": "failed", "c.pdf": "failed", "d.txt": "added",
    }  # fmt: skip
    assert results["b.txt"].message == (
        "cannot read this text/plain file (RecursionError: maximum recursion depth exceeded)"
    )


def test_a_chinese_document_is_extracted_into_the_graph(engine: Engine) -> None:
    from greenbridge.extract.zh import ZH_EXTRACTOR_VERSION
    from greenbridge.pipeline import analyse_document
    from greenbridge.store.models import Evidence, Relation

    text = (
        Path(__file__).resolve().parent.parent / "fixtures" / "zh" / "agreement.txt"
    ).read_bytes()
    result = ingest_bytes(engine, text, "agreement.txt", analyse=analyse_document)
    assert result.status == "added"
    with make_sessionmaker(engine)() as session:
        names = set(session.scalars(select(Entity.name)))
        assert {"东方材料研究院", "北海大学", "周明远"} <= names
        assert (session.scalar(select(func.count()).select_from(Relation)) or 0) > 0
        versions = set(session.scalars(select(Evidence.extractor_version)))
        assert ZH_EXTRACTOR_VERSION in versions
