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
