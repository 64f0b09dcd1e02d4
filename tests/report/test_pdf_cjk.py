"""Chinese names in PDF reports print as text (a CJK font is found at run time)."""

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from greenbridge.report import build_activity, render
from greenbridge.report.fonts import cjk_font_files, fontconfig_file
from greenbridge.store.db import make_engine, make_sessionmaker, upgrade
from tests.report.graph import GraphBuilder

pytestmark = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists() or shutil.which("pdftotext") is None,
    reason="needs /usr/bin/chromium and pdftotext",
)

ORG = "清华大学水利研究所"
EVENT = "中非水资源合作论坛"
TEXT = f"{ORG}于2023年3月在内罗毕主办了{EVENT}。{ORG}与肯尼亚合作开展水资源研究"


@pytest.fixture
def local_session() -> Iterator[Session]:
    engine = make_engine("sqlite://")
    upgrade(engine)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


def _chinese_sample(session: Session) -> None:
    b = GraphBuilder(session)
    news = b.document("合作新闻", TEXT, "2023-03-20")
    org = b.entity("organization", ORG, news, country="CN")
    event = b.entity("event", EVENT, news, start="2023-03-14", end="2023-03-14", country="KE")
    b.relation("organized", org, event, news, f"{ORG}于2023年3月在内罗毕主办了", role="organizer")


def test_a_cjk_font_is_found_on_this_machine() -> None:
    assert cjk_font_files(), "install fonts-noto-cjk (make system-deps)"


def test_chinese_entity_names_are_text_in_the_pdf(local_session: Session, tmp_path: Path) -> None:
    _chinese_sample(local_session)
    report = build_activity(
        local_session, organization=ORG, start=date(2023, 1, 1), end=date(2023, 12, 31)
    )
    pdf = render(report, "pdf")
    assert isinstance(pdf, bytes)
    (tmp_path / "report.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    compact = "".join(text.split())
    assert f"Activityreport:{ORG}" in compact  # the title, glyph for glyph
    assert ORG in compact and EVENT in compact  # the events table


def test_fontconfig_names_the_folder_of_a_font_found_anywhere(tmp_path: Path) -> None:
    folder = tmp_path / "fonts" / "noto"
    folder.mkdir(parents=True)
    (folder / "NotoSansCJK-Regular.ttc").write_bytes(b"")
    found = cjk_font_files((tmp_path / "missing", tmp_path / "fonts"))
    assert found == [folder / "NotoSansCJK-Regular.ttc"]
    config = fontconfig_file(found, tmp_path)
    assert config is not None and f"<dir>{folder}</dir>" in config.read_text()
    assert fontconfig_file([], tmp_path) is None
