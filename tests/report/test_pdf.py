"""PDF through headless Chromium's print, checked as PNG pages."""

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sqlalchemy.orm import Session

from greenbridge.report import build_activity, build_newsletter, render
from greenbridge.store.db import make_engine, make_sessionmaker, upgrade
from tests.report.graph import build_sample

pytestmark = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists() or shutil.which("pdftoppm") is None,
    reason="needs /usr/bin/chromium and pdftoppm",
)


def _pages(pdf: bytes, folder: Path) -> list[Path]:
    (folder / "report.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(folder / "report.pdf"), str(folder / "page")],
        check=True,
    )
    return sorted(folder.glob("page*.png"))


def _ink(png: Path) -> float:
    """The share of pixels that are not white."""
    pixels = np.asarray(Image.open(png).convert("L"))
    return float((pixels < 200).mean())


@pytest.fixture
def local_session() -> Iterator[Session]:
    """Printing does not depend on the database backend: one in-memory SQLite store."""
    engine = make_engine("sqlite://")
    upgrade(engine)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


def test_activity_pdf_has_pages_with_text_and_charts(
    local_session: Session, tmp_path: Path
) -> None:
    build_sample(local_session)
    report = build_activity(
        local_session,
        organization="Lakeland Institute of Hydrology",
        start=date(2023, 1, 1),
        end=date(2023, 12, 31),
    )
    pdf = render(report, "pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    pages = _pages(pdf, tmp_path)
    assert 1 <= len(pages) <= 4
    assert _ink(pages[0]) > 0.02  # title, chart bars and tables, not a blank page


def test_empty_newsletter_pdf_is_one_short_page(local_session: Session, tmp_path: Path) -> None:
    report = build_newsletter(local_session, start=date(2001, 1, 1), end=date(2001, 1, 31))
    pages = _pages(render(report, "pdf"), tmp_path)  # type: ignore[arg-type]
    assert len(pages) == 1
    assert 0.001 < _ink(pages[0]) < 0.05
