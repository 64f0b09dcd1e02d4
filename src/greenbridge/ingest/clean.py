"""Cleaning: page boilerplate out, PDF line breaks and hyphenation repaired, paragraphs re-flowed."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from greenbridge.ingest.clean_zh import (
    ZH_BOILERPLATE,
    has_cjk,
    is_cjk_menu,
    is_cjk_navigation_bar,
    join_wrapped,
)
from greenbridge.ingest.dates_zh import find_published_zh

# Lines that are page furniture on news sites, never content. General web boilerplate only.
_BOILERPLATE = [
    r"text\s*size\s*:?\s*(a\s*){2,}",
    r"(font|text)\s*size\s*:?.*",
    r"back\s+to\s+top",
    r"(big|large)\s+(middle|medium)\s+small",
    r"(print|share|email|e-mail)(\s*[|/]\s*(print|share|email|e-mail|close|tweet))+",
    r"(current\s+)?location\s*:.*>.*",
    r"(current location\s*)+:?.*",
    r"you are here\s*:.*",
    r"copyright\b.*",
    r"(©|\(c\)).*all rights? reserved.*",
    r".*\ball rights? reserved\.?",
    r"(hotline|tel|telephone|phone|fax|e-?mail|mail)\s*[:：].*",
    r"\+?[\d\s().-]{7,}",
    r"\[?(https?://|www\.)\S*",  # `\S*` takes in the closing `]`, `(...)` and `)` too
    r"[\w.+-]+@[\w-]+\.[\w.-]+",
    r"\S+\.(pdf|docx?|xlsx?|pptx?|zip)",
    r"(skip to (main )?content|main menu|toggle navigation|search\.\.\.?)",
    r"(previous|next)\s*(article|page|post)?\s*[:：]?.{0,80}",
    *ZH_BOILERPLATE,
]
# Matched in full against a stripped line: no leading or trailing `\s*` that could backtrack
# against the patterns' own whitespace, so each pattern takes time linear in the line.
_BOILERPLATE_RE = re.compile("|".join(_BOILERPLATE), re.IGNORECASE)
_MENU_SEPARATORS = re.compile(r"\s[|>»·]\s")
_STRUCTURAL = re.compile(r"^\s*(#{1,6}\s|[-*+•◆●■]\s?|\d{1,2}[.)]\s|>|---|\|)")
_SENTENCE_END = re.compile(r"[.!?:;。！？；：」』）”\"')\]]\s*$")
# A match starts only where a word starts (the look-behind), and the line break is one `\n`
# between runs of other whitespace: each character is looked at a bounded number of times.
_HYPHEN_BREAK = re.compile(r"(?<![A-Za-z])([A-Za-z]+)-[^\S\n]*\n\s*([a-z][A-Za-z]*)")
_LONGEST_WORD = 40  # longer runs of letters are not looked up in the word list
# `_STRUCTURAL` looks at no more than the first characters of a line.
_LINE_START = 16


def clean_text(text: str, *, hard_wrapped: bool = False) -> str:
    """Clean extracted text: normalize, drop boilerplate lines, repair line breaks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\t", "    ")
    text = repair_hyphenation(text)
    lines = [line.rstrip() for line in text.split("\n")]
    lines = _drop_boilerplate(lines)
    blocks = _blocks(lines)
    paragraphs = [_reflow(block, force=hard_wrapped) for block in blocks]
    paragraphs = _join_broken_paragraphs([p for p in paragraphs if p.strip()])
    return "\n\n".join(paragraphs).strip() + "\n"


def repair_hyphenation(text: str) -> str:
    """`econo-\\nmy` -> `economy`; `low-\\ncarbon` keeps its hyphen (`low-carbon`)."""
    return _HYPHEN_BREAK.sub(lambda m: _join_hyphenated(m.group(1), m.group(2)), text)


def _join_hyphenated(left: str, right: str) -> str:
    joined = left + right
    if len(joined) > _LONGEST_WORD:
        return joined
    if _is_word(joined):
        return joined
    if _is_word(left) and _is_word(right) and len(left) > 2:
        return f"{left}-{right}"
    return joined


@lru_cache(maxsize=65536)
def _is_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= 1.5


def is_boilerplate(line: str) -> bool:
    """A line of page furniture: menus, text-size widgets, contact lines, copyright."""
    stripped = line.strip()
    if not stripped:
        return False
    if _BOILERPLATE_RE.fullmatch(stripped):
        return True
    if has_cjk(stripped):  # `发布时间：2018-07-27 | 来源：...` is the date line, not a menu
        return not find_published_zh(stripped) and (_is_menu(stripped) or is_cjk_menu(stripped))
    return _is_menu(stripped)


def _is_menu(line: str) -> bool:
    """`Home | Contact | Sitemap` or `Home > News > Item`: short items between separators."""
    if len(_MENU_SEPARATORS.findall(line)) < 2:
        return False
    parts = [p for p in (part.strip() for part in re.split(r"[|>»]", line)) if p]
    if len(parts) < 3:
        return False
    return all(len(p.split()) <= 4 for p in parts)


_NAVIGATION_WORDS = {
    "home",
    "news",
    "about",
    "contact",
    "search",
    "login",
    "sitemap",
    "events",
    "menu",
    "publications",
    "services",
    "media",
    "careers",
    "jobs",
    "join",
    "faq",
    "english",
}


def _is_navigation_bar(line: str) -> bool:
    """`Home News About Us Research People`: capitalized menu words, nothing else."""
    words = line.split()
    capitalized = len(words) >= 6 and all(w[:1].isupper() or w == "&" for w in words)
    return capitalized and sum(w.lower() in _NAVIGATION_WORDS for w in words) >= 2


def _drop_boilerplate(lines: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for number, line in enumerate(lines):
        key = line.strip()
        navigation = _is_navigation_bar(key) or is_cjk_navigation_bar(key)
        if is_boilerplate(line) or (number < 15 and navigation):
            continue
        if key and len(key) < 120 and key in seen and not key.startswith("#"):
            continue  # a repeated banner or tagline
        seen.add(key)
        kept.append(line)
    return kept


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _reflow(block: list[str], *, force: bool) -> str:
    """Join the lines of a hard-wrapped paragraph; keep lists, headings and short lines apart."""
    if len(block) == 1:
        return block[0]
    if not (force or _looks_wrapped(block)):
        return "\n".join(block)
    width = sorted(len(line) for line in block)[int(len(block) * 0.8)]
    short = 12 if has_cjk(block[0]) else 25  # a Chinese character is two Latin ones wide
    out = [[block[0]]]  # the physical lines of each output line, joined once at the end
    previous = block[0]  # the previous physical line
    for line in block[1:]:
        ended = len(previous) < 0.65 * width and (
            _SENTENCE_END.search(previous) or line[:1].isupper()
        )
        # Chinese lines of a paragraph are all full, whatever ends them: a short one ends it.
        ended = ended or (short < 25 and len(previous) < 0.8 * width)
        if ended or _STRUCTURAL.match(line) or _STRUCTURAL.match(previous) or len(previous) < short:
            out.append([line])
        else:
            out[-1].append(line)
        previous = line
    return "\n".join(join_wrapped(parts) for parts in out)


def _looks_wrapped(block: list[str]) -> bool:
    """Lines of similar, bounded width that run on: the layout of a PDF or e-mail text."""
    if len(block) == 2:
        first, second = block
        return len(first) >= 30 and not _SENTENCE_END.search(first) and second[:1].islower()
    body = block[:-1]
    median = sorted(len(line) for line in body)[len(body) // 2]
    similar = sum(1 for line in body if len(line) >= 0.6 * median)
    shortest = 12 if has_cjk(block[0]) else 25
    return shortest <= median <= 100 and similar >= 0.75 * len(body)


def _join_broken_paragraphs(paragraphs: list[str]) -> list[str]:
    """Re-join a paragraph split by a page break: no sentence end, next starts in lower case.

    Only the last paragraph of a group and the group's length are looked at, so the work stays
    linear however many paragraphs are joined."""
    groups: list[list[str]] = []
    length = 0  # of the last group once joined
    last_line = ""  # the start of the last line of the last group once joined
    for paragraph in paragraphs:
        if (
            groups
            and paragraph[:1].islower()
            and not _SENTENCE_END.search(groups[-1][-1])
            and not _STRUCTURAL.match(last_line)
            and length > 40
        ):
            groups[-1].append(paragraph)
            length += 1 + len(paragraph)
            _, newline, tail = paragraph.rpartition("\n")
            last_line = (
                tail[:_LINE_START]
                if newline
                else f"{last_line} {paragraph[:_LINE_START]}"[:_LINE_START]
            )
        else:
            groups.append([paragraph])
            length = len(paragraph)
            last_line = paragraph.rpartition("\n")[2][:_LINE_START]
    return [" ".join(group) for group in groups]
