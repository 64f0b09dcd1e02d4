"""A document's text laid out for reading: each article's heading once, its paragraphs, the
entity mentions and the sentence an evidence link points at, cut into pieces the template
escapes (nothing here builds HTML)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from itertools import pairwise

from greenbridge.store.models import Article
from greenbridge.store.overview import Mention

MAX_SENTENCE_CHARS = 600
_HEADING = re.compile(r"#{1,6}[ \t]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?。！？](?=[\s\"'”’)\]]|$)|\n")
_AT = re.compile(r"(\d{1,12})-(\d{1,12})")


@dataclass(frozen=True)
class Segment:
    text: str
    mention: Mention | None = None
    marked: bool = False  # part of the sentence the page was opened at
    anchor: str | None = None  # `s-START` on the first marked piece: the link's target


@dataclass
class ArticleView:
    heading: list[Segment]  # the article's title line (Markdown markers left out), or empty
    paragraphs: list[list[Segment]] = field(default_factory=list)
    subheadings: set[int] = field(default_factory=set)  # paragraphs that are Markdown headings


def parse_at(value: str | None) -> tuple[int, int] | None:
    """`START-END` character offsets of the document text, or None when absent or malformed."""
    found = _AT.fullmatch(value.strip()) if value else None
    if found is None:
        return None
    start, end = int(found.group(1)), int(found.group(2))
    return (start, end) if end > start else None


def sentence_around(text: str, offset: int, start: int, end: int) -> tuple[int, int]:
    """The sentence of `text` (which begins at document offset `offset`) that holds the span
    [start, end): from the end of the sentence before to the next sentence end or line end."""
    lo, hi = max(start - offset, 0), min(end - offset, len(text))
    if lo >= len(text) or hi <= 0:
        return start, end
    window_start = max(lo - MAX_SENTENCE_CHARS, 0)
    ends_before = list(_SENTENCE_END.finditer(text, window_start, lo))
    begin = ends_before[-1].end() if ends_before else window_start
    while begin < lo and text[begin].isspace():
        begin += 1
    after = _SENTENCE_END.search(text, max(hi - 1, lo), min(hi + MAX_SENTENCE_CHARS, len(text)))
    finish = after.end() if after else min(hi + MAX_SENTENCE_CHARS, len(text))
    if text[finish - 1 : finish] == "\n":
        finish -= 1
    return offset + begin, offset + max(finish, hi)


def cut(
    text: str, offset: int, mentions: list[Mention], marked: tuple[int, int] | None = None
) -> list[Segment]:
    """`text` (at document offset `offset`) cut into plain runs and mentions, each piece also
    cut where the marked span begins and ends."""
    end = offset + len(text)
    pieces: list[tuple[int, int, Mention | None]] = []
    at = offset
    for m in mentions:
        if m.start < at or m.end > end:
            continue
        if m.start > at:
            pieces.append((at, m.start, None))
        pieces.append((m.start, m.end, m))
        at = m.end
    pieces.append((at, end, None))
    bounds = sorted({b for b in marked or () if offset < b < end})
    return [
        _segment(text, offset, lo, hi, mention, marked)
        for start, stop, mention in pieces
        for lo, hi in _split(start, stop, bounds)
    ]


def _split(start: int, stop: int, bounds: list[int]) -> list[tuple[int, int]]:
    points = [start, *(b for b in bounds if start < b < stop), stop]
    return [(a, b) for a, b in pairwise(points) if b > a]


def _segment(
    text: str, offset: int, lo: int, hi: int, mention: Mention | None,
    marked: tuple[int, int] | None,
) -> Segment:  # fmt: skip
    inside = marked is not None and marked[0] <= lo and hi <= marked[1]
    return Segment(text[lo - offset : hi - offset], mention, inside)


def heading_length(article: Article) -> tuple[int, int]:
    """(characters of the title line, characters of Markdown markers that begin it) when the
    article's text begins with its title or a Markdown heading; (0, 0) otherwise."""
    line = article.text.split("\n", 1)[0]
    markers = _HEADING.match(line)
    skip = markers.end() if markers else 0
    title = (article.title or "").strip()
    if markers or (title and line.strip() == title):
        return len(line), skip
    return 0, 0


def layout(
    article: Article, mentions: list[Mention], marked: tuple[int, int] | None = None,
    *, line_paragraphs: bool = False,
) -> ArticleView:  # fmt: skip
    """The article as a heading and paragraphs: blank lines part paragraphs (every line break
    does when `line_paragraphs`, as in text read from a PDF, whose lines are already joined)."""
    starts = [m.start for m in mentions]
    mentions = mentions[bisect_left(starts, article.start) : bisect_right(starts, article.end)]
    line, skip = heading_length(article)
    heading = cut(article.text[skip:line], article.start + skip, mentions, marked) if line else []
    if not line and article.title:
        heading = [Segment(article.title)]
    view = ArticleView([s for s in heading if s.text.strip()])
    breaks = _LINE_BREAK if line_paragraphs else _BLANK_LINES
    at = line
    for found in [*breaks.finditer(article.text, line), None]:
        stop = found.start() if found else len(article.text)
        chunk = article.text[at:stop]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            text = chunk.strip()
            markers = _HEADING.match(text) if "\n" not in text else None
            if markers:
                view.subheadings.add(len(view.paragraphs))
                lead, text = lead + markers.end(), text[markers.end() :]
            view.paragraphs.append(cut(text, article.start + at + lead, mentions, marked))
        at = found.end() if found else stop
    return view


def layout_document(
    articles: list[Article], mentions: list[Mention], marked: tuple[int, int] | None = None,
    *, anchor: str | None = None, line_paragraphs: bool = False, title: str | None = None,
) -> list[tuple[Article, ArticleView]]:  # fmt: skip
    """Every article laid out; the first marked piece carries `anchor` (`s-START` of the
    evidence span, which the link's fragment scrolls to). A first heading that repeats the
    document's `title` (shown above the text already) is left out."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    views = [(a, layout(a, ordered, marked, line_paragraphs=line_paragraphs)) for a in articles]
    first = views[0][1] if views else None
    if first and title and "".join(p.text for p in first.heading).strip() == title.strip():
        first.heading = []
    if marked is not None:
        _anchor_first_marked([v for _a, v in views], anchor or f"s-{marked[0]}")
    return views


def _anchor_first_marked(views: list[ArticleView], anchor: str) -> None:
    for view in views:
        for pieces in (view.heading, *view.paragraphs):
            for i, piece in enumerate(pieces):
                if piece.marked:
                    pieces[i] = replace(piece, anchor=anchor)
                    return
