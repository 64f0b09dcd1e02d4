"""Splitting a document into articles: one per `## ` heading of a newsletter, else the whole."""

from __future__ import annotations

import re
from dataclasses import dataclass

from greenbridge.ingest.clean_zh import has_cjk
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
        story = 80 if has_cjk(lines[i]) else 200  # characters of a paragraph that follows
        if find_published(following) or len(following) >= story:
            return lines[i][:500]
    return None


_INNER_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")


_CJK_SENTENCE_END = re.compile(r"[。！？；]")


def _title_like(line: str) -> bool:
    """A line that reads as a headline: a few words, not a sentence or a run of sentences."""
    if has_cjk(line):  # Chinese: a few characters, no sentence punctuation
        return (
            6 <= len(line) <= 60
            and not _CJK_SENTENCE_END.search(line)
            and not line.endswith(("，", "：", ":", ","))
        )
    return (
        4 <= len(line.split()) <= 25
        and not line.endswith((".", ":", ",", ";"))
        and not _INNER_SENTENCE_END.search(line)
    )


# A Chinese sentence ends at 。！？ or ；, with the closing quotes or brackets that follow it.
_SENTENCE_ZH = re.compile(r"[^。！？；\n]+(?:[。！？；]+[”’」』）)]*|$)", re.MULTILINE)


def chinese_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) character ranges of the sentences of Chinese `text`, spaces left out."""
    spans = []
    for found in _SENTENCE_ZH.finditer(text):
        start, end = found.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
