"""Counts in outcome text: a number and what it counts (`1,200 pumps`, `4,800 farmers`,
`three villages`), and what a percentage measures (`cut water use by 45%` -> water use).

A count needs a plural head noun that is not a unit of time or measure and not the alliance's
own bookkeeping (partners, members, countries, sessions); people, households, places and
installed things are what impact reports count."""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "fifty": 50,
    "hundred": 100, "dozens": 0,
}  # fmt: skip
NOT_COUNTED = {
    # time and measure
    "years", "months", "weeks", "days", "hours", "minutes", "seconds", "times", "decades",
    "percent", "degrees", "metres", "meters", "kilometres", "kilometers", "litres", "liters",
    "hectares", "acres", "tons", "tonnes", "kilograms", "grams", "watts", "dollars", "euros",
    # the alliance's own bookkeeping
    "partners", "members", "countries", "nations", "institutions", "organizations",
    "organisations", "universities", "institutes", "delegates", "participants", "speakers",
    "sessions", "papers", "presentations", "agreements", "memoranda", "parties", "panels",
    "rounds", "editions", "phases", "meetings", "workshops", "visits", "topics", "items",
    "goals", "targets", "pages", "languages", "regions", "provinces", "states", "sides",
}  # fmt: skip
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(NUMBER_WORDS) + r")"
_SCALE = r"(?:\s+(?P<scale>thousand|million))?"
# up to three modifiers (smallholder, solar tunnel, low-cost automatic weather), then the plural head noun
COUNT = re.compile(
    rf"(?<![\w.,-]){_NUM}{_SCALE}\s+(?:more\s+|further\s+|new\s+|additional\s+)?"
    r"(?P<phrase>(?:[A-Za-z][\w-]*\s+){0,3}?(?P<noun>[a-z][a-z-]*(?:s|people|staff|youth|livestock|cattle)))\b"
    r"(?!\s+(?:of\s+(?:age|the)|old|long|wide|per\s+cent))",
)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


def parse_counts(text: str) -> list[tuple[float, str, str, int, int]]:
    """(value, counted noun, as written, start, end) of every count in `text`."""
    found = []
    for match in COUNT.finditer(text):
        raw, noun = match.group("num"), match.group("noun").lower()
        if noun in NOT_COUNTED or _YEAR.match(raw) or noun.endswith("ss"):
            continue
        value = NUMBER_WORDS.get(raw.lower())
        number = float(value) if value is not None else float(raw.replace(",", ""))
        if number <= 0:
            continue
        if match.group("scale"):
            number *= 1e3 if match.group("scale") == "thousand" else 1e6
        found.append((number, noun, match.group(0), match.start(), match.end()))
    return found


_LEAD = r"(?:about|around|nearly|some|up\s+to|over|more\s+than|almost|roughly|at\s+least)\s+"
_PCT = r"\d+(?:\.\d+)?\s*(?:%|per\s?cent\b)"
_CHANGE = (r"reduc\w*|cut(?:s|ting)?|lower\w*|rais\w*|increas\w*|improv\w*|boost\w*|halv\w*|"
           r"decreas\w*|sav\w*|shrank|shrunk|doubl\w*|expand\w*")  # fmt: skip
_MOVED = (r"risen|rose|rises|grown|grew|grows|fallen|fell|falls|dropped|drops|increased|"
          r"decreased|improved|declined|reduced|cut|lowered|halved|boosted|raised")  # fmt: skip
_RATIO = r"efficiency|rate|share|yield|coverage|accuracy|purity|capacity\s+factor|utili[sz]ation"
MEASURES = [
    # "cut water use by 45%", "reduced spoilage for tomato growers by about 40%"
    re.compile(rf"\b(?:{_CHANGE})\s+(?P<what>(?:[\w-]+\s+){{1,5}}?)by\s+(?:{_LEAD})?(?P<pct>{_PCT})", re.I),
    # "millet yields have risen by 55%"
    re.compile(rf"(?P<what>(?:[\w-]+\s+){{1,3}}?)(?:have\s+|has\s+|had\s+)?(?:{_MOVED})\s+by\s+(?:{_LEAD})?(?P<pct>{_PCT})", re.I),
    # "reduced losses from 24% to 6%"
    re.compile(rf"(?P<what>[\w-]+(?:\s+[\w-]+){{0,2}}?)\s+from\s+(?P<pct>{_PCT})\s+to\s+(?P<pct2>{_PCT})", re.I),
    # "its specific energy consumption is 30% lower"
    re.compile(rf"(?P<what>(?:[\w-]+\s+){{1,3}}?)(?:is|was|are|were|runs?)\s+(?:{_LEAD})?(?P<pct>{_PCT})\s+(?:lower|higher|less|more|cheaper|faster|better)\b", re.I),
    # "which cost about 60% less": what is cheaper is the cost
    re.compile(rf"\b(?P<what>costs?)\s+(?:{_LEAD})?(?P<pct>{_PCT})\s+(?:less|more|lower|higher)\b", re.I),
    # "an efficiency of 78%", "a recovery rate of 90 per cent"
    re.compile(rf"(?P<what>(?:[\w-]+\s+){{0,2}}?(?:{_RATIO}))\s+(?:of|at|reached|above|reaching)\s+(?:{_LEAD})?(?P<pct>{_PCT})", re.I),
    # "replaced 60% of the diesel used", "removes 85% of nitrogen"
    re.compile(rf"(?P<pct>{_PCT})\s+of\s+(?P<what>(?:the\s+|its\s+|their\s+)?[\w-]+(?:\s+(?!and\b|or\b|in\b|at\b|by\b|for\b|from\b)[\w-]+)?)", re.I),
    # "running at 78% efficiency"
    re.compile(rf"(?P<pct>{_PCT})\s+(?P<what>(?:[\w-]+\s+)?(?:{_RATIO}))\b", re.I),
]  # fmt: skip
_DROP_WORDS = {"the", "its", "their", "his", "her", "our", "a", "an", "and", "have", "has",
               "had", "which", "that", "this", "these", "those", "by", "of", "were", "was", "with",
               "at", "for", "in", "on", "to", "from", "is", "are", "where", "while", "when", "it", "them",
               "they"}  # fmt: skip
_VERB = re.compile(rf"(?:{_CHANGE}|{_MOVED})", re.I)


def percentage_measures(text: str) -> dict[int, str]:
    """What each percentage measures, by the percentage's start offset in `text`."""
    found: dict[int, str] = {}
    for pattern in MEASURES:
        for match in pattern.finditer(text):
            what = _clean_measure(match.group("what"))
            if not what:
                continue
            for group in ("pct", "pct2"):
                if group in pattern.groupindex and match.group(group):
                    found.setdefault(match.start(group), what)
    return found


def _clean_measure(raw: str) -> str:
    """`and reduced losses` -> `losses`: no linking words or change verb at either end."""
    words = raw.split()
    while words and (words[0].lower() in _DROP_WORDS or _VERB.fullmatch(words[0])):
        words = words[1:]
    while words and (words[-1].lower() in _DROP_WORDS or _VERB.fullmatch(words[-1])):
        words = words[:-1]
    return " ".join(words)
