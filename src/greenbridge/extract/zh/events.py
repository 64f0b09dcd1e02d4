"""Chinese events: unnamed gatherings from their verb (`A会见B`, `A访问B`), and every event's
kind, dates, city and country from the sentence it is named in."""

from __future__ import annotations

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
    """One unnamed gathering per date: the first `<party><verb><party or place>` of a dated
    sentence, named by those words, of the verb's kind (`…代表团访问…`)."""
    found: dict[str, Mention] = {}
    for sentence, toks in tokens.items():
        a, b = sentence
        dates = find_dates(text[a:b], year)
        if not dates or dates[0][2] in found:
            continue
        inside = [m for m in names if a <= m.start and m.end <= b]
        visit = _visit(toks, sentence, inside)
        if visit is not None:
            found[dates[0][2]] = visit
    return list(found.values())


def _visit(toks: list[Token], sentence: tuple[int, int], names: list[Mention]) -> Mention | None:
    verbs = zh_lexicon().visit_verbs
    for i, tok in enumerate(toks):
        if tok.text not in verbs or tok.tag not in {"v", "vn", "n"}:
            continue
        before = [m for m in names if m.type in _PARTIES and m.end <= tok.start]
        after = [m for m in names if m.type in _PARTIES and m.start >= tok.end]
        places = [t for t in toks[i + 1 :] if t.tag in {"LOC", "ORG"}]
        if not before or not (after or places):
            continue
        people = [m for m in before if m.type == "person"]
        subject = (people or before)[-1]
        party = subject.name
        delegation = next(
            (t for t in toks if t.start == subject.end and t.text.endswith("团")), None
        )
        if delegation is not None:
            party += delegation.text
        obj_name = after[0].name if after else places[0].text
        mention = Mention(
            "event", tok.start, tok.end, f"{party}{tok.text}{obj_name}", sentence, rule="visit"
        )
        mention.attributes["kind"] = verbs[tok.text]
        mention.attributes["parties"] = (subject, obj_name)
        return mention
    return None


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
    _a, _b, start, end = dates[0]
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
