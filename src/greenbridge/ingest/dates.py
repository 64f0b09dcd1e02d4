"""The published date a document states about itself (`Time: 2018-07-27`, `Published: 3 May 2024`)."""

from __future__ import annotations

import re
from datetime import date

from greenbridge.ingest.dates_zh import find_published_zh, parse_date_zh

_LABELS = (
    r"(?:time|date|published(?: on| date)?|posted(?: on)?|release (?:date|time)|issued(?: on)?|"
    r"publication date|updated(?: on)?)"
)
_VALUE = r"(?P<value>[^\n|·]{6,40}?)(?=\s{2,}|\s*[|·*]|\s*$)"
# A label opening a line (colon optional), or a label with a colon anywhere in the text.
_LABEL = re.compile(
    rf"(?:^[\s*_>#]*{_LABELS}\s*[:：]?|\b{_LABELS}\s*[:：])\s*{_VALUE}",
    re.IGNORECASE | re.MULTILINE,
)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_HEAD_CHARS = 3000


def find_published(text: str) -> str | None:
    """The ISO date of a labelled date line near the top of `text` (English or Chinese labels,
    see `dates_zh`), else None."""
    for match in _LABEL.finditer(text[:_HEAD_CHARS]):
        parsed = parse_date(match.group("value").strip())
        if parsed:
            return parsed
    return find_published_zh(text)


_ZH_DATE = r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})"
_ZH_LABEL = re.compile(rf"(?:发布|發佈|发表|發表|时间|時間|日期)[^\n:：]{{0,4}}[:：]\s*{_ZH_DATE}")
_ZH_HEAD_LINE = re.compile(rf"^(?![^\n]*[。！？])[^\n]{{0,60}}?{_ZH_DATE}", re.MULTILINE)


def find_published_chinese(text: str) -> str | None:
    """The date a Chinese page states about itself: a labelled date (`发布时间:2023-03-16`)
    near the top, else a full date on one of its first lines that is not a sentence
    (`中央政府门户网站  2008年01月17日  来源:…`)."""
    head = text[:_HEAD_CHARS]
    match = _ZH_LABEL.search(head)
    if match is None:
        match = _ZH_HEAD_LINE.search("\n".join(head.splitlines()[:4]))
    if match is None:
        return None
    return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def parse_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD) for a written date such as `2018-07-27` or `May 3, 2024`."""
    iso = _ISO.match(value)
    if iso:
        return _valid(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    chinese = parse_date_zh(value)
    if chinese:
        return chinese
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
    )
    return parsed.date().isoformat() if parsed else None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
