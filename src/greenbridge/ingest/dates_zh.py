"""Published dates written the Chinese way: `发布时间：2018年7月27日`, `日期：2018-07-27`,
`二〇一八年七月二十七日`, in simplified or traditional characters, with a label or opening a line."""

from __future__ import annotations

import re
from datetime import date

_NUMERALS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "０": 0}
_CHINESE_DIGITS = "〇零○一二三四五六七八九十"
_YEAR = rf"(?P<year>\d{{4}}|[{_CHINESE_DIGITS}]{{4}})"
_MONTH = rf"(?P<month>\d{{1,2}}|[{_CHINESE_DIGITS}]{{1,3}})"
_DAY = rf"(?P<day>\d{{1,2}}|[{_CHINESE_DIGITS}]{{1,3}})"
_WRITTEN = rf"{_YEAR}\s*年\s*{_MONTH}\s*月\s*{_DAY}\s*[日号號]?"
_NUMERIC = r"(?P<y>\d{4})\s*[-/.－／．]\s*(?P<m>\d{1,2})\s*[-/.－／．]\s*(?P<d>\d{1,2})"
_DATE = re.compile(rf"{_WRITTEN}|{_NUMERIC}")
# 发布时间 / 發佈時間 / 发布日期 / 日期 / 时间 / 更新时间 / 发表于 ..., then an optional colon.
_LABEL = re.compile(
    r"(?:(?:发布|發布|發佈|发表|發表|更新|上传|上傳|刊发|刊發|印发|印發|成文)?"
    r"(?:时间|時間|日期)|发布于|發布於|发表于|發表於)\s*[:：]?\s*"
)
_LINE_START = re.compile(rf"^[\s*_>#]*(?:{_WRITTEN})", re.MULTILINE)
_HEAD_CHARS = 3000


def find_published_zh(text: str) -> str | None:
    """The date after a Chinese date label near the top, else a written date opening a line."""
    head = text[:_HEAD_CHARS]
    for label in _LABEL.finditer(head):
        found = _DATE.match(head, label.end())
        if found:
            parsed = _from_match(found)
            if parsed:
                return parsed
    for line_date in _LINE_START.finditer(head):
        parsed = parse_date_zh(line_date.group(0).strip(" *_>#\t"))
        if parsed:
            return parsed
    return None


def parse_date_zh(value: str) -> str | None:
    """`2018年7月27日` or `二〇一八年七月二十七日` as `2018-07-27`; None when it is not one."""
    found = _DATE.match(value.strip())
    return _from_match(found) if found else None


def _from_match(found: re.Match[str]) -> str | None:
    if found.group("y"):
        return _valid(found.group("y"), found.group("m"), found.group("d"))
    return _valid(found.group("year"), found.group("month"), found.group("day"))


def _number(value: str) -> int | None:
    """`27`, `二十七`, `十`, `2018`, `二〇一八` as numbers."""
    if value.isdigit():
        return int(value)
    if "十" in value:
        tens, _, units = value.partition("十")
        high = _NUMERALS.get(tens, -1) if tens else 1
        low = _NUMERALS.get(units, -1) if units else 0
        return None if high < 0 or low < 0 else high * 10 + low
    digits = [_NUMERALS.get(c) for c in value]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _valid(year: str, month: str, day: str) -> str | None:
    numbers = (_number(year), _number(month), _number(day))
    if None in numbers:
        return None
    y, m, d = (n for n in numbers if n is not None)
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None
