"""Chinese documents: title, published date, page furniture, wrapped PDF lines, sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from greenbridge.ingest import ingest_bytes, parse_bytes, read_path
from greenbridge.ingest.clean import clean_text, is_boilerplate
from greenbridge.ingest.clean_zh import without_site_name
from greenbridge.ingest.dates import find_published, parse_date
from greenbridge.ingest.split import chinese_sentences
from greenbridge.store.db import make_sessionmaker
from greenbridge.store.entities import search_documents
from greenbridge.store.models import Document
from tests.conftest import FIXTURES

FURNITURE = ("首页", "当前位置", "字体", "打印本页", "关闭窗口", "分享到", "上一篇", "版权所有")


def test_a_chinese_text_file_has_its_title_date_and_no_furniture() -> None:
    parsed = read_path(FIXTURES / "zh_news.txt")
    assert parsed.language == "zh"
    assert parsed.title == "宁夏与埃及签署太阳能技术合作协议"
    assert parsed.published == "2018-07-27"
    assert not [word for word in FURNITURE if word in parsed.text]
    assert "双方将在光伏发电、储能和智能电网等领域开展联合研究" in parsed.text
    assert "电话" not in parsed.text and "0951" not in parsed.text


def test_a_traditional_chinese_page_is_read_as_written() -> None:
    parsed = read_path(FIXTURES / "zh_news_traditional.html")
    assert parsed.language == "zh"
    assert parsed.title == "兩岸學者合作研究海水淡化技術"
    assert parsed.published == "2019-03-15"  # 二〇一九年三月十五日
    assert "研究團隊日前宣布" in parsed.text  # the original characters are kept
    for word in ("當前位置", "字體", "列印", "分享到", "版權所有"):
        assert word not in parsed.text


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("发布时间：2018年7月27日  来源：科技厅", "2018-07-27"),
        ("日期：2018-07-27 浏览次数：5", "2018-07-27"),
        ("發佈時間:2019/3/5", "2019-03-05"),
        ("发布日期 二〇二〇年十二月一日", "2020-12-01"),
        ("2021年10月9日 星期六", "2021-10-09"),
        ("更新时间：２０２２－０１－０２", "2022-01-02"),
    ],
)
def test_chinese_date_forms(line: str, iso: str) -> None:
    assert find_published(f"标题\n{line}\n正文。") == iso


def test_a_date_inside_a_sentence_is_not_the_published_date() -> None:
    assert find_published("双方于2018年7月27日签署协议。") is None
    assert find_published("发布时间：2018年2月30日") is None
    assert parse_date("二〇一八年七月二十七日") == "2018-07-27"
    assert parse_date("2018年13月1日") is None


@pytest.mark.parametrize(
    "line",
    [
        "【字体：大 中 小】 【打印本页】 【关闭窗口】",
        "打印本页 | 关闭窗口",
        "分享到：微信 微博",
        "当前位置：首页 > 新闻",
        "首页>新闻中心>国际合作",
        "首页",
        "京ICP备12345678号",
        "版权所有：某某研究院",
    ],
)
def test_chinese_page_furniture_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


def test_chinese_content_lines_are_kept() -> None:
    for line in ("发布时间：2018-07-27 | 来源：科技厅 | 作者：王明", "中国与埃及签署合作协议"):
        assert not is_boilerplate(line)


def test_wrapped_chinese_lines_join_without_spaces() -> None:
    wrapped = (
        "宁夏回族自治区科技厅与埃及新能源署在银川签署太阳\n"
        "能技术合作协议，双方将在光伏发电和储能等领域开展联合\n"
        "研究，并共建一座示范电站，首批人员将于明年春季启程。\n"
    )
    cleaned = clean_text(wrapped, hard_wrapped=True)
    assert "签署太阳能技术合作协议" in cleaned
    assert "开展联合研究" in cleaned


def test_chinese_sentences_end_at_full_stops() -> None:
    text = "双方签署协议。“我们很高兴！”他说；会谈结束\n下一步是什么？"
    assert [text[a:b] for a, b in chinese_sentences(text)] == [
        "双方签署协议。",
        "“我们很高兴！”",
        "他说；",
        "会谈结束",
        "下一步是什么？",
    ]


def _chinese_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF drawn with reportlab's built-in Adobe CID font for simplified Chinese."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    try:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    except Exception as exc:  # pragma: no cover - depends on the reportlab build
        pytest.skip(f"reportlab has no CJK font here ({exc})")
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setFont("STSong-Light", 12)
    y = 800
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return path


def test_a_chinese_pdf_is_read_with_its_title_and_date(tmp_path: Path) -> None:
    lines = [
        "中非联合实验室启动节水灌溉研究",
        "发布时间：2023年6月20日",
        "",
        "中非联合实验室日前在内罗毕启动节水灌溉技术的联合研",
        "究，双方科研人员将在三年内完成滴灌设备的本地化试验",
        "，并为当地农户提供技术培训。项目负责人表示，合作将",
        "显著减少农业用水。",
    ]
    parsed = read_path(_chinese_pdf(tmp_path / "zh.pdf", lines))
    assert parsed.language == "zh"
    assert parsed.title == "中非联合实验室启动节水灌溉研究"
    assert parsed.published == "2023-06-20"
    assert "节水灌溉技术的联合研究，双方科研人员" in parsed.text
    assert "试验，并为当地农户" in parsed.text


def test_a_stored_chinese_document_keeps_its_title_and_is_found(engine: Engine) -> None:
    data = (FIXTURES / "zh_news.txt").read_bytes()
    result = ingest_bytes(engine, data, "zh_news.txt")
    assert result.status == "added"
    with make_sessionmaker(engine)() as session:
        document = session.get(Document, result.document_id)
        assert document is not None
        assert (document.title, document.published, document.language) == (
            "宁夏与埃及签署太阳能技术合作协议",
            "2018-07-27",
            "zh",
        )
        assert [hit.id for hit in search_documents(session, "示范电站")] == [document.id]
        assert [hit.id for hit in search_documents(session, "示範電站")] == [document.id]


def test_parse_bytes_reads_a_gb18030_file() -> None:
    data = (FIXTURES / "zh_news.txt").read_text(encoding="utf-8").encode("gb18030")
    parsed = parse_bytes(data, "zh_news.txt")
    assert parsed.title == "宁夏与埃及签署太阳能技术合作协议"


@pytest.mark.parametrize("separator", ["_", " - ", "|", "｜", "——"])
def test_a_chinese_page_title_loses_the_site_name(separator: str) -> None:
    body = (
        "<p>"
        + "來自兩岸多所大學的研究團隊日前宣布，將共同開發低能耗的海水淡化膜材料。" * 3
        + "</p>"
    )
    title = f"兩岸學者合作研究海水淡化技術{separator}科技新聞網"
    html = (
        f"<html><head><meta charset=utf-8><title>{title}</title></head><body>{body}</body></html>"
    )
    assert parse_bytes(html.encode(), "page.html").title == "兩岸學者合作研究海水淡化技術"
    assert without_site_name("Solar Lab | News") == "Solar Lab | News"  # English left as it is
