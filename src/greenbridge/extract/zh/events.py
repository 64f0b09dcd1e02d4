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
    tokens: list[Token], sentence: tuple[int, int], names: list[Mention]
) -> list[Mention]:
    """`<party><verb><party or place>` -> an event named by those words, of the verb's kind."""
    found = []
    verbs = zh_lexicon().visit_verbs
    for i, tok in enumerate(tokens):
        if tok.text not in verbs or tok.tag not in {"v", "vn", "n"}:
            continue
        before = [m for m in names if m.type in _PARTIES and m.end <= tok.start]
        after = [t for t in tokens[i + 1 :] if t.tag in {"PER", "ORG", "LOC"}]
        after_names = [m for m in names if m.type in _PARTIES and m.start >= tok.end]
        if not before or not (after or after_names):
            continue
        people = [m for m in before if m.type == "person"]
        subject = (people or before)[-1]
        obj_name = after_names[0].name if after_names else after[0].text
        obj_start = after_names[0].start if after_names else after[0].start
        if after and after[0].start < obj_start and after[0].tag == "LOC":
            obj_name = after[0].text
        name = f"{subject.name}{tok.text}{obj_name}"
        mention = Mention("event", tok.start, tok.end, name, sentence, rule="visit")
        mention.attributes["kind"] = verbs[tok.text]
        mention.attributes["parties"] = (subject, obj_name)
        found.append(mention)
    return found


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
