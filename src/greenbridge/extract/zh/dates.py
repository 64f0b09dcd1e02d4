"""Chinese dates: `2023年5月12日`, `5月12日` (the year of the document), `5月12日至14日`,
`2023年5月`, `2023-05-12`, and the published date a Chinese page states (`发布时间：`)."""

from __future__ import annotations

import re
from datetime import date

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})(?:\s*[日号]|(?=[,，])))?"
    r"(?:\s*(?:至|到|—|－|-|~|～)\s*(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*[日号])?"
)
_ISO = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")


def _iso(year: int | None, month: int, day: int | None) -> str | None:
    if year is None:
        return None
    try:
        if day is None:
            return date(year, month, 1).isoformat()[:7]
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str, year: int | None) -> list[tuple[int, int, str, str | None]]:
    """(start, end, ISO start, ISO end or None) of each date in `text`; a date without its
    year takes `year` and is dropped when `year` is None."""
    text = text.translate(_DIGITS)
    found: list[tuple[int, int, str, str | None]] = []
    for match in _ISO.finditer(text):
        value = _iso(int(match["y"]), int(match["m"]), int(match["d"]))
        if value:
            found.append((match.start(), match.end(), value, None))
    for match in _DATE.finditer(text):
        y = int(match["y"]) if match["y"] else year
        start = _iso(y, int(match["m"]), int(match["d"]) if match["d"] else None)
        if not start:
            continue
        end = None
        if match["d2"]:
            month = int(match["m2"] or match["m"])
            end = _iso(y, month, int(match["d2"]))
        found.append((match.start(), match.end(), start, end))
    return sorted(found)


def find_published_zh(text: str) -> str | None:
    """The date a labelled line near the top states (`发布时间：2023-05-12`), else None."""
    from greenbridge.ingest.dates import find_published_chinese

    return find_published_chinese(text.translate(_DIGITS))


def year_of(published: str | None) -> int | None:
    return int(published[:4]) if published and published[:4].isdigit() else None
