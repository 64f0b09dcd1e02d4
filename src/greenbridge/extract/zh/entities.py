"""Chinese mentions -> entities: overlaps settled, units split from their parent, every
further occurrence and short form (`（简称“…”）`) found, mentions grouped by name."""

from __future__ import annotations

import re

from greenbridge.extract.mention import Mention
from greenbridge.extract.model import ExtractedEntity, Span
from greenbridge.extract.zh.lexicon import zh_lexicon
from greenbridge.extract.zh.names import acceptable, head_of
from greenbridge.extract.zh.places import city_country_zh, country_code_zh

PREFIX = {"person": "p", "organization": "o", "event": "v", "initiative": "i", "technology": "t"}
_ORDER = "poivt"
_RULE_RANK = {"quoted": 0, "head": 1, "tagger": 2}
_ALIAS = re.compile(
    r"[（(]\s*(?:以下)?简称\s*[“\"「]?(?P<alias>[^”\"」）)，,]{1,15})[”\"」]?\s*[）)]"
)
_ACRONYM = re.compile(r"[（(]\s*(?P<alias>[A-Z][A-Za-z&\-]{1,11})\s*[）)]")
_LATIN_ALIASES = re.compile(r"[（(](?P<inner>[^（()）]*[A-Za-z][^（()）]*)[）)]")
_ALIAS_PARTS = re.compile(r"[,，;；]\s*|\s*(?:以下)?简称\s*")


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """The longest of overlapping mentions wins; on equal length a quoted title, then a head
    rule, then the tagger."""
    ranked = sorted(
        mentions, key=lambda m: (-(m.end - m.start), _RULE_RANK.get(m.rule, 3), m.start)
    )
    kept: list[Mention] = []
    for mention in ranked:
        if not any(mention.overlaps(k) for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def split_parents(names: list[Mention]) -> list[Mention]:
    """A unit named after its parent (`<parent>…研究所`): the longest front part that is an
    organization name of its own (another mention's name, or ending with an organization
    head word) becomes a mention with `parent` set on the unit; the unit is named by the rest
    (`接合科学研究所`), its full form an alias."""
    known = {m.name for m in names if m.type == "organization"}
    parents = []
    for name in names:
        if name.type != "organization":
            continue
        for size in range(len(name.name) - 2, 2, -1):
            front, rest = name.name[:size], name.name[size:]
            joint = any(ch in front + rest[:1] for ch in "-—–－")
            if joint or not acceptable(rest, "organization"):
                continue
            if rest.endswith("大学"):  # a university is not a unit of the name before it
                continue
            head = head_of(front)
            is_org = head is not None and head[1] == "organization"
            if front in known or (is_org and front not in zh_lexicon().organization_stop):
                parent = Mention(
                    "organization",
                    name.start,
                    name.start + size,
                    front,
                    name.sentence,
                    rule="parent",
                )
                name.parent = parent
                name.aliases.append(name.name)
                name.name = rest
                parents.append(parent)
                break
    return parents


def more_occurrences(text: str, names: list[Mention]) -> list[Mention]:
    """Every other place the text repeats a name or its short form."""
    taken = [(m.start, m.end) for m in names]
    found = []
    by_name: dict[str, Mention] = {}
    for mention in names:
        by_name.setdefault(mention.name, mention)
        for alias in mention.aliases:
            by_name.setdefault(alias, mention)
    for name in sorted(by_name, key=len, reverse=True):
        if len(name) < 2:
            continue
        first = by_name[name]
        for match in re.finditer(re.escape(name), text):
            span = (match.start(), match.end())
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            copy = Mention(first.type, span[0], span[1], first.name, (0, 0), rule="repeat")
            copy.attributes["same_as"] = first
            found.append(copy)
    return found


def attach_aliases(text: str, names: list[Mention]) -> None:
    """`…（简称“X”）` and `…（ABC）` right after a name make X and ABC its aliases."""
    for mention in names:
        if mention.type == "person":
            continue
        window = text[mention.end : mention.end + 24]
        for pattern in (_ALIAS, _ACRONYM):
            match = pattern.match(window)
            if match and match["alias"] != mention.name:
                mention.aliases.append(match["alias"].strip())
                break
        else:
            mention.aliases.extend(_latin_aliases(text[mention.end : mention.end + 160]))


def _latin_aliases(window: str) -> list[str]:
    """`（China-X Joint Centre for Y，简称JRDC）`: the Latin names in brackets after a name."""
    match = _LATIN_ALIASES.match(window)
    if match is None:
        return []
    parts = [p.strip(" “”\"'") for p in _ALIAS_PARTS.split(match["inner"])]
    return [p for p in parts if len(p) >= 2 and re.search(r"[A-Za-z]", p)]


def strip_country(names: list[Mention]) -> None:
    """`泰国朱拉隆功大学` -> `朱拉隆功大学`, country TH, the full form an alias: a foreign
    organization named with its country before it."""
    for mention in names:
        if mention.type != "organization" or mention.parent is not None:
            continue
        for size in range(min(6, len(mention.name) - 4), 1, -1):
            code = country_code_zh(mention.name[:size])
            rest = mention.name[size:]
            if code and code != "CN" and acceptable(rest, "organization") and len(rest) >= 4:
                mention.attributes["country"] = code
                mention.aliases.append(mention.name)
                mention.name = rest
                break


def group_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Mentions of one entity: same type and name, or a repeat of another mention."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        groups.setdefault((mention.type, _key(mention.name)), []).append(mention)
    return list(groups.values())


def _key(name: str) -> str:
    """A name with its dashes made one and its quotes dropped (`A—B联合实验室` is `A-B联合实验室`)."""
    return re.sub(r"[“”‘’\"'「」]", "", re.sub(r"[-—–－]", "-", name))


def order_groups(groups: list[list[Mention]]) -> list[list[Mention]]:
    """People, organizations, initiatives, events, technologies; each in order of first mention."""
    return sorted(groups, key=lambda g: (_ORDER.index(PREFIX[g[0].type]), g[0].start))


def build_entities(text: str, groups: list[list[Mention]]) -> list[ExtractedEntity]:
    """Entities numbered per type in the order of `groups` (see `order_groups`), mentions with
    their sentence."""
    entities, counters = [], dict.fromkeys(PREFIX, 0)
    for group in groups:
        kind = group[0].type
        counters[kind] += 1
        entity = ExtractedEntity(
            id=f"{PREFIX[kind]}{counters[kind]}", type=kind, name=group[0].name
        )
        entity.aliases = sorted({a for m in group for a in m.aliases if a != entity.name})
        entity.rules = sorted({m.rule for m in group})
        for mention in group:
            mention.entity = entity.id
            s, e = mention.sentence
            entity.mentions.append(
                Span(mention.start, mention.end, text[mention.start : mention.end], text[s:e])
            )
        entity.attributes.update(_attributes(kind, entity.name, group))
        entities.append(entity)
    return entities


def _attributes(kind: str, name: str, group: list[Mention]) -> dict[str, object]:
    if kind == "person":
        honorifics = sorted(
            {m.attributes["honorific"] for m in group if "honorific" in m.attributes}
        )
        return {"honorifics": honorifics} if honorifics else {}
    if kind != "organization":
        return {}
    attrs: dict[str, object] = {}
    head = head_of(name)
    if head and head[0] in zh_lexicon().organization_heads:
        attrs["kind"] = zh_lexicon().organization_heads[head[0]]
    country = next((m.attributes["country"] for m in group if "country" in m.attributes), None)
    country = country or name_country(name)
    if country:
        attrs["country"] = country
    return attrs


def name_country(name: str) -> str | None:
    """The country a name starts with (`中国科学院` -> CN, `北京大学` -> CN)."""
    for size in range(min(8, len(name) - 1), 1, -1):
        code = country_code_zh(name[:size]) or city_country_zh(name[:size])
        if code:
            return code
    return None


def abbreviations(names: list[Mention]) -> None:
    """A short organization name made of characters of a longer one, in order, with its first
    and last (`中科院` of `中国科学院`, `昆明植物所` of `昆明植物研究所`) is that one's alias,
    when only one longer name fits."""
    orgs = [m for m in names if m.type == "organization"]
    longer = {m.name: m for m in orgs}
    for short in {m.name for m in orgs}:
        fits = [n for n in longer if len(short) < len(n) and _abbreviates(short, n)]
        if len(fits) != 1:
            continue
        target = longer[fits[0]]
        for mention in orgs:
            if mention.name == short:
                mention.name = target.name
                if short not in target.aliases:
                    target.aliases.append(short)


def _abbreviates(short: str, name: str) -> bool:
    if name.startswith("中国") and not short.startswith("中"):
        name = name[2:]  # `热科院` of `中国热带农业科学院`
    if short[0] != name[0] or short[-1] != name[-1] or len(short) > 0.8 * len(name):
        return False
    if name.startswith(short) or any(ch in name for ch in "-—–－、"):
        return False
    rest = iter(name)
    return all(ch in rest for ch in short)


def shortened_events(names: list[Mention]) -> None:
    """An event named by the end of a longer event name (`首次学术理事会` of `<中心>首次学术理事会`)
    is that event."""
    events = [m for m in names if m.type == "event"]
    full = sorted({m.name for m in events}, key=len, reverse=True)
    for mention in events:
        longer = next(
            (n for n in full if len(n) > len(mention.name) and n.endswith(mention.name)), None
        )
        if longer is not None and len(mention.name) >= 4:
            mention.aliases.append(mention.name)
            mention.name = longer
