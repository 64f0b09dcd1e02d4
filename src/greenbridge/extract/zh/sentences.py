"""Sentences of Chinese text: they end at 。！？；, their full-width quotes, and line breaks."""

from __future__ import annotations

import re

# A sentence ends after its stop and any closing quote or bracket that follows it.
_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character ranges of the sentences of `text`, spaces trimmed, none empty."""
    spans, start = [], 0
    for match in _END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[0] < s[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
