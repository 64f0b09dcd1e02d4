"""Dates and date ranges written in English news text, resolved against a reference year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<{0}>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)"

# Longest forms first: a range, then a single day, then a month alone.
_PATTERNS = [
    # from December 1 to 4, 2021 / December 16-18, 2021 / July 22nd to 25th
    re.compile(
        rf"\b{_MONTH.format('m1')}\s+{_DAY.format('d1')}\s*(?:-|–|to|and)\s*"
        rf"(?:{_MONTH.format('m2')}\s+)?{_DAY.format('d2')}\b(?:,?\s+{_YEAR.format('y')})?"
    ),
    # 22-25 July 2018 / 22 to 25 July
    re.compile(
        rf"\b{_DAY.format('d1')}\s*(?:-|–|to)\s*{_DAY.format('d2')}\s+{_MONTH.format('m1')}"
        rf"(?:,?\s+{_YEAR.format('y')})?"
    ),
    # January 24, 2022 / June 3rd
    re.compile(rf"\b{_MONTH.format('m1')}\s+{_DAY.format('d1')}\b(?:,?\s+{_YEAR.format('y')})?"),
    # 12 September 2021
    re.compile(rf"\b{_DAY.format('d1')}\s+{_MONTH.format('m1')}(?:,?\s+{_YEAR.format('y')})?"),
    # ISO 2018-07-27
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)\b"),
    # September 2021
    re.compile(rf"\b{_MONTH.format('m1')}\s+{_YEAR.format('y')}\b"),
]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    begin: str  # ISO date, possibly partial (2021-09)
    finish: str


def _month(value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    return MONTHS.get(value.lower().rstrip("."))


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def _resolve(match: re.Match[str], year: int | None) -> tuple[str, str] | None:
    y = int(_group(match, "y") or 0) or year
    m1 = _month(_group(match, "m1"))
    m2 = _month(_group(match, "m2")) or m1
    d1 = _group(match, "d1")
    d2 = _group(match, "d2") or d1
    begin = _iso(y, m1, int(d1) if d1 else None)
    finish = _iso(y, m2, int(d2) if d2 else None)
    if begin is None or finish is None:
        return None
    return begin, finish


def find_dates(text: str, *, year: int | None = None, offset: int = 0) -> list[DateMention]:
    """Every date or date range in `text`; a missing year is taken from `year`."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            resolved = _resolve(match, year)
            if resolved is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(
                DateMention(
                    start=offset + match.start(),
                    end=offset + match.end(),
                    text=match.group(0),
                    begin=resolved[0],
                    finish=resolved[1],
                )
            )
    found.sort(key=lambda d: d.start)
    return found


def year_of(iso: str | None) -> int | None:
    if not iso or not iso[:4].isdigit():
        return None
    return int(iso[:4])
