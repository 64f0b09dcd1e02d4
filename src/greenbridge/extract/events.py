"""Events written in lower case (`the third annual meeting of ...`), references to an event
(`the forum`), and event details: kind, dates and place from the sentence that names it."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from greenbridge.extract.dates import find_dates
from greenbridge.extract.lexicon import lexicon
from greenbridge.extract.mention import Mention, clean_name
from greenbridge.extract.model import ExtractedEntity

MAX_EVENT_TOKENS = 24
_MODIFIER_POS = {"ADJ", "NOUN", "PROPN", "NUM", "VERB"}


def _specific(tokens: list[Token]) -> bool:
    lex = lexicon()
    return any(
        t.lower_ in lex.ordinals
        or re.fullmatch(r"(?:19|20)\d\d|\d+(?:st|nd|rd|th)", t.text) is not None
        or (t.text[:1].isupper() and t.pos_ == "PROPN")
        for t in tokens
    )


def _named(tokens: list[Token]) -> bool:
    """A name of two capitalised words or more in `tokens`."""
    run = best = 0
    for t in tokens:
        run = run + 1 if t.text[:1].isupper() else (run if t.lower_ in {"of", "and", "the"} else 0)
        best = max(best, run)
    return best >= 2


def lowercase_events(
    doc: Doc, offset: int, sentence_of: dict[int, tuple[int, int]]
) -> list[Mention]:
    """`third annual meeting of X`, `2024 Acme Group board meeting`, `opening ceremony for X`."""
    lex = lexicon()
    found = []
    for tok in doc:
        if tok.text not in lex.event_heads_lowercase:
            continue
        left = tok.i
        while (
            left > 0 and doc[left - 1].pos_ in _MODIFIER_POS and doc[left - 1].lower_ not in {"its"}
        ):
            prev = doc[left - 1]
            if "\n" in prev.text or prev.text in lex.non_name_words:
                break
            if prev.pos_ == "VERB" and not prev.lower_.endswith("ing"):
                break
            left -= 1
        modifiers = list(doc[left : tok.i])
        right = _prepositional_end(doc, tok)
        following = list(doc[tok.i + 1 : right])
        if not (_specific(modifiers) or _named(following)):
            continue
        if not modifiers and not following:
            continue
        if any(t.text[:1].isupper() and t.lower_ in lex.event_heads for t in following):
            continue
        span = doc[left:right]
        start = offset + span.start_char
        mention = Mention(
            type="event",
            start=start,
            end=offset + span.end_char,
            name=clean_name(span.text),
            sentence=sentence_of.get(tok.i, (start, start)),
            rule="lowercase",
        )
        mention.attributes["head"] = tok.lower_
        found.append(mention)
    return found


def _prepositional_end(doc: Doc, head: Token) -> int:
    """End (exclusive) of a `for/of/on ...` phrase right after the event noun: its parse
    subtree, or the run of capitalised words it opens (`of the XYZ Water Programme`)."""
    nxt = head.i + 1
    if nxt >= len(doc) or doc[nxt].lower_ not in {"of", "for", "on"}:
        return head.i + 1
    end = nxt + 1
    if doc[nxt].head.i == head.i:
        end = max(t.i for t in doc[nxt].subtree) + 1
    end = max(end, _capitalised_run_end(doc, nxt + 1))
    end = min(end, nxt + MAX_EVENT_TOKENS)
    i = nxt
    while i < end:
        if doc[i].text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")":
            i += 3
            continue
        if doc[i].text in {"(", ";", ":", ","} or "\n" in doc[i].text:
            end = i
            break
        i += 1
    while end > nxt + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return end if end > nxt + 1 else head.i + 1


def _capitalised_run_end(doc: Doc, i: int) -> int:
    """End of a run of capitalised words, connectors, quotes and `(ACR)` starting at i."""
    end = i
    while i < len(doc):
        tok = doc[i]
        if tok.text[:1].isupper() or tok.text[:1].isdigit():
            end = i + 1
        elif tok.text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")":
            i += 2
        elif tok.lower_ not in {"of", "the", "for", "and", "on", "&", "“", "”", '"', "-"}:
            break
        i += 1
    return end


def event_references(
    doc: Doc, offset: int, sentence_of: dict[int, tuple[int, int]]
) -> list[Mention]:
    """`the meeting`, `the forum`: a reference to the event an article is about."""
    lex = lexicon()
    found = []
    for tok in doc:
        if tok.lower_ in lex.event_heads and tok.i > 0 and doc[tok.i - 1].lower_ in {"the", "this"}:
            start = offset + tok.idx
            found.append(
                Mention(
                    type="event_ref",
                    start=start,
                    end=start + len(tok.text),
                    name=tok.text,
                    sentence=sentence_of.get(tok.i, (start, start)),
                )
            )
    return found


YEAR_WINDOW = 40  # characters after an event's name for `in 2015`
LEAD_CHARS = 300  # an article's lead, after its title line


def set_event_details(
    text: str,
    entities: list[ExtractedEntity],
    groups: list[list[Mention]],
    *,
    year: int | None,
    cities: list[tuple[int, int, str, str]],
    articles: list[tuple[int, int]] | None = None,
) -> None:
    """Dates and places of each event from the sentences of its mentions, each sentence cut
    to the article it is in (a newsletter's next article is another story)."""
    by_id = {e.id: e for e in entities}
    ranges = articles or [(0, len(text))]
    for group in groups:
        if group[0].type != "event":
            continue
        entity = by_id.get(group[0].entity or "")
        if entity is None:
            continue
        for mention in group:
            s, e = _within_article(mention, ranges, text)
            _dates(text, entity, mention, s, e, year)
            place = next(((n, c) for cs, _ce, n, c in cities if s <= cs < e), None)
            if place and "city" not in entity.attributes:
                entity.attributes["city"] = place[0]
                entity.attributes["country"] = place[1]
        if "start" not in entity.attributes:
            _title_dates(text, entity, group, ranges, year)


def _within_article(mention: Mention, ranges: list[tuple[int, int]], text: str) -> tuple[int, int]:
    s, e = mention.sentence
    for a, b in ranges:
        if a <= mention.start < b:
            return _with_lead(text, max(s, a), min(e, b), b)
    return _with_lead(text, s, e, len(text))


def _with_lead(text: str, s: int, e: int, limit: int) -> tuple[int, int]:
    """A headline (a line of its own without a closing stop, or a Markdown heading) with the
    paragraph under it: a story's date and place are in its first paragraph, not its title."""
    line = text[s:e].strip()
    if not line or (line.endswith((".", "!", "?")) and not line.startswith("#")):
        return s, e
    if "\n" in line or not (line.startswith("#") or text.startswith("\n\n", e)):
        return s, e
    lead = e + len(text[e:limit]) - len(text[e:limit].lstrip())
    end = text.find("\n\n", lead, limit)
    return s, end if end >= 0 else limit


def _dates(
    text: str, entity: ExtractedEntity, mention: Mention, s: int, e: int, year: int | None
) -> None:
    if "start" in entity.attributes:
        return
    dates = find_dates(text[s:e], year=year or _year_in(text[s:e]), offset=s)
    if dates:
        nearest = min(dates, key=lambda d: abs(d.start - mention.start))
        entity.attributes["start"] = nearest.begin
        entity.attributes["end"] = nearest.finish
        return
    bare = re.search(r"\bin\s+((?:19|20)\d\d)\b", text[mention.end : e])
    if bare and bare.start() < YEAR_WINDOW:
        entity.attributes["start"] = bare.group(1)  # `the summit in Rome in 2012`


def _title_dates(
    text: str,
    entity: ExtractedEntity,
    group: list[Mention],
    ranges: list[tuple[int, int]],
    year: int | None,
) -> None:
    """An event named in an article's title line: the first date of the article's lead."""
    for mention in group:
        for a, b in ranges:
            title_end = text.find("\n", a + 1, b)
            if not (a <= mention.start < title_end):
                continue
            lead = text[title_end : min(b, title_end + LEAD_CHARS)]
            dates = find_dates(lead, year=year, offset=title_end)
            if dates:
                entity.attributes["start"] = dates[0].begin
                entity.attributes["end"] = dates[0].finish
                return


def _year_in(sentence: str) -> int | None:
    for word in sentence.split():
        word = word.strip(",.;:()")
        if len(word) == 4 and word.isdigit() and word[:2] in {"19", "20"}:
            return int(word)
    return None
