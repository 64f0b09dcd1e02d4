"""Chinese dates, in the text and as the date a page states about itself."""

from __future__ import annotations

from greenbridge.extract.zh.dates import find_dates
from greenbridge.ingest.dates import find_published_chinese


def test_full_partial_and_ranged_dates() -> None:
    text = "2023年5月12日至14日会议召开，6月3日闭幕，2024-01-02发布，2022年7月启动。"
    found = [(start, end) for _a, _b, start, end in find_dates(text, 2023)]
    assert found == [
        ("2023-05-12", "2023-05-14"),
        ("2023-06-03", None),
        ("2024-01-02", None),
        ("2022-07", None),
    ]


def test_a_date_without_its_year_needs_the_year_of_the_document() -> None:
    assert find_dates("5月18日开班", None) == []
    assert find_dates("5月18,开班", 2010)[0][2] == "2010-05-18"


def test_the_published_date_of_a_chinese_page() -> None:
    assert (
        find_published_chinese("标题\n作者:   |   发布时间:2023-03-16  |  【打印】") == "2023-03-16"
    )
    assert find_published_chinese(
        "标题\n门户网站 www.x.cn   2008年01月17日   来源:网站\n正文。"
    ) == ("2008-01-17")
    assert find_published_chinese("标题\n正文说2008年1月17日发生了一件事。") is None
