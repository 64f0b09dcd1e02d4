"""Partial ISO dates (2021, 2021-09, 2021-09-12) against a report period."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class Period:
    """An inclusive range of days; either end may be open."""

    start: date | None = None
    end: date | None = None

    def overlaps(self, first: str | None, last: str | None = None) -> bool:
        """Whether the partial-date range first..last (last defaults to first) meets the period."""
        low = lower_bound(first)
        high = upper_bound(last or first)
        if low is None or high is None:
            return False
        if self.end and low > self.end:
            return False
        return not (self.start and high < self.start)

    def label(self) -> tuple[str | None, str | None]:
        return (
            self.start.isoformat() if self.start else None,
            self.end.isoformat() if self.end else None,
        )


def lower_bound(value: str | int | None) -> date | None:
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    return date(year, month or 1, day or 1)


def upper_bound(value: str | int | None) -> date | None:
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    month = month or 12
    return date(year, month, day or calendar.monthrange(year, month)[1])


def _parts(value: str | int | None) -> tuple[int, int | None, int | None] | None:
    if value is None:
        return None
    found = _PARTIAL.match(str(value).strip())
    if not found:
        return None
    year = int(found.group(1))
    month = int(found.group(2)) if found.group(2) else None
    day = int(found.group(3)) if found.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return None
    if month and day and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return year, month, day


def human_date(value: str | int | None) -> str:
    """`2021-12-05` -> `5 December 2021`; `2021-09` -> `September 2021`; `2021` -> `2021`."""
    parts = _parts(value)
    if parts is None:
        return str(value or "")
    year, month, day = parts
    if month is None:
        return str(year)
    name = calendar.month_name[month]
    return f"{day} {name} {year}" if day else f"{name} {year}"


def human_range(first: str | None, last: str | None) -> str:
    if not last or last == first:
        return human_date(first)
    a, b = _parts(first), _parts(last)
    if a and b and a[0] == b[0] and a[1] == b[1] and a[2] and b[2]:
        return f"{a[2]} to {human_date(last)}"
    return f"{human_date(first)} to {human_date(last)}"


def month_of(value: str | int | None) -> str | None:
    """The `YYYY-MM` of a date, or `YYYY` when only the year is known."""
    parts = _parts(value)
    if parts is None:
        return None
    return f"{parts[0]}-{parts[1]:02d}" if parts[1] else str(parts[0])
