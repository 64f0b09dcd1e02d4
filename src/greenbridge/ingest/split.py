"""Splitting a document into articles: one per `## ` heading of a newsletter, else the whole."""

from __future__ import annotations

import re
from dataclasses import dataclass

from greenbridge.ingest.dates import find_published

_ARTICLE_HEADING = re.compile(r"^##\s+(?P<title>\S.*?)\s*#*\s*$", re.MULTILINE)
_TITLE_HEADING = re.compile(r"^#\s+(?P<title>\S.*?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class ArticleSpan:
    """An article as a character range of the cleaned document text."""

    position: int
    title: str | None
    start: int
    end: int


def split_articles(text: str) -> list[ArticleSpan]:
    """Articles of `text`: a preamble (when it holds more than a title) and one per `## ` heading."""
    headings = list(_ARTICLE_HEADING.finditer(text))
    if not headings:
        return [ArticleSpan(0, None, 0, len(text))]
    spans: list[ArticleSpan] = []
    preamble = _TITLE_HEADING.sub("", text[: headings[0].start()]).strip()
    if preamble:
        spans.append(ArticleSpan(0, None, 0, headings[0].start()))
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        spans.append(ArticleSpan(len(spans), heading.group("title"), heading.start(), end))
    return spans


def find_title(text: str) -> str | None:
    """A document title: its `# ` heading, else its first short line that is not a sentence."""
    heading = _TITLE_HEADING.search(text)
    if heading:
        return heading.group("title")
    lines = [line.strip() for line in text.split("\n")[:15]]
    candidates = [i for i, line in enumerate(lines) if _title_like(line)]
    for i in candidates:  # a headline is followed by its date line or by the story
        following = next((line for line in lines[i + 1 :] if line), "")
        if find_published(following) or len(following) >= 200:
            return lines[i][:500]
    return None


_INNER_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")


def _title_like(line: str) -> bool:
    """A line that reads as a headline: a few words, not a sentence or a run of sentences."""
    return (
        4 <= len(line.split()) <= 25
        and not line.endswith((".", ":", ",", ";"))
        and not _INNER_SENTENCE_END.search(line)
    )
