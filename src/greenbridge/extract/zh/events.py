"""Chinese events: unnamed gatherings from their verb (`A会见B`, `A访问B`), and every event's
kind, dates, city and country from the sentence it is named in."""

from __future__ import annotations

import re

from greenbridge.extract.mention import Mention
from greenbridge.extract.model import ExtractedEntity
from greenbridge.extract.zh.dates import find_dates
from greenbridge.extract.zh.lexicon import zh_lexicon
from greenbridge.extract.zh.names import head_of
from greenbridge.extract.zh.places import city_country_zh, country_code_zh
from greenbridge.extract.zh.tagger import Token

_PARTIES = {"person", "organization"}


def visit_events(
    text: str,
    tokens: dict[tuple[int, int], list[Token]],
    names: list[Mention],
    year: int | None,
) -> list[Mention]:
    """Unnamed gatherings: `<party><verb><party or place>` (`…代表团访问…`), one per date (one
    undated when none is dated). A headline of that shape names the first one."""
    found: dict[str | None, Mention] = {}
    sentences = list(tokens)
    for sentence in sentences:
        a, b = sentence
        dates = find_dates(text[a:b], year)
        day = _best(dates)
        if day in found:
            continue
        inside = [m for m in names if a <= m.start and m.end <= b]
        visit = _visit(tokens[sentence], sentence, inside)
        if visit is not None:
            found[day] = visit
    if len(found) > 1:
        found.pop(None, None)
    visits = sorted(found.values(), key=lambda m: m.start)
    if visits and sentences and _is_headline(text, sentences[0]):
        verbs = zh_lexicon().visit_verbs
        if any(t.text in verbs for t in tokens[sentences[0]]):
            headline = text[sentences[0][0] : sentences[0][1]]
            visits[0].name = re.sub(r"^\s*(?:【[^】]*】|\[[^\]]*\])", "", headline).strip()
    return visits


def _best(dates: list[tuple[int, int, str, str | None]]) -> str | None:
    """The first full date, else the first date."""
    full = [d for d in dates if len(d[2]) == 10]
    chosen = full or dates
    return chosen[0][2] if chosen else None


def _is_headline(text: str, sentence: tuple[int, int]) -> bool:
    a, b = sentence
    return b - a <= 60 and text[b - 1 : b] not in {"。", "！", "？"}


def _visit(toks: list[Token], sentence: tuple[int, int], names: list[Mention]) -> Mention | None:
    verbs = zh_lexicon().visit_verbs
    for i, tok in enumerate(toks):
        if tok.text not in verbs or tok.tag not in {"v", "vn", "n"}:
            continue
        before = [m for m in names if m.type in _PARTIES and m.end <= tok.start]
        obj = _object(toks[i + 1 :])
        if not obj:
            continue
        people = [m for m in before if m.type == "person"] or before
        last: Mention | None = people[-1] if people else None
        party: str | Mention | None = _delegation(toks[:i]) or last
        if party is None:
            continue
        party_name = party if isinstance(party, str) else party.name
        name = f"{party_name}{tok.text}{obj}"
        mention = Mention("event", tok.start, tok.end, name, sentence, rule="visit")
        mention.attributes["kind"] = verbs[tok.text]
        subject = party if isinstance(party, Mention) else (before[-1] if before else None)
        mention.attributes["parties"] = (subject, obj)
        return mention
    return None


def _delegation(toks: list[Token]) -> str | None:
    """`<name>代表团` before the verb: the delegation is the visiting party; a delegation
    led by someone (`<org><title><person>率代表团`) is the organization's."""
    texts = [t.text for t in toks]
    if "率" in texts and texts[-1:] == ["代表团"]:
        org = next((t for t in toks if t.tag == "ORG"), None)
        if org is not None:
            return org.text + "代表团"
    for k in range(len(toks) - 1, 0, -1):
        if toks[k].text in {"代表团", "访问团", "考察团", "团"} and toks[k - 1].tag in {
            "ORG",
            "LOC",
            "nz",
            "n",
        }:
            return toks[k - 1].text + toks[k].text
    return None


def _object(toks: list[Token]) -> str:
    """What was visited: the words after the verb up to the next punctuation or verb."""
    from greenbridge.extract.zh.relations import is_title

    words: list[str] = []
    for tok in toks:
        if tok.tag == "u" and not words:
            continue
        if is_title(tok.text):
            break
        if tok.tag in {"w", "v", "p", "u", "d", "vd", "c"} and tok.text not in {"和", "与", "、"}:
            break
        words.append(tok.text)
        if len("".join(words)) >= 20:
            break
    return "".join(words).strip()


def set_event_details(
    text: str,
    entities: list[ExtractedEntity],
    groups: list[list[Mention]],
    tokens: dict[tuple[int, int], list[Token]],
    year: int | None,
) -> None:
    """Kind from the head word or verb; start/end from the first date of a sentence naming
    the event; city and country from a place the sentence names."""
    for entity, group in zip(entities, groups, strict=True):
        if entity.type != "event":
            continue
        head = head_of(entity.name)
        kind = group[0].attributes.get("kind") or (
            zh_lexicon().event_heads.get(head[0]) if head else None
        )
        if kind:
            entity.attributes["kind"] = kind
        for mention in group:
            if _dated(text, entity, mention, year):
                break
        for mention in group:
            if _placed(entity, tokens.get(mention.sentence, [])):
                break


def _dated(text: str, entity: ExtractedEntity, mention: Mention, year: int | None) -> bool:
    s, e = mention.sentence
    dates = find_dates(text[s:e], year)
    if not dates:
        return False
    full = [d for d in dates if len(d[2]) == 10]
    _a, _b, start, end = (full or dates)[0]
    entity.attributes["start"] = start
    entity.attributes["end"] = end or start
    return True


def _placed(entity: ExtractedEntity, tokens: list[Token]) -> bool:
    for tok in tokens:
        if tok.tag != "LOC":
            continue
        code = city_country_zh(tok.text)
        if code:
            entity.attributes["city"] = tok.text.removesuffix("市")
            entity.attributes["country"] = code
            return True
        if country_code_zh(tok.text) and "country" not in entity.attributes:
            entity.attributes["country"] = country_code_zh(tok.text)
    return False
